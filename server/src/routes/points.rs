use super::created;
use crate::auth::Caller;
use crate::error::ApiResult;
use crate::services::points;
use crate::startup::AppState;
use actix_web::{get, post, web, HttpResponse};
use shared::api::{Items, PointsView, Reward};

#[get("/points")]
pub async fn get_points(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<PointsView>> {
    Ok(web::Json(points::view(&state.db.read, &caller).await?))
}

#[get("/rewards")]
pub async fn list_rewards(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Items<Reward>>> {
    Ok(web::Json(Items {
        items: points::rewards(&state.db.read, &caller).await?,
    }))
}

#[post("/rewards/{id}/redeem")]
pub async fn redeem_reward(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    Ok(created(
        points::redeem(&state.db, &caller, id.into_inner()).await?,
    ))
}
