//! Points, rewards and redemptions.

use super::NamedRef;
use super::Photo;
use crate::ids::{LedgerEntryId, OrderId, RedemptionId, RewardId, UploadId, UserId};
use crate::RedemptionStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerEntry {
    pub id: LedgerEntryId,
    #[serde(with = "crate::time::rfc3339")]
    pub at: DateTime<Utc>,
    pub delta: i32,
    pub reason: String,
    pub order_id: Option<OrderId>,
    #[serde(default)]
    pub redemption_id: Option<RedemptionId>,
    /// The reward a redemption was for, by name.
    #[serde(default)]
    pub reward: Option<String>,
    /// Volunteer hours (爱心银行) credited with a completion.
    #[serde(default)]
    pub hours: f64,
    /// The committee's reason for an award or a withdrawal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// An award taken back since (by a `points_withdrawn` entry).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub withdrawn: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsView {
    pub balance: i64,
    /// Volunteer hours in all (爱心银行).
    #[serde(default)]
    pub hours: f64,
    pub ledger: Vec<LedgerEntry>,
}

/// `POST /points/awards` (the committee): points for community work.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAward {
    pub user_id: UserId,
    pub points: i64,
    pub reason: String,
}

/// `POST /points/awards/{id}/withdraw`: why it is taken back.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Withdrawal {
    pub reason: String,
}

/// A volunteer's year (`GET /points/years/{year}`): what a certificate of
/// the love bank (爱心银行) shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerYear {
    pub year: i32,
    pub name: String,
    pub community: String,
    pub hours: f64,
    /// Orders completed in the year.
    pub orders: u64,
    /// Of the residents' ratings of those orders.
    pub average_rating: Option<f64>,
    pub points_earned: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reward {
    pub id: RewardId,
    pub name: String,
    pub cost: i32,
    pub stock: i32,
    #[serde(default)]
    pub description: Option<String>,
    /// Who gave it: a member unit, a merchant.
    #[serde(default)]
    pub donor: Option<String>,
    #[serde(default)]
    pub photo: Option<Photo>,
    /// Off the shelf, residents do not see it; the committee does.
    #[serde(default = "yes")]
    pub on_shelf: bool,
}

fn yes() -> bool {
    true
}

/// `POST /rewards` (the committee).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReward {
    pub name: String,
    pub cost: i64,
    pub stock: i64,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub donor: Option<String>,
    #[serde(default)]
    pub photo_id: Option<UploadId>,
}

/// `PATCH /rewards/{id}`: what is given changes. `description`, `donor` and
/// `photo_id` given as `null` are removed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RewardChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::api::present"
    )]
    pub description: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::api::present"
    )]
    pub donor: Option<Option<String>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::api::present"
    )]
    pub photo_id: Option<Option<UploadId>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_shelf: Option<bool>,
}

/// `POST /redemptions/{id}/fulfil`: the code the resident shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PickupCodeBody {
    pub code: String,
}

/// A reservation in the points supermarket. `code` is shown to its owner
/// only: the committee hands the reward over when the owner shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Redemption {
    pub id: RedemptionId,
    pub reward: NamedRef<RewardId>,
    pub cost: i32,
    pub status: RedemptionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Who redeemed it; in the committee's list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<NamedRef<UserId>>,
    /// The balance after redeeming; in the answer to the redeem only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<i64>,
    #[serde(with = "crate::time::rfc3339")]
    pub at: DateTime<Utc>,
    /// Until when it waits to be picked up.
    #[serde(with = "crate::time::rfc3339")]
    pub expires_at: DateTime<Utc>,
    #[serde(
        default,
        with = "crate::time::rfc3339_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub closed_at: Option<DateTime<Utc>>,
}
