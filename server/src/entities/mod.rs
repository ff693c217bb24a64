//! One sea-orm entity per table; relations are loaded explicitly in `services`.

pub mod building;
pub mod calendar_day;
pub mod category;
pub mod community;
pub mod district;
pub mod event_ticket;
pub mod grid;
pub mod membership;
pub mod missed_report;
pub mod notification;
pub mod order;
pub mod order_event;
pub mod person_audit;
pub mod points_entry;
pub mod redemption;
pub mod refresh_token;
pub mod reset_code;
pub mod reward;
pub mod street;
pub mod unit;
pub mod unit_member;
pub mod unit_registration;
pub mod upload;
pub mod user;
pub mod volunteer_profile;
pub mod wechat_outbox;
