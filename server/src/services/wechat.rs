//! WeChat's API: `jscode2session` (trades the code from the mini-program's
//! `wx.login()` for the user's openid), `stable_token` (the access token,
//! cached until near its end) and subscribe messages. The base URL is
//! configurable (`LINLI_WECHAT_API_BASE`) so tests can point it at a fake.

use crate::configuration::WechatSettings;
use crate::error::{ApiError, ApiResult};
use serde::Deserialize;
use std::time::Duration;

pub struct WechatClient {
    http: reqwest::Client,
    settings: WechatSettings,
    /// The access token and when to stop using it.
    token: tokio::sync::Mutex<Option<(String, std::time::Instant)>>,
}

/// What WeChat said to one subscribe message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    Yes,
    /// 43101: the user has not subscribed (or used up their subscription).
    NotSubscribed,
    /// 40001, 40014, 42001: the access token is invalid or expired.
    BadToken,
    Failed(String),
}

#[derive(Debug, Deserialize)]
struct WechatAnswer {
    #[serde(default)]
    errcode: Option<i64>,
    #[serde(default)]
    errmsg: Option<String>,
    #[serde(default)]
    access_token: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct Code2Session {
    #[serde(default)]
    openid: Option<String>,
    #[serde(default)]
    errcode: Option<i64>,
    #[serde(default)]
    errmsg: Option<String>,
}

impl WechatClient {
    pub fn new(settings: WechatSettings) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()?;
        Ok(WechatClient {
            http,
            settings,
            token: tokio::sync::Mutex::new(None),
        })
    }

    /// Set up to send subscribe messages: app id, secret and templates.
    pub fn sends(&self) -> bool {
        self.settings.appid.is_some()
            && self.settings.secret.is_some()
            && !self.settings.templates.is_empty()
    }

    pub fn template(&self, kind: shared::api::NotificationKind) -> Option<&str> {
        self.settings.templates.get(&kind).map(String::as_str)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.settings.api_base.trim_end_matches('/'))
    }

    /// The access token from `stable_token`, cached until five minutes before
    /// it ends; `renew` asks WeChat for a fresh one (after 40001/42001).
    pub async fn access_token(&self, renew: bool) -> Result<String, String> {
        let mut cached = self.token.lock().await;
        if let Some((token, until)) = cached.as_ref() {
            if !renew && *until > std::time::Instant::now() {
                return Ok(token.clone());
            }
        }
        let (Some(appid), Some(secret)) = (&self.settings.appid, &self.settings.secret) else {
            return Err("WeChat is not configured".into());
        };
        let answer: WechatAnswer = self
            .http
            .post(self.url("/cgi-bin/stable_token"))
            .json(&serde_json::json!({
                "grant_type": "client_credential",
                "appid": appid,
                "secret": secret.expose(),
                "force_refresh": renew,
            }))
            .send()
            .await
            .map_err(|e| format!("stable_token: {e}"))?
            .json()
            .await
            .map_err(|e| format!("stable_token answered: {e}"))?;
        match (answer.access_token, answer.errcode.unwrap_or(0)) {
            (Some(token), 0) => {
                let life = answer
                    .expires_in
                    .unwrap_or(7200)
                    .saturating_sub(300)
                    .max(60);
                *cached = Some((
                    token.clone(),
                    std::time::Instant::now() + Duration::from_secs(life),
                ));
                Ok(token)
            }
            (_, code) => {
                *cached = None;
                Err(format!(
                    "stable_token refused ({code}): {}",
                    answer.errmsg.unwrap_or_default()
                ))
            }
        }
    }

    /// One subscribe message.
    pub async fn send_subscribe(&self, token: &str, message: &serde_json::Value) -> Sent {
        let answer = match self
            .http
            .post(self.url("/cgi-bin/message/subscribe/send"))
            .query(&[("access_token", token)])
            .json(message)
            .send()
            .await
        {
            Ok(r) => r.json::<WechatAnswer>().await,
            Err(e) => return Sent::Failed(format!("unreachable: {e}")),
        };
        match answer {
            Ok(a) => match a.errcode.unwrap_or(0) {
                0 => Sent::Yes,
                43101 => Sent::NotSubscribed,
                40001 | 40014 | 42001 => Sent::BadToken,
                code => Sent::Failed(format!("{code}: {}", a.errmsg.unwrap_or_default())),
            },
            Err(e) => Sent::Failed(format!("not JSON: {e}")),
        }
    }

    pub async fn openid(&self, code: &str) -> ApiResult<String> {
        let (Some(appid), Some(secret)) = (&self.settings.appid, &self.settings.secret) else {
            return Err(ApiError::new(shared::ErrorCode::NotConfigured,
                "WeChat sign-in is not set up on this server (LINLI_WECHAT_APPID, LINLI_WECHAT_SECRET)",
            ));
        };
        let url = self.url("/sns/jscode2session");
        let unreachable = |e: reqwest::Error| {
            tracing::warn!(error = %e, "WeChat jscode2session failed");
            ApiError::new(
                shared::ErrorCode::UpstreamUnavailable,
                "WeChat could not be reached; try again or sign in with your phone",
            )
        };
        let resp = self
            .http
            .get(url)
            .query(&[
                ("appid", appid.as_str()),
                ("secret", secret.expose()),
                ("js_code", code),
                ("grant_type", "authorization_code"),
            ])
            .send()
            .await
            .map_err(unreachable)?;
        // WeChat answers JSON, sometimes labelled text/plain: parse the body as is.
        let body = resp.bytes().await.map_err(unreachable)?;
        let answer: Code2Session = serde_json::from_slice(&body).map_err(|e| {
            tracing::warn!(error = %e, "WeChat jscode2session answered something that is not JSON");
            ApiError::new(
                shared::ErrorCode::UpstreamUnavailable,
                "WeChat answered something unexpected",
            )
        })?;
        match (answer.errcode.unwrap_or(0), answer.openid) {
            (0, Some(openid)) if !openid.is_empty() => Ok(openid),
            // 40029: invalid code; 40163: code already used.
            (40029 | 40163, _) => Err(ApiError::Refused(
                shared::ErrorCode::InvalidCredentials,
                "the WeChat login code is invalid or already used; call wx.login() again".into(),
            )),
            // 45011: WeChat's rate limit.
            (45011, _) => Err(ApiError::too_many(
                "WeChat is limiting sign-ins; try again in a minute",
            )),
            (code, _) => {
                tracing::warn!(errcode = code, errmsg = ?answer.errmsg, "WeChat jscode2session refused");
                Err(ApiError::new(
                    shared::ErrorCode::UpstreamUnavailable,
                    format!("WeChat refused the sign-in (error {code})"),
                ))
            }
        }
    }
}
