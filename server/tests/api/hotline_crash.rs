//! The real `linli` binary killed with SIGKILL while a hotline result is on
//! its way (the hotline has it, the server never hears back) and before one
//! is sent: after restarts the hotline keeps each result exactly once.

use crate::fake_hotline::*;
use crate::helpers::*;
use serde_json::{json, Value};

struct Linli(std::process::Child);

impl Drop for Linli {
    fn drop(&mut self) {
        let _ = self.0.kill(); // SIGKILL
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn start_linli(db: &str, port: u16, interval: &str) -> Linli {
    let file = db.trim_start_matches("sqlite://");
    let photos =
        std::path::Path::new(file.split('?').next().unwrap_or(file)).with_file_name("photos");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(["serve", "--demo", "--bind", &format!("127.0.0.1:{port}")])
        .args(["--database-url", db, "--static-dir", "/nonexistent"])
        .env("LINLI_JWT_SECRET", "kill-test-secret")
        .env("LINLI_UPLOAD_DIR", &photos)
        .env("LINLI_JOB_INTERVAL_SECONDS", interval)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start linli");
    let linli = Linli(child);
    for _ in 0..100 {
        if reqwest::get(format!("http://127.0.0.1:{port}/healthz"))
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return linli;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("linli did not start");
}

async fn call(port: u16, token: Option<&str>, path: &str, body: Value) -> Value {
    let mut req = reqwest::Client::new().post(format!("http://127.0.0.1:{port}/api/v1{path}"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.json(&body).send().await.expect("request");
    assert!(resp.status().is_success(), "{path}: {}", resp.status());
    resp.json().await.unwrap_or(Value::Null)
}

async fn login(port: u16, phone: &str) -> (String, Value) {
    let body = call(
        port,
        None,
        "/auth/login",
        json!({"phone": phone, "password": "demo1234"}),
    )
    .await;
    (
        body["access_token"].as_str().expect("token").to_string(),
        body["user"]["id"].clone(),
    )
}

async fn wait_for(fake: &Shared, received: usize) {
    for _ in 0..100 {
        if lock(fake).received.len() >= received {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!(
        "the hotline got {} requests, not {received}",
        lock(fake).received.len()
    );
}

#[tokio::test]
async fn a_server_killed_mid_send_still_gives_the_hotline_each_result_once() {
    if std::env::var("LINLI_TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
        eprintln!("the binary's crash test runs on SQLite");
        return;
    }
    let (url, fake) = fake_hotline().await;
    let dir = std::env::temp_dir().join(format!("linli-hotline-kill-{}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).expect("dir");
    let db = format!("sqlite://{}/kill.db?mode=rwc", dir.display());

    // The jobs run at start, then hourly: the accept's result waits.
    let p = free_port();
    let server = start_linli(&db, p, "3600").await;
    let (committee, _) = login(p, COMMITTEE).await;
    let made = call(
        p,
        Some(&committee),
        "/partners",
        json!({"name": "12345热线", "kind": "hotline", "callback_url": url}),
    )
    .await;
    let (key, secret) = (
        made["key"].as_str().expect("key").to_string(),
        made["secret"].as_str().expect("secret").to_string(),
    );
    lock(&fake).secret = secret.clone();
    let body = json!({
        "hotline_number": "GD-KILL-1", "received_at": "2026-12-04 09:30",
        "title": "路灯不亮", "content": "小区东门路灯不亮", "caller": {"phone": "13700000077"}
    })
    .to_string();
    let resp = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{p}/api/v1/hotline/orders"))
        .header("X-Linli-Key", &key)
        .header("X-Linli-Signature", signature(&secret, body.as_bytes()))
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .expect("push");
    assert_eq!(resp.status(), reqwest::StatusCode::CREATED);
    let order = resp.json::<Value>().await.expect("order")["id"]
        .as_i64()
        .expect("id");
    let (plumber, plumber_id) = login(p, PLUMBER).await;
    let path = format!("/orders/{order}/actions");
    call(
        p,
        Some(&committee),
        &path,
        json!({"action": "dispatch", "assignee": {"type": "volunteer", "id": plumber_id}}),
    )
    .await;
    call(p, Some(&plumber), &path, json!({"action": "accept"})).await;
    drop(server); // killed before the send
    assert!(lock(&fake).received.is_empty());

    // Restarted: it sends; the hotline takes the result and holds its
    // answer; the server is killed before it hears back.
    lock(&fake).hold_ms = 30_000;
    let server = start_linli(&db, free_port(), "1").await;
    wait_for(&fake, 1).await;
    drop(server);
    lock(&fake).hold_ms = 0;

    // The claim it left expires; the next run sends the result again, with
    // the same delivery id: the hotline keeps it once.
    let conn = server::db::connect(&db, 1).await.expect("db");
    let settings = server::configuration::Settings::new("127.0.0.1:0", "");
    let wechat =
        server::services::wechat::WechatClient::new(settings.wechat.clone()).expect("wechat");
    let mut uploads = settings.uploads.clone();
    uploads.dir = dir.join("photos");
    let photos =
        server::services::uploads::PhotoStore::new(&uploads, "kill-test-secret").expect("photos");
    let hotline = server::services::partners::hotline::HotlineClient::new().expect("client");
    let later = chrono::Utc::now() + chrono::Duration::minutes(3);
    for (run, expected) in [(0, 1), (1, 0)] {
        let services = server::jobs::Services {
            wechat: &wechat,
            photos: &photos,
            hotline: &hotline,
        };
        let report = server::jobs::run_due(&conn, services, later, &settings.jobs)
            .await
            .expect("jobs");
        assert_eq!(report.hotline_sent, expected, "run {run}");
    }
    {
        let f = lock(&fake);
        assert_eq!(f.received.len(), 2, "sent twice, the second a retry");
        assert_eq!(f.received[0].id, f.received[1].id, "with one delivery id");
        assert_eq!(
            f.events(),
            [("GD-KILL-1".to_string(), "accepted".to_string())]
        );
    }

    // Running again, a new event: only it is new, once.
    let p = free_port();
    let _server = start_linli(&db, p, "1").await;
    let (plumber, _) = login(p, PLUMBER).await;
    call(
        p,
        Some(&plumber),
        &path,
        json!({"action": "complete", "note": "已修复"}),
    )
    .await;
    wait_for(&fake, 3).await;
    tokio::time::sleep(std::time::Duration::from_millis(3_500)).await;
    let f = lock(&fake);
    assert_eq!(
        f.received.len(),
        3,
        "nothing more in three runs of the jobs"
    );
    assert_eq!(
        f.events(),
        [
            ("GD-KILL-1".to_string(), "accepted".to_string()),
            ("GD-KILL-1".to_string(), "completed".to_string())
        ]
    );
    drop(f);
    let _ = std::fs::remove_dir_all(&dir);
}
