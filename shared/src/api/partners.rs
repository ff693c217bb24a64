//! Partner systems: their keys (Open311 clients, the 12345 hotline), the
//! hotline's work orders pushed in or imported from its spreadsheet, and the
//! results that go back to it.

use super::NamedRef;
use crate::ids::{CommunityId, DistrictId, OrderId, PartnerId, StreetId};
use crate::{HotlineEvent, PartnerKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `POST /partners`: a committee's key serves its community; an admin's a
/// street (`street_id`) or, without one, the district.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPartner {
    pub name: String,
    pub kind: PartnerKind,
    /// The hotline's: where results go (`POST`, signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_id: Option<StreetId>,
    /// Requests a minute before 429 (default 60, at most 6,000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_per_minute: Option<u32>,
}

/// What a key may touch: one community, a street's or the district's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartnerScope {
    Community(NamedRef<CommunityId>),
    Street(NamedRef<StreetId>),
    District(NamedRef<DistrictId>),
}

/// A key as the desk lists it: never the key itself, only its first
/// characters to tell keys apart.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Partner {
    pub id: PartnerId,
    pub name: String,
    pub kind: PartnerKind,
    /// `lk_1a2b3c4d…`
    pub key_prefix: String,
    pub scope: PartnerScope,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    pub rate_per_minute: u32,
    #[serde(with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(default, with = "crate::time::rfc3339_opt")]
    pub last_used_at: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::time::rfc3339_opt")]
    pub revoked_at: Option<DateTime<Utc>>,
    /// Orders placed with it (`GET /orders?partner_id=` lists them).
    pub orders: u64,
}

/// `POST /partners` → 201: the key and the hotline's secret, shown this once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPartnerKey {
    pub id: PartnerId,
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    pub partner: Partner,
}

/// `POST /hotline/orders`: a work order of the 12345 hotline.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HotlineOrder {
    pub hotline_number: String,
    /// When the hotline took the call: RFC 3339 or China time.
    pub received_at: String,
    /// 诉求类型: a category's code or name (else the community's hotline category).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub title: String,
    pub content: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub caller: HotlineCaller,
    /// 办理时限: RFC 3339, China time, or a day (its end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// Which community, when the key serves more than one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_id: Option<CommunityId>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HotlineCaller {
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// What goes back to the hotline's `callback_url`, once per event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HotlineResult {
    pub hotline_number: String,
    pub event: HotlineEvent,
    #[serde(with = "crate::time::rfc3339")]
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<i32>,
}

/// `POST /hotline/imports`: each row of the hotline's spreadsheet and its
/// problem, before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HotlineImportPreview {
    pub id: i32,
    pub rows: Vec<HotlineRowCheck>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HotlineRowCheck {
    /// The row's number in the spreadsheet (the header is row 1).
    pub row: u32,
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotline_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Its work order is here already (imported before, or pushed): the
    /// commit counts it and places nothing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub existing: bool,
}

/// `POST /hotline/imports/{id}/commit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HotlineImportResult {
    /// Orders placed now.
    pub created: u64,
    /// Rows whose work order was already here (placed before, or pushed).
    pub existing: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orders: Vec<OrderId>,
}
