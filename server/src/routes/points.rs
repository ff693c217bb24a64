use super::created;
use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::points;
use actix_web::{get, post, web, HttpResponse};
use shared::api::{Items, PointsView, Reward};
use shared::RewardId;

#[get("/points")]
pub async fn get_points(db: web::Data<Db>, caller: Caller) -> ApiResult<web::Json<PointsView>> {
    Ok(web::Json(points::view(&db.read, &caller).await?))
}

#[get("/rewards")]
pub async fn list_rewards(
    db: web::Data<Db>,
    caller: Caller,
) -> ApiResult<web::Json<Items<Reward>>> {
    Ok(web::Json(Items {
        items: points::rewards(&db.read, &caller).await?,
    }))
}

#[post("/rewards/{id}/redeem")]
pub async fn redeem_reward(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    id: web::Path<RewardId>,
) -> ApiResult<HttpResponse> {
    Ok(created(
        points::redeem(&db, &caller, id.into_inner(), clock.now()).await?,
    ))
}
