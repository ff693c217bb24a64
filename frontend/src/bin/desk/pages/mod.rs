//! The desk's own pages.

pub mod approvals;
pub mod assessment;
pub mod assignees;
pub mod bulk;
pub mod calendar;
pub mod catalogue;
pub mod desk;
pub mod exports;
pub mod partners;
pub mod people;
pub mod places;
pub mod proxy;
pub mod stats;
pub mod supermarket;
pub mod table;
pub mod trend;
pub mod trend_series;
pub mod triage;
pub mod units;
