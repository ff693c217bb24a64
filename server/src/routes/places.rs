//! Places: the tree (`GET /places`), streets and communities by the admin,
//! grids and buildings by the admin or the committee, renames, and the
//! admin appointing a community's committee. The rules are in
//! `services::people::places` and `admins`.

use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::people::admins;
use crate::services::people::places::{self, Place};
use actix_web::{get, patch, post, web, FromRequest, HttpRequest, HttpResponse};
use shared::api::{NamedRef, NewCommunity, PlaceName, Places};
use shared::{BuildingId, CommunityId, GridId, StreetId};

/// `GET /places`: signed in, the caller's part of the tree; before signing
/// in (registration), every community's.

#[utoipa::path(
    tag = "places",
    responses(
        (status = 200, description = "OK", body = Places),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/places")]
pub async fn get_places(db: web::Data<Db>, req: HttpRequest) -> ApiResult<web::Json<Places>> {
    let caller = if req
        .headers()
        .contains_key(actix_web::http::header::AUTHORIZATION)
    {
        Some(Caller::extract(&req).await?)
    } else {
        None
    };
    Ok(web::Json(places::tree(&db.read, caller.as_ref()).await?))
}

#[utoipa::path(
    tag = "places",
    security(("bearer" = [])),
    request_body = PlaceName,
    responses(
        (status = 201, description = "Created", body = shared::api::NamedRef<shared::StreetId>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/streets")]
pub async fn create_street(
    db: web::Data<Db>,
    caller: Caller,
    body: web::Json<PlaceName>,
) -> ApiResult<HttpResponse> {
    let s = places::create_street(&db, &caller, &body).await?;
    Ok(HttpResponse::Created().json(s))
}

#[utoipa::path(
    tag = "places",
    security(("bearer" = [])),
    request_body = NewCommunity,
    responses(
        (status = 201, description = "Created", body = shared::api::NamedRef<shared::CommunityId>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/communities")]
pub async fn create_community(
    db: web::Data<Db>,
    caller: Caller,
    body: web::Json<NewCommunity>,
) -> ApiResult<HttpResponse> {
    let c = places::create_community(&db, &caller, &body).await?;
    Ok(HttpResponse::Created().json(c))
}

#[utoipa::path(
    tag = "places",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = PlaceName,
    responses(
        (status = 201, description = "Created", body = shared::api::NamedRef<shared::GridId>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/communities/{id}/grids")]
pub async fn create_grid(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<CommunityId>,
    body: web::Json<PlaceName>,
) -> ApiResult<HttpResponse> {
    let g = places::create_grid(&db, &caller, path.into_inner(), &body).await?;
    Ok(HttpResponse::Created().json(g))
}

#[utoipa::path(
    tag = "places",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = PlaceName,
    responses(
        (status = 201, description = "Created", body = shared::api::NamedRef<shared::BuildingId>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/grids/{id}/buildings")]
pub async fn create_building(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<GridId>,
    body: web::Json<PlaceName>,
) -> ApiResult<HttpResponse> {
    let b: NamedRef<BuildingId> =
        places::create_building(&db, &caller, path.into_inner(), &body).await?;
    Ok(HttpResponse::Created().json(b))
}

#[utoipa::path(
    tag = "places",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = PlaceName,
    responses(
        (status = 200, description = "OK", body = PlaceName),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[patch("/streets/{id}")]
pub async fn rename_street(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<StreetId>,
    body: web::Json<PlaceName>,
) -> ApiResult<web::Json<PlaceName>> {
    let place = Place::Street(path.into_inner());
    Ok(web::Json(places::rename(&db, &caller, place, &body).await?))
}

#[utoipa::path(
    tag = "places",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = PlaceName,
    responses(
        (status = 200, description = "OK", body = PlaceName),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[patch("/communities/{id}")]
pub async fn rename_community(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<CommunityId>,
    body: web::Json<PlaceName>,
) -> ApiResult<web::Json<PlaceName>> {
    let place = Place::Community(path.into_inner());
    Ok(web::Json(places::rename(&db, &caller, place, &body).await?))
}

#[utoipa::path(
    tag = "places",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = PlaceName,
    responses(
        (status = 200, description = "OK", body = PlaceName),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[patch("/grids/{id}")]
pub async fn rename_grid(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<GridId>,
    body: web::Json<PlaceName>,
) -> ApiResult<web::Json<PlaceName>> {
    let place = Place::Grid(path.into_inner());
    Ok(web::Json(places::rename(&db, &caller, place, &body).await?))
}

#[utoipa::path(
    tag = "places",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = PlaceName,
    responses(
        (status = 200, description = "OK", body = PlaceName),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[patch("/buildings/{id}")]
pub async fn rename_building(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<BuildingId>,
    body: web::Json<PlaceName>,
) -> ApiResult<web::Json<PlaceName>> {
    let place = Place::Building(path.into_inner());
    Ok(web::Json(places::rename(&db, &caller, place, &body).await?))
}

#[utoipa::path(
    tag = "places",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = shared::api::NewCommitteeMember,
    responses(
        (status = 201, description = "Created", body = shared::api::CommitteeMemberAdded),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/communities/{id}/committee")]
pub async fn add_committee_member(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<CommunityId>,
    body: web::Json<shared::api::NewCommitteeMember>,
) -> ApiResult<HttpResponse> {
    let added =
        admins::add_committee_member(&db, &caller, path.into_inner(), &body, clock.now()).await?;
    Ok(HttpResponse::Created().json(added))
}
