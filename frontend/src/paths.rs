//! The client's routes, as the links use them (the route table in `app.rs`
//! spells the same paths, since `path!` takes only literals).

pub const LOGIN: &str = "/login";
pub const HAT: &str = "/hat";
pub const HOME: &str = "/";
pub const WALL: &str = "/wall";
pub const MY_ORDERS: &str = "/orders/mine";
pub const TASKS: &str = "/tasks";
pub const MY_TASKS: &str = "/tasks/mine";
pub const POINTS: &str = "/points";
pub const DESK: &str = "/desk";
pub const ALL_ORDERS: &str = "/desk/all";
pub const STATS: &str = "/stats";
pub const ESCALATED: &str = "/escalated";
pub const CATALOGUE: &str = "/catalogue";
pub const CALENDAR: &str = "/calendar";
pub const INBOX: &str = "/inbox";
pub const ME: &str = "/me";

/// One order's page.
pub fn order(id: shared::OrderId) -> String {
    format!("/orders/{id}")
}

/// The form for a new order of this kind.
pub fn new_order(kind: shared::OrderKind) -> String {
    format!("/new/{}", kind.as_str())
}
