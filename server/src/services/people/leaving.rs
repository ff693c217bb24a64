//! Leaving (PIPL): a person deletes their account. Their name, phone, WeChat
//! binding, home, sessions, memberships, applications, reset codes, inbox and
//! the record of decisions about them go; their open orders are cancelled by
//! the system through the one order writer, with their addresses erased and
//! their photos detached (the photo job removes the files). What stays is
//! the person as 已注销用户 — an id with no one behind it — so that closed
//! orders, ratings, points and every figure stay true.

use super::bump_epoch;
use crate::auth::{password, Caller};
use crate::db::Db;
use crate::entities::{
    membership, notification, order, person_audit, refresh_token, reset_code, unit_member, upload,
    user, volunteer_application, volunteer_profile,
};
use crate::error::{ApiError, ApiResult};
use crate::services::orders::change::{apply, Change, Entry};
use crate::services::sessions;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use shared::api::{LeaveRequest, SystemNote, SystemNoteCode};
use shared::{OrderStatus, TimelineAction};

/// What a deleted account is called from then on.
pub const LEFT_NAME: &str = "已注销用户";

/// `DELETE /me`.
pub async fn leave(
    db: &Db,
    caller: &Caller,
    req: &LeaveRequest,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let u = user::Entity::find_by_id(caller.user_id)
        .one(&db.read)
        .await?
        .ok_or_else(|| ApiError::unauthorized("this account no longer exists"))?;
    if let Some(hash) = u.password_hash.clone() {
        let given = req.password.clone().unwrap_or_default();
        let ok = tokio::task::spawn_blocking(move || password::verify(&given, &hash))
            .await
            .map_err(anyhow::Error::from)?;
        if !ok {
            return Err(ApiError::invalid(
                "password: the password is wrong; the account was not deleted",
            ));
        }
    }
    let id = u.id;
    let txn = db.write.begin().await?;
    crate::db::lock_user(&txn, id).await?;

    // Their open orders end, by the system, through the one order writer.
    let open = order::Entity::find()
        .filter(order::Column::RequesterId.eq(id))
        .filter(order::Column::Status.is_in([
            OrderStatus::Pending,
            OrderStatus::Dispatched,
            OrderStatus::Accepted,
        ]))
        .all(&txn)
        .await?;
    let system = SystemNote {
        code: SystemNoteCode::RequesterLeft,
        level: None,
        missed: None,
        days: None,
    };
    for o in &open {
        let change = Change {
            note: Some(crate::services::notifications::system_words(&system)),
            assignee: Some(None),
            respond_by: Some(None),
            ..Change::to(OrderStatus::Cancelled)
        };
        let entry = Entry {
            actor: None,
            action: TimelineAction::Cancel,
            system: Some(system.clone()),
        };
        if apply(&txn, &db.events, o, &change, entry, now)
            .await?
            .is_none()
        {
            return Err(ApiError::conflict(
                shared::ErrorCode::Conflict,
                "one of your orders changed just now: try again",
            ));
        }
    }
    let ids: Vec<_> = open.iter().map(|o| o.id).collect();
    if !ids.is_empty() {
        order::Entity::update_many()
            .col_expr(order::Column::Address, Expr::value(Option::<String>::None))
            .filter(order::Column::Id.is_in(ids.clone()))
            .exec(&txn)
            .await?;
        // …and from the search index: its words were the address's, too.
        for o in &open {
            let erased = order::Model {
                address: None,
                ..o.clone()
            };
            crate::services::orders::search::reindex(&txn, &erased).await?;
        }
        // Detached and dated long ago: the photo job removes them and their files.
        upload::Entity::update_many()
            .col_expr(upload::Column::OrderId, Expr::value(Option::<i32>::None))
            .col_expr(upload::Column::EventId, Expr::value(Option::<i32>::None))
            .col_expr(
                upload::Column::CreatedAt,
                Expr::value(DateTime::<Utc>::UNIX_EPOCH),
            )
            .filter(upload::Column::OrderId.is_in(ids))
            .exec(&txn)
            .await?;
    }

    let ended = sessions::end_sessions_of(&txn, db, id, None).await?;
    refresh_token::Entity::delete_many()
        .filter(refresh_token::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    volunteer_profile::Entity::delete_many()
        .filter(volunteer_profile::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    membership::Entity::delete_many()
        .filter(membership::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    unit_member::Entity::delete_many()
        .filter(unit_member::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    volunteer_application::Entity::delete_many()
        .filter(volunteer_application::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    reset_code::Entity::delete_many()
        .filter(reset_code::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    person_audit::Entity::delete_many()
        .filter(person_audit::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    notification::Entity::delete_many()
        .filter(notification::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    crate::entities::wechat_outbox::Entity::delete_many()
        .filter(crate::entities::wechat_outbox::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    user::Entity::update_many()
        .col_expr(user::Column::Name, Expr::value(LEFT_NAME))
        .col_expr(user::Column::Phone, Expr::value(format!("deleted-{id}")))
        .col_expr(
            user::Column::WechatOpenid,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            user::Column::PasswordHash,
            Expr::value(Option::<String>::None),
        )
        .col_expr(user::Column::BuildingId, Expr::value(Option::<i32>::None))
        .col_expr(user::Column::Room, Expr::value(Option::<String>::None))
        .col_expr(user::Column::CommunityId, Expr::value(Option::<i32>::None))
        .col_expr(user::Column::Active, Expr::value(false))
        .filter(user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    bump_epoch(&txn, id).await?;
    txn.commit().await?;
    for f in &ended {
        db.events.session_ended(f);
    }
    Ok(())
}
