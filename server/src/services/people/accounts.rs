//! The committee's people desk: finding people, their roles and standing,
//! and the record of what was done to each. Each decision is recorded.

use super::{audit, bump_epoch};
use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{building, grid, membership, person_audit, street, user};
use crate::error::{ApiError, ApiResult};
use crate::services::sessions;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use shared::api::{
    AuditAction, AuditEntry, MembershipStatus, NamedRef, Page, PersonPatch, PersonRow,
};
use shared::input::SearchWords;
use shared::{CommunityId, GridId, Role, UserId};
use std::collections::HashMap;

/// Roles the committee grants and removes on the people desk. A committee
/// member is made only by an admin; a unit's staff come with their unit.
const COMMITTEE_GRANTS: [Role; 3] = [Role::Resident, Role::Volunteer, Role::GridWorker];

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
#[derive(Debug, Default, serde::Deserialize)]
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

/// `PATCH /people/{id}`: the person's roles in the community (all of them; a
/// role left out is removed) and whether the account may sign in. The change,
/// the person's new epoch (their tokens stop and refresh into the new roles;
/// a deactivated account's sessions end) and the record commit together.
pub async fn patch(
    db: &Db,
    caller: &Caller,
    id: UserId,
    req: &PersonPatch,
    now: DateTime<Utc>,
) -> ApiResult<PersonRow> {
    let community = managed(&db.read, caller, id).await?;
    let txn = db.write.begin().await?;
    crate::db::lock_user(&txn, id).await?;
    if let Some(roles) = &req.roles {
        let mut wanted = roles.clone();
        wanted.sort_unstable();
        wanted.dedup();
        let manageable: Vec<Role> = if caller.has(Role::Admin) {
            [COMMITTEE_GRANTS.as_slice(), &[Role::Committee]].concat()
        } else {
            COMMITTEE_GRANTS.to_vec()
        };
        if let Some(r) = wanted.iter().find(|r| !manageable.contains(r)) {
            return Err(if *r == Role::Committee {
                ApiError::forbidden("only an admin makes someone a committee member")
            } else {
                ApiError::invalid(format!(
                    "roles: {r} is not granted here (a unit's staff are added with their unit)"
                ))
            });
        }
        let grid = match (wanted.contains(&Role::GridWorker), req.grid_id) {
            (false, _) => None,
            (true, None) => return Err(ApiError::invalid("grid_id: a grid worker needs a grid")),
            (true, Some(g)) => Some(grid_in(&txn, g, community).await?),
        };
        let existing = membership::Entity::find()
            .filter(membership::Column::UserId.eq(id))
            .filter(membership::Column::CommunityId.eq(community))
            .filter(membership::Column::Role.is_in(manageable.clone()))
            .all(&txn)
            .await?;
        for m in &existing {
            let keep = wanted.contains(&m.role) && m.status != MembershipStatus::Rejected;
            let same_grid = m.role != Role::GridWorker || m.grid_id == grid;
            if keep && same_grid {
                if m.status == MembershipStatus::Pending {
                    let mut a: membership::ActiveModel = m.clone().into();
                    a.status = Set(MembershipStatus::Active);
                    a.decided_at = Set(Some(now));
                    a.decided_by = Set(Some(caller.user_id));
                    a.update(&txn).await?;
                }
            } else if m.status != MembershipStatus::Rejected {
                membership::Entity::delete_by_id(m.id).exec(&txn).await?;
            }
        }
        for role in &wanted {
            let held = existing.iter().any(|m| {
                m.role == *role
                    && m.status != MembershipStatus::Rejected
                    && (m.role != Role::GridWorker || m.grid_id == grid)
            });
            if !held {
                membership::ActiveModel {
                    user_id: Set(id),
                    role: Set(*role),
                    community_id: Set(Some(community)),
                    grid_id: Set(if *role == Role::GridWorker {
                        grid
                    } else {
                        None
                    }),
                    status: Set(MembershipStatus::Active),
                    created_at: Set(Some(now)),
                    decided_at: Set(Some(now)),
                    decided_by: Set(Some(caller.user_id)),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
        // Dispatch offers volunteers by their profiles.
        if wanted.contains(&Role::Volunteer) {
            super::set_volunteer_profile(&txn, id, community, None, None, now).await?;
        } else {
            super::remove_volunteer_profile(&txn, id, community).await?;
        }
        if wanted.contains(&Role::Resident) {
            user::Entity::update_many()
                .col_expr(user::Column::CommunityId, Expr::value(Some(community)))
                .filter(user::Column::Id.eq(id))
                .filter(user::Column::CommunityId.is_null())
                .exec(&txn)
                .await?;
        }
        let words: Vec<&str> = wanted.iter().map(|r| r.as_str()).collect();
        audit(
            &txn,
            id,
            Some(caller.user_id),
            AuditAction::RolesChanged,
            Some(words.join(", ")),
            now,
        )
        .await?;
        bump_epoch(&txn, id).await?;
    }
    let mut ended = Vec::new();
    if let Some(active) = req.active {
        let u = user::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(|| ApiError::not_found("person"))?;
        if id == caller.user_id && !active {
            return Err(ApiError::invalid("you cannot deactivate your own account"));
        }
        // Those who run a community or above answer to the admin, not to
        // their fellow committee members.
        let runs = membership::Entity::find()
            .filter(membership::Column::UserId.eq(id))
            .filter(membership::Column::Role.is_in([
                Role::Committee,
                Role::StreetOfficer,
                Role::Admin,
            ]))
            .filter(membership::Column::Status.eq(MembershipStatus::Active))
            .count(&txn)
            .await?;
        if runs > 0 && !caller.has(Role::Admin) {
            return Err(ApiError::forbidden(
                "only an admin deactivates a committee member or an officer",
            ));
        }
        if u.active != active {
            user::Entity::update_many()
                .col_expr(user::Column::Active, Expr::value(active))
                .filter(user::Column::Id.eq(id))
                .exec(&txn)
                .await?;
            bump_epoch(&txn, id).await?;
            if !active {
                ended = sessions::end_sessions_of(&txn, db, id, None).await?;
            }
            let action = if active {
                AuditAction::Reactivated
            } else {
                AuditAction::Deactivated
            };
            audit(&txn, id, Some(caller.user_id), action, None, now).await?;
        }
    }
    txn.commit().await?;
    for f in &ended {
        db.events.session_ended(f);
    }
    get(&db.read, caller, id).await
}

async fn grid_in(
    txn: &impl ConnectionTrait,
    g: GridId,
    community: CommunityId,
) -> ApiResult<GridId> {
    grid::Entity::find_by_id(g)
        .one(txn)
        .await?
        .filter(|g| g.community_id == community)
        .map(|g| g.id)
        .ok_or_else(|| ApiError::invalid("grid_id: no such grid in this community"))
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
