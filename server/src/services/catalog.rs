//! The community's service catalogue and the people and units the committee
//! can dispatch to.

use crate::auth::Caller;
use crate::entities::{category, grid, unit, unit_registration, user, volunteer_profile};
use crate::error::{ApiError, ApiResult};
use crate::services::orders::district_communities;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use shared::api::{Category, CategoryPatch, NewCategory, UnitSummary, VolunteerSummary};
use shared::{CommunityId, GridId, UnitId, UserId};
use shared::{ErrorCode, OrderKind, Role};
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

/// The communities whose catalogue and people the caller may read: their own
/// (anyone who belongs to one); a street officer the communities of the
/// street; an admin those of the district. `named` narrows to one of them.
async fn readable_communities(
    db: &DatabaseConnection,
    caller: &Caller,
    named: Option<CommunityId>,
) -> ApiResult<Vec<CommunityId>> {
    let mut overseen = Vec::new();
    if let (true, Some(street)) = (caller.has(Role::StreetOfficer), caller.street_id) {
        overseen.extend(crate::services::orders::street_communities(db, street).await?);
    }
    if let (true, Some(district)) = (caller.has(Role::Admin), caller.district_id) {
        overseen.extend(district_communities(db, district).await?);
    }
    match named {
        Some(c) if caller.community_id == Some(c) || overseen.contains(&c) => Ok(vec![c]),
        Some(_) => Err(ApiError::not_found("community")),
        None if !overseen.is_empty() => Ok(overseen),
        None => Ok(vec![community_of(caller)?]),
    }
}

/// The active services of the caller's community (or of the one named, or of
/// every community an officer or admin oversees: each code once).
pub async fn categories(
    db: &DatabaseConnection,
    caller: &Caller,
    kind: Option<OrderKind>,
    community: Option<CommunityId>,
) -> ApiResult<Vec<Category>> {
    let communities = readable_communities(db, caller, community).await?;
    let mut q = category::Entity::find()
        .filter(category::Column::CommunityId.is_in(communities))
        .filter(category::Column::Active.eq(true));
    if let Some(k) = kind {
        q = q.filter(category::Column::Kind.eq(k));
    }
    let mut seen = std::collections::HashSet::new();
    Ok(q.order_by_asc(category::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|c| seen.insert(c.code.clone()))
        .map(category_view)
        .collect())
}

fn category_view(c: category::Model) -> Category {
    Category {
        kind: c.kind,
        code: c.code,
        name: c.name,
        response_minutes: c.response_minutes,
        completion_minutes: c.completion_minutes,
        points: c.points,
        clock: c.clock,
        hours: c.hours,
        dispatch_mode: c.dispatch_mode,
        skills: skills(&c.skills),
    }
}

/// The community whose catalogue the caller manages: a committee member's
/// own (naming another is 403), or the one an admin names in their district.
async fn managed_community(
    db: &DatabaseConnection,
    caller: &Caller,
    named: Option<CommunityId>,
) -> ApiResult<CommunityId> {
    if caller.has(Role::Admin) {
        if let (Some(c), Some(district)) = (named, caller.district_id) {
            if district_communities(db, district).await?.contains(&c) {
                return Ok(c);
            }
            return Err(ApiError::not_found("community"));
        }
    }
    match caller.community_id {
        Some(c) if caller.is_committee_of(c) && named.is_none_or(|n| n == c) => Ok(c),
        _ if caller.has(Role::Admin) => Err(ApiError::invalid(
            "name the community: community_id (in the body of POST, ?community_id= otherwise)",
        )),
        _ => Err(ApiError::forbidden(
            "only the community's committee and the district's admins manage its services",
        )),
    }
}

/// Limits are at least a minute and at most a year.
const MINUTES: std::ops::RangeInclusive<i32> = 1..=525_600;

fn check_limits(response: i32, completion: i32, points: i32, hours: f64) -> ApiResult<()> {
    if !MINUTES.contains(&response) || !MINUTES.contains(&completion) {
        return Err(ApiError::invalid(
            "response_minutes and completion_minutes must be between 1 and 525600 (a year)",
        ));
    }
    if !(0..=1000).contains(&points) {
        return Err(ApiError::invalid("points must be between 0 and 1000"));
    }
    if !(0.0..=24.0).contains(&hours) {
        return Err(ApiError::invalid("hours must be between 0 and 24"));
    }
    Ok(())
}

fn check_name(name: &str) -> ApiResult<String> {
    let name = name.trim();
    match name.chars().count() {
        1..=40 => Ok(name.to_string()),
        _ => Err(ApiError::invalid("name must be 1 to 40 characters")),
    }
}

