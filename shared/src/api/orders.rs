//! Orders: placing them, acting on them, and how they are shown.

use super::NamedRef;
use super::Photo;
use crate::ids::{CommunityId, OrderId, UnitId, UploadId, UserId};
use crate::workflow::{Action, Channel, DispatchMode, Level, OrderKind, OrderStatus, Track};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Upload ids (`POST /uploads`) of the caller's own photos, at most 9.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<UploadId>,
    /// 代点单: a grid worker or the committee places it for this resident.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<super::OnBehalfOf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssigneeType {
    Unit,
    Volunteer,
}

/// Who an order is dispatched to: a member unit or a volunteer. On the wire
/// `{"type": "unit" | "volunteer", "id": …}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "AssigneeWire", into = "AssigneeWire")]
pub enum AssigneeRef {
    Unit(UnitId),
    Volunteer(UserId),
}

impl AssigneeRef {
    pub fn kind(self) -> AssigneeType {
        match self {
            AssigneeRef::Unit(_) => AssigneeType::Unit,
            AssigneeRef::Volunteer(_) => AssigneeType::Volunteer,
        }
    }

    /// The bare number, for a form's `<option value>`.
    pub fn number(self) -> i32 {
        match self {
            AssigneeRef::Unit(id) => id.0,
            AssigneeRef::Volunteer(id) => id.0,
        }
    }

    pub fn new(kind: AssigneeType, number: i32) -> AssigneeRef {
        match kind {
            AssigneeType::Unit => AssigneeRef::Unit(UnitId(number)),
            AssigneeType::Volunteer => AssigneeRef::Volunteer(UserId(number)),
        }
    }
}

