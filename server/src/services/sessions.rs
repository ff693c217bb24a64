//! Signing in and staying signed in: password login, access tokens, and refresh
//! tokens that rotate on every use. Presenting an already-used refresh token
//! means it was stolen or replayed, so the whole chain (family) is revoked.

use crate::auth::jwt::JwtKeys;
use crate::auth::throttle::LoginThrottle;
use crate::auth::throttle::{Origin, Refusal};
use crate::auth::{password, tokens};
use crate::db::Db;
use crate::entities::{refresh_token, user};
use crate::error::{ApiError, ApiResult};
use crate::services::wechat::WechatClient;
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use shared::api::{LoginRequest, TokenResponse, WechatAnswer, WechatLoginRequest};
use shared::input::{Password, Phone};
use shared::ErrorCode;
use shared::UserId;
use std::net::IpAddr;

/// What issuing sessions needs: the database, the token keys, and how long a
/// refresh token lives.
#[derive(Clone, Copy)]
pub struct Sessions<'a> {
    pub db: &'a Db,
    pub jwt: &'a JwtKeys,
    pub refresh_ttl_days: i64,
}

pub async fn login(
    s: Sessions<'_>,
    throttle: &LoginThrottle,
    req: &LoginRequest,
    client: Option<IpAddr>,
) -> ApiResult<TokenResponse> {
    let u = check_password(
        s,
        throttle,
        &req.phone,
        &req.password,
        req.device.as_deref(),
        client,
    )
    .await?;
    let mut tokens = issue(s, &u, None).await?;
    tokens.device_token = Some(s.jwt.issue_device(u.id)?);
    Ok(tokens)
}

/// Phone and password, throttled per phone and client: the user, or 400/401/429.
/// What is not phone-shaped never reaches the throttle or the database.
async fn check_password(
    s: Sessions<'_>,
    throttle: &LoginThrottle,
    phone: &str,
    password: &str,
    device: Option<&str>,
    client: Option<IpAddr>,
) -> ApiResult<user::Model> {
    let phone = Phone::parse(phone)?;
    let password = Password::parse(password)?;
    let phone = phone.as_str();
    let found = user::Entity::find()
        .filter(user::Column::Phone.eq(phone))
        .one(&s.db.read)
        .await?;
    let origin = match (device.and_then(|d| s.jwt.device_user(d)), &found) {
        (Some(owner), Some(u)) if owner == u.id => Origin::Trusted(owner),
        _ => Origin::Address(client),
    };
    match throttle.check(phone, origin) {
        Ok(()) => {}
        Err(Refusal::Locked(wait)) => {
            return Err(ApiError::too_many(format!(
                "too many failed sign-ins for this phone; try again in {} minutes",
                wait.div_ceil(60)
            )))
        }
        Err(Refusal::Busy) => {
            return Err(ApiError::too_many(
                "too many sign-in attempts right now; try again in a few minutes",
            ))
        }
    }
    let hash = found.as_ref().and_then(|u| u.password_hash.clone());
    let candidate = password.expose().to_string();
    // Argon2 is deliberately slow: keep it off the async workers.
    let ok = tokio::task::spawn_blocking(move || match hash {
        Some(h) => password::verify(&candidate, &h),
        None => {
            password::verify_against_dummy(&candidate);
            false
        }
    })
    .await
    .map_err(anyhow::Error::from)?;
    match found {
        Some(u) if ok => {
            throttle.record_success(phone, origin);
            if !u.active {
                return Err(crate::auth::inactive());
            }
            Ok(u)
        }
        _ => {
            throttle.record_failure(phone, origin);
            Err(ApiError::Refused(
                ErrorCode::InvalidCredentials,
                "wrong phone number or password".into(),
            ))
        }
    }
}

