//! Member units (报到单位) and their staff: the committee registers a unit with
//! its community, edits it, and adds or removes its staff by phone. A phone
//! nobody has yet becomes an account without a password, which its owner sets
//! with a reset code the committee passes on.

use super::{audit, bump_epoch, committee_community};
use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{membership, unit, unit_member, unit_registration, user};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use shared::api::{AuditAction, NewUnitMember, UnitInput, UnitMember, UnitSummary};
use shared::input::{PersonName, Phone, PlaceName, Skills};
use shared::{CommunityId, ErrorCode, Role, UnitId, UserId};

/// The kinds of member unit.
pub const KINDS: [&str; 4] = ["government", "company", "property", "social_org"];

fn kind(k: &str) -> ApiResult<String> {
    let k = k.trim();
    if KINDS.contains(&k) {
        Ok(k.to_string())
    } else {
        Err(ApiError::invalid(format!(
            "kind {k:?}: use {}",
            KINDS.join(", ")
        )))
    }
}

fn summary(u: unit::Model) -> UnitSummary {
    UnitSummary {
        id: u.id,
        skills: u
            .skills
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        name: u.name,
        kind: u.kind,
    }
}

/// The unit, if it is registered with the committee's community.
async fn registered(
    db: &impl ConnectionTrait,
    c: CommunityId,
    id: UnitId,
) -> ApiResult<unit::Model> {
    let here = unit_registration::Entity::find()
        .filter(unit_registration::Column::UnitId.eq(id))
        .filter(unit_registration::Column::CommunityId.eq(c))
        .count(db)
        .await?;
    if here == 0 {
        return Err(ApiError::not_found("unit"));
    }
    unit::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("unit"))
}

/// A unit of this name already registered with the community.
async fn name_taken(
    db: &impl ConnectionTrait,
    c: CommunityId,
    name: &str,
    except: Option<UnitId>,
) -> ApiResult<bool> {
    let ids: Vec<UnitId> = unit_registration::Entity::find()
        .filter(unit_registration::Column::CommunityId.eq(c))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.unit_id)
        .filter(|id| Some(*id) != except)
        .collect();
    Ok(unit::Entity::find()
        .filter(unit::Column::Id.is_in(ids))
        .filter(unit::Column::Name.eq(name))
        .count(db)
        .await?
        > 0)
}

