//! The committee's decisions on the people desk: someone's roles in the
//! community and whether their account may sign in (`PATCH /people/{id}`).
//! Finding people and reading their record is `accounts`.

use super::accounts::{get, managed};
use super::{audit, bump_epoch};
use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{grid, membership, user};
use crate::error::{ApiError, ApiResult};
use crate::services::sessions;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};
use shared::api::{AuditAction, MembershipStatus, PersonPatch, PersonRow};
use shared::{CommunityId, GridId, Role, UserId};

/// Roles the committee grants and removes on the people desk. A committee
/// member is made only by an admin; a unit's staff come with their unit.
const COMMITTEE_GRANTS: [Role; 3] = [Role::Resident, Role::Volunteer, Role::GridWorker];

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
