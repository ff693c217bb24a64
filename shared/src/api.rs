//! Requests and responses of the HTTP API under `/api/v1`.

use crate::workflow::{Action, OrderKind, OrderStatus, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub type Id = i32;

// ---- lists ----

crate::workflow::str_enum!(
    /// Whose orders a list shows: the ones I placed, the ones assigned to me or
    /// my unit, or every order of my community (committee, grid worker) or
    /// district (admin).
    ListScope {
        Mine => "mine",
        Assigned => "assigned",
        Community => "community",
    }
);

crate::workflow::str_enum!(
    /// The order of a list: most recently placed first (the default), longest
    /// waiting first (the desk's way to reach the oldest pending orders), or
    /// the nearest deadline first (the most overdue at the top).
    ListSort {
        Newest => "newest",
        Oldest => "oldest",
        Due => "due",
    }
);

/// The query of `GET /orders`: the client builds it with [`OrderQuery::to_query`],
/// the server reads it with serde. An empty value is the same as an absent one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderQuery {
    #[serde(default, deserialize_with = "empty_is_none")]
    pub scope: Option<ListScope>,
    #[serde(default, deserialize_with = "empty_is_none")]
    pub status: Option<OrderStatus>,
    #[serde(default, deserialize_with = "empty_is_none")]
    pub kind: Option<OrderKind>,
    /// A category `code`.
    #[serde(default, deserialize_with = "empty_is_none")]
    pub category: Option<String>,
    /// An order number or id, a phone, or words of a title or address.
    #[serde(default, deserialize_with = "empty_is_none")]
    pub q: Option<String>,
    #[serde(default, deserialize_with = "empty_is_none")]
    pub sort: Option<ListSort>,
    /// Only open orders past their deadline.
    #[serde(default, deserialize_with = "empty_is_none")]
    pub overdue: Option<bool>,
    /// Placed in `[from, to)`: `YYYY-MM-DD` (China time) or RFC 3339.
    #[serde(default, deserialize_with = "empty_is_none")]
    pub from: Option<String>,
    #[serde(default, deserialize_with = "empty_is_none")]
    pub to: Option<String>,
    #[serde(default, deserialize_with = "empty_is_none")]
    pub page: Option<u64>,
    #[serde(default, deserialize_with = "empty_is_none")]
    pub per_page: Option<u64>,
}

impl OrderQuery {
    /// `key=value&…` of the parameters that are set, values percent-encoded.
    pub fn to_query(&self) -> String {
        let mut q = String::new();
        let mut put = |key: &str, value: &str| {
            if !q.is_empty() {
                q.push('&');
            }
            q.push_str(key);
            q.push('=');
            percent_encode(value, &mut q);
        };
        if let Some(v) = self.scope {
            put("scope", v.as_str());
        }
        if let Some(v) = self.status {
            put("status", v.as_str());
        }
        if let Some(v) = self.kind {
            put("kind", v.as_str());
        }
        for (key, v) in [("category", &self.category), ("q", &self.q)] {
            if let Some(v) = v {
                put(key, v);
            }
        }
        if let Some(v) = self.sort {
            put("sort", v.as_str());
        }
        if self.overdue == Some(true) {
            put("overdue", "true");
        }
        for (key, v) in [("from", &self.from), ("to", &self.to)] {
            if let Some(v) = v {
                put(key, v);
            }
        }
        for (key, v) in [("page", self.page), ("per_page", self.per_page)] {
            if let Some(v) = v {
                put(key, &v.to_string());
            }
        }
        q
    }
}

/// URL query encoding: letters, digits and `-._~` as they are, every other
/// byte as `%XX`.
pub fn percent_encode(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// For query parameters: an empty value (`?page=`) means the parameter is
/// absent, as the contract says; anything else must parse.
pub fn empty_is_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let v: Option<String> = Option::deserialize(d)?;
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_query_round_trips_through_its_query_string() {
        let q = OrderQuery {
            scope: Some(ListScope::Community),
            status: Some(OrderStatus::Pending),
            q: Some("东门 100%&x=1".into()),
            sort: Some(ListSort::Oldest),
            overdue: Some(true),
            page: Some(2),
            ..OrderQuery::default()
        };
        let s = q.to_query();
        assert_eq!(
            s,
            "scope=community&status=pending&q=%E4%B8%9C%E9%97%A8%20100%25%26x%3D1&sort=oldest&overdue=true&page=2"
        );
        assert_eq!(OrderQuery::default().to_query(), "");
    }
}
