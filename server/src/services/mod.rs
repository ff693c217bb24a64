//! Database work in plain async functions: no actix types here. One folder or
//! file per area; each area owns its tables' writes.

pub mod assessment;
pub mod board;
pub mod catalog;
pub mod comparison;
pub mod deadlines;
pub mod dispatch;
pub mod exports;
pub mod identity;
pub mod notifications;
pub mod orders;
pub mod partners;
pub mod people;
pub mod points;
pub mod sessions;
pub mod spreadsheet;
pub mod stats;
pub mod trend;
pub mod uploads;
pub mod wechat;
