//! People join, and are managed: the places tree (`places`), residents who
//! register and the committee's approval (`join`), and the committee's people
//! desk — roles, deactivation, reset codes, passwords and the audit
//! (`accounts`). Every decision about a person is a row of `person_audit`,
//! written in the decision's transaction.

pub mod accounts;
pub mod admins;
pub mod imports;
pub mod join;
pub mod leaving;
pub mod passwords;
pub mod places;
pub mod reporting;
pub mod standing;
pub mod units;

use crate::entities::person_audit;
use crate::error::ApiResult;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use shared::api::AuditAction;
use shared::UserId;

/// Records what was done to `user`, by whom, in the caller's transaction.
pub async fn audit(
    txn: &impl ConnectionTrait,
    user: UserId,
    actor: Option<UserId>,
    action: AuditAction,
    detail: Option<String>,
    at: DateTime<Utc>,
) -> ApiResult<()> {
    person_audit::ActiveModel {
        user_id: Set(user),
        actor_id: Set(actor),
        action: Set(action),
        detail: Set(detail),
        at: Set(at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Raises the account's session epoch: its access tokens stop at once (the
/// client refreshes and gets the roles as they are now).
pub async fn bump_epoch(txn: &impl ConnectionTrait, user: UserId) -> ApiResult<()> {
    use crate::entities::user;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    user::Entity::update_many()
        .col_expr(
            user::Column::SessionEpoch,
            Expr::col(user::Column::SessionEpoch).add(1),
        )
        .filter(user::Column::Id.eq(user))
        .exec(txn)
        .await?;
    Ok(())
}

/// The community whose applications, people and units the caller manages:
/// the committee's own.
pub fn committee_community(caller: &crate::auth::Caller) -> ApiResult<shared::CommunityId> {
    match (caller.has(shared::Role::Committee), caller.community_id) {
        (true, Some(c)) => Ok(c),
        _ => Err(crate::error::ApiError::forbidden(
            "only the community's committee does this",
        )),
    }
}

/// Gives someone a volunteer profile in the community (dispatch lists
/// volunteers by their profiles), or updates the skills and grid of the one
/// they have. `skills` is comma-separated; `None` keeps what is there.
pub async fn set_volunteer_profile(
    txn: &impl ConnectionTrait,
    user: UserId,
    community: shared::CommunityId,
    skills: Option<&str>,
    grid: Option<shared::GridId>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    use crate::entities::volunteer_profile as vp;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let existing = vp::Entity::find()
        .filter(vp::Column::UserId.eq(user))
        .filter(vp::Column::CommunityId.eq(community))
        .one(txn)
        .await?;
    match existing {
        Some(p) => {
            let mut a: vp::ActiveModel = p.into();
            if let Some(s) = skills {
                a.skills = Set(s.to_string());
            }
            if grid.is_some() {
                a.grid_id = Set(grid);
            }
            a.update(txn).await?;
        }
        None => {
            vp::ActiveModel {
                user_id: Set(user),
                community_id: Set(community),
                grid_id: Set(grid),
                skills: Set(skills.unwrap_or_default().to_string()),
                registered_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(())
}

/// Takes away someone's volunteer profile in the community (no longer a
/// volunteer there: dispatch stops offering them).
pub async fn remove_volunteer_profile(
    txn: &impl ConnectionTrait,
    user: UserId,
    community: shared::CommunityId,
) -> ApiResult<()> {
    use crate::entities::volunteer_profile as vp;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    vp::Entity::delete_many()
        .filter(vp::Column::UserId.eq(user))
        .filter(vp::Column::CommunityId.eq(community))
        .exec(txn)
        .await?;
    Ok(())
}

/// An active role someone is given in a community by `by` (a committee
/// member or admin), decided at once.
pub async fn grant(
    txn: &impl ConnectionTrait,
    user: UserId,
    role: shared::Role,
    community: shared::CommunityId,
    by: UserId,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    crate::entities::membership::ActiveModel {
        user_id: Set(user),
        role: Set(role),
        community_id: Set(Some(community)),
        status: Set(shared::api::MembershipStatus::Active),
        created_at: Set(Some(now)),
        decided_at: Set(Some(now)),
        decided_by: Set(Some(by)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// The account of this phone, or a new one without a password (its owner
/// sets one with a reset code); `true` when it was made now.
pub async fn account_for_phone(
    txn: &impl ConnectionTrait,
    phone: &shared::input::Phone,
    name: String,
    now: DateTime<Utc>,
) -> ApiResult<(crate::entities::user::Model, bool)> {
    use crate::entities::user;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    if let Some(u) = user::Entity::find()
        .filter(user::Column::Phone.eq(phone.as_str()))
        .one(txn)
        .await?
    {
        return Ok((u, false));
    }
    let u = user::ActiveModel {
        phone: Set(phone.as_str().to_string()),
        name: Set(name),
        password_hash: Set(None),
        community_id: Set(None),
        points_balance: Set(0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok((u, true))
}
