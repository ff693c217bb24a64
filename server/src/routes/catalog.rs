use super::empty_is_none;
use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::{catalog, deadlines};
use actix_web::{get, patch, post, put, web, HttpResponse};
use chrono::Datelike;
use serde::Deserialize;
use shared::api::{
    CalendarYear, Category, CategoryPatch, Items, NewCategory, UnitSummary, VolunteerSummary,
};
use shared::{CommunityId, OrderKind};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KindParam {
    #[serde(default, deserialize_with = "empty_is_none")]
    kind: Option<OrderKind>,
    /// An admin names the community.
    #[serde(default, deserialize_with = "empty_is_none")]
    community_id: Option<CommunityId>,
}

#[utoipa::path(
    tag = "catalog",
    params(KindParam),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Items<Category>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/categories")]
pub async fn list_categories(
    db: web::Data<Db>,
    caller: Caller,
    q: web::Query<KindParam>,
) -> ApiResult<web::Json<Items<Category>>> {
    Ok(web::Json(Items {
        items: catalog::categories(&db.read, &caller, q.kind, q.community_id).await?,
    }))
}

#[utoipa::path(
    tag = "catalog",
    security(("bearer" = [])),
    request_body = NewCategory,
    responses(
        (status = 201, description = "Created", body = shared::api::Category),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/categories")]
pub async fn create_category(
    db: web::Data<Db>,
    caller: Caller,
    body: web::Json<NewCategory>,
) -> ApiResult<HttpResponse> {
    let created = catalog::create_category(&db.write, &caller, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommunityParam {
    #[serde(default, deserialize_with = "empty_is_none")]
    community_id: Option<CommunityId>,
}

#[utoipa::path(
    tag = "catalog",
    params(("code" = String, Path)),
    security(("bearer" = [])),
    request_body = CategoryPatch,
    responses(
        (status = 200, description = "OK", body = Category),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[patch("/categories/{code}")]
pub async fn update_category(
    db: web::Data<Db>,
    caller: Caller,
    code: web::Path<String>,
    q: web::Query<CommunityParam>,
    body: web::Json<CategoryPatch>,
) -> ApiResult<web::Json<Category>> {
    Ok(web::Json(
        catalog::update_category(&db.write, &caller, &code, q.community_id, body.into_inner())
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearParam {
    #[serde(default, deserialize_with = "empty_is_none")]
    year: Option<i32>,
}

/// The working-day calendar of a year (this year, China time, by default).
#[utoipa::path(
    tag = "catalog",
    params(YearParam),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = CalendarYear),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/calendar")]
pub async fn get_calendar(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    _caller: Caller,
    q: web::Query<YearParam>,
) -> ApiResult<web::Json<CalendarYear>> {
    let year = q.year.unwrap_or_else(|| {
        clock
            .now()
            .with_timezone(&shared::deadlines::china())
            .year()
    });
    Ok(web::Json(deadlines::calendar_year(&db.read, year).await?))
}

#[utoipa::path(
    tag = "catalog",
    params(("year" = i32, Path)),
    security(("bearer" = [])),
    request_body = CalendarYear,
    responses(
        (status = 200, description = "OK", body = CalendarYear),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[put("/calendar/{year}")]
pub async fn put_calendar(
    db: web::Data<Db>,
    caller: Caller,
    year: web::Path<i32>,
    body: web::Json<CalendarYear>,
) -> ApiResult<web::Json<CalendarYear>> {
    Ok(web::Json(
        deadlines::put_calendar_year(&db.write, &caller, year.into_inner(), body.into_inner())
            .await?,
    ))
}

#[utoipa::path(
    tag = "catalog",
    params(CommunityParam),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Items<UnitSummary>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/units")]
pub async fn list_units(
    db: web::Data<Db>,
    caller: Caller,
    q: web::Query<CommunityParam>,
) -> ApiResult<web::Json<Items<UnitSummary>>> {
    Ok(web::Json(Items {
        items: catalog::units(&db.read, &caller, q.community_id).await?,
    }))
}

#[utoipa::path(
    tag = "catalog",
    params(CommunityParam),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Items<VolunteerSummary>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/volunteers")]
pub async fn list_volunteers(
    db: web::Data<Db>,
    caller: Caller,
    q: web::Query<CommunityParam>,
) -> ApiResult<web::Json<Items<VolunteerSummary>>> {
    Ok(web::Json(Items {
        items: catalog::volunteers(&db.read, &caller, q.community_id).await?,
    }))
}
