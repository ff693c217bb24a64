//! Requests and responses of the HTTP API under `/api/v1`.

use crate::workflow::{Action, OrderKind, OrderStatus, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub type Id = i32;

// ---- auth ----

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginRequest {
    pub phone: String,
    pub password: String,
    /// The `device_token` of an earlier sign-in on this device: lets its owner
    /// in while strangers have the phone number locked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// `POST /auth/wechat`: the `code` from the mini-program's `wx.login()`. The
/// first time, the WeChat account is not yet bound to a Linli account: send
/// `phone` and `password` along once to bind it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WechatLoginRequest {
    pub code: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub user: Me,
    /// Proof that this device signed in successfully: send it as `device` with
    /// later sign-ins (kept for 180 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedRef {
    pub id: Id,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Me {
    pub id: Id,
    pub name: String,
    pub phone: String,
    pub roles: Vec<Role>,
    pub community: Option<NamedRef>,
    pub unit: Option<NamedRef>,
    pub points_balance: i64,
}

// ---- orders ----

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateOrder {
    pub kind: OrderKind,
    /// The category's `code`.
    pub category: String,
    pub title: String,
    pub description: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub preferred_time: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssigneeType {
    Unit,
    Volunteer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssigneeRef {
    #[serde(rename = "type")]
    pub kind: AssigneeType,
    pub id: Id,
}

/// The body of `POST /orders/{id}/actions`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ActionRequest {
    Dispatch {
        assignee: AssigneeRef,
        #[serde(default)]
        note: Option<String>,
    },
    Claim,
    Accept,
    Reject {
        reason: String,
    },
    Complete {
        note: String,
        #[serde(default)]
        photos: Option<Vec<String>>,
    },
    Evaluate {
        rating: i64,
        #[serde(default)]
        comment: Option<String>,
    },
    Cancel {
        #[serde(default)]
        reason: Option<String>,
    },
    Reopen {
        reason: String,
    },
    Close {
        #[serde(default)]
        note: Option<String>,
    },
    Release {
        #[serde(default)]
        reason: Option<String>,
    },
}

impl ActionRequest {
    pub fn action(&self) -> Action {
        match self {
            ActionRequest::Dispatch { .. } => Action::Dispatch,
            ActionRequest::Claim => Action::Claim,
            ActionRequest::Accept => Action::Accept,
            ActionRequest::Reject { .. } => Action::Reject,
            ActionRequest::Complete { .. } => Action::Complete,
            ActionRequest::Evaluate { .. } => Action::Evaluate,
            ActionRequest::Cancel { .. } => Action::Cancel,
            ActionRequest::Reopen { .. } => Action::Reopen,
            ActionRequest::Close { .. } => Action::Close,
            ActionRequest::Release { .. } => Action::Release,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRef {
    pub code: String,
    pub name: String,
    /// Points whoever completes the order earns.
    #[serde(default)]
    pub points: i32,
}

/// What the sign-in page may know before anyone signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerInfo {
    /// The server runs with the demo data (`--demo`): the sign-in page may
    /// show the demo password.
    pub demo: bool,
}

/// The requester as the caller may see them: masked name and no phone unless
/// the caller is serving the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: Id,
    pub name: String,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignee {
    #[serde(rename = "type")]
    pub kind: AssigneeType,
    pub id: Id,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub actor: Option<NamedRef>,
    /// `create` or an [`Action`] name.
    pub action: String,
    pub from: Option<OrderStatus>,
    pub to: OrderStatus,
    pub note: Option<String>,
    #[serde(default)]
    pub photos: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Order {
    pub id: Id,
    /// Human-readable number, e.g. `20261122-00042`.
    pub number: String,
    pub kind: OrderKind,
    pub category: CategoryRef,
    pub title: String,
    pub description: String,
    /// Only for those serving the order.
    pub address: Option<String>,
    pub preferred_time: Option<String>,
    pub status: OrderStatus,
    pub community_id: Id,
    pub requester: Person,
    pub assignee: Option<Assignee>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub overdue: bool,
    pub rating: Option<i32>,
    pub comment: Option<String>,
    pub allowed_actions: Vec<Action>,
    pub timeline: Vec<TimelineEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Items<T> {
    pub items: Vec<T>,
}

// ---- catalogue ----

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
    pub id: Id,
    pub name: String,
    pub kind: String,
    pub skills: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VolunteerSummary {
    pub id: Id,
    pub name: String,
    pub skills: Vec<String>,
    pub grid: Option<String>,
}

// ---- points ----

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

// ---- figures ----

/// `GET /stats`: how a community (or a district) is doing over a period.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stats {
    /// The community, or `None` for a whole district (admins).
    pub community_id: Option<Id>,
    pub from: Option<DateTime<Utc>>,
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
