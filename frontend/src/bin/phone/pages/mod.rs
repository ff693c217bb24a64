//! The phone app's own pages.

pub mod board;
pub mod home;
pub mod my_orders;
pub mod new_order;
pub mod points;
pub mod profile;
pub mod register;
pub mod report;
pub mod tasks;
pub mod waiting;
pub mod wall;
