//! The service catalogue and who the committee can dispatch to.

use crate::ids::{CommunityId, UnitId, UserId};
use crate::workflow::{ClockKind, DispatchMode, OrderKind};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// How the two limits are counted.
    #[serde(default = "natural")]
    pub clock: ClockKind,
    /// Volunteer hours credited on completion.
    #[serde(default = "one_hour")]
    pub hours: f64,
    #[serde(default = "manual")]
    pub dispatch_mode: DispatchMode,
    /// The skills it needs, matched against candidates' when ranking.
    #[serde(default)]
    pub skills: Vec<String>,
}

fn natural() -> ClockKind {
    ClockKind::Natural
}

fn one_hour() -> f64 {
    1.0
}

fn manual() -> DispatchMode {
    DispatchMode::Manual
}

/// `POST /categories`: a new service of the catalogue. An admin names the
/// community; a committee member gets their own.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCategory {
    pub code: String,
    pub kind: OrderKind,
    pub name: String,
    pub response_minutes: i32,
    pub completion_minutes: i32,
    #[serde(default)]
    pub points: i32,
    #[serde(default = "natural")]
    pub clock: ClockKind,
    #[serde(default = "one_hour")]
    pub hours: f64,
    #[serde(default = "manual")]
    pub dispatch_mode: DispatchMode,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub community_id: Option<CommunityId>,
}

/// `PATCH /categories/{code}`: what is given changes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_minutes: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_minutes: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<ClockKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispatch_mode: Option<DispatchMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<String>>,
}

/// `GET /calendar?year=`, `PUT /calendar/{year}`: the year's declared
/// holidays and make-up workdays (调休), `YYYY-MM-DD`. Plain strings: the
/// server reads them as dates (and says which one is not); the client only
/// shows and sends them, without a date parser of its own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarYear {
    #[serde(default)]
    pub year: i32,
    pub holidays: Vec<String>,
    pub workdays: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitSummary {
    pub id: UnitId,
    pub name: String,
    pub kind: String,
    pub skills: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerSummary {
    pub id: UserId,
    pub name: String,
    pub skills: Vec<String>,
    pub grid: Option<String>,
    /// Their own words about themself (双向画像).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<String>,
    /// Taking orders now.
    #[serde(default = "yes")]
    pub available: bool,
    /// How many open orders they take at once.
    #[serde(default = "three")]
    pub max_open: i32,
}

fn yes() -> bool {
    true
}

fn three() -> i32 {
    crate::api::DEFAULT_MAX_OPEN
}
