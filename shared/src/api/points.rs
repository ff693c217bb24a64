//! Points, rewards and redemptions.

use super::NamedRef;
use crate::ids::{LedgerEntryId, OrderId, RedemptionId, RewardId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub id: LedgerEntryId,
    #[serde(with = "crate::time::rfc3339")]
    pub at: DateTime<Utc>,
    pub delta: i32,
    pub reason: String,
    pub order_id: Option<OrderId>,
    /// The reward a redemption was for, by name.
    #[serde(default)]
    pub reward: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PointsView {
    pub balance: i64,
    pub ledger: Vec<LedgerEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reward {
    pub id: RewardId,
    pub name: String,
    pub cost: i32,
    pub stock: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Redemption {
    pub id: RedemptionId,
    pub reward: NamedRef<RewardId>,
    pub cost: i32,
    pub balance: i64,
    #[serde(with = "crate::time::rfc3339")]
    pub at: DateTime<Utc>,
}
