//! The inbox: a notification per event that concerns someone.

use crate::ids::{NotificationId, OrderId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

crate::workflow::str_enum!(
    /// What happened, and so who hears of it: `dispatched` (the volunteer, or
    /// every member of the unit), `accepted` and `completed` (the requester),
    /// `rejected` and `low_rating` (the committee), `escalated` (the committee
    /// and the officers of the new level), `urged` (whoever has the order; the
    /// committee while nobody does).
    NotificationKind {
        Dispatched => "dispatched",
        Accepted => "accepted",
        Completed => "completed",
        Rejected => "rejected",
        Escalated => "escalated",
        Urged => "urged",
        LowRating => "low_rating",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: NotificationId,
    #[serde(with = "crate::time::rfc3339")]
    pub at: DateTime<Utc>,
    pub kind: NotificationKind,
    pub order_id: Option<OrderId>,
    pub title: String,
    pub body: String,
    pub read: bool,
}

/// `GET /notifications`: newest first, with the caller's unread count.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Inbox {
    pub items: Vec<Notification>,
    pub total: u64,
    pub unread: u64,
}

/// `POST /notifications/read`: these, or all of them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MarkRead {
    #[serde(default)]
    pub ids: Vec<NotificationId>,
    #[serde(default)]
    pub all: bool,
}
