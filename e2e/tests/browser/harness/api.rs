//! What happens behind the page: the background jobs run by the test, Chrome
//! DevTools commands, and the API called as someone else.

use super::Browser;
use anyhow::{anyhow, ensure, Result};
use serde_json::json;
use server::configuration::Settings;

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
        let hotline = server::services::partners::hotline::HotlineClient::new()?;
        let services = server::jobs::Services {
            wechat: &wechat,
            photos: &photos,
            hotline: &hotline,
        };
        let report = server::jobs::run_due(&db, services, self.clock.now(), &settings).await?;
        let _ = db.read.close().await;
        let _ = db.write.close().await;
        Ok(report)
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
}
