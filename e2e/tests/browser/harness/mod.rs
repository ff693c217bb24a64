#![allow(dead_code)]

//! Starts what a browser test needs — the server on a fresh SQLite database with
//! the demo data, serving `frontend/dist`, and chromedriver with headless
//! Chromium — and fails loudly when any of it is missing. On failure a test
//! saves a screenshot under `target/e2e-screenshots/`.

use anyhow::{anyhow, bail, ensure, Context, Result};
use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
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

const WAIT: Duration = Duration::from_secs(15);

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
fn is_stale(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<fantoccini::error::CmdError>()
            .is_some_and(|c| c.is_stale_element_reference())
    })
}

fn text_xpath(text: &str) -> String {
    format!("//*[not(self::script)][text()[contains(normalize-space(.), '{text}')]]")
}

impl Browser {
    /// Runs the background jobs once, as of the server's clock.
    pub async fn run_jobs(&self) -> Result<server::jobs::Report> {
        let db = server::db::connect(&self.database_url, 1).await?;
        let settings = Settings::new("127.0.0.1:0", "").jobs;
        // The browser tests run without WeChat: nothing to send.
        let wechat =
            server::services::wechat::WechatClient::new(Settings::new("127.0.0.1:0", "").wechat)?;
        let mut uploads = Settings::new("127.0.0.1:0", "").uploads;
        uploads.dir = self.photos.clone();
        let photos = server::services::uploads::PhotoStore::new(&uploads, "e2e-secret")?;
        let services = server::jobs::Services {
            wechat: &wechat,
            photos: &photos,
        };
        let report = server::jobs::run_due(&db, services, self.clock.now(), &settings).await?;
        let _ = db.read.close().await;
        let _ = db.write.close().await;
        Ok(report)
    }

    pub async fn goto(&self, path: &str) -> Result<()> {
        self.client.goto(&format!("{}{path}", self.base)).await?;
        Ok(())
    }

    pub async fn find(&self, css: &str) -> Result<Element> {
        self.wait_for(Locator::Css(css))
            .await
            .with_context(|| format!("no element {css}"))
    }

    /// Waits for an element. A page that is moving to another app (a link
    /// into the wrong app) answers "aborted by navigation" while it goes:
    /// that is waited out like a missing element, not taken as a failure.
    async fn wait_for(&self, locator: Locator<'_>) -> Result<Element> {
        let until = std::time::Instant::now() + WAIT;
        loop {
            match self.client.find(locator).await {
                Ok(el) => return Ok(el),
                Err(e) if std::time::Instant::now() >= until => return Err(e.into()),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Scrolls an element to the middle of the screen (clear of the fixed top
    /// and tab bars, as a person would) and clicks it.
    async fn click_element(&self, el: Element, what: &str) -> Result<()> {
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'center'});",
                vec![serde_json::to_value(&el)?],
            )
            .await?;
        el.click()
            .await
            .with_context(|| format!("cannot click {what}"))
    }

    /// Clicks the element `css` matches. A page that draws it again between
    /// finding and clicking (an order refreshed by the live stream) leaves a
    /// stale reference: it is found again, as a person would look again.
    pub async fn click(&self, css: &str) -> Result<()> {
        let until = std::time::Instant::now() + WAIT;
        loop {
            let el = self.find(css).await?;
            match self.click_element(el, css).await {
                Err(e) if is_stale(&e) && std::time::Instant::now() < until => {
                    tokio::time::sleep(Duration::from_millis(100)).await
                }
                done => return done,
            }
        }
    }

    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let el = self.find(css).await?;
        el.clear().await?;
        el.send_keys(text).await?;
        Ok(())
    }

    /// Waits until some element shows this text.
    pub async fn see(&self, text: &str) -> Result<Element> {
        self.wait_for(Locator::XPath(&text_xpath(text)))
            .await
            .with_context(|| format!("the page never showed {text:?}"))
    }

    /// No element shows this text right now.
    pub async fn dont_see(&self, text: &str) -> Result<()> {
        let found = self
            .client
            .find_all(Locator::XPath(&text_xpath(text)))
            .await?;
        if !found.is_empty() {
            bail!("the page shows {text:?} but should not");
        }
        Ok(())
    }

