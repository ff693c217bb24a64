//! The pages both apps have: signing in, choosing a hat, me, the inbox and an
//! order's page (and the page for an unknown path).

pub mod account;
pub mod hat;
pub mod inbox;
pub mod login;
pub mod me;
pub mod not_found;
pub mod order;