/// `POST /categories`.
pub async fn create_category(
    db: &DatabaseConnection,
    caller: &Caller,
    req: NewCategory,
) -> ApiResult<Category> {
    let community = managed_community(db, caller, req.community_id).await?;
    let code = req.code.trim();
    let code_ok = (1..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !code_ok {
        return Err(ApiError::invalid(
            "code must be 1 to 40 of a-z, 0-9 and _ (e.g. pipe_repair)",
        ));
    }
    let name = check_name(&req.name)?;
    check_limits(
        req.response_minutes,
        req.completion_minutes,
        req.points,
        req.hours,
    )?;
    let taken = category::Entity::find()
        .filter(category::Column::CommunityId.eq(community))
        .filter(category::Column::Code.eq(code))
        .one(db)
        .await?
        .is_some();
    if taken {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            format!("the community already has a service with code {code:?}"),
        ));
    }
    let created = category::ActiveModel {
        community_id: Set(community),
        code: Set(code.to_string()),
        kind: Set(req.kind),
        name: Set(name),
        response_minutes: Set(req.response_minutes),
        completion_minutes: Set(req.completion_minutes),
        points: Set(req.points),
        active: Set(true),
        clock: Set(req.clock),
        hours: Set(req.hours),
        dispatch_mode: Set(req.dispatch_mode),
        skills: Set(shared::input::Skills::parse(&req.skills)?.join(",")),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(category_view(created))
}

/// `PATCH /categories/{code}`: what is given changes; orders already placed
/// keep their deadlines until their next step.
pub async fn update_category(
    db: &DatabaseConnection,
    caller: &Caller,
    code: &str,
    community: Option<CommunityId>,
    patch: CategoryPatch,
) -> ApiResult<Category> {
    let community = managed_community(db, caller, community).await?;
    let c = category::Entity::find()
        .filter(category::Column::CommunityId.eq(community))
        .filter(category::Column::Code.eq(code))
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("service"))?;
    let name = match &patch.name {
        Some(n) => check_name(n)?,
        None => c.name.clone(),
    };
    let response = patch.response_minutes.unwrap_or(c.response_minutes);
    let completion = patch.completion_minutes.unwrap_or(c.completion_minutes);
    let points = patch.points.unwrap_or(c.points);
    let hours = patch.hours.unwrap_or(c.hours);
    check_limits(response, completion, points, hours)?;
    let mut am: category::ActiveModel = c.clone().into();
    am.name = Set(name);
    am.response_minutes = Set(response);
    am.completion_minutes = Set(completion);
    am.points = Set(points);
    am.hours = Set(hours);
    am.clock = Set(patch.clock.unwrap_or(c.clock));
    am.dispatch_mode = Set(patch.dispatch_mode.unwrap_or(c.dispatch_mode));
    if let Some(s) = &patch.skills {
        am.skills = Set(shared::input::Skills::parse(s)?.join(","));
    }
    Ok(category_view(am.update(db).await?))
}

/// Dispatch targets are for those who dispatch.
/// The community whose units and volunteers the caller may list: the
/// committee's and grid worker's own; for a street officer or admin, the one
/// they name of those they oversee (they reassign its escalated orders).
async fn dispatcher_community(
    db: &DatabaseConnection,
    caller: &Caller,
    named: Option<CommunityId>,
) -> ApiResult<CommunityId> {
    if let Some(c) = caller.community_id.filter(|c| caller.oversees(*c)) {
        if named.is_none_or(|n| n == c) {
            return Ok(c);
        }
    }
    let officer = caller.has(Role::StreetOfficer) || caller.has(Role::Admin);
    match named {
        Some(n) if officer => {
            let readable = readable_communities(db, caller, Some(n)).await?;
            readable
                .first()
                .copied()
                .ok_or_else(|| ApiError::not_found("community"))
        }
        None if officer => Err(ApiError::invalid(
            "name the community: ?community_id= (one of those you oversee)",
        )),
        _ => Err(ApiError::forbidden(
            "only the committee, grid workers and the officers above them dispatch orders",
        )),
    }
}

pub async fn units(
    db: &DatabaseConnection,
    caller: &Caller,
    community: Option<CommunityId>,
) -> ApiResult<Vec<UnitSummary>> {
    let c = dispatcher_community(db, caller, community).await?;
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
    community: Option<CommunityId>,
) -> ApiResult<Vec<VolunteerSummary>> {
    let c = dispatcher_community(db, caller, community).await?;
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
            background: p.background,
            available: p.available,
            max_open: p.max_open,
        })
        .collect())
}