    /// Waits until no element matches `css` (it may take a request to go).
    pub async fn dont_see_css(&self, css: &str) -> Result<()> {
        let until = std::time::Instant::now() + WAIT;
        while std::time::Instant::now() < until {
            if self.client.find_all(Locator::Css(css)).await?.is_empty() {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("{css} is still on the page")
    }

    /// Clicks the element showing `text`, found again if it was drawn anew.
    pub async fn click_text(&self, text: &str) -> Result<()> {
        let until = std::time::Instant::now() + WAIT;
        loop {
            let el = self.see(text).await?;
            match self.click_element(el, text).await {
                Err(e) if is_stale(&e) && std::time::Instant::now() < until => {
                    tokio::time::sleep(Duration::from_millis(100)).await
                }
                done => return done,
            }
        }
    }

    pub async fn wait_status(&self, status: &str) -> Result<()> {
        self.find(&format!(".order-page[data-status='{status}']"))
            .await
            .map(|_| ())
    }

    pub async fn sign_in(&self, phone: &str) -> Result<()> {
        self.goto("/login").await?;
        self.fill("#phone", phone).await?;
        self.fill("#password", "demo1234").await?;
        self.click("form button[type=submit]").await?;
        self.find(".shell, .hat-list").await?;
        Ok(())
    }

    pub async fn sign_out(&self) -> Result<()> {
        self.goto("/me").await?;
        self.click("button.danger").await?;
        self.find("#phone").await?;
        Ok(())
    }

    /// The id of the order whose page is open.
    pub async fn order_id(&self) -> Result<i64> {
        self.find(".order-page").await?;
        let url = self.client.current_url().await?;
        url.path()
            .rsplit('/')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| anyhow!("not on an order page: {url}"))
    }

    /// Presses an action button and confirms its panel.
    pub async fn act(&self, action: &str) -> Result<()> {
        self.click(&format!(".actions button[data-action='{action}']"))
            .await?;
        self.click(&format!("button[data-confirm='{action}']"))
            .await
    }

    /// A Chrome DevTools command, through ChromeDriver.
    pub async fn cdp(&self, cmd: &str, params: serde_json::Value) -> Result<()> {
        let session = self
            .client
            .session_id()
            .await?
            .ok_or_else(|| anyhow!("no WebDriver session"))?;
        let resp = reqwest::Client::new()
            .post(format!(
                "{}/session/{session}/goog/cdp/execute",
                self._driver.1
            ))
            .json(&json!({"cmd": cmd, "params": params}))
            .send()
            .await?;
        ensure!(resp.status().is_success(), "{cmd}: {}", resp.text().await?);
        Ok(())
    }

    /// Sends to the API as someone else; returns the status and the body.
    pub async fn api_send(
        &self,
        token: &str,
        path: &str,
        body: serde_json::Value,
    ) -> Result<(u16, serde_json::Value)> {
        let resp = reqwest::Client::new()
            .post(format!("{}/api/v1{path}", self.base))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await?;
        let status = resp.status().as_u16();
        Ok((status, resp.json().await.unwrap_or_default()))
    }

    /// Signs in over the API (for another person acting at the same time) and
    /// returns the access token.
    pub async fn api_login(&self, phone: &str) -> Result<String> {
        let body: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/login", self.base))
            .json(&json!({"phone": phone, "password": "demo1234"}))
            .send()
            .await?
            .json()
            .await?;
        body["access_token"]
            .as_str()
            .map(String::from)
            .ok_or_else(|| anyhow!("login failed: {body}"))
    }

    /// Posts to the API as someone else; returns the status code.
    pub async fn api_post(&self, token: &str, path: &str, body: serde_json::Value) -> Result<u16> {
        Ok(self.api_send(token, path, body).await?.0)
    }

    /// Waits until a number read by JavaScript on the page passes `ok`, and
    /// returns it.
    pub async fn wait_js(&self, script: &str, ok: impl Fn(f64) -> bool) -> Result<f64> {
        let until = std::time::Instant::now() + WAIT;
        loop {
            let v = self.client.execute(script, vec![]).await?;
            let n = v.as_f64().ok_or_else(|| anyhow!("{script} gave {v}"))?;
            if ok(n) {
                return Ok(n);
            }
            if std::time::Instant::now() > until {
                bail!("{script} still gives {n}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Places an order through the resident's form; returns its id.
    pub async fn place(&self, kind: &str, category: &str, title: &str) -> Result<i64> {
        self.goto(&format!("/new/{kind}")).await?;
        self.find("#category")
            .await?
            .select_by_value(category)
            .await?;
        self.fill("#title", title).await?;
        self.fill("#description", "浏览器测试").await?;
        self.fill("#address", "幸福小区3号楼2单元101").await?;
        self.click("form button[type=submit]").await?;
        self.wait_status("pending").await?;
        self.order_id().await
    }
}
