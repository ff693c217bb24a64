//! People join, and are managed: the places tree (`places`), residents who
//! register and the committee's approval (`join`), and the committee's people
//! desk — roles, deactivation, reset codes, passwords and the audit
//! (`accounts`). Every decision about a person is a row of `person_audit`,
//! written in the decision's transaction.

pub mod accounts;
pub mod join;
pub mod places;

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
