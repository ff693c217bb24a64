//! Settings, from command-line flags and `LINLI_*` environment variables.

use crate::routes::body_timeout::BodyTimeout;
use std::path::PathBuf;
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/linli.db?mode=rwc";

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: String,
    pub database_url: String,
    /// The built web client; `None` serves the API only.
    pub static_dir: Option<PathBuf>,
    pub demo: bool,
    pub jwt_secret: String,
    /// Lifetime of an access token, in seconds.
    pub access_ttl_secs: i64,
    /// Lifetime of a refresh token, in days.
    pub refresh_ttl_days: i64,
    pub wechat: WechatSettings,
    /// HTTP worker threads (`LINLI_WORKERS`); default: one per CPU.
    pub workers: Option<usize>,
    /// How long a request body may pause between chunks, and take in all.
    pub body_timeout: BodyTimeout,
}

#[derive(Debug, Clone)]
pub struct WechatSettings {
    pub appid: Option<String>,
    pub secret: Option<String>,
    pub api_base: String,
}

impl Settings {
    /// Settings for a server on `bind` with a database, everything else defaulted.
    pub fn new(bind: impl Into<String>, database_url: impl Into<String>) -> Self {
        Settings {
            bind: bind.into(),
            database_url: database_url.into(),
            static_dir: None,
            demo: false,
            jwt_secret: jwt_secret_from_env(),
            access_ttl_secs: 15 * 60,
            refresh_ttl_days: 30,
            workers: std::env::var("LINLI_WORKERS")
                .ok()
                .and_then(|v| v.parse().ok())
                .filter(|n| *n > 0),
            body_timeout: BodyTimeout {
                idle: Duration::from_secs(15),
                total: Duration::from_secs(120),
            },
            wechat: WechatSettings {
                appid: std::env::var("LINLI_WECHAT_APPID").ok(),
                secret: std::env::var("LINLI_WECHAT_SECRET").ok(),
                api_base: std::env::var("LINLI_WECHAT_API_BASE")
                    .unwrap_or_else(|_| "https://api.weixin.qq.com".to_string()),
            },
        }
    }
}

/// `LINLI_JWT_SECRET`, or a random one with a warning: fine for a laptop, but
/// every restart then logs everybody out.
fn jwt_secret_from_env() -> String {
    match std::env::var("LINLI_JWT_SECRET") {
        Ok(s) if !s.is_empty() => s,
        _ => {
            tracing::warn!(
                "LINLI_JWT_SECRET is not set: using a random secret (development only; sessions end at restart)"
            );
            crate::auth::tokens::random_token()
        }
    }
}
