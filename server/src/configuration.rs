//! Every setting in one typed value. `main.rs` fills it once at start from the
//! command line and the `LINLI_*` environment (clap reads both); nothing else in
//! the server reads the environment. Tests build it with [`Settings::new`] and
//! change what they need.

use crate::body_timeout::BodyTimeout;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/linli.db?mode=rwc";

/// A value that must never reach a log: `Debug` and `Display` print
/// `[redacted]`; [`Secret::expose`] is the one way to read it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_string())
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: String,
    pub database_url: String,
    /// The built web client; `None` serves the API only.
    pub static_dir: Option<PathBuf>,
    pub demo: bool,
    /// Signs access and device tokens (`LINLI_JWT_SECRET`).
    pub jwt_secret: Secret,
    /// Lifetime of an access token, in seconds.
    pub access_ttl_secs: i64,
    /// Lifetime of a refresh token, in days.
    pub refresh_ttl_days: i64,
    pub wechat: WechatSettings,
    /// HTTP worker threads (`LINLI_WORKERS`); default: one per CPU.
    pub workers: Option<usize>,
    /// SQLite reader connections beside the one writer (`LINLI_SQLITE_POOL`).
    pub sqlite_readers: u32,
    /// How long a request body may pause between chunks, and take in all.
    pub body_timeout: BodyTimeout,
    pub jobs: JobSettings,
    pub uploads: UploadSettings,
    /// Where people reach this server (`LINLI_PUBLIC_URL`, e.g.
    /// `https://linli.example.cn`): the base of photo links. Unset, each link
    /// starts with the scheme and host the request came to.
    pub public_url: Option<String>,
    /// The reverse proxies whose `X-Forwarded-Proto`/`-Host` (and
    /// `Forwarded`) are believed (`LINLI_TRUSTED_PROXIES`). From anyone else
    /// those headers are ignored: a client could make its own links read
    /// `javascript://…`.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// Photos (`server/src/services/uploads/`).
#[derive(Debug, Clone)]
pub struct UploadSettings {
    /// The directory photos are kept in when no S3 bucket is set
    /// (`LINLI_UPLOAD_DIR`).
    pub dir: PathBuf,
    /// S3-compatible object storage, shared by several servers.
    pub s3: Option<S3Settings>,
    /// Photos one person may upload in 24 hours (`LINLI_UPLOAD_DAILY_LIMIT`).
    pub daily_limit: u64,
}

#[derive(Debug, Clone)]
pub struct S3Settings {
    /// `LINLI_S3_BUCKET`; setting it turns S3 on.
    pub bucket: String,
    /// `LINLI_S3_ENDPOINT`, e.g. `https://cos.ap-beijing.myqcloud.com` or a
    /// local `http://127.0.0.1:9000`; unset means AWS itself.
    pub endpoint: Option<String>,
    /// `LINLI_S3_REGION` (default `us-east-1`).
    pub region: String,
    /// `LINLI_S3_ACCESS_KEY_ID`, `LINLI_S3_SECRET_ACCESS_KEY`.
    pub access_key_id: String,
    pub secret_access_key: Secret,
}

pub const DEFAULT_UPLOAD_DIR: &str = "data/uploads";
pub const DEFAULT_UPLOAD_DAILY_LIMIT: u64 = 60;

/// The background jobs (`server/src/jobs/`).
#[derive(Debug, Clone)]
pub struct JobSettings {
    /// Seconds between runs (`LINLI_JOB_INTERVAL_SECONDS`); `None` runs none
    /// (tests run them by hand after moving the clock).
    pub interval_secs: Option<u64>,
    /// Completed orders nobody evaluates close after this many days
    /// (`LINLI_AUTO_CLOSE_DAYS`, ≥ 1).
    pub auto_close_days: i64,
}

pub const DEFAULT_JOB_INTERVAL_SECONDS: u64 = 30;
pub const DEFAULT_AUTO_CLOSE_DAYS: i64 = 7;

#[derive(Debug, Clone)]
pub struct WechatSettings {
    pub appid: Option<String>,
    pub secret: Option<Secret>,
    pub api_base: String,
    /// Subscribe-message template id per notification kind
    /// (`LINLI_WECHAT_TEMPLATES`, JSON `{"dispatched": "tmpl-id", …}`); a kind
    /// without one is not sent to WeChat.
    pub templates: std::collections::HashMap<shared::api::NotificationKind, String>,
}

pub const DEFAULT_WECHAT_API_BASE: &str = "https://api.weixin.qq.com";
pub const DEFAULT_SQLITE_READERS: u32 = 2;

impl Settings {
    /// A server on `bind` with a database, everything else at its default and a
    /// random token secret (sessions then end when the server stops).
    pub fn new(bind: impl Into<String>, database_url: impl Into<String>) -> Self {
        Settings {
            bind: bind.into(),
            database_url: database_url.into(),
            static_dir: None,
            demo: false,
            jwt_secret: Secret(crate::auth::tokens::random_token()),
            access_ttl_secs: 15 * 60,
            refresh_ttl_days: 30,
            workers: None,
            sqlite_readers: DEFAULT_SQLITE_READERS,
            body_timeout: BodyTimeout {
                idle: Duration::from_secs(15),
                total: Duration::from_secs(120),
            },
            wechat: WechatSettings {
                appid: None,
                secret: None,
                api_base: DEFAULT_WECHAT_API_BASE.to_string(),
                templates: Default::default(),
            },
            jobs: JobSettings {
                interval_secs: Some(DEFAULT_JOB_INTERVAL_SECONDS),
                auto_close_days: DEFAULT_AUTO_CLOSE_DAYS,
            },
            uploads: UploadSettings {
                dir: PathBuf::from(DEFAULT_UPLOAD_DIR),
                s3: None,
                daily_limit: DEFAULT_UPLOAD_DAILY_LIMIT,
            },
            public_url: None,
            trusted_proxies: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let mut s = Settings::new("127.0.0.1:0", "sqlite::memory:");
        s.jwt_secret = "hunter2-jwt".into();
        s.wechat.secret = Some("hunter2-wechat".into());
        let shown = format!("{s:?} {}", s.jwt_secret);
        assert!(!shown.contains("hunter2"), "{shown}");
        assert_eq!(s.jwt_secret.expose(), "hunter2-jwt");
    }
}
