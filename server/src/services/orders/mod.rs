//! Orders: placing them (`create`), finding them (`list`), showing them as the
//! caller may see them (`view`, `access`), and moving them through the
//! workflow (`actions`). A transition, its timeline entry, its points and
//! (to come) its notifications commit together or not at all (`store`).

mod access;
mod actions;
pub mod assignees;
pub mod change;
mod create;
mod incoming;
mod list;
mod pages;
pub mod search;
pub mod store;
pub mod view;

pub use access::{district_communities, street_communities, Reach};
pub use actions::act;
pub use create::create;
pub use incoming::{announce_placed, place_incoming, place_incoming_in, Incoming, Placed};
pub use list::{get, list, wishes, ListQuery, MAX_PER_PAGE};
