//! The admin's part: the first admin of an installation (`linli add-admin`)
//! and each community's committee, appointed by phone.

use super::{audit, bump_epoch};
use crate::auth::{password, Caller};
use crate::db::Db;
use crate::entities::{membership, user};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use shared::api::{AuditAction, MembershipStatus};
use shared::input::{Password, Phone};
use shared::{CommunityId, Role};

use super::accounts::in_district;
use super::passwords::reset_code;

/// Who `linli add-admin` created.
pub struct AddedAdmin {
    pub phone: String,
    pub name: String,
    pub district: String,
}

/// `linli add-admin`: a district admin, and on an empty installation the
/// district itself. With several districts the name says which (one of that
/// name is created when none exists).
pub async fn add_admin(
    db: &Db,
    phone: &str,
    name: &str,
    password: &str,
    district: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<AddedAdmin> {
    use crate::entities::district as d;
    let phone = Phone::parse(phone)?;
    let name = shared::input::PersonName::parse(name)?.into_inner();
    let password = Password::parse_new(password)?.expose().to_string();
    let wanted = shared::input::PlaceName::parse_opt(district)?.map(|n| n.into_inner());
    let phc = tokio::task::spawn_blocking(move || password::hash(&password))
        .await
        .map_err(anyhow::Error::from)??;
    let txn = db.write.begin().await?;
    let existing = d::Entity::find()
        .order_by_asc(d::Column::Id)
        .all(&txn)
        .await?;
    let district = match (wanted, existing.len()) {
        (Some(w), _) => match existing.into_iter().find(|x| x.name == w) {
            Some(x) => x,
            None => {
                d::ActiveModel {
                    name: Set(w),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
            }
        },
        (None, 0) => {
            d::ActiveModel {
                name: Set("默认区".into()),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
        (None, 1) => existing
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::not_found("district"))?,
        (None, _) => {
            return Err(ApiError::invalid(
                "there are several districts: name one with --district",
            ))
        }
    };
    let taken = user::Entity::find()
        .filter(user::Column::Phone.eq(phone.as_str()))
        .count(&txn)
        .await?;
    if taken > 0 {
        return Err(ApiError::conflict(
            shared::ErrorCode::Conflict,
            "an account with this phone already exists",
        ));
    }
    let u = user::ActiveModel {
        phone: Set(phone.as_str().to_string()),
        name: Set(name),
        password_hash: Set(Some(phc)),
        community_id: Set(None),
        points_balance: Set(0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    membership::ActiveModel {
        user_id: Set(u.id),
        role: Set(Role::Admin),
        district_id: Set(Some(district.id)),
        status: Set(MembershipStatus::Active),
        created_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit(
        &txn,
        u.id,
        None,
        AuditAction::Created,
        Some("admin".into()),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(AddedAdmin {
        phone: u.phone,
        name: u.name,
        district: district.name,
    })
}

/// `POST /communities/{id}/committee` (the district's admin): makes someone a
/// committee member of a community, by phone — how a new community gets its
/// first committee. A phone nobody has becomes an account; one without a
/// password comes with a reset code to set it (24 hours, one use).
pub async fn add_committee_member(
    db: &Db,
    caller: &Caller,
    community: CommunityId,
    req: &shared::api::NewCommitteeMember,
    now: DateTime<Utc>,
) -> ApiResult<shared::api::CommitteeMemberAdded> {
    let d = match (caller.has(Role::Admin), caller.district_id) {
        (true, Some(d)) => d,
        _ => {
            return Err(ApiError::forbidden(
                "only the district's admin appoints a committee",
            ))
        }
    };
    if !in_district(&db.read, community, d).await? {
        return Err(ApiError::not_found("community"));
    }
    let phone = Phone::parse(&req.phone)?;
    let name = shared::input::PersonName::parse(&req.name)?.into_inner();
    let txn = db.write.begin().await?;
    let (u, _) = super::account_for_phone(&txn, &phone, name, now).await?;
    let held = membership::Entity::find()
        .filter(membership::Column::UserId.eq(u.id))
        .filter(membership::Column::CommunityId.eq(community))
        .filter(membership::Column::Role.eq(Role::Committee))
        .filter(membership::Column::Status.eq(MembershipStatus::Active))
        .count(&txn)
        .await?;
    if held > 0 {
        return Err(ApiError::conflict(
            shared::ErrorCode::Conflict,
            "this person is already on the community's committee",
        ));
    }
    super::grant(&txn, u.id, Role::Committee, community, caller.user_id, now).await?;
    audit(
        &txn,
        u.id,
        Some(caller.user_id),
        AuditAction::RolesChanged,
        Some("committee".into()),
        now,
    )
    .await?;
    bump_epoch(&txn, u.id).await?;
    txn.commit().await?;
    let reset_code = match u.password_hash.is_none() && u.wechat_openid.is_none() {
        true => Some(reset_code(db, caller, u.id, now).await?),
        false => None,
    };
    Ok(shared::api::CommitteeMemberAdded {
        member: shared::api::UnitMember {
            can_sign_in: u.password_hash.is_some() || u.wechat_openid.is_some(),
            id: u.id,
            name: u.name,
            phone: u.phone,
        },
        reset_code,
    })
}
