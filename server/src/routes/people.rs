//! The people desk (find, roles, standing, the record), reset codes and
//! passwords, leaving, and roster imports. The rules are in
//! `services::people`.

use super::Paging;
use crate::auth::throttle::LoginThrottle;
use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::people::{accounts, passwords, standing};
use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use shared::api::{
    AuditEntry, ChangePassword, Items, Page, PersonPatch, PersonRow, ResetCode, ResetRequest,
};
use shared::UserId;

/// `GET /places`: signed in, the caller's part of the tree; before signing
/// in (registration), every community's.

#[utoipa::path(
    tag = "people",
    params(accounts::PeopleQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Page<PersonRow>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/people")]
pub async fn list_people(
    db: web::Data<Db>,
    caller: Caller,
    q: web::Query<accounts::PeopleQuery>,
) -> ApiResult<web::Json<Page<PersonRow>>> {
    let (page, per_page) = Paging {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    Ok(web::Json(
        accounts::list(&db.read, &caller, &q, page, per_page).await?,
    ))
}

#[utoipa::path(
    tag = "people",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = PersonRow),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/people/{id}")]
pub async fn get_person(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<UserId>,
) -> ApiResult<web::Json<PersonRow>> {
    Ok(web::Json(
        accounts::get(&db.read, &caller, path.into_inner()).await?,
    ))
}

#[utoipa::path(
    tag = "people",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = PersonPatch,
    responses(
        (status = 200, description = "OK", body = PersonRow),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[patch("/people/{id}")]
pub async fn patch_person(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<UserId>,
    body: web::Json<PersonPatch>,
) -> ApiResult<web::Json<PersonRow>> {
    Ok(web::Json(
        standing::patch(&db, &caller, path.into_inner(), &body, clock.now()).await?,
    ))
}

#[utoipa::path(
    tag = "people",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Items<AuditEntry>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/people/{id}/audit")]
pub async fn person_audit(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<UserId>,
) -> ApiResult<web::Json<Items<AuditEntry>>> {
    let items = accounts::audit_of(&db.read, &caller, path.into_inner()).await?;
    Ok(web::Json(Items { items }))
}

#[utoipa::path(
    tag = "people",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = shared::api::ResetCode),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/people/{id}/reset-code")]
pub async fn reset_code(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<UserId>,
) -> ApiResult<HttpResponse> {
    let code: ResetCode =
        passwords::reset_code(&db, &caller, path.into_inner(), clock.now()).await?;
    Ok(HttpResponse::Created().json(code))
}

#[utoipa::path(
    tag = "people",
    request_body = ResetRequest,
    responses(
        (status = 200, description = "The password is set: an empty object", body = serde_json::Value),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/auth/reset")]
pub async fn reset_password(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    throttle: web::Data<LoginThrottle>,
    req: HttpRequest,
    body: web::Json<ResetRequest>,
) -> ApiResult<HttpResponse> {
    let client = req.peer_addr().map(|a| a.ip());
    passwords::reset(&db, &throttle, &body, client, clock.now()).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({})))
}

#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    request_body = ChangePassword,
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
#[post("/me/password")]
pub async fn change_password(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<ChangePassword>,
) -> ApiResult<HttpResponse> {
    passwords::change_password(&db, &caller, &body, clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    request_body = Option<shared::api::LeaveRequest>,
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
#[delete("/me")]
pub async fn leave(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: Option<web::Json<shared::api::LeaveRequest>>,
) -> ApiResult<HttpResponse> {
    let req = body.map(|b| b.into_inner()).unwrap_or_default();
    crate::services::people::leaving::leave(&db, &caller, &req, clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(
    tag = "people",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = shared::api::ImportPreview),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/people/imports")]
pub async fn import_people(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    req: HttpRequest,
    payload: web::Payload,
) -> ApiResult<web::Json<shared::api::ImportPreview>> {
    let bytes = super::spreadsheet_file(&req, payload, "roster").await?;
    Ok(web::Json(
        crate::services::people::imports::preview(&db, &caller, &bytes, clock.now()).await?,
    ))
}

#[utoipa::path(
    tag = "people",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = shared::api::ImportResult),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/people/imports/{id}/commit")]
pub async fn commit_import(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<i32>,
) -> ApiResult<web::Json<shared::api::ImportResult>> {
    Ok(web::Json(
        crate::services::people::imports::commit(&db, &caller, path.into_inner(), clock.now())
            .await?,
    ))
}
