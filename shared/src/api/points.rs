//! Points, rewards and redemptions.

use super::{Id, NamedRef};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub id: Id,
    pub at: DateTime<Utc>,
    pub delta: i32,
    pub reason: String,
    pub order_id: Option<Id>,
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
    pub id: Id,
    pub name: String,
    pub cost: i32,
    pub stock: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Redemption {
    pub id: Id,
    pub reward: NamedRef,
    pub cost: i32,
    pub balance: i64,
    pub at: DateTime<Utc>,
}
