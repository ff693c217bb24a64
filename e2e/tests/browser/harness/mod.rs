#![allow(dead_code)]

//! Starts what a browser test needs — the server on a fresh SQLite database with
//! the demo data, serving `frontend/dist`, and chromedriver with headless
//! Chromium — and fails loudly when any of it is missing. On failure a test
//! saves a screenshot under `target/e2e-screenshots/`.

use anyhow::{anyhow, bail, Context, Result};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use server::clock::Clock;
use server::configuration::Settings;
use server::startup::Application;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

mod api;
mod page;

pub(crate) const WAIT: Duration = Duration::from_secs(15);

pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Chromedriver in its own process group, so the Chromium it starts dies with it,
/// even when a test panics.
/// The ChromeDriver process and where it listens.
struct Driver(Child, String);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-9", "--", &format!("-{}", self.0.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.0.wait();
    }
}

pub struct Browser {
    pub client: Client,
    pub base: String,
    /// The server's clock: the system's, until a test moves it ahead.
    pub clock: Clock,
    database_url: String,
    /// Where the server keeps photos (beside its database).
    photos: std::path::PathBuf,
    _driver: Driver,
}

/// Photos go beside the test's database, in its temporary directory.
fn photo_dir(db: &Path) -> std::path::PathBuf {
    db.with_file_name("photos")
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

async fn start_server(db: &Path, clock: Clock) -> Result<String> {
    let dist = workspace().join("frontend/dist");
    if !dist.join("index.html").is_file() {
        bail!(
            "no built web client at {}: run `bash scripts/build-client` first",
            dist.display()
        );
    }
    let mut settings = Settings::new("127.0.0.1:0", format!("sqlite://{}?mode=rwc", db.display()));
    settings.demo = true;
    settings.static_dir = Some(dist);
    settings.jwt_secret = "e2e-secret".into();
    // Tests run the jobs by hand after moving the clock (`run_jobs`).
    settings.jobs.interval_secs = None;
    settings.uploads.dir = photo_dir(db);
    // What the client asks people to subscribe to inside WeChat.
    settings.wechat.templates = serde_json::from_value(json!({
        "accepted": "tmpl-accepted", "completed": "tmpl-completed",
        "urged": "tmpl-urged", "dispatched": "tmpl-dispatched",
    }))?;
    let app = Application::build_with_clock(settings, clock).await?;
    let base = format!("http://{}", app.addr());
    tokio::spawn(app.run_until_stopped());
    Ok(base)
}

async fn start_browser(profile: &Path) -> Result<(Client, Driver)> {
    let driver_bin =
        std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    for bin in [&driver_bin, &chromium] {
        if !Path::new(bin).exists() {
            bail!("{bin} is missing: run `bash scripts/setup-browser` first");
        }
    }
    let port = free_port()?;
    let child = Command::new(&driver_bin)
        .args([format!("--port={port}"), "--allowed-ips=127.0.0.1".into()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .with_context(|| format!("cannot start {driver_bin}"))?;
    let driver = Driver(child, format!("http://127.0.0.1:{port}"));
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=390,844",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let mut last = None;
    // Chromedriver takes a moment to listen.
    for _ in 0..50 {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => return Ok((c, driver)),
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(anyhow!("chromedriver did not answer: {last:?}"))
}

/// Runs one browser test on its own server and browser; on failure saves a
/// screenshot and fails the test with where it was.
pub async fn run(name: &str, test: impl AsyncFnOnce(&Browser) -> Result<()>) {
    let tmp = std::env::temp_dir().join(format!("linli-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let db = tmp.join("e2e.db");
    let clock = Clock::shifted();
    let base = start_server(&db, clock.clone())
        .await
        .expect("the server did not start");
    let (client, driver) = start_browser(&tmp.join("profile"))
        .await
        .expect("the browser did not start");
    let browser = Browser {
        client,
        base,
        clock,
        database_url: format!("sqlite://{}?mode=rwc", db.display()),
        photos: photo_dir(&db),
        _driver: driver,
    };
    // Uncaught errors of the page (a trap in the wasm among them) are kept,
    // to be told with a failure.
    browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": "window.__errors = []; \
                addEventListener('error', (e) => __errors.push(String(e.message))); \
                addEventListener('unhandledrejection', (e) => __errors.push(String(e.reason)));"}),
        )
        .await
        .expect("the error catcher");
    let result = test(&browser).await;
    if let Err(e) = result {
        let dir = workspace().join("target/e2e-screenshots");
        let _ = std::fs::create_dir_all(&dir);
        let shot = dir.join(format!("{name}.png"));
        if let Ok(png) = browser.client.screenshot().await {
            let _ = std::fs::write(&shot, png);
        }
        let url = browser
            .client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        let errors = browser
            .client
            .execute("return (window.__errors || []).join('\\n');", vec![])
            .await
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .unwrap_or_default();
        let _ = browser.client.clone().close().await;
        panic!(
            "{name} failed at {url}: {e:?}\nscreenshot: {}\nerrors on the page: {errors}",
            shot.display()
        );
    }
    let _ = browser.client.clone().close().await;
    let _ = std::fs::remove_dir_all(&tmp);
}

/// The element went away (drawn again) between finding and using it.
pub(crate) fn is_stale(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<fantoccini::error::CmdError>()
            .is_some_and(|c| c.is_stale_element_reference())
    })
}

pub(crate) fn text_xpath(text: &str) -> String {
    format!("//*[not(self::script)][text()[contains(normalize-space(.), '{text}')]]")
}
