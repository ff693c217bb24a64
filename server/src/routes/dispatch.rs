//! Dispatch that knows people: candidates, triage and meeting notes, bulk
//! dispatch, volunteers' own profiles, units' skills. The rules are in
//! `services::dispatch`.

use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::dispatch::{self, bulk, profile, triage};
use crate::services::people::units;
use crate::services::uploads::links::Links;
use actix_web::{get, post, put, web};
use shared::api::{
    BulkDispatch, BulkOutcome, CandidateView, DispatchPlanRequest, Items, Order, OrderNote,
    PlannedDispatch, TriageRequest, UnitSkills, UnitSummary, VolunteerProfile,
};
use shared::{OrderId, UnitId};

#[utoipa::path(
    tag = "dispatch",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Items<CandidateView>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/orders/{id}/candidates")]
pub async fn candidates(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    id: web::Path<OrderId>,
) -> ApiResult<web::Json<Items<CandidateView>>> {
    let items = dispatch::candidates(&db.read, &caller, id.into_inner(), clock.now()).await?;
    Ok(web::Json(Items { items }))
}

#[utoipa::path(
    tag = "dispatch",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = TriageRequest,
    responses(
        (status = 200, description = "OK", body = Order),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/orders/{id}/triage")]
pub async fn triage_order(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    links: Links,
    caller: Caller,
    id: web::Path<OrderId>,
    body: web::Json<TriageRequest>,
) -> ApiResult<web::Json<Order>> {
    let o = triage::triage(
        &db,
        &caller,
        id.into_inner(),
        body.into_inner(),
        clock.now(),
        &links,
    )
    .await?;
    Ok(web::Json(o))
}

#[utoipa::path(
    tag = "dispatch",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = OrderNote,
    responses(
        (status = 200, description = "OK", body = Order),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/orders/{id}/notes")]
pub async fn note_order(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    links: Links,
    caller: Caller,
    id: web::Path<OrderId>,
    body: web::Json<OrderNote>,
) -> ApiResult<web::Json<Order>> {
    let o = triage::note(
        &db,
        &caller,
        id.into_inner(),
        body.into_inner(),
        clock.now(),
        &links,
    )
    .await?;
    Ok(web::Json(o))
}

#[utoipa::path(
    tag = "dispatch",
    security(("bearer" = [])),
    request_body = DispatchPlanRequest,
    responses(
        (status = 200, description = "OK", body = Items<PlannedDispatch>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/orders/dispatch-plan")]
pub async fn dispatch_plan(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<DispatchPlanRequest>,
) -> ApiResult<web::Json<Items<PlannedDispatch>>> {
    let items = bulk::plan(&db, &caller, &body.order_ids, clock.now()).await?;
    Ok(web::Json(Items { items }))
}

#[utoipa::path(
    tag = "dispatch",
    security(("bearer" = [])),
    request_body = BulkDispatch,
    responses(
        (status = 200, description = "OK", body = Items<BulkOutcome>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/orders/bulk-dispatch")]
pub async fn bulk_dispatch(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    links: Links,
    caller: Caller,
    body: web::Json<BulkDispatch>,
) -> ApiResult<web::Json<Items<BulkOutcome>>> {
    let items = bulk::dispatch(&db, &caller, body.into_inner(), clock.now(), &links).await?;
    Ok(web::Json(Items { items }))
}

#[utoipa::path(
    tag = "dispatch",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = VolunteerProfile),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/me/profile")]
pub async fn get_profile(
    db: web::Data<Db>,
    caller: Caller,
) -> ApiResult<web::Json<VolunteerProfile>> {
    Ok(web::Json(profile::get(&db.read, &caller).await?))
}

#[utoipa::path(
    tag = "dispatch",
    security(("bearer" = [])),
    request_body = VolunteerProfile,
    responses(
        (status = 200, description = "OK", body = VolunteerProfile),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[put("/me/profile")]
pub async fn put_profile(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<VolunteerProfile>,
) -> ApiResult<web::Json<VolunteerProfile>> {
    Ok(web::Json(
        profile::put(&db, &caller, body.into_inner(), clock.now()).await?,
    ))
}

#[utoipa::path(
    tag = "dispatch",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = UnitSkills,
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
#[put("/units/{id}")]
pub async fn put_unit_skills(
    db: web::Data<Db>,
    caller: Caller,
    id: web::Path<UnitId>,
    body: web::Json<UnitSkills>,
) -> ApiResult<web::Json<UnitSummary>> {
    Ok(web::Json(
        units::set_skills(&db, &caller, id.into_inner(), &body.skills).await?,
    ))
}
