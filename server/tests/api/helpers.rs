#![allow(dead_code)]

use rand::Rng;
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::configuration::Settings;
use server::startup::Application;
use sqlx::Connection;

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
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if !self.owns_database {
            return;
        }
        if let Some(f) = &self.sqlite_file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", f.display()));
            }
            return;
        }
        // PostgreSQL: drop this test's database (its server may still hold
        // connections, hence FORCE), from a thread of its own: Drop cannot await.
        let Some((base, name)) = self.database_url.rsplit_once('/') else {
            return;
        };
        let (base, name) = (base.to_string(), name.to_string());
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&format!("{base}/postgres")).await
                {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut conn)
                        .await;
                }
            });
        })
        .join();
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub refresh: String,
    pub user_id: i64,
}

/// The migrated and seeded database every test starts from, made once per
/// build of the tests and shared by all their processes (nextest runs each
/// test in its own): its name carries the test binary's build time, so a
/// rebuild (new migrations, new demo data) makes a new one.
fn template_key() -> String {
    let exe = std::env::current_exe().expect("the test binary");
    let built = std::fs::metadata(&exe)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::hash::Hash::hash(&(exe, built), &mut h);
    format!("{:x}", std::hash::Hasher::finish(&h))
}

/// Migrates and seeds the database at `url`, then closes every connection.
async fn build_template(url: &str) {
    let db = server::db::connect(url, 1)
        .await
        .expect("cannot open the template database");
    server::db::migrate(&db)
        .await
        .expect("cannot migrate the template");
    server::demo::seed_if_empty(&db, chrono::Utc::now())
        .await
        .expect("cannot seed the template");
    if url.starts_with("sqlite:") {
        // Everything into the main file, which is what gets copied.
        sea_orm::ConnectionTrait::execute_unprepared(&db.write, "PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .expect("checkpoint the template");
    }
    let _ = db.read.close().await;
    let _ = db.write.close().await;
}

/// A fresh copy of the template: a file copy on SQLite, or `CREATE DATABASE …
/// TEMPLATE` on the PostgreSQL server named by LINLI_TEST_DATABASE_URL (e.g.
/// postgres://postgres@127.0.0.1:55432). Dropped when the test ends.
async fn fresh_database() -> (String, Option<std::path::PathBuf>) {
    let suffix: u64 = rand::thread_rng().gen();
    let key = template_key();
    match std::env::var("LINLI_TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            let base = base.trim_end_matches('/');
            let template = format!("linli_tpl_{key}");
            let name = format!("linli_test_{suffix:x}");
            let mut conn = sqlx::PgConnection::connect(&format!("{base}/postgres"))
                .await
                .expect("cannot reach the PostgreSQL server named by LINLI_TEST_DATABASE_URL");
            // One process builds the template; the others wait for it here.
            sqlx::query("SELECT pg_advisory_lock(7160)")
                .execute(&mut conn)
                .await
                .expect("advisory lock");
            let exists: Option<i32> =
                sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
                    .bind(&template)
                    .fetch_optional(&mut conn)
                    .await
                    .expect("pg_database");
            if exists.is_none() {
                let building = format!("{template}_build");
                sqlx::query(&format!("DROP DATABASE IF EXISTS {building}"))
                    .execute(&mut conn)
                    .await
                    .expect("drop a half-built template");
                sqlx::query(&format!("CREATE DATABASE {building}"))
                    .execute(&mut conn)
                    .await
                    .expect("create the template");
                build_template(&format!("{base}/{building}")).await;
                sqlx::query(&format!("ALTER DATABASE {building} RENAME TO {template}"))
                    .execute(&mut conn)
                    .await
                    .expect("rename the template");
            }
            sqlx::query("SELECT pg_advisory_unlock(7160)")
                .execute(&mut conn)
                .await
                .expect("advisory unlock");
            sqlx::query(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                .execute(&mut conn)
                .await
                .expect("cannot create a test database");
            (format!("{base}/{name}"), None)
        }
        _ => {
            let dir = std::env::temp_dir().join("linli-tests");
            std::fs::create_dir_all(&dir).expect("cannot create the test directory");
            let template = dir.join(format!("template-{key}.db"));
            if !template.is_file() {
                // Built aside and moved into place whole: a racing process
                // either sees no template or a complete one.
                let building = dir.join(format!("template-{key}-{suffix:x}.db"));
                build_template(&format!("sqlite://{}?mode=rwc", building.display())).await;
                std::fs::rename(&building, &template).expect("cannot place the template");
                for s in ["-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{s}", building.display()));
                }
            }
            let file = dir.join(format!("{suffix:x}.db"));
            std::fs::copy(&template, &file).expect("cannot copy the template");
            (format!("sqlite://{}?mode=rwc", file.display()), Some(file))
        }
    }
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
    let (database_url, sqlite_file) = fresh_database().await;
    start(database_url, sqlite_file, true, configure).await
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
    let second = start(app.database_url.clone(), None, false, configure).await;
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
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{}", self.base, path)
    }

    pub async fn login(&self, phone: &str) -> Session {
        let (status, body) = self
            .post_anon(
                "/auth/login",
                json!({"phone": phone, "password": "demo1234"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "login {phone}: {body}");
        Session {
            token: body["access_token"]
                .as_str()
                .expect("access token")
                .to_string(),
            refresh: body["refresh_token"]
                .as_str()
                .expect("refresh token")
                .to_string(),
            user_id: body["user"]["id"].as_i64().expect("user id"),
        }
    }

    pub async fn post_anon(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let resp = self
            .client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .expect("request failed");
        decode(resp).await
    }

    pub async fn post(&self, s: &Session, path: &str, body: Value) -> (StatusCode, Value) {
        let resp = self
            .client
            .post(self.url(path))
            .bearer_auth(&s.token)
            .json(&body)
            .send()
            .await
            .expect("request failed");
        decode(resp).await
    }

    pub async fn patch(&self, s: &Session, path: &str, body: Value) -> (StatusCode, Value) {
        let resp = self
            .client
            .patch(self.url(path))
            .bearer_auth(&s.token)
            .json(&body)
            .send()
            .await
            .expect("request failed");
        decode(resp).await
    }

    pub async fn put(&self, s: &Session, path: &str, body: Value) -> (StatusCode, Value) {
        let resp = self
            .client
            .put(self.url(path))
            .bearer_auth(&s.token)
            .json(&body)
            .send()
            .await
            .expect("request failed");
        decode(resp).await
    }

    pub async fn get(&self, s: &Session, path: &str) -> (StatusCode, Value) {
        let resp = self
            .client
            .get(self.url(path))
            .bearer_auth(&s.token)
            .send()
            .await
            .expect("request failed");
        decode(resp).await
    }

    pub async fn act(&self, s: &Session, order: i64, body: Value) -> (StatusCode, Value) {
        self.post(s, &format!("/orders/{order}/actions"), body)
            .await
    }

    /// Places an order and returns its id.
    pub async fn place(&self, s: &Session, kind: &str, category: &str) -> i64 {
        let (status, body) = self
            .post(
                s,
                "/orders",
                json!({
                    "kind": kind,
                    "category": category,
                    "title": format!("{kind} {category}"),
                    "description": "测试工单",
                    "address": "幸福小区1号楼101",
                }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "place order: {body}");
        body["id"].as_i64().expect("order id")
    }

    pub async fn order(&self, s: &Session, id: i64) -> Value {
        let (status, body) = self.get(s, &format!("/orders/{id}")).await;
        assert_eq!(status, StatusCode::OK, "get order {id}: {body}");
        body
    }

    /// Id of a unit registered with the committee's community, by name.
    pub async fn unit_id(&self, committee: &Session, name: &str) -> i64 {
        let (status, body) = self.get(committee, "/units").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["items"]
            .as_array()
            .and_then(|units| units.iter().find(|u| u["name"] == name))
            .and_then(|u| u["id"].as_i64())
            .unwrap_or_else(|| panic!("no unit {name} in {body}"))
    }

    pub async fn dispatch_to_volunteer(
        &self,
        committee: &Session,
        order: i64,
        volunteer: &Session,
    ) {
        let (status, body) = self
            .act(
                committee,
                order,
                json!({"action": "dispatch", "assignee": {"type": "volunteer", "id": volunteer.user_id}}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "dispatch: {body}");
    }

    pub async fn ok(&self, s: &Session, order: i64, body: Value) -> Value {
        let (status, resp) = self.act(s, order, body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body} → {resp}");
        resp
    }

    pub async fn points(&self, s: &Session) -> i64 {
        let (status, body) = self.get(s, "/points").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["balance"].as_i64().expect("balance")
    }

    /// Runs every background job once, as of the app's clock (what the runner
    /// does every `LINLI_JOB_INTERVAL_SECONDS`).
    pub async fn run_jobs(&self) -> server::jobs::Report {
        let db = server::db::connect(&self.database_url, 1)
            .await
            .expect("cannot open the test database");
        let settings = server::configuration::Settings::new("127.0.0.1:0", "").jobs;
        let report = server::jobs::run_due(&db, &self.wechat, self.clock.now(), &settings)
            .await
            .expect("the jobs failed");
        let _ = db.read.close().await;
        let _ = db.write.close().await;
        report
    }

    /// Direct database access, only to arrange a situation the API cannot reach quickly.
    pub async fn db(&self) -> sea_orm::DatabaseConnection {
        server::db::connect(&self.database_url, 1)
            .await
            .expect("cannot open the test database")
            .write
    }
}

async fn decode(resp: reqwest::Response) -> (StatusCode, Value) {
    let status = resp.status();
    let text = resp.text().await.expect("response body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"))
    };
    (status, body)
}

/// The error code of an error response, asserting the contract's shape.
pub fn code(body: &Value) -> &str {
    assert!(
        body["error"]["message"].is_string(),
        "error body without a message: {body}"
    );
    body["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("not an error body: {body}"))
}

pub fn actions(order: &Value) -> Vec<String> {
    order["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default().to_string())
        .collect()
}
