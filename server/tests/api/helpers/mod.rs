#![allow(dead_code)]

//! What every API test stands on: the demo's accounts, the app on port 0 with
//! a database of its own (`database.rs`), and the requests it is sent
//! (`requests.rs`).

mod database;
mod photos;
mod raw;
mod requests;

pub use photos::*;
pub use raw::*;
pub use requests::*;

use server::configuration::Settings;
use server::startup::Application;

pub const JWT_SECRET: &str = "linli-test-secret";

pub const COMMITTEE: &str = "13900000001";
pub const RESIDENT: &str = "13900000011";
pub const RESIDENT2: &str = "13900000012";
pub const DOCTOR: &str = "13900000021";
pub const PLUMBER: &str = "13900000022";
pub const LAWYER: &str = "13900000023";
pub const MARKET_BUREAU: &str = "13900000031";
pub const PROPERTY: &str = "13900000032";
pub const GRID_WORKER: &str = "13900000041";
pub const ADMIN: &str = "13900000099";
pub const HEXIE_COMMITTEE: &str = "13900000101";
pub const HEXIE_RESIDENT: &str = "13900000111";
/// Street officer of 东关街道 (幸福社区, 和谐社区).
pub const DONGGUAN_OFFICER: &str = "13900000098";
/// Street officer of 西关街道 (平安社区).
pub const XIGUAN_OFFICER: &str = "13900000198";
pub const PINGAN_COMMITTEE: &str = "13900000201";
pub const PINGAN_RESIDENT: &str = "13900000211";

pub struct TestApp {
    pub base: String,
    /// The app's clock: it stands still until a test sets or advances it.
    pub clock: server::clock::Clock,
    pub client: reqwest::Client,
    pub database_url: String,
    sqlite_file: Option<std::path::PathBuf>,
    /// A second server on another test's database leaves it alone.
    owns_database: bool,
    /// What `run_jobs` sends WeChat messages with (the app's settings; its
    /// own token cache, as another server would have).
    pub wechat: std::sync::Arc<server::services::wechat::WechatClient>,
    /// Where its photos are kept (a fresh directory, unless a test sets S3).
    pub uploads: server::configuration::UploadSettings,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if !self.owns_database {
            return;
        }
        let _ = std::fs::remove_dir_all(&self.uploads.dir);
        match &self.sqlite_file {
            Some(f) => database::remove_sqlite(f),
            None => database::drop_postgres(&self.database_url),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub refresh: String,
    pub user_id: i64,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_serving(None).await
}

/// The app, also serving a built web client from `static_dir`.
pub async fn spawn_app_serving(static_dir: Option<std::path::PathBuf>) -> TestApp {
    spawn_app_with(|s| s.static_dir = static_dir).await
}

/// The app with some settings changed.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let (database_url, sqlite_file) = database::fresh_database().await;
    let dir = std::env::temp_dir().join(format!("linli-test-photos-{}", rand::random::<u64>()));
    start(database_url, sqlite_file, true, |s| {
        s.uploads.dir = dir;
        configure(s)
    })
    .await
}

/// Another server on the same database as `app` (as on several machines
/// sharing one PostgreSQL), with a clock of its own set to the same time.
pub async fn spawn_second_server(app: &TestApp) -> TestApp {
    spawn_second_server_with(app, |_| {}).await
}

/// [`spawn_second_server`], with some settings changed.
pub async fn spawn_second_server_with(
    app: &TestApp,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    let uploads = app.uploads.clone();
    let second = start(app.database_url.clone(), None, false, |s| {
        s.uploads = uploads;
        configure(s)
    })
    .await;
    second.clock.set(app.clock.now());
    second
}

async fn start(
    database_url: String,
    sqlite_file: Option<std::path::PathBuf>,
    owns_database: bool,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    let mut settings = Settings::new("127.0.0.1:0", database_url.clone());
    settings.demo = true;
    settings.jwt_secret = JWT_SECRET.into();
    settings.wechat.appid = None;
    settings.wechat.secret = None;
    // Tests run the jobs by hand (`run_jobs`) after moving the clock.
    settings.jobs.interval_secs = None;
    configure(&mut settings);
    let wechat = std::sync::Arc::new(
        server::services::wechat::WechatClient::new(settings.wechat.clone())
            .expect("a WeChat client"),
    );
    // Whole seconds: PostgreSQL keeps microseconds, and a test compares the
    // deadlines it reads back with times it computes from this clock.
    let clock =
        server::clock::Clock::manual(chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 0));
    let uploads = settings.uploads.clone();
    let app = Application::build_with_clock(settings, clock.clone())
        .await
        .expect("the app did not start");
    let base = format!("http://{}", app.addr());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        base,
        clock,
        client: reqwest::Client::new(),
        database_url,
        sqlite_file,
        owns_database,
        wechat,
        uploads,
    }
}

/// A query parameter's value, percent-encoded.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