/// Signs in with WeChat. An openid already bound to an account signs it in; an
/// unbound one with the account's phone and password binds it; an unbound one
/// alone gets a registration token.
pub async fn wechat_login(
    s: Sessions<'_>,
    throttle: &LoginThrottle,
    wechat: &WechatClient,
    req: WechatLoginRequest,
    client: Option<IpAddr>,
) -> ApiResult<WechatAnswer> {
    let code = req.code.trim();
    if code.is_empty() || code.len() > 256 {
        return Err(ApiError::invalid("code must be the code from wx.login()"));
    }
    let openid = wechat.openid(code).await?;
    if let Some(u) = user::Entity::find()
        .filter(user::Column::WechatOpenid.eq(openid.as_str()))
        .one(&s.db.read)
        .await?
    {
        if !u.active {
            return Err(crate::auth::inactive());
        }
        return Ok(WechatAnswer::SignedIn(Box::new(issue(s, &u, None).await?)));
    }
    let (Some(phone), Some(password)) = (req.phone.as_deref(), req.password.as_deref()) else {
        // Bound to nobody: a newcomer registers with it (or, already having an
        // account, sends phone and password with a code once to bind it).
        return Ok(WechatAnswer::Register {
            registration_token: s.jwt.issue_registration(&openid)?,
        });
    };
    let u = check_password(s, throttle, phone, password, None, client).await?;
    if u.wechat_openid.is_some() {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            "this Linli account is already linked to another WeChat account",
        ));
    }
    let bound = user::Entity::update_many()
        .col_expr(user::Column::WechatOpenid, Expr::value(Some(openid)))
        .filter(user::Column::Id.eq(u.id))
        .filter(user::Column::WechatOpenid.is_null())
        .exec(&s.db.write)
        .await?;
    if bound.rows_affected == 0 {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            "this Linli account was just linked to another WeChat account",
        ));
    }
    Ok(WechatAnswer::SignedIn(Box::new(issue(s, &u, None).await?)))
}

/// Rotates a refresh token. The claim of the old token, the checks and the new
/// token happen in one transaction that holds the family's lock, so that two
/// refreshes of one token, or a logout racing a refresh, can never leave a
/// working token in a family that was revoked.
pub async fn refresh(s: Sessions<'_>, presented: &str) -> ApiResult<TokenResponse> {
    let now = Utc::now();
    let invalid = || ApiError::unauthorized("the refresh token is not valid; sign in again");
    let hash = tokens::sha256_hex(presented.trim());
    let txn = s.db.write.begin().await?;
    let Some(family) = lock_family_of(&txn, &hash).await? else {
        return Err(invalid());
    };
    // Read again under the lock: a racing refresh or logout has committed by now.
    let row = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash.as_str()))
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    if row.revoked_at.is_some() {
        return Err(invalid());
    }
    if row.used_at.is_some() {
        revoke_family(&txn, s.db, &family).await?;
        txn.commit().await?;
        s.db.events.session_ended(&family);
        return Err(reused());
    }
    if row.expires_at < now {
        return Err(ApiError::Refused(
            ErrorCode::TokenExpired,
            "the session has expired; sign in again".into(),
        ));
    }
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(Some(now)))
        .filter(refresh_token::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    let u = user::Entity::find_by_id(row.user_id)
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    if !u.active {
        return Err(crate::auth::inactive());
    }
    let refresh = store_refresh_token(&txn, s, u.id, Some(family.clone())).await?;
    txn.commit().await?;
    respond(s, &u, refresh, family).await
}

/// Ends the session the refresh token belongs to. Unknown tokens are ignored:
/// logging out twice is not an error.
pub async fn logout(db: &Db, presented: &str) -> ApiResult<()> {
    let txn = db.write.begin().await?;
    let family = lock_family_of(&txn, &tokens::sha256_hex(presented.trim())).await?;
    if let Some(family) = &family {
        revoke_family(&txn, db, family).await?;
    }
    txn.commit().await?;
    if let Some(family) = &family {
        db.events.session_ended(family);
    }
    Ok(())
}

