use crate::error::ApiResult;
use crate::startup::AppState;
use actix_web::{get, web, HttpResponse};
use shared::api::ServerInfo;

/// 200 once the database answers.
#[get("/healthz")]
pub async fn healthz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    state.db.read.ping().await?;
    state.db.write.ping().await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "status": "ok" })))
}

/// `GET /api/v1/info`: public facts about this server for the sign-in page.
#[get("/info")]
pub async fn info(state: web::Data<AppState>) -> web::Json<ServerInfo> {
    web::Json(ServerInfo {
        demo: state.settings.demo,
    })
}
