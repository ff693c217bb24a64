//! What the benchmarks share: the release `linli`, started with the demo on a
//! fresh SQLite database (and photo directory) of its own, stopped and
//! cleaned away when dropped.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`, as the server printed it.
    pub base: String,
    /// Its SQLite database, for benchmarks that seed more than the demo.
    #[allow(dead_code)]
    pub database_url: String,
    dir: PathBuf,
}

impl Server {
    /// Starts it and waits for the address it prints.
    #[allow(dead_code)]
    pub fn start(name: &str) -> Server {
        Server::start_on(name, None)
    }

    /// Starts it on a database of the caller's (already seeded), or on a
    /// fresh one with the demo.
    pub fn start_on(name: &str, database_url: Option<&str>) -> Server {
        let dir = std::env::temp_dir().join(format!(
            "linli-bench-{name}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let db = database_url.map_or_else(
            || format!("sqlite://{}/bench.db?mode=rwc", dir.display()),
            String::from,
        );
        let mut child = Command::new(env!("CARGO_BIN_EXE_linli"))
            .args([
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--demo",
                "--database-url",
                &db,
            ])
            .args(["--static-dir", "/nonexistent", "--job-interval", "3600"])
            .env("LINLI_JWT_SECRET", "bench-secret")
            .env("LINLI_UPLOAD_DIR", dir.join("photos"))
            .env("RUST_LOG", "error")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("cannot start linli");
        let stdout = child.stdout.take().expect("stdout");
        let base = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find_map(|l| {
                l.strip_prefix("Linli is running at ")
                    .map(|u| u.trim_end_matches('/').to_string())
            });
        // Owned before the address is checked: a server that printed none is
        // still stopped and cleaned away.
        let mut server = Server {
            child,
            base: String::new(),
            database_url: db.clone(),
            dir,
        };
        server.base = base.expect("the server did not print its address");
        server
    }

    /// For reading its memory from /proc (not every benchmark does).
    #[allow(dead_code)]
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Signs a demo account in (password `demo1234`): its access token and id.
#[allow(dead_code)]
pub async fn login(http: &reqwest::Client, api: &str, phone: &str) -> (String, i64) {
    let body: serde_json::Value = http
        .post(format!("{api}/auth/login"))
        .json(&serde_json::json!({"phone": phone, "password": "demo1234"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("login body");
    (
        body["access_token"].as_str().expect("token").to_string(),
        body["user"]["id"].as_i64().expect("id"),
    )
}

/// Places an appliance repair as `resident`; returns its id.
#[allow(dead_code)]
pub async fn place_repair(http: &reqwest::Client, api: &str, resident: &str) -> i64 {
    let placed: serde_json::Value = http
        .post(format!("{api}/orders"))
        .bearer_auth(resident)
        .json(
            &serde_json::json!({"kind": "door_service", "category": "appliance_repair",
                                  "title": "冰箱不制冷", "description": "bench"}),
        )
        .send()
        .await
        .expect("place")
        .json()
        .await
        .expect("placed");
    placed["id"].as_i64().expect("order id")
}
