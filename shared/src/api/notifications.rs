//! The inbox: a notification per event that concerns someone.

use crate::ids::{NotificationId, OrderId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::workflow::str_enum!(
    /// What happened, and so who hears of it: `dispatched` (the volunteer, or
    /// every member of the unit), `accepted` and `completed` (the requester),
    /// `rejected` and `low_rating` (the committee), `escalated` (the committee
    /// and the officers of the new level), `urged` (whoever has the order; the
    /// committee while nobody does); `membership_approved` and
    /// `membership_rejected` (the applicant; no order).
    NotificationKind {
        Dispatched => "dispatched",
        Accepted => "accepted",
        Completed => "completed",
        Rejected => "rejected",
        Escalated => "escalated",
        Urged => "urged",
        LowRating => "low_rating",
        MembershipApproved => "membership_approved",
        MembershipRejected => "membership_rejected",
        Unassigned => "unassigned",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: NotificationId,
    #[serde(with = "crate::time::rfc3339")]
    pub at: DateTime<Utc>,
    pub kind: NotificationKind,
    pub order_id: Option<OrderId>,
    /// In Chinese, for clients that do not word `facts` themselves (and for
    /// WeChat).
    pub title: String,
    pub body: String,
    pub read: bool,
    /// What the words are made of, for a client to word in its reader's
    /// language; absent on notifications written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<NoticeFacts>,
}

/// The facts of a notification: which order, and what was said or happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeFacts {
    /// The order's number and title.
    pub number: String,
    pub title: String,
    /// What a person wrote with it (a reason, a note, a comment), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<String>,
    /// What the system did (an escalation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<SystemNote>,
    /// The rating, for `low_rating`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<i32>,
}

crate::workflow::str_enum!(
    /// What the system did to an order, in a timeline entry or a notification
    /// (`requester_left`: the requester deleted their account, the order ended).
    SystemNoteCode {
        Escalated => "escalated",
        AutoClosed => "auto_closed",
        RequesterLeft => "requester_left",
        AutoDispatched => "auto_dispatched",
        NobodyLeft => "nobody_left",
    }
);

crate::workflow::str_enum!(
    /// Which deadline an escalated order missed: `accept` (dispatched, and
    /// nobody accepted it in time), `dispatch` (pending, and nobody dispatched
    /// or claimed it in time), `completion` (taken, and not completed in time).
    Missed {
        Accept => "accept",
        Dispatch => "dispatch",
        Completion => "completion",
    }
);

/// A note the system wrote, as facts: the client words it in its reader's
/// language (the entry's `note` keeps a Chinese wording for other clients).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemNote {
    pub code: SystemNoteCode,
    /// `escalated`: the level it went up to, and what was missed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<crate::Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missed: Option<Missed>,
    /// `auto_closed`: the days it waited for an evaluation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
}

/// An `order` event of the live board (`GET /events`): an order the reader
/// may see was created (`action`: `create`) or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveChange {
    pub id: OrderId,
    pub status: crate::OrderStatus,
    /// `create`, `escalate`, or the action taken.
    pub action: String,
    #[serde(with = "crate::time::rfc3339")]
    pub at: DateTime<Utc>,
}

/// `POST /events/ticket`: a one-use ticket for `GET /events?ticket=…`
/// (`EventSource` sends no headers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventTicket {
    pub ticket: String,
}

/// `GET /notifications`: newest first, with the caller's unread count.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inbox {
    pub items: Vec<Notification>,
    pub total: u64,
    pub unread: u64,
}

/// `POST /notifications/read`: these, or all of them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRead {
    #[serde(default)]
    pub ids: Vec<NotificationId>,
    #[serde(default)]
    pub all: bool,
}
