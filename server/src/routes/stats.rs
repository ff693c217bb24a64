use super::parse_time;
use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::stats::{self, Period};
use actix_web::{get, web};
use serde::Deserialize;
use shared::api::Stats;
use shared::CommunityId;

#[derive(Debug, Deserialize)]
pub struct StatsParams {
    #[serde(default, deserialize_with = "super::empty_is_none")]
    community_id: Option<CommunityId>,
    from: Option<String>,
    to: Option<String>,
}

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
