//! The service catalogue and who the committee can dispatch to.

use crate::ids::{UnitId, UserId};
use crate::workflow::OrderKind;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Category {
    pub code: String,
    pub kind: OrderKind,
    pub name: String,
    /// Minutes within which someone must accept the order.
    pub response_minutes: i32,
    /// Minutes within which the order must be completed.
    pub completion_minutes: i32,
    /// Points credited to whoever completes it.
    pub points: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitSummary {
    pub id: UnitId,
    pub name: String,
    pub kind: String,
    pub skills: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VolunteerSummary {
    pub id: UserId,
    pub name: String,
    pub skills: Vec<String>,
    pub grid: Option<String>,
}
