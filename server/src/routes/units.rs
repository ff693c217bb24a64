//! Member units and their staff. The rules are in `services::people::units`.

use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::people::units;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use shared::api::{Items, NewUnitMember, UnitInput, UnitMember, UnitSummary};
use shared::{UnitId, UserId};

/// `GET /places`: signed in, the caller's part of the tree; before signing
/// in (registration), every community's.

#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    request_body = UnitInput,
    responses(
        (status = 201, description = "Created", body = shared::api::UnitSummary),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/units")]
pub async fn create_unit(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<UnitInput>,
) -> ApiResult<HttpResponse> {
    let u = units::create(&db, &caller, &body, clock.now()).await?;
    Ok(HttpResponse::Created().json(u))
}

#[utoipa::path(
    tag = "units",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = UnitInput,
    responses(
        (status = 200, description = "OK", body = UnitSummary),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[patch("/units/{id}")]
pub async fn update_unit(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<UnitId>,
    body: web::Json<UnitInput>,
) -> ApiResult<web::Json<UnitSummary>> {
    Ok(web::Json(
        units::update(&db, &caller, path.into_inner(), &body).await?,
    ))
}

#[utoipa::path(
    tag = "units",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Items<UnitMember>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/units/{id}/members")]
pub async fn unit_members(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<UnitId>,
) -> ApiResult<web::Json<Items<UnitMember>>> {
    let items = units::members(&db.read, &caller, path.into_inner()).await?;
    Ok(web::Json(Items { items }))
}

#[utoipa::path(
    tag = "units",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = NewUnitMember,
    responses(
        (status = 201, description = "Created", body = shared::api::UnitMember),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/units/{id}/members")]
pub async fn add_unit_member(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<UnitId>,
    body: web::Json<NewUnitMember>,
) -> ApiResult<HttpResponse> {
    let m = units::add_member(&db, &caller, path.into_inner(), &body, clock.now()).await?;
    Ok(HttpResponse::Created().json(m))
}

#[utoipa::path(
    tag = "units",
    params(("id" = i32, Path), ("user_id" = i32, Path)),
    security(("bearer" = [])),
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
#[delete("/units/{id}/members/{user_id}")]
pub async fn remove_unit_member(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<(UnitId, UserId)>,
) -> ApiResult<HttpResponse> {
    let (unit, user) = path.into_inner();
    units::remove_member(&db, &caller, unit, user, clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