/// `POST /units`: a unit registered with the committee's community.
pub async fn create(
    db: &Db,
    caller: &Caller,
    req: &UnitInput,
    now: DateTime<Utc>,
) -> ApiResult<UnitSummary> {
    let c = committee_community(caller)?;
    let name = PlaceName::parse(req.name.as_deref().unwrap_or_default())?.into_inner();
    let k = kind(req.kind.as_deref().unwrap_or_default())?;
    let skills = Skills::parse(req.skills.as_deref().unwrap_or_default())?;
    let txn = db.write.begin().await?;
    if name_taken(&txn, c, &name, None).await? {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            "a unit of this name is already registered with the community",
        ));
    }
    let u = unit::ActiveModel {
        name: Set(name),
        kind: Set(k),
        skills: Set(skills.join(",")),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    unit_registration::ActiveModel {
        unit_id: Set(u.id),
        community_id: Set(c),
        registered_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(summary(u))
}

/// `PATCH /units/{id}`: its name, kind or skills (资源清单).
pub async fn update(
    db: &Db,
    caller: &Caller,
    id: UnitId,
    req: &UnitInput,
) -> ApiResult<UnitSummary> {
    let c = committee_community(caller)?;
    let u = registered(&db.read, c, id).await?;
    let mut a: unit::ActiveModel = u.into();
    if let Some(n) = &req.name {
        let n = PlaceName::parse(n)?.into_inner();
        if name_taken(&db.read, c, &n, Some(id)).await? {
            return Err(ApiError::conflict(
                ErrorCode::Conflict,
                "a unit of this name is already registered with the community",
            ));
        }
        a.name = Set(n);
    }
    if let Some(k) = &req.kind {
        a.kind = Set(kind(k)?);
    }
    if let Some(s) = &req.skills {
        a.skills = Set(Skills::parse(s)?.join(","));
    }
    Ok(summary(a.update(&db.write).await?))
}

/// `PUT /units/{id}` `{"skills"}` (资源清单): the committee of a community the
/// unit is registered with, or one of the unit's own staff.
pub async fn set_skills(
    db: &Db,
    caller: &Caller,
    id: UnitId,
    skills: &[String],
) -> ApiResult<UnitSummary> {
    let u = if caller.has(Role::UnitMember) && caller.unit_id == Some(id) {
        unit::Entity::find_by_id(id)
            .one(&db.read)
            .await?
            .ok_or_else(|| ApiError::not_found("unit"))?
    } else {
        registered(&db.read, committee_community(caller)?, id).await?
    };
    let mut a: unit::ActiveModel = u.into();
    a.skills = Set(Skills::parse(skills)?.join(","));
    Ok(summary(a.update(&db.write).await?))
}

/// `GET /units/{id}/members`.
pub async fn members(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: UnitId,
) -> ApiResult<Vec<UnitMember>> {
    let c = committee_community(caller)?;
    registered(db, c, id).await?;
    let ids: Vec<UserId> = unit_member::Entity::find()
        .filter(unit_member::Column::UnitId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(member_of)
        .collect())
}

fn member_of(u: user::Model) -> UnitMember {
    UnitMember {
        can_sign_in: u.password_hash.is_some() || u.wechat_openid.is_some(),
        id: u.id,
        name: u.name,
        phone: u.phone,
    }
}

/// `POST /units/{id}/members`: staff by phone. A phone nobody has becomes an
/// account (no password yet); someone who has an account gets the role.
pub async fn add_member(
    db: &Db,
    caller: &Caller,
    id: UnitId,
    req: &NewUnitMember,
    now: DateTime<Utc>,
) -> ApiResult<UnitMember> {
    let c = committee_community(caller)?;
    let phone = Phone::parse(&req.phone)?;
    let name = PersonName::parse(&req.name)?.into_inner();
    registered(&db.read, c, id).await?;
    let txn = db.write.begin().await?;
    let (u, created) = super::account_for_phone(&txn, &phone, name, now).await?;
    let elsewhere = unit_member::Entity::find()
        .filter(unit_member::Column::UserId.eq(u.id))
        .all(&txn)
        .await?;
    if elsewhere.iter().any(|m| m.unit_id == id) {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            "this person is already on the unit's staff",
        ));
    }
    if !elsewhere.is_empty() {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            "this person works for another unit: remove them there first",
        ));
    }
    unit_member::ActiveModel {
        unit_id: Set(id),
        user_id: Set(u.id),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::grant(&txn, u.id, Role::UnitMember, c, caller.user_id, now).await?;
    let action = if created {
        AuditAction::Created
    } else {
        AuditAction::RolesChanged
    };
    audit(
        &txn,
        u.id,
        Some(caller.user_id),
        action,
        Some(format!("unit_member {id}")),
        now,
    )
    .await?;
    bump_epoch(&txn, u.id).await?;
    txn.commit().await?;
    Ok(member_of(u))
}

/// `DELETE /units/{id}/members/{user_id}`: off the staff, and the role with it.
pub async fn remove_member(
    db: &Db,
    caller: &Caller,
    id: UnitId,
    user: UserId,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let c = committee_community(caller)?;
    registered(&db.read, c, id).await?;
    let txn = db.write.begin().await?;
    let gone = unit_member::Entity::delete_many()
        .filter(unit_member::Column::UnitId.eq(id))
        .filter(unit_member::Column::UserId.eq(user))
        .exec(&txn)
        .await?;
    if gone.rows_affected == 0 {
        return Err(ApiError::not_found("staff member"));
    }
    membership::Entity::delete_many()
        .filter(membership::Column::UserId.eq(user))
        .filter(membership::Column::CommunityId.eq(c))
        .filter(membership::Column::Role.eq(Role::UnitMember))
        .exec(&txn)
        .await?;
    audit(
        &txn,
        user,
        Some(caller.user_id),
        AuditAction::RolesChanged,
        Some(format!("left unit {id}")),
        now,
    )
    .await?;
    bump_epoch(&txn, user).await?;
    txn.commit().await?;
    Ok(())
}
