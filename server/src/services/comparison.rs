//! Communities side by side (`GET /stats/communities`): for street officers
//! (their street's) and admins (the district's), each community's figures
//! over one period, counted as `/stats` counts them — from the same day
//! rows, in one read for all of them.

use super::stats::{groups_of, overdue_now, scope, Period, Tally};
use crate::auth::Caller;
use crate::entities::community;
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use shared::api::{CommunitiesFigures, CommunityFigures, NamedRef};
use shared::{CommunityId, Role};
use std::collections::BTreeMap;

pub async fn communities(
    db: &DatabaseConnection,
    caller: &Caller,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ApiResult<CommunitiesFigures> {
    if !(caller.has(Role::StreetOfficer) || caller.has(Role::Admin)) {
        return Err(ApiError::forbidden(
            "only street officers and admins compare communities",
        ));
    }
    if let (Some(f), Some(t)) = (from, to) {
        if f >= t {
            return Err(ApiError::invalid("from must be before to"));
        }
    }
    let ids = scope(db, caller, None).await?;
    let mut tallies: BTreeMap<CommunityId, Tally> = BTreeMap::new();
    for g in groups_of(db, &ids, from, to).await? {
        tallies.entry(g.community_id).or_default().add(&g);
    }
    let places = community::Entity::find()
        .filter(community::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(community::Column::Id)
        .all(db)
        .await?;
    let mut items = Vec::with_capacity(places.len());
    for c in places {
        let period = Period {
            community_id: Some(c.id),
            from,
            to,
        };
        let overdue = overdue_now(db, &[c.id], &period, now).await?;
        let t = tallies.remove(&c.id).unwrap_or_default();
        items.push(CommunityFigures {
            community: NamedRef {
                id: c.id,
                name: c.name,
            },
            total: t.orders,
            done: t.done,
            overdue,
            completion_rate: t.completion_rate(),
            satisfaction_rate: t.satisfaction_rate(),
            average_rating: t.average_rating(),
        });
    }
    Ok(CommunitiesFigures { items })
}
