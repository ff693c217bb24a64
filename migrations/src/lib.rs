//! The database schema, one file per migration. A landed migration is never edited:
//! change the schema by adding a new one.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_initial;
mod m20261123_000001_order_lists;
mod m20261124_000001_deadlines;
mod m20261125_000001_notifications;
mod m20261126_000001_wechat_outbox;
mod m20261127_000001_event_tickets;
mod m20261128_000001_uploads;
mod m20261202_000001_stream_sessions;
mod m20261202_000002_notice_facts;
mod m20261203_000001_people;
mod m20261203_000002_volunteer_applications;
mod m20261203_000003_people_imports;
mod m20261203_000004_order_grid;
mod m20261204_000001_dispatch;
mod m20261204_000002_deadline_order;
mod m20261205_000001_order_days;
mod m20261205_000002_order_search;
mod m20261206_000001_board;
mod m20261207_000001_supermarket;
mod m20261207_000002_assessment;
mod m20261208_000001_partners;

/// The day rows' migration, which adds up the orders already there: a test
/// undoes and redoes it on a database with orders.
pub use m20261205_000001_order_days::Migration as OrderDays;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_initial::Migration),
            Box::new(m20261123_000001_order_lists::Migration),
            Box::new(m20261124_000001_deadlines::Migration),
            Box::new(m20261125_000001_notifications::Migration),
            Box::new(m20261126_000001_wechat_outbox::Migration),
            Box::new(m20261127_000001_event_tickets::Migration),
            Box::new(m20261128_000001_uploads::Migration),
            Box::new(m20261202_000001_stream_sessions::Migration),
            Box::new(m20261202_000002_notice_facts::Migration),
            Box::new(m20261203_000001_people::Migration),
            Box::new(m20261203_000002_volunteer_applications::Migration),
            Box::new(m20261203_000003_people_imports::Migration),
            Box::new(m20261203_000004_order_grid::Migration),
            Box::new(m20261204_000001_dispatch::Migration),
            Box::new(m20261204_000002_deadline_order::Migration),
            Box::new(m20261205_000001_order_days::Migration),
            Box::new(m20261205_000002_order_search::Migration),
            Box::new(m20261206_000001_board::Migration),
            Box::new(m20261207_000001_supermarket::Migration),
            Box::new(m20261207_000002_assessment::Migration),
            Box::new(m20261208_000001_partners::Migration),
        ]
    }
}
