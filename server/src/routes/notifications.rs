//! The caller's inbox.

use super::{empty_is_none, Paging};
use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::notifications;
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use shared::api::{Inbox, MarkRead};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    #[serde(default, deserialize_with = "empty_is_none")]
    unread: Option<bool>,
    #[serde(default, deserialize_with = "empty_is_none")]
    page: Option<u64>,
    #[serde(default, deserialize_with = "empty_is_none")]
    per_page: Option<u64>,
}

#[utoipa::path(
    tag = "notifications",
    params(InboxQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Inbox),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/notifications")]
pub async fn list_notifications(
    db: web::Data<Db>,
    caller: Caller,
    q: web::Query<InboxQuery>,
) -> ApiResult<web::Json<Inbox>> {
    let (page, per_page) = Paging {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    Ok(web::Json(
        notifications::inbox(&db.read, &caller, q.unread.unwrap_or(false), page, per_page).await?,
    ))
}

#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    request_body = MarkRead,
    responses(
        (status = 204, description = "Done"),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/notifications/read")]
pub async fn mark_read(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<MarkRead>,
) -> ApiResult<HttpResponse> {
    notifications::mark_read(&db.write, &caller, body.into_inner(), clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