/// The family of the token with this hash, its first row locked for the rest of
/// the transaction (on SQLite the single writer connection serialises instead).
async fn lock_family_of(txn: &DatabaseTransaction, hash: &str) -> ApiResult<Option<String>> {
    let Some(family) = refresh_token::Entity::find()
        .select_only()
        .column(refresh_token::Column::FamilyId)
        .filter(refresh_token::Column::TokenHash.eq(hash))
        .into_tuple::<String>()
        .one(txn)
        .await?
    else {
        return Ok(None);
    };
    let mut root = refresh_token::Entity::find()
        .select_only()
        .column(refresh_token::Column::Id)
        .filter(refresh_token::Column::FamilyId.eq(family.as_str()))
        .order_by_asc(refresh_token::Column::Id)
        .limit(1);
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        root = root.lock_exclusive();
    }
    root.into_tuple::<i32>().one(txn).await?;
    Ok(Some(family))
}

fn reused() -> ApiError {
    ApiError::Refused(
        ErrorCode::TokenReused,
        "this refresh token was already used; the session has been ended for safety".into(),
    )
}

/// Revokes every token of the family, and (at commit, on every server) ends
/// the live streams it opened; call `db.events.session_ended` after the commit.
async fn revoke_family(txn: &DatabaseTransaction, db: &Db, family: &str) -> ApiResult<()> {
    db.events.end_session_in(txn, family).await?;
    refresh_token::Entity::update_many()
        .col_expr(
            refresh_token::Column::RevokedAt,
            Expr::value(Some(Utc::now())),
        )
        .filter(refresh_token::Column::FamilyId.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// A new session for this user: a token pair and who they are.
pub async fn issue(
    s: Sessions<'_>,
    u: &user::Model,
    family: Option<String>,
) -> ApiResult<TokenResponse> {
    let family = family.unwrap_or_else(tokens::random_token);
    let refresh = store_refresh_token(&s.db.write, s, u.id, Some(family.clone())).await?;
    respond(s, u, refresh, family).await
}

/// A new refresh token in the family (or a new family); returns the secret.
async fn store_refresh_token(
    db: &impl ConnectionTrait,
    s: Sessions<'_>,
    user_id: UserId,
    family: Option<String>,
) -> ApiResult<String> {
    let refresh = tokens::random_token();
    let now = Utc::now();
    refresh_token::ActiveModel {
        user_id: Set(user_id),
        family_id: Set(family.unwrap_or_else(tokens::random_token)),
        token_hash: Set(tokens::sha256_hex(&refresh)),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(s.refresh_ttl_days)),
        used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(refresh)
}

async fn respond(
    s: Sessions<'_>,
    u: &user::Model,
    refresh: String,
    family: String,
) -> ApiResult<TokenResponse> {
    let mut caller = super::identity::caller_for(&s.db.read, u).await?;
    caller.session = Some(family);
    Ok(TokenResponse {
        access_token: s.jwt.issue(&caller)?,
        refresh_token: refresh,
        token_type: "Bearer".into(),
        expires_in: s.jwt.ttl_secs,
        user: super::identity::me_of(&s.db.read, u, &caller).await?,
        device_token: None,
    })
}

/// Ends every session of this person but `except` (the one making the
/// change), in the transaction of the change. Returns the ended families:
/// call `db.events.session_ended` for each after the commit.
pub async fn end_sessions_of(
    txn: &DatabaseTransaction,
    db: &Db,
    user: UserId,
    except: Option<&str>,
) -> ApiResult<Vec<String>> {
    let mut families: Vec<String> = refresh_token::Entity::find()
        .select_only()
        .column(refresh_token::Column::FamilyId)
        .filter(refresh_token::Column::UserId.eq(user))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .into_tuple()
        .all(txn)
        .await?;
    families.sort_unstable();
    families.dedup();
    families.retain(|f| Some(f.as_str()) != except);
    for f in &families {
        revoke_family(txn, db, f).await?;
    }
    Ok(families)
}
