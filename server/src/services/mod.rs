//! Database work in plain async functions: no actix types here.

pub mod access;
pub mod catalog;
pub mod demo;
pub mod order_actions;
pub mod order_view;
pub mod orders;
pub mod points;
pub mod sessions;
pub mod stats;
pub mod validate;
pub mod wechat;
