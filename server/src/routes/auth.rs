use crate::auth::Caller;
use crate::error::ApiResult;
use crate::services::sessions;
use crate::startup::AppState;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use shared::api::{LoginRequest, Me, RefreshRequest, TokenResponse, WechatLoginRequest};

#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    Ok(web::Json(
        sessions::login(&state, &body, client(&req)).await?,
    ))
}

#[post("/auth/wechat")]
pub async fn wechat(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<WechatLoginRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    Ok(web::Json(
        sessions::wechat_login(&state, body.into_inner(), client(&req)).await?,
    ))
}

#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    Ok(web::Json(
        sessions::refresh(&state, &body.refresh_token).await?,
    ))
}

#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    sessions::logout(&state, &body.refresh_token).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[get("/me")]
pub async fn me(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Me>> {
    Ok(web::Json(sessions::me(&state.db.read, &caller).await?))
}

/// The client's address as the socket sees it. Forwarded headers are not
/// trusted: anyone can write them.
fn client(req: &HttpRequest) -> Option<std::net::IpAddr> {
    req.peer_addr().map(|a| a.ip())
}
