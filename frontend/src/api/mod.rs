//! Every call to the server goes through here: JSON in and out, the access token
//! attached, one silent refresh when it has expired, and errors decoded into the
//! contract's codes so pages can say what happened.

use crate::json::{from_json, to_json};
use crate::session::Session;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::*;
use shared::{ErrorBody, ErrorCode};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

mod dispatch;
mod figures;
mod files;
mod people;
mod points;

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn network(e: impl std::fmt::Display) -> Self {
        ApiError {
            status: 0,
            code: ErrorCode::Unknown,
            message: e.to_string(),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

const BASE: &str = "/api/v1";

#[derive(Clone, Copy)]
enum Method {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

/// The typed client. `Copy`, so closures and async blocks can take it freely.
#[derive(Clone, Copy)]
pub struct Api {
    pub session: Session,
}

impl Api {
    /// The text of a successful answer, after one silent refresh if the
    /// access token expired. Not generic: each response type adds only its
    /// own parsing to the wasm ([`parse`]), not another copy of this.
    async fn send(self, method: Method, path: &str, body: Option<String>) -> ApiResult<String> {
        let token = self.session.access_token();
        let first = raw(method, path, body.clone(), token.as_deref()).await?;
        let resp = if first.status() == 401 && token.is_some() {
            // The access token expired: trade the refresh token for a new pair, once.
            match self.refresh().await {
                Ok(()) => raw(method, path, body, self.session.access_token().as_deref()).await?,
                Err(e) => {
                    self.session.expire();
                    return Err(e);
                }
            }
        } else {
            first
        };
        check(resp)
    }

    async fn refresh(self) -> ApiResult<()> {
        let Some(refresh_token) = self.session.refresh_token() else {
            return Err(ApiError {
                status: 401,
                code: ErrorCode::Unauthorized,
                message: String::new(),
            });
        };
        let body = to_json(&RefreshRequest { refresh_token }).map_err(ApiError::network)?;
        let resp = raw(Method::Post, "/auth/refresh", Some(body), None).await?;
        let tokens: TokenResponse = parse(&check(resp)?)?;
        self.session.update_tokens(tokens);
        Ok(())
    }

    async fn get<T: DeserializeOwned>(self, path: &str) -> ApiResult<T> {
        parse(&self.send(Method::Get, path, None).await?)
    }

    async fn post<T: DeserializeOwned, B: Serialize>(self, path: &str, body: &B) -> ApiResult<T> {
        self.write(Method::Post, path, body).await
    }

    async fn write<T: DeserializeOwned, B: Serialize>(
        self,
        method: Method,
        path: &str,
        body: &B,
    ) -> ApiResult<T> {
        let body = to_json(body).map_err(ApiError::network)?;
        parse(&self.send(method, path, Some(body)).await?)
    }

    pub async fn create_category(self, c: &NewCategory) -> ApiResult<Category> {
        self.post("/categories", c).await
    }

    pub async fn update_category(self, code: &str, p: &CategoryPatch) -> ApiResult<Category> {
        self.write(Method::Patch, &format!("/categories/{code}"), p)
            .await
    }

    /// A one-use ticket for the live stream (`EventSource` sends no headers).
    pub async fn event_ticket(self) -> ApiResult<String> {
        let t: EventTicket = self.post("/events/ticket", &EmptyBody {}).await?;
        Ok(t.ticket)
    }

    pub async fn inbox(self, unread_only: bool, page: u64) -> ApiResult<Inbox> {
        let unread = if unread_only { "&unread=true" } else { "" };
        self.get(&format!("/notifications?page={page}&per_page=30{unread}"))
            .await
    }

    /// Marks these notifications read, or all of them (`ids` empty).
    pub async fn mark_read(self, ids: Vec<shared::NotificationId>) -> ApiResult<()> {
        let all = ids.is_empty();
        self.post("/notifications/read", &MarkRead { ids, all })
            .await
    }

    pub async fn calendar(self, year: i32) -> ApiResult<CalendarYear> {
        self.get(&format!("/calendar?year={year}")).await
    }

    pub async fn put_calendar(self, c: &CalendarYear) -> ApiResult<CalendarYear> {
        self.write(Method::Put, &format!("/calendar/{}", c.year), c)
            .await
    }

    /// Signs in, showing the device token this phone got here before: it lets
    /// the owner in while strangers' guesses have the number locked.
    pub async fn login(self, phone: String, password: String) -> ApiResult<TokenResponse> {
        let device = crate::session::device_token(&phone);
        let body = to_json(&LoginRequest {
            phone: phone.clone(),
            password,
            device,
        })
        .map_err(ApiError::network)?;
        let tokens: TokenResponse = parse(&check(
            raw(Method::Post, "/auth/login", Some(body), None).await?,
        )?)?;
        if let Some(d) = tokens.device_token.as_deref() {
            crate::session::remember_device(&phone, d);
        }
        Ok(tokens)
    }

    pub async fn logout(self) {
        if let Some(refresh_token) = self.session.refresh_token() {
            if let Ok(body) = to_json(&RefreshRequest { refresh_token }) {
                // Best effort: the local session ends whatever the server says.
                let _ = raw(Method::Post, "/auth/logout", Some(body), None).await;
            }
        }
        self.session.clear();
    }

    /// Public facts about the server (no sign-in needed).
    pub async fn info(self) -> ApiResult<shared::api::ServerInfo> {
        parse(&check(raw(Method::Get, "/info", None, None).await?)?)
    }

    pub async fn me(self) -> ApiResult<Me> {
        self.get("/me").await
    }

    pub async fn orders(self, query: &str) -> ApiResult<Page<Order>> {
        self.get(&format!("/orders?{query}")).await
    }

    pub async fn wishes(self, page: u64) -> ApiResult<Page<Order>> {
        self.get(&format!("/wishes?page={page}&per_page=50")).await
    }

    pub async fn order(self, id: shared::OrderId) -> ApiResult<Order> {
        self.get(&format!("/orders/{id}")).await
    }

    pub async fn create_order(self, req: CreateOrder) -> ApiResult<Order> {
        self.post("/orders", &req).await
    }

    pub async fn act(self, id: shared::OrderId, req: ActionRequest) -> ApiResult<Order> {
        self.post(&format!("/orders/{id}/actions"), &req).await
    }

    pub async fn categories(self, kind: Option<shared::OrderKind>) -> ApiResult<Vec<Category>> {
        let q = kind.map(|k| format!("?kind={k}")).unwrap_or_default();
        Ok(self
            .get::<Items<Category>>(&format!("/categories{q}"))
            .await?
            .items)
    }

    /// The units and the volunteers of an order's community (a street
    /// officer reassigning names it; the committee's own is the default).
    pub async fn units(self, community: shared::CommunityId) -> ApiResult<Vec<UnitSummary>> {
        Ok(self
            .get::<Items<UnitSummary>>(&format!("/units?community_id={community}"))
            .await?
            .items)
    }

    pub async fn volunteers(
        self,
        community: shared::CommunityId,
    ) -> ApiResult<Vec<VolunteerSummary>> {
        Ok(self
            .get::<Items<VolunteerSummary>>(&format!("/volunteers?community_id={community}"))
            .await?
            .items)
    }
}

/// A response: status and body text.
struct Reply {
    status: u16,
    text: String,
}

impl Reply {
    fn status(&self) -> u16 {
        self.status
    }
}

fn js_error(e: JsValue) -> ApiError {
    ApiError::network(e.as_string().unwrap_or_else(|| "network error".into()))
}

/// One `fetch`, straight on web-sys: all this client needs, and far smaller
/// in the wasm than a general HTTP library.
async fn raw(
    method: Method,
    path: &str,
    body: Option<String>,
    token: Option<&str>,
) -> ApiResult<Reply> {
    let init = web_sys::RequestInit::new();
    init.set_method(match method {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Patch => "PATCH",
        Method::Put => "PUT",
        Method::Delete => "DELETE",
    });
    let headers = web_sys::Headers::new().map_err(js_error)?;
    if let Some(t) = token {
        headers
            .set("Authorization", &format!("Bearer {t}"))
            .map_err(js_error)?;
    }
    if let Some(b) = body {
        headers
            .set("Content-Type", "application/json")
            .map_err(js_error)?;
        init.set_body(&JsValue::from_str(&b));
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(&format!("{BASE}{path}"), &init)
        .map_err(js_error)?;
    let window = web_sys::window().ok_or_else(|| ApiError::network("no window"))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    let text = JsFuture::from(response.text().map_err(js_error)?)
        .await
        .map_err(js_error)?;
    Ok(Reply {
        status: response.status(),
        text: text.as_string().unwrap_or_default(),
    })
}

/// The body of a successful answer as `T` (an empty body is `null`): parsed
/// by the browser's `JSON.parse`, then read into `T` (no JSON parser of our
/// own in the wasm).
fn parse<T: DeserializeOwned>(text: &str) -> ApiResult<T> {
    from_json(text).map_err(ApiError::network)
}

/// A 2xx answer's text, or the contract's error decoded.
fn check(resp: Reply) -> ApiResult<String> {
    let (status, text) = (resp.status, resp.text);
    if (200..300).contains(&status) {
        return Ok(text);
    }
    Err(match from_json::<ErrorBody>(&text) {
        Ok(body) => ApiError {
            status,
            code: body.error.code,
            message: body.error.message,
        },
        Err(_) => ApiError {
            status,
            code: ErrorCode::Unknown,
            message: format!("HTTP {status}"),
        },
    })
}

/// `{}`: a POST that needs no fields.
#[derive(Serialize)]
struct EmptyBody {}
