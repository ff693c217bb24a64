//! Figures (`GET /stats`).

use crate::ids::CommunityId;
use crate::workflow::{OrderKind, OrderStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `GET /stats`: how a community (or a district) is doing over a period.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stats {
    /// The community, or `None` for a whole district (admins).
    pub community_id: Option<CommunityId>,
    #[serde(default, with = "crate::time::rfc3339_opt")]
    pub from: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::time::rfc3339_opt")]
    pub to: Option<DateTime<Utc>>,
    /// Orders placed in the period.
    pub total: u64,
    pub by_status: Vec<Count<OrderStatus>>,
    pub by_kind: Vec<Count<OrderKind>>,
    /// Open orders past their deadline, now.
    pub overdue: u64,
    /// Done (completed, evaluated or closed) over all but cancelled; `None` without orders.
    pub completion_rate: Option<f64>,
    /// Ratings of 4 or 5 over all ratings; `None` without ratings.
    pub satisfaction_rate: Option<f64>,
    pub average_rating: Option<f64>,
    /// From placing to acceptance (claim or accept), over accepted orders.
    pub average_response_minutes: Option<f64>,
    /// From placing to completion, over completed orders.
    pub average_completion_minutes: Option<f64>,
    pub per_unit: Vec<GroupStats>,
    pub per_category: Vec<GroupStats>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Count<T> {
    pub key: T,
    pub count: u64,
}

/// Figures for one unit or one category.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupStats {
    /// Unit id, or category code.
    pub key: String,
    pub name: String,
    pub orders: u64,
    pub done: u64,
    pub completion_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
    pub average_rating: Option<f64>,
}
