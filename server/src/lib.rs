//! Linli's server: the HTTP API for 居民点单 → 党委派单 → 党员/单位接单 → 群众评单.

pub mod auth;
pub mod body_timeout;
pub mod clock;
pub mod configuration;
pub mod db;
pub mod demo;
pub mod entities;
pub mod error;
pub mod events;
pub mod jobs;
pub mod routes;
pub mod services;
pub mod startup;
pub mod telemetry;
