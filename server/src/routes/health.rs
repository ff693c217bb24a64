use crate::error::ApiResult;
use crate::startup::AppState;
use actix_web::{get, web, HttpResponse};

/// 200 once the database answers.
#[get("/healthz")]
pub async fn healthz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    state.db.read.ping().await?;
    state.db.write.ping().await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "status": "ok" })))
}
