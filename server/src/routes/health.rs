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

/// `GET /api/v1/info`: public facts about this server for the sign-in page,
/// and the WeChat subscribe-message template ids by notification kind (those
/// configured), which the client asks people to subscribe to inside WeChat
/// (read by its JavaScript, so the wasm carries no map for them).
#[utoipa::path(
    tag = "auth",
    responses((status = 200, description = "Whether the demo runs, and the WeChat templates", body = shared::api::ServerInfo)),
)]
#[get("/info")]
pub async fn info(settings: web::Data<Settings>) -> HttpResponse {
    #[derive(serde::Serialize)]
    struct Info<'a> {
        #[serde(flatten)]
        info: ServerInfo,
        wechat_templates: std::collections::BTreeMap<&'a shared::api::NotificationKind, &'a String>,
    }
    HttpResponse::Ok().json(Info {
        info: ServerInfo {
            demo: settings.demo,
        },
        wechat_templates: settings.wechat.templates.iter().collect(),
    })
}
