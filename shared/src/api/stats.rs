//! Figures (`GET /stats`).

use crate::ids::CommunityId;
use crate::workflow::{OrderKind, OrderStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `GET /stats`: how a community (or a district) is doing over a period.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Count<T> {
    pub key: T,
    pub count: u64,
}

/// Figures for one unit or one category.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// `GET /public/communities/{id}/board`: a community's public notice board
/// (公示栏), for anyone, without signing in. Figures and units' names only:
/// nothing of any resident.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Board {
    pub community: BoardCommunity,
    /// This China month so far.
    pub month: BoardFigures,
    /// This China year so far.
    pub year: BoardFigures,
    /// The year's units, best first: by satisfaction rate (units without
    /// ratings last), then by orders completed, then by name.
    pub units: Vec<BoardUnit>,
    /// Micro-wishes fulfilled this year.
    pub wishes_fulfilled: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardCommunity {
    pub id: CommunityId,
    pub name: String,
}

/// What a period's orders add up to.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardFigures {
    pub placed: u64,
    /// Completed, evaluated or closed.
    pub completed: u64,
    /// Completed over all but cancelled; `None` without orders.
    pub completion_rate: Option<f64>,
    /// Ratings of 4 or 5 over all ratings; `None` without ratings.
    pub satisfaction_rate: Option<f64>,
    pub average_rating: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardUnit {
    pub name: String,
    /// 1 for the best; units that tie share a rank.
    pub rank: u32,
    pub satisfaction_rate: Option<f64>,
    pub completed: u64,
}

/// `PUT /communities/{id}/board`: the board served or not.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardSwitch {
    pub enabled: bool,
}

/// How a trend cuts its period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    #[default]
    Day,
    /// Monday to Sunday.
    Week,
    Month,
}

/// `GET /stats/trend`: the figures of each day, week or month of a period.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trend {
    pub interval: Interval,
    pub items: Vec<TrendPoint>,
    /// With `by`: the same points for each kind, category, grid or unit
    /// (the groups add up to `items`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<TrendSeries>,
}

/// What a trend's series are cut by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum TrendBy {
    Kind,
    Category,
    Grid,
    Unit,
}

impl std::str::FromStr for TrendBy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "kind" => Ok(TrendBy::Kind),
            "category" => Ok(TrendBy::Category),
            "grid" => Ok(TrendBy::Grid),
            "unit" => Ok(TrendBy::Unit),
            other => Err(format!(
                "by must be kind, category, grid or unit, not {other:?}"
            )),
        }
    }
}

/// One kind's, category's, grid's or unit's points. `key`: the kind
/// (`appeal`), or the category's, grid's or unit's id (`0`: none); `name`:
/// the category's, grid's or unit's name (empty for a kind and for none).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendSeries {
    pub key: String,
    pub name: String,
    pub items: Vec<TrendPoint>,
}

/// One day, week or month of a trend: the orders placed in it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendPoint {
    /// Its first day (China time): `2026-11-03`; a week's is its Monday; a
    /// month's is `2026-11`.
    pub period: String,
    pub placed: u64,
    /// Completed, evaluated or closed.
    pub done: u64,
    /// Still open and past their deadline now.
    pub overdue: u64,
    pub average_rating: Option<f64>,
    pub satisfaction_rate: Option<f64>,
}

impl std::str::FromStr for Interval {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "day" => Ok(Interval::Day),
            "week" => Ok(Interval::Week),
            "month" => Ok(Interval::Month),
            other => Err(format!(
                "interval must be day, week or month, not {other:?}"
            )),
        }
    }
}

/// `GET /stats/communities`: the communities of a street or a district side
/// by side, over one period.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommunitiesFigures {
    pub items: Vec<CommunityFigures>,
}

/// One community's figures, as `/stats` counts them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommunityFigures {
    pub community: super::NamedRef<CommunityId>,
    pub total: u64,
    pub done: u64,
    pub overdue: u64,
    pub completion_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
    pub average_rating: Option<f64>,
}

/// `GET /assessment` (以下评上): each member unit's period, ranked.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assessment {
    /// As asked (`2026`, `2026-Q3`, `2026-11`), or the current year.
    pub period: String,
    pub items: Vec<UnitAssessment>,
}

/// One unit's period: what it was given and how it answered, what the
/// residents said, and the committee's own score.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitAssessment {
    pub unit: super::NamedRef<crate::ids::UnitId>,
    pub community: super::NamedRef<CommunityId>,
    /// Orders dispatched (or reassigned) to it in the period.
    pub dispatched: u64,
    /// Accepted by it (accepts and claims), and of those in time.
    pub accepted: u64,
    pub accepted_on_time: u64,
    /// Whistled but did not report (吹哨未报到).
    pub missed_reports: u64,
    pub rejected: u64,
    /// Its orders placed in the period, still open and past due now.
    pub overdue: u64,
    /// Urges of orders while it had them.
    pub urged: u64,
    /// Of its orders placed in the period.
    pub average_response_minutes: Option<f64>,
    pub average_completion_minutes: Option<f64>,
    pub average_rating: Option<f64>,
    pub satisfaction_rate: Option<f64>,
    /// The committee's score (0–100) for the period; `None` until given.
    pub score: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// 1 is best: by score, then satisfaction, then accepted in time; equal
    /// units share a rank.
    pub rank: u32,
}

/// `PUT /assessment/{unit_id}` (the committee).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentScore {
    pub period: String,
    pub score: i64,
    #[serde(default)]
    pub comment: Option<String>,
}
