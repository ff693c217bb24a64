//! Points, the points supermarket's shelf and its reservations. The rules
//! are in `services::points`.

use super::{created, empty_is_none, Paging};
use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::services::points::{self, awards, redemptions, shelf};
use crate::services::uploads::links::Links;
use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use shared::api::{
    Items, NewAward, NewReward, Page, PickupCodeBody, PointsView, Redemption, Reward, RewardChange,
    VolunteerYear, Withdrawal,
};
use shared::{LedgerEntryId, RedemptionId, RedemptionStatus, RewardId, UserId};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WhoseQuery {
    /// Someone of the committee's community; the caller's own without it.
    #[serde(default, deserialize_with = "empty_is_none")]
    user_id: Option<UserId>,
}

#[utoipa::path(
    tag = "points",
    params(WhoseQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = PointsView),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/points")]
pub async fn get_points(
    db: web::Data<Db>,
    caller: Caller,
    q: web::Query<WhoseQuery>,
) -> ApiResult<web::Json<PointsView>> {
    let whose = points::readable(&db.read, &caller, q.user_id).await?;
    Ok(web::Json(points::view(&db.read, whose).await?))
}

#[utoipa::path(
    tag = "points",
    params(("year" = i32, Path)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = VolunteerYear),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/points/years/{year}")]
pub async fn get_volunteer_year(
    db: web::Data<Db>,
    caller: Caller,
    year: web::Path<i32>,
    q: web::Query<WhoseQuery>,
) -> ApiResult<web::Json<VolunteerYear>> {
    let whose = points::readable(&db.read, &caller, q.user_id).await?;
    Ok(web::Json(
        awards::year(&db.read, &caller, whose, year.into_inner()).await?,
    ))
}

#[utoipa::path(
    tag = "points",
    security(("bearer" = [])),
    request_body = NewAward,
    responses(
        (status = 201, description = "Created", body = shared::api::LedgerEntry),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/points/awards")]
pub async fn award_points(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<NewAward>,
) -> ApiResult<HttpResponse> {
    Ok(created(
        awards::award(&db, &caller, body.into_inner(), clock.now()).await?,
    ))
}

#[utoipa::path(
    tag = "points",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = Withdrawal,
    responses(
        (status = 201, description = "Created", body = shared::api::LedgerEntry),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/points/awards/{id}/withdraw")]
pub async fn withdraw_award(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    id: web::Path<LedgerEntryId>,
    body: web::Json<Withdrawal>,
) -> ApiResult<HttpResponse> {
    Ok(created(
        awards::withdraw(
            &db,
            &caller,
            id.into_inner(),
            body.into_inner(),
            clock.now(),
        )
        .await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShelfQuery {
    /// `all`: the committee sees what is off the shelf too.
    #[serde(default, deserialize_with = "empty_is_none")]
    shelf: Option<String>,
}

#[utoipa::path(
    tag = "points",
    params(ShelfQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Items<Reward>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/rewards")]
pub async fn list_rewards(
    db: web::Data<Db>,
    caller: Caller,
    q: web::Query<ShelfQuery>,
    links: Links,
) -> ApiResult<web::Json<Items<Reward>>> {
    let all = match q.shelf.as_deref() {
        None | Some("on") => false,
        Some("all") => true,
        Some(other) => return Err(ApiError::invalid(format!("shelf {other:?}: use on or all"))),
    };
    Ok(web::Json(Items {
        items: shelf::list(&db.read, &caller, all, &links).await?,
    }))
}

#[utoipa::path(
    tag = "points",
    security(("bearer" = [])),
    request_body = NewReward,
    responses(
        (status = 201, description = "Created", body = shared::api::Reward),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/rewards")]
pub async fn create_reward(
    db: web::Data<Db>,
    caller: Caller,
    body: web::Json<NewReward>,
    links: Links,
) -> ApiResult<HttpResponse> {
    Ok(created(
        shelf::create(&db, &caller, body.into_inner(), &links).await?,
    ))
}

#[utoipa::path(
    tag = "points",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = RewardChange,
    responses(
        (status = 200, description = "OK", body = Reward),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[patch("/rewards/{id}")]
pub async fn change_reward(
    db: web::Data<Db>,
    caller: Caller,
    id: web::Path<RewardId>,
    body: web::Json<RewardChange>,
    links: Links,
) -> ApiResult<web::Json<Reward>> {
    Ok(web::Json(
        shelf::change(&db, &caller, id.into_inner(), body.into_inner(), &links).await?,
    ))
}

#[utoipa::path(
    tag = "points",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = shared::api::Redemption),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/rewards/{id}/redeem")]
pub async fn redeem_reward(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    id: web::Path<RewardId>,
) -> ApiResult<HttpResponse> {
    Ok(created(
        redemptions::redeem(&db, &caller, id.into_inner(), clock.now()).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RedemptionQuery {
    #[serde(default, deserialize_with = "empty_is_none")]
    status: Option<String>,
    /// `true`: only the caller's own, even for the committee.
    #[serde(default, deserialize_with = "empty_is_none")]
    mine: Option<bool>,
    #[serde(default, deserialize_with = "empty_is_none")]
    page: Option<u64>,
    #[serde(default, deserialize_with = "empty_is_none")]
    per_page: Option<u64>,
}

#[utoipa::path(
    tag = "points",
    params(RedemptionQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Page<Redemption>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/redemptions")]
pub async fn list_redemptions(
    db: web::Data<Db>,
    caller: Caller,
    q: web::Query<RedemptionQuery>,
) -> ApiResult<web::Json<Page<Redemption>>> {
    let status = q
        .status
        .as_deref()
        .map(str::parse::<RedemptionStatus>)
        .transpose()
        .map_err(ApiError::invalid)?;
    let (page, per_page) = Paging {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    Ok(web::Json(
        redemptions::list(
            &db.read,
            &caller,
            status,
            q.mine.unwrap_or(false),
            page,
            per_page,
        )
        .await?,
    ))
}

#[utoipa::path(
    tag = "points",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = PickupCodeBody,
    responses(
        (status = 200, description = "OK", body = Redemption),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/redemptions/{id}/fulfil")]
pub async fn fulfil_redemption(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    id: web::Path<RedemptionId>,
    body: web::Json<PickupCodeBody>,
) -> ApiResult<web::Json<Redemption>> {
    Ok(web::Json(
        redemptions::fulfil(&db, &caller, id.into_inner(), &body.code, clock.now()).await?,
    ))
}

#[utoipa::path(
    tag = "points",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Redemption),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/redemptions/{id}/cancel")]
pub async fn cancel_redemption(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    id: web::Path<RedemptionId>,
) -> ApiResult<web::Json<Redemption>> {
    Ok(web::Json(
        redemptions::cancel(&db, &caller, id.into_inner(), clock.now()).await?,
    ))
}
