//! Passwords: the reset codes a committee hands out, setting a password with
//! one, and changing one's own.

use super::{audit, bump_epoch};
use crate::auth::throttle::{LoginThrottle, Origin, Refusal};
use crate::auth::{password, tokens, Caller};
use crate::db::Db;
use crate::entities::{reset_code, user};
use crate::error::{ApiError, ApiResult};
use crate::services::sessions;
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use shared::api::{AuditAction, ChangePassword, ResetCode, ResetRequest};
use shared::input::{Password, Phone};
use shared::UserId;
use std::net::IpAddr;

use super::accounts::managed;

/// How long a reset code works.
const RESET_CODE_HOURS: i64 = 24;

/// `POST /people/{id}/reset-code`: eight digits, one use, 24 hours; only its
/// hash is kept. An earlier unused code of the person stops working.
pub async fn reset_code(
    db: &Db,
    caller: &Caller,
    id: UserId,
    now: DateTime<Utc>,
) -> ApiResult<ResetCode> {
    managed(&db.read, caller, id).await?;
    let code = format!("{:08}", rand::thread_rng().gen_range(0..100_000_000u32));
    let expires_at = now + Duration::hours(RESET_CODE_HOURS);
    let txn = db.write.begin().await?;
    reset_code::Entity::update_many()
        .col_expr(reset_code::Column::UsedAt, Expr::value(Some(now)))
        .filter(reset_code::Column::UserId.eq(id))
        .filter(reset_code::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    reset_code::ActiveModel {
        user_id: Set(id),
        code_hash: Set(tokens::sha256_hex(&code)),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_by: Set(Some(caller.user_id)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit(
        &txn,
        id,
        Some(caller.user_id),
        AuditAction::ResetCodeIssued,
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(ResetCode { code, expires_at })
}

/// `POST /auth/reset`: a new password with a reset code. Throttled like a
/// sign-in (eight digits are guessable at speed); the code is spent in a
/// conditional write, so it works once even when sent twice at once; every
/// session of the account ends.
pub async fn reset(
    db: &Db,
    throttle: &LoginThrottle,
    req: &ResetRequest,
    client: Option<IpAddr>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let phone = Phone::parse(&req.phone)?;
    let new = Password::parse_new(&req.password)?;
    let origin = Origin::Address(client);
    match throttle.check(phone.as_str(), origin) {
        Ok(()) => {}
        Err(Refusal::Locked(_)) | Err(Refusal::Busy) => {
            return Err(ApiError::too_many(
                "too many attempts for this phone; try again later",
            ))
        }
    }
    let refused = || {
        ApiError::invalid("this code is wrong, used or expired: ask your committee for a new one")
    };
    let Some(u) = user::Entity::find()
        .filter(user::Column::Phone.eq(phone.as_str()))
        .one(&db.read)
        .await?
    else {
        throttle.record_failure(phone.as_str(), origin);
        return Err(refused());
    };
    let hash = tokens::sha256_hex(req.code.trim());
    let new = new.expose().to_string();
    let phc = tokio::task::spawn_blocking(move || password::hash(&new))
        .await
        .map_err(anyhow::Error::from)??;
    let txn = db.write.begin().await?;
    let spent = reset_code::Entity::update_many()
        .col_expr(reset_code::Column::UsedAt, Expr::value(Some(now)))
        .filter(reset_code::Column::UserId.eq(u.id))
        .filter(reset_code::Column::CodeHash.eq(hash))
        .filter(reset_code::Column::UsedAt.is_null())
        .filter(reset_code::Column::ExpiresAt.gt(now))
        .exec(&txn)
        .await?;
    if spent.rows_affected == 0 {
        throttle.record_failure(phone.as_str(), origin);
        return Err(refused());
    }
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(Some(phc)))
        .filter(user::Column::Id.eq(u.id))
        .exec(&txn)
        .await?;
    bump_epoch(&txn, u.id).await?;
    let ended = sessions::end_sessions_of(&txn, db, u.id, None).await?;
    audit(
        &txn,
        u.id,
        Some(u.id),
        AuditAction::PasswordReset,
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    throttle.record_success(phone.as_str(), origin);
    for f in &ended {
        db.events.session_ended(f);
    }
    Ok(())
}

/// `POST /me/password`: the current password, then the new one. Every other
/// session of the account ends; this one goes on (its access token refreshes).
pub async fn change_password(
    db: &Db,
    caller: &Caller,
    req: &ChangePassword,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let old = Password::parse(&req.old)?.expose().to_string();
    let new = Password::parse_new(&req.new)?.expose().to_string();
    let u = user::Entity::find_by_id(caller.user_id)
        .one(&db.read)
        .await?
        .ok_or_else(|| ApiError::unauthorized("this account no longer exists"))?;
    let current = u.password_hash.clone();
    let (ok, phc) = tokio::task::spawn_blocking(move || {
        let ok = match current {
            Some(h) => password::verify(&old, &h),
            None => false,
        };
        (ok, if ok { password::hash(&new).ok() } else { None })
    })
    .await
    .map_err(anyhow::Error::from)?;
    let Some(phc) = phc.filter(|_| ok) else {
        return Err(ApiError::invalid("old: the current password is wrong"));
    };
    let txn = db.write.begin().await?;
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(Some(phc)))
        .filter(user::Column::Id.eq(u.id))
        .exec(&txn)
        .await?;
    bump_epoch(&txn, u.id).await?;
    let ended = sessions::end_sessions_of(&txn, db, u.id, caller.session.as_deref()).await?;
    audit(
        &txn,
        u.id,
        Some(u.id),
        AuditAction::PasswordChanged,
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    for f in &ended {
        db.events.session_ended(f);
    }
    Ok(())
}
