//! One page per route.

pub mod calendar;
pub mod catalogue;
pub mod desk;
pub mod hat;
pub mod home;
pub mod inbox;
pub mod login;
pub mod me;
pub mod my_orders;
pub mod new_order;
pub mod not_found;
pub mod order;
pub mod points;
pub mod stats;
pub mod tasks;
pub mod wall;
