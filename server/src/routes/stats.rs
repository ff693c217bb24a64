use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::services::stats::{self, Period};
use crate::startup::AppState;
use actix_web::{get, web};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Deserialize;
use shared::api::Stats;

#[derive(Debug, Deserialize)]
pub struct StatsParams {
    #[serde(default, deserialize_with = "super::empty_is_none")]
    community_id: Option<i32>,
    from: Option<String>,
    to: Option<String>,
}

/// `2026-11-01` (midnight China time, as the contract says) or a full RFC 3339 time.
fn parse_time(field: &str, v: Option<&str>) -> ApiResult<Option<DateTime<Utc>>> {
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(Some(t.with_timezone(&Utc)));
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        // China Standard Time: UTC+8 all year.
        .and_then(|t| {
            FixedOffset::east_opt(8 * 3600).and_then(|tz| t.and_local_timezone(tz).single())
        })
        .map(|t| Some(t.with_timezone(&Utc)))
        .ok_or_else(|| {
            ApiError::invalid(format!(
                "{field} must be a date like 2026-11-01 or an RFC 3339 time"
            ))
        })
}

#[get("/stats")]
pub async fn get_stats(
    state: web::Data<AppState>,
    caller: Caller,
    q: web::Query<StatsParams>,
) -> ApiResult<web::Json<Stats>> {
    let period = Period {
        community_id: q.community_id,
        from: parse_time("from", q.from.as_deref())?,
        to: parse_time("to", q.to.as_deref())?,
    };
    Ok(web::Json(
        stats::stats(&state.db.read, &caller, period).await?,
    ))
}
