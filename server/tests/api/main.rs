//! API tests: each test starts the real server on port 0 with its own freshly
//! migrated database (SQLite by default; PostgreSQL when LINLI_TEST_DATABASE_URL
//! points at a server) and talks to it over HTTP.

mod auth;
mod bulk;
mod catalogue;
mod cli;
mod concurrency;
mod deadlines;
mod dispatch;
mod errors;
mod events;
mod exports;
mod fake_hotline;
mod fake_wechat;
mod helpers;
mod hotline;
mod hotline_crash;
mod hotline_imports;
mod http;
mod lifecycle;
mod lists;
mod notifications;
mod open311;
mod openapi;
mod oversight;
mod partners;
mod people;
mod permissions;
mod points;
mod s3_server;
mod schemathesis;
mod sessions;
mod stats;
mod transitions;
mod upload_limits;
mod uploads;
mod web_client;
mod wechat;
mod wechat_crash;
mod wechat_outbox;