/// The flat shape of [`AssigneeRef`] and [`Assignee`] on the wire (a plain
/// struct rather than a tagged enum: no buffering when decoding).
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
struct AssigneeWire {
    #[serde(rename = "type")]
    kind: AssigneeType,
    id: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

impl From<AssigneeWire> for AssigneeRef {
    fn from(w: AssigneeWire) -> AssigneeRef {
        AssigneeRef::new(w.kind, w.id)
    }
}

impl From<AssigneeRef> for AssigneeWire {
    fn from(a: AssigneeRef) -> AssigneeWire {
        AssigneeWire {
            kind: a.kind(),
            id: a.number(),
            name: None,
        }
    }
}

/// The body of `POST /orders/{id}/actions`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
        /// Upload ids of the assignee's own photos (after the work), at most 9.
        #[serde(default)]
        photos: Option<Vec<UploadId>>,
        /// Volunteer hours spent (0.5–24); the category's when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hours: Option<f64>,
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
    /// 改派: to another unit or volunteer.
    Reassign {
        assignee: AssigneeRef,
        reason: String,
    },
    /// 催单 / 督办: the status stays; the timeline and the assignee hear of it.
    Urge {
        #[serde(default)]
        note: Option<String>,
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
            ActionRequest::Reassign { .. } => Action::Reassign,
            ActionRequest::Urge { .. } => Action::Urge,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryRef {
    pub code: String,
    pub name: String,
    /// Points whoever completes the order earns.
    #[serde(default)]
    pub points: i32,
}

/// The requester as the caller may see them: masked name and no phone unless
/// the caller is serving the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub id: UserId,
    pub name: String,
    pub phone: Option<String>,
}

/// Who an order is dispatched to, with their name: on the wire
/// `{"type": …, "id": …, "name": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "AssigneeWire", into = "AssigneeWire")]
pub struct Assignee {
    pub who: AssigneeRef,
    pub name: String,
}

impl From<AssigneeWire> for Assignee {
    fn from(w: AssigneeWire) -> Assignee {
        Assignee {
            who: AssigneeRef::new(w.kind, w.id),
            name: w.name.unwrap_or_default(),
        }
    }
}

impl From<Assignee> for AssigneeWire {
    fn from(a: Assignee) -> AssigneeWire {
        AssigneeWire {
            kind: a.who.kind(),
            id: a.who.number(),
            name: Some(a.name),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    #[serde(with = "crate::time::rfc3339")]
    pub at: DateTime<Utc>,
    pub actor: Option<NamedRef<UserId>>,
    /// `create` or an [`Action`] name.
    pub action: String,
    pub from: Option<OrderStatus>,
    pub to: OrderStatus,
    pub note: Option<String>,
    /// Only for those serving the order.
    #[serde(default)]
    pub photos: Vec<Photo>,
    /// A note the system wrote (no actor), as facts to word in the reader's
    /// language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<crate::api::SystemNote>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Order {
    pub id: OrderId,
    /// Human-readable number, e.g. `20261122-00042`.
    pub number: String,
    pub kind: OrderKind,
    pub category: CategoryRef,
    pub title: String,
    pub description: String,
    /// Only for those serving the order.
    pub address: Option<String>,
    pub preferred_time: Option<String>,
    /// The requester's photos, placed with the order; only for those serving it.
    #[serde(default)]
    pub photos: Vec<Photo>,
    pub status: OrderStatus,
    pub community_id: CommunityId,
    /// The community's name, for those who oversee several (street officers,
    /// admins); absent for everyone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_name: Option<String>,
    pub requester: Person,
    pub assignee: Option<Assignee>,
    #[serde(with = "crate::time::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "crate::time::rfc3339")]
    pub updated_at: DateTime<Utc>,
    #[serde(with = "crate::time::rfc3339")]
    pub due_at: DateTime<Utc>,
    /// Someone must accept or claim by then; `None` once someone has it.
    #[serde(default, with = "crate::time::rfc3339_opt")]
    pub respond_by: Option<DateTime<Utc>>,
    pub overdue: bool,
    /// Who answers for it now (四级吹哨).
    #[serde(default = "community_level")]
    pub level: Level,
    /// Rated 1–2: on the committee's revisit list (回头看).
    #[serde(default)]
    pub revisit: bool,
    /// The grid it comes from (the requester's home), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid_id: Option<crate::ids::GridId>,
    pub rating: Option<i32>,
    pub comment: Option<String>,
    /// How it reaches someone: dispatched by hand, grabbed, or dispatched by
    /// the system (its category's mode when it was placed).
    #[serde(default = "manual")]
    pub dispatch_mode: DispatchMode,
    /// Its triage track (三事分流), once triaged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<Track>,
    /// How it came in.
    #[serde(default = "app")]
    pub channel: Channel,
    /// The 12345 hotline's number of its work order (`channel: hotline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotline_number: Option<String>,
    /// The partner key that placed it (hotline, Open311); for those serving it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<crate::ids::PartnerId>,
    /// Where, as an Open311 client gave it (WGS84 degrees); for those serving it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Who placed it on the requester's behalf (代点单); only for those
    /// serving the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placed_by: Option<NamedRef<UserId>>,
    pub allowed_actions: Vec<Action>,
    pub timeline: Vec<TimelineEntry>,
}

/// A point on the map (WGS84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    pub lat: f64,
    pub long: f64,
}

impl Order {
    /// The deadline that counts now: the response limit while the order waits
    /// for an accept or a claim, then the completion deadline (as the lists'
    /// `sort=due` orders them).
    pub fn deadline_now(&self) -> DateTime<Utc> {
        self.respond_by.unwrap_or(self.due_at)
    }
}

fn manual() -> DispatchMode {
    DispatchMode::Manual
}

fn app() -> Channel {
    Channel::App
}

fn community_level() -> Level {
    Level::Community
}

/// Both are described as they travel: `{"type", "id", "name"?}`.
#[cfg(feature = "openapi")]
mod wire_schemas {
    use super::{Assignee, AssigneeRef, AssigneeWire};
    use utoipa::openapi::{RefOr, Schema};
    use utoipa::{PartialSchema, ToSchema};

    impl PartialSchema for AssigneeRef {
        fn schema() -> RefOr<Schema> {
            AssigneeWire::schema()
        }
    }
    impl ToSchema for AssigneeRef {}

    impl PartialSchema for Assignee {
        fn schema() -> RefOr<Schema> {
            AssigneeWire::schema()
        }
    }
    impl ToSchema for Assignee {}
}
