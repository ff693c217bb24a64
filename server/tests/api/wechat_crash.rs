//! The real `linli` binary killed with SIGKILL between a message's enqueue and
//! its send, and restarted: each WeChat message still goes out exactly once.

use crate::fake_wechat::*;
use crate::helpers::*;
use serde_json::{json, Value};

/// The real binary, killed with SIGKILL between the enqueue and the send.
struct Linli(std::process::Child);

impl Drop for Linli {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn start_linli(db: &str, port: u16, wechat: &str, interval: &str) -> Linli {
    // Photos beside the database, in the test's own directory.
    let file = db.trim_start_matches("sqlite://");
    let photos =
        std::path::Path::new(file.split('?').next().unwrap_or(file)).with_file_name("photos");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_linli"))
        .args([
            "serve",
            "--demo",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            db,
            "--static-dir",
            "/nonexistent",
        ])
        .env("LINLI_JWT_SECRET", "kill-test-secret")
        .env("LINLI_UPLOAD_DIR", &photos)
        .env("LINLI_WECHAT_APPID", APPID)
        .env("LINLI_WECHAT_SECRET", SECRET)
        .env("LINLI_WECHAT_API_BASE", wechat)
        .env(
            "LINLI_WECHAT_TEMPLATES",
            r#"{"accepted": "tmpl-accepted", "completed": "tmpl-completed"}"#,
        )
        .env("LINLI_JOB_INTERVAL_SECONDS", interval)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start linli");
    let linli = Linli(child);
    let health = format!("http://127.0.0.1:{port}/healthz");
    for _ in 0..100 {
        if reqwest::get(&health)
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return linli;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("linli did not start");
}

/// Waits until WeChat has received `n` messages, then keeps watching through
/// three more runs of the jobs (every second) so that a late duplicate is
/// caught rather than missed.
async fn sent_and_no_more(fake: &Shared, n: usize) {
    for _ in 0..100 {
        if lock(fake).sent.len() >= n {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(lock(fake).sent.len(), n, "sent by now");
    tokio::time::sleep(std::time::Duration::from_millis(3_500)).await;
    assert_eq!(
        lock(fake).sent.len(),
        n,
        "and nothing more in three runs of the jobs"
    );
}

async fn api(port: u16, token: Option<&str>, path: &str, body: Value) -> Value {
    let mut req = reqwest::Client::new().post(format!("http://127.0.0.1:{port}/api/v1{path}"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.json(&body).send().await.expect("request");
    assert!(resp.status().is_success(), "{path}: {}", resp.status());
    resp.json().await.unwrap_or(Value::Null)
}

async fn token(port: u16, phone: &str) -> String {
    api(
        port,
        None,
        "/auth/login",
        json!({"phone": phone, "password": "demo1234"}),
    )
    .await["access_token"]
        .as_str()
        .expect("token")
        .to_string()
}

#[tokio::test]
async fn a_server_killed_between_enqueue_and_send_sends_each_message_once_after_restart() {
    if std::env::var("LINLI_TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
        eprintln!("the binary's crash test runs on SQLite");
        return;
    }
    let (base, fake) = fake_wechat().await;
    let dir = std::env::temp_dir().join(format!("linli-kill-{}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).expect("dir");
    let db = format!("sqlite://{}/kill.db?mode=rwc", dir.display());
    let port = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port")
    };

    // The jobs run at start and then hourly: the message waits in the outbox.
    let p = port();
    let server = start_linli(&db, p, &base, "3600").await;
    api(
        p,
        None,
        "/auth/wechat",
        json!({"code": "code-wang-1", "phone": RESIDENT, "password": "demo1234"}),
    )
    .await;
    let resident = token(p, RESIDENT).await;
    let committee = token(p, COMMITTEE).await;
    let plumber = token(p, PLUMBER).await;
    let order = api(
        p,
        Some(&resident),
        "/orders",
        json!({"kind": "door_service", "category": "appliance_repair", "title": "冰箱不制冷", "description": "d"}),
    )
    .await["id"]
        .as_i64()
        .expect("order");
    let me = api(
        p,
        Some(&plumber),
        "/auth/login",
        json!({"phone": PLUMBER, "password": "demo1234"}),
    )
    .await;
    let plumber_id = me["user"]["id"].clone();
    api(
        p,
        Some(&committee),
        &format!("/orders/{order}/actions"),
        json!({"action": "dispatch", "assignee": {"type": "volunteer", "id": plumber_id}}),
    )
    .await;
    api(
        p,
        Some(&plumber),
        &format!("/orders/{order}/actions"),
        json!({"action": "accept"}),
    )
    .await;
    drop(server); // SIGKILL
    assert!(
        lock(&fake).sent.is_empty(),
        "nothing was sent before the crash"
    );

    // Restarted: the first run sends what waited, once.
    let p = port();
    let server = start_linli(&db, p, &base, "1").await;
    sent_and_no_more(&fake, 1).await;
    // Killed and restarted again, then a second event: only that one is new.
    drop(server);
    let p = port();
    let _server = start_linli(&db, p, &base, "1").await;
    let plumber = token(p, PLUMBER).await;
    api(
        p,
        Some(&plumber),
        &format!("/orders/{order}/actions"),
        json!({"action": "complete", "note": "修好了"}),
    )
    .await;
    sent_and_no_more(&fake, 2).await;
    let templates: Vec<Value> = lock(&fake)
        .sent
        .iter()
        .map(|m| m["template_id"].clone())
        .collect();
    assert_eq!(templates, [json!("tmpl-accepted"), json!("tmpl-completed")]);
    let _ = std::fs::remove_dir_all(&dir);
}
