//! Joining: residents register and wait, in-service party members report
//! (双报到), and the committee decides. The rules are in
//! `services::people::join` and `reporting`.

use super::{empty_is_none, Paging};
use crate::auth::jwt::JwtKeys;
use crate::auth::Caller;
use crate::clock::Clock;
use crate::configuration::Settings;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::people::{join, reporting};
use crate::services::sessions::Sessions;
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use shared::api::{
    Items, Membership, MembershipState, MembershipStatus, NewVolunteerApplication, Page, Reason,
    RegisterRequest, Registered, ReportedByWorkUnit, VolunteerApplication,
};
use shared::MembershipId;

/// `GET /places`: signed in, the caller's part of the tree; before signing
/// in (registration), every community's.

#[utoipa::path(
    tag = "joining",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Created", body = shared::api::Registered),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/auth/register")]
pub async fn register(
    db: web::Data<Db>,
    jwt: web::Data<JwtKeys>,
    settings: web::Data<Settings>,
    clock: web::Data<Clock>,
    body: web::Json<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    let s = Sessions {
        db: &db,
        jwt: &jwt,
        refresh_ttl_days: settings.refresh_ttl_days,
    };
    let r: Registered = join::register(s, body.into_inner(), clock.now()).await?;
    Ok(HttpResponse::Created().json(r))
}

#[utoipa::path(
    tag = "joining",
    security(("bearer" = [])),
    request_body = shared::api::ApplyRequest,
    responses(
        (status = 201, description = "Created", body = shared::api::MembershipState),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/me/memberships")]
pub async fn apply(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<shared::api::ApplyRequest>,
) -> ApiResult<HttpResponse> {
    let m: MembershipState = join::apply_again(&db, &caller, &body, clock.now()).await?;
    Ok(HttpResponse::Created().json(m))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MembershipQuery {
    #[serde(default, deserialize_with = "empty_is_none")]
    status: Option<MembershipStatus>,
    #[serde(default, deserialize_with = "empty_is_none")]
    page: Option<u64>,
    #[serde(default, deserialize_with = "empty_is_none")]
    per_page: Option<u64>,
}

#[utoipa::path(
    tag = "joining",
    params(MembershipQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Page<Membership>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/memberships")]
pub async fn list_memberships(
    db: web::Data<Db>,
    caller: Caller,
    q: web::Query<MembershipQuery>,
) -> ApiResult<web::Json<Page<Membership>>> {
    let (page, per_page) = Paging {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    Ok(web::Json(
        join::list(&db.read, &caller, q.status, page, per_page).await?,
    ))
}

#[utoipa::path(
    tag = "joining",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = MembershipState),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/memberships/{id}/approve")]
pub async fn approve_membership(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<MembershipId>,
) -> ApiResult<web::Json<MembershipState>> {
    let m = join::decide(&db, &caller, path.into_inner(), None, clock.now()).await?;
    Ok(web::Json(m))
}

#[utoipa::path(
    tag = "joining",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = Reason,
    responses(
        (status = 200, description = "OK", body = MembershipState),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/memberships/{id}/reject")]
pub async fn reject_membership(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<MembershipId>,
    body: web::Json<Reason>,
) -> ApiResult<web::Json<MembershipState>> {
    let m = join::decide(&db, &caller, path.into_inner(), Some(&body), clock.now()).await?;
    Ok(web::Json(m))
}

#[utoipa::path(
    tag = "joining",
    security(("bearer" = [])),
    request_body = NewVolunteerApplication,
    responses(
        (status = 201, description = "Created", body = crate::services::people::reporting::ApplicationState),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/volunteer-applications")]
pub async fn apply_volunteer(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<NewVolunteerApplication>,
) -> ApiResult<HttpResponse> {
    let a = reporting::apply(&db, &caller, &body, clock.now()).await?;
    Ok(HttpResponse::Created().json(a))
}

#[utoipa::path(
    tag = "joining",
    params(MembershipQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Page<VolunteerApplication>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/volunteer-applications")]
pub async fn list_volunteer_applications(
    db: web::Data<Db>,
    caller: Caller,
    q: web::Query<MembershipQuery>,
) -> ApiResult<web::Json<Page<VolunteerApplication>>> {
    let (page, per_page) = Paging {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    Ok(web::Json(
        reporting::list(&db.read, &caller, q.status, page, per_page).await?,
    ))
}

#[utoipa::path(
    tag = "joining",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Items<ReportedByWorkUnit>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/volunteer-applications/summary")]
pub async fn volunteer_summary(
    db: web::Data<Db>,
    caller: Caller,
) -> ApiResult<web::Json<Items<ReportedByWorkUnit>>> {
    let items = reporting::summary(&db.read, &caller).await?;
    Ok(web::Json(Items { items }))
}

#[utoipa::path(
    tag = "joining",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = crate::services::people::reporting::ApplicationState),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/volunteer-applications/{id}/approve")]
pub async fn approve_volunteer(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    let a = reporting::decide(&db, &caller, path.into_inner(), None, clock.now()).await?;
    Ok(HttpResponse::Ok().json(a))
}

#[utoipa::path(
    tag = "joining",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = Reason,
    responses(
        (status = 200, description = "OK", body = crate::services::people::reporting::ApplicationState),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/volunteer-applications/{id}/reject")]
pub async fn reject_volunteer(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<i32>,
    body: web::Json<Reason>,
) -> ApiResult<HttpResponse> {
    let a = reporting::decide(&db, &caller, path.into_inner(), Some(&body), clock.now()).await?;
    Ok(HttpResponse::Ok().json(a))
}
