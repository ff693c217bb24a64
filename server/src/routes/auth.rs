use crate::auth::jwt::JwtKeys;
use crate::auth::throttle::LoginThrottle;
use crate::auth::Caller;
use crate::configuration::Settings;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::sessions::{self, Sessions};
use crate::services::wechat::WechatClient;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use shared::api::{
    LoginRequest, Me, RefreshRequest, TokenResponse, WechatAnswer, WechatLoginRequest,
};

/// What the session handlers share, from the app's data.
fn sessions<'a>(db: &'a Db, jwt: &'a JwtKeys, settings: &Settings) -> Sessions<'a> {
    Sessions {
        db,
        jwt,
        refresh_ttl_days: settings.refresh_ttl_days,
    }
}

#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "OK", body = TokenResponse),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "invalid_credentials, account_inactive", body = shared::ErrorBody),
        (status = 429, description = "too many failed sign-ins", body = shared::ErrorBody),
    ),
)]
#[post("/auth/login")]
pub async fn login(
    db: web::Data<Db>,
    jwt: web::Data<JwtKeys>,
    settings: web::Data<Settings>,
    throttle: web::Data<LoginThrottle>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    let s = sessions(&db, &jwt, &settings);
    Ok(web::Json(
        sessions::login(s, &throttle, &body, client(&req)).await?,
    ))
}

#[utoipa::path(
    tag = "auth",
    request_body = WechatLoginRequest,
    responses(
        (status = 200, description = "OK", body = WechatAnswer),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
        (status = 502, description = "WeChat could not be reached or refused", body = shared::ErrorBody),
        (status = 503, description = "WeChat sign-in is not set up on this server", body = shared::ErrorBody),
    ),
)]
#[post("/auth/wechat")]
pub async fn wechat(
    db: web::Data<Db>,
    jwt: web::Data<JwtKeys>,
    settings: web::Data<Settings>,
    throttle: web::Data<LoginThrottle>,
    wechat: web::Data<WechatClient>,
    req: HttpRequest,
    body: web::Json<WechatLoginRequest>,
) -> ApiResult<web::Json<WechatAnswer>> {
    let s = sessions(&db, &jwt, &settings);
    Ok(web::Json(
        sessions::wechat_login(s, &throttle, &wechat, body.into_inner(), client(&req)).await?,
    ))
}

#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "OK", body = TokenResponse),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/auth/refresh")]
pub async fn refresh(
    db: web::Data<Db>,
    jwt: web::Data<JwtKeys>,
    settings: web::Data<Settings>,
    body: web::Json<RefreshRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    let s = sessions(&db, &jwt, &settings);
    Ok(web::Json(sessions::refresh(s, &body.refresh_token).await?))
}

#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Done"),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/auth/logout")]
pub async fn logout(db: web::Data<Db>, body: web::Json<RefreshRequest>) -> ApiResult<HttpResponse> {
    sessions::logout(&db, &body.refresh_token).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Me),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/me")]
pub async fn me(db: web::Data<Db>, caller: Caller) -> ApiResult<web::Json<Me>> {
    Ok(web::Json(
        crate::services::identity::me(&db.read, &caller).await?,
    ))
}

/// The client's address as the socket sees it. Forwarded headers are not
/// trusted: anyone can write them.
fn client(req: &HttpRequest) -> Option<std::net::IpAddr> {
    req.peer_addr().map(|a| a.ip())
}
