//! The committee's people desk: finding people, and the record of what was
//! done to each. Its decisions (roles, standing) are `standing`.

use crate::auth::Caller;
use crate::entities::{building, grid, membership, person_audit, street, user};
use crate::error::{ApiError, ApiResult};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use shared::api::{AuditEntry, MembershipStatus, NamedRef, Page, PersonRow};
use shared::input::SearchWords;
use shared::{CommunityId, Role, UserId};
use std::collections::HashMap;

/// The community whose people the caller manages, for this person: the
/// committee's own, or for an admin the person's community in their district.
pub(super) async fn managed(
    db: &impl ConnectionTrait,
    caller: &Caller,
    person: UserId,
) -> ApiResult<CommunityId> {
    let communities: Vec<Option<CommunityId>> = membership::Entity::find()
        .select_only()
        .column(membership::Column::CommunityId)
        .filter(membership::Column::UserId.eq(person))
        .into_tuple()
        .all(db)
        .await?;
    let communities: Vec<CommunityId> = communities.into_iter().flatten().collect();
    if caller.has(Role::Committee) {
        if let Some(c) = caller.community_id.filter(|c| communities.contains(c)) {
            return Ok(c);
        }
    }
    if let (true, Some(d)) = (caller.has(Role::Admin), caller.district_id) {
        for c in communities {
            if in_district(db, c, d).await? {
                return Ok(c);
            }
        }
    }
    Err(ApiError::not_found("person"))
}

pub(super) async fn in_district(
    db: &impl ConnectionTrait,
    c: CommunityId,
    d: shared::DistrictId,
) -> ApiResult<bool> {
    let Some(community) = crate::entities::community::Entity::find_by_id(c)
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    Ok(street::Entity::find_by_id(community.street_id)
        .one(db)
        .await?
        .is_some_and(|s| s.district_id == d))
}

/// What `GET /people` filters by.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    #[serde(default, deserialize_with = "shared::api::empty_is_none")]
    pub q: Option<String>,
    #[serde(default, deserialize_with = "shared::api::empty_is_none")]
    pub role: Option<Role>,
    /// `active`, `inactive` (deactivated) or `pending` (waiting for approval).
    #[serde(default, deserialize_with = "shared::api::empty_is_none")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "shared::api::empty_is_none")]
    pub page: Option<u64>,
    #[serde(default, deserialize_with = "shared::api::empty_is_none")]
    pub per_page: Option<u64>,
}

/// `GET /people`: the committee's community's people, by name or phone, role
/// and standing; paged, by name.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &Caller,
    query: &PeopleQuery,
    page: u64,
    per_page: u64,
) -> ApiResult<Page<PersonRow>> {
    let community = match (caller.has(Role::Committee), caller.community_id) {
        (true, Some(c)) => c,
        _ => {
            return Err(ApiError::forbidden(
                "only the committee manages its community's people",
            ))
        }
    };
    let words = SearchWords::parse_opt(query.q.as_deref())?;
    let mut members = membership::Entity::find()
        .select_only()
        .column(membership::Column::UserId)
        .distinct()
        .filter(membership::Column::CommunityId.eq(community));
    if let Some(role) = query.role {
        members = members.filter(membership::Column::Role.eq(role));
    }
    let mut people = user::Entity::find()
        .filter(user::Column::Id.in_subquery(sea_orm::QueryTrait::into_query(members)));
    match query
        .status
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => {}
        Some("active") => people = people.filter(user::Column::Active.eq(true)),
        Some("inactive") => people = people.filter(user::Column::Active.eq(false)),
        Some("pending") => {
            let waiting = membership::Entity::find()
                .select_only()
                .column(membership::Column::UserId)
                .filter(membership::Column::CommunityId.eq(community))
                .filter(membership::Column::Status.eq(MembershipStatus::Pending));
            people = people
                .filter(user::Column::Id.in_subquery(sea_orm::QueryTrait::into_query(waiting)));
        }
        Some(other) => {
            return Err(ApiError::invalid(format!(
                "status {other:?}: use active, inactive or pending"
            )))
        }
    }
    if let Some(w) = words {
        let like = format!("%{}%", w.as_str().replace(['%', '_'], ""));
        people = people.filter(
            Condition::any()
                .add(user::Column::Name.like(like.clone()))
                .add(user::Column::Phone.like(like)),
        );
    }
    let total = people.clone().count(db).await?;
    let users = people
        .order_by_asc(user::Column::Name)
        .order_by_asc(user::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    let rows = membership::Entity::find()
        .filter(membership::Column::UserId.is_in(users.iter().map(|u| u.id)))
        .filter(membership::Column::CommunityId.eq(community))
        .all(db)
        .await?;
    let items = rows_for(db, users, rows).await?;
    Ok(Page {
        items,
        total,
        page,
        per_page,
        total_capped: false,
        next: None,
    })
}

async fn rows_for(
    db: &impl ConnectionTrait,
    users: Vec<user::Model>,
    memberships: Vec<membership::Model>,
) -> ApiResult<Vec<PersonRow>> {
    let buildings: HashMap<_, _> = building::Entity::find()
        .filter(building::Column::Id.is_in(users.iter().filter_map(|u| u.building_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let grids: HashMap<_, _> = grid::Entity::find()
        .filter(grid::Column::Id.is_in(memberships.iter().filter_map(|m| m.grid_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    Ok(users
        .into_iter()
        .map(|u| {
            let mine = memberships.iter().filter(|m| m.user_id == u.id);
            let with = |s: MembershipStatus| {
                let mut r: Vec<Role> = mine
                    .clone()
                    .filter(|m| m.status == s)
                    .map(|m| m.role)
                    .collect();
                r.sort_unstable();
                r.dedup();
                r
            };
            PersonRow {
                roles: with(MembershipStatus::Active),
                pending: with(MembershipStatus::Pending),
                grid: mine.clone().find_map(|m| m.grid_id).map(|id| NamedRef {
                    id,
                    name: grids.get(&id).cloned().unwrap_or_default(),
                }),
                building: u.building_id.map(|id| NamedRef {
                    id,
                    name: buildings.get(&id).cloned().unwrap_or_default(),
                }),
                can_sign_in: u.password_hash.is_some() || u.wechat_openid.is_some(),
                id: u.id,
                name: u.name,
                phone: u.phone,
                active: u.active,
                room: u.room,
            }
        })
        .collect())
}

/// One person as the people desk shows them.
pub async fn get(db: &impl ConnectionTrait, caller: &Caller, id: UserId) -> ApiResult<PersonRow> {
    let community = managed(db, caller, id).await?;
    let u = user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("person"))?;
    let rows = membership::Entity::find()
        .filter(membership::Column::UserId.eq(id))
        .filter(membership::Column::CommunityId.eq(community))
        .all(db)
        .await?;
    rows_for(db, vec![u], rows)
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("person"))
}

/// `GET /people/{id}/audit`: what was done to the account, newest first.
pub async fn audit_of(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: UserId,
) -> ApiResult<Vec<AuditEntry>> {
    managed(db, caller, id).await?;
    let rows = person_audit::Entity::find()
        .filter(person_audit::Column::UserId.eq(id))
        .order_by_desc(person_audit::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let names: HashMap<UserId, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().filter_map(|r| r.actor_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry {
            at: r.at,
            actor: r.actor_id.map(|id| NamedRef {
                id,
                name: names.get(&id).cloned().unwrap_or_default(),
            }),
            action: r.action,
            detail: r.detail,
        })
        .collect())
}
