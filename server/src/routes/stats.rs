use super::parse_time;
use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::stats::{self, Period};
use crate::services::trend;
use crate::services::{assessment, board, comparison};
use actix_web::http::header::CACHE_CONTROL;
use actix_web::{get, put, web, HttpResponse};
use serde::Deserialize;
use shared::api::{BoardSwitch, CommunitiesFigures, Interval, Stats, Trend};
use shared::CommunityId;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsParams {
    #[serde(default, deserialize_with = "super::empty_is_none")]
    community_id: Option<CommunityId>,
    from: Option<String>,
    to: Option<String>,
}

#[utoipa::path(
    tag = "stats",
    params(StatsParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Stats),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/stats")]
pub async fn get_stats(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    q: web::Query<StatsParams>,
) -> ApiResult<web::Json<Stats>> {
    let period = Period {
        community_id: q.community_id,
        from: parse_time("from", q.from.as_deref())?,
        to: parse_time("to", q.to.as_deref())?,
    };
    Ok(web::Json(
        stats::stats(&db.read, &caller, period, clock.now()).await?,
    ))
}

/// `GET /public/communities/{id}/board`: no sign-in; cached by browsers and
/// proxies for a minute, so a crowd reading it costs the server little.
#[utoipa::path(
    tag = "stats",
    params(("id" = i32, Path)),
    responses(
        (status = 200, description = "OK", body = shared::api::Board),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/public/communities/{id}/board")]
pub async fn get_board(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    cache: web::Data<board::BoardCache>,
    path: web::Path<CommunityId>,
) -> ApiResult<HttpResponse> {
    let board = board::board(&db.read, &cache, path.into_inner(), clock.now()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            CACHE_CONTROL,
            format!("public, max-age={}", board::FRESH_SECONDS),
        ))
        .json(board))
}

/// `PUT /communities/{id}/board` `{"enabled"}`: the committee or the admin.
#[utoipa::path(
    tag = "stats",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = BoardSwitch,
    responses(
        (status = 200, description = "OK", body = BoardSwitch),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[put("/communities/{id}/board")]
pub async fn put_board(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<CommunityId>,
    body: web::Json<BoardSwitch>,
) -> ApiResult<web::Json<BoardSwitch>> {
    Ok(web::Json(
        board::switch(&db, &caller, path.into_inner(), body.into_inner()).await?,
    ))
}

/// `GET /communities/{id}/board`: whether it is on (the committee or the admin).
#[utoipa::path(
    tag = "stats",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = BoardSwitch),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/communities/{id}/board")]
pub async fn get_board_state(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<CommunityId>,
) -> ApiResult<web::Json<BoardSwitch>> {
    Ok(web::Json(
        board::state(&db, &caller, path.into_inner()).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrendParams {
    #[serde(default, deserialize_with = "super::empty_is_none")]
    community_id: Option<CommunityId>,
    from: Option<String>,
    to: Option<String>,
    #[serde(default, deserialize_with = "super::empty_is_none")]
    interval: Option<Interval>,
    /// Series per kind, category, grid or unit.
    #[serde(default, deserialize_with = "super::empty_is_none")]
    by: Option<shared::api::TrendBy>,
}

/// `GET /stats/trend?from=&to=&interval=day|week|month&community_id=`.
#[utoipa::path(
    tag = "stats",
    params(TrendParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Trend),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/stats/trend")]
pub async fn get_trend(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    q: web::Query<TrendParams>,
) -> ApiResult<web::Json<Trend>> {
    let query = trend::TrendQuery {
        community_id: q.community_id,
        from: parse_time("from", q.from.as_deref())?,
        to: parse_time("to", q.to.as_deref())?,
        interval: q.interval.unwrap_or_default(),
        by: q.by,
    };
    Ok(web::Json(
        trend::trend(&db.read, &caller, query, clock.now()).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParams {
    from: Option<String>,
    to: Option<String>,
}

/// `GET /stats/communities?from=&to=` (street officers and admins).
#[utoipa::path(
    tag = "stats",
    params(PeriodParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = CommunitiesFigures),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/stats/communities")]
pub async fn get_communities(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    q: web::Query<PeriodParams>,
) -> ApiResult<web::Json<CommunitiesFigures>> {
    let from = parse_time("from", q.from.as_deref())?;
    let to = parse_time("to", q.to.as_deref())?;
    Ok(web::Json(
        comparison::communities(&db.read, &caller, from, to, clock.now()).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssessmentParams {
    #[serde(default, deserialize_with = "super::empty_is_none")]
    community_id: Option<CommunityId>,
    #[serde(default, deserialize_with = "super::empty_is_none")]
    period: Option<String>,
}

/// `GET /assessment?community_id=&period=` (以下评上).
#[utoipa::path(
    tag = "stats",
    params(AssessmentParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = shared::api::Assessment),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/assessment")]
pub async fn get_assessment(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    q: web::Query<AssessmentParams>,
) -> ApiResult<web::Json<shared::api::Assessment>> {
    Ok(web::Json(
        assessment::assess(
            &db.read,
            &caller,
            q.community_id,
            q.period.as_deref(),
            clock.now(),
        )
        .await?,
    ))
}

/// `PUT /assessment/{unit_id}` `{"period", "score", "comment"}` (the committee).
#[utoipa::path(
    tag = "stats",
    params(("unit_id" = i32, Path)),
    security(("bearer" = [])),
    request_body = shared::api::AssessmentScore,
    responses(
        (status = 200, description = "OK", body = shared::api::UnitAssessment),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[put("/assessment/{unit_id}")]
pub async fn put_assessment(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    unit_id: web::Path<shared::UnitId>,
    body: web::Json<shared::api::AssessmentScore>,
) -> ApiResult<web::Json<shared::api::UnitAssessment>> {
    Ok(web::Json(
        assessment::score(
            &db,
            &caller,
            unit_id.into_inner(),
            body.into_inner(),
            clock.now(),
        )
        .await?,
    ))
}
