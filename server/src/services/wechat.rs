//! WeChat's `jscode2session`: trades the code from the mini-program's
//! `wx.login()` for the user's openid. The base URL is configurable
//! (`LINLI_WECHAT_API_BASE`) so tests can point it at a fake.

use crate::configuration::WechatSettings;
use crate::error::{ApiError, ApiResult};
use serde::Deserialize;
use std::time::Duration;

pub struct WechatClient {
    http: reqwest::Client,
    settings: WechatSettings,
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
        Ok(WechatClient { http, settings })
    }

    pub async fn openid(&self, code: &str) -> ApiResult<String> {
        let (Some(appid), Some(secret)) = (&self.settings.appid, &self.settings.secret) else {
            return Err(ApiError::new(shared::ErrorCode::NotConfigured,
                "WeChat sign-in is not set up on this server (LINLI_WECHAT_APPID, LINLI_WECHAT_SECRET)",
            ));
        };
        let url = format!(
            "{}/sns/jscode2session",
            self.settings.api_base.trim_end_matches('/')
        );
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
