use crate::configuration::Settings;
use crate::db::Db;
use crate::error::ApiResult;
use actix_web::{get, web, HttpResponse};
use shared::api::ServerInfo;

/// 200 once the database answers.
#[get("/healthz")]
pub async fn healthz(db: web::Data<Db>) -> ApiResult<HttpResponse> {
    db.read.ping().await?;
    db.write.ping().await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "status": "ok" })))
}

/// `GET /api/v1/info`: public facts about this server for the sign-in page.
#[get("/info")]
pub async fn info(settings: web::Data<Settings>) -> web::Json<ServerInfo> {
    web::Json(ServerInfo {
        demo: settings.demo,
    })
}
