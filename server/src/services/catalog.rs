//! The community's service catalogue and the people and units the committee
//! can dispatch to.

use crate::auth::Caller;
use crate::entities::{category, grid, unit, unit_registration, user, volunteer_profile};
use crate::error::{ApiError, ApiResult};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use shared::api::{Category, UnitSummary, VolunteerSummary};
use shared::OrderKind;
use shared::{CommunityId, GridId, UnitId, UserId};
use std::collections::HashMap;

fn community_of(caller: &Caller) -> ApiResult<CommunityId> {
    caller
        .community_id
        .ok_or_else(|| ApiError::forbidden("you do not belong to a community"))
}

fn skills(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

pub async fn categories(
    db: &DatabaseConnection,
    caller: &Caller,
    kind: Option<OrderKind>,
) -> ApiResult<Vec<Category>> {
    let mut q = category::Entity::find()
        .filter(category::Column::CommunityId.eq(community_of(caller)?))
        .filter(category::Column::Active.eq(true));
    if let Some(k) = kind {
        q = q.filter(category::Column::Kind.eq(k));
    }
    q.order_by_asc(category::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            Ok(Category {
                kind: c.kind,
                code: c.code,
                name: c.name,
                response_minutes: c.response_minutes,
                completion_minutes: c.completion_minutes,
                points: c.points,
            })
        })
        .collect()
}

/// Dispatch targets are for those who dispatch.
fn dispatcher_community(caller: &Caller) -> ApiResult<CommunityId> {
    let c = community_of(caller)?;
    if caller.oversees(c) {
        Ok(c)
    } else {
        Err(ApiError::forbidden(
            "only the committee and grid workers dispatch orders",
        ))
    }
}

pub async fn units(db: &DatabaseConnection, caller: &Caller) -> ApiResult<Vec<UnitSummary>> {
    let c = dispatcher_community(caller)?;
    let ids: Vec<UnitId> = unit_registration::Entity::find()
        .filter(unit_registration::Column::CommunityId.eq(c))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.unit_id)
        .collect();
    Ok(unit::Entity::find()
        .filter(unit::Column::Id.is_in(ids))
        .order_by_asc(unit::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| UnitSummary {
            id: u.id,
            skills: skills(&u.skills),
            name: u.name,
            kind: u.kind,
        })
        .collect())
}

pub async fn volunteers(
    db: &DatabaseConnection,
    caller: &Caller,
) -> ApiResult<Vec<VolunteerSummary>> {
    let c = dispatcher_community(caller)?;
    let profiles = volunteer_profile::Entity::find()
        .filter(volunteer_profile::Column::CommunityId.eq(c))
        .order_by_asc(volunteer_profile::Column::Id)
        .all(db)
        .await?;
    let names: HashMap<UserId, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(profiles.iter().map(|p| p.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let grids: HashMap<GridId, String> = grid::Entity::find()
        .filter(grid::Column::CommunityId.eq(c))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    Ok(profiles
        .into_iter()
        .map(|p| VolunteerSummary {
            id: p.user_id,
            name: names.get(&p.user_id).cloned().unwrap_or_default(),
            skills: skills(&p.skills),
            grid: p.grid_id.and_then(|g| grids.get(&g).cloned()),
        })
        .collect())
}
