//! Residents join a community: they register (phone and password, or an
//! unbound WeChat account), wait while the committee looks, and are approved
//! or rejected with a reason — and may apply again.

use super::{audit, bump_epoch, committee_community, places};
use crate::auth::{password, Caller};
use crate::db::Db;
use crate::entities::{building, community, membership, user};
use crate::error::{ApiError, ApiResult};
use crate::services::notifications::{notify_person, PersonNotice};
use crate::services::sessions::{self, Sessions};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use shared::api::{
    ApplyRequest, AuditAction, Membership, MembershipState, MembershipStatus, NamedRef,
    NotificationKind, Page, PersonRef, Reason, RegisterRequest, Registered,
};
use shared::input::{Password, PersonName, Phone, Reason as ReasonText, Room};
use shared::{BuildingId, CommunityId, ErrorCode, MembershipId, Role, UserId};
use std::collections::HashMap;

/// Where a resident says they live: a community of the tree, and perhaps a
/// building of it and a room.
struct Home {
    community: CommunityId,
    building: Option<BuildingId>,
    room: Option<String>,
}

async fn check_home(
    db: &impl ConnectionTrait,
    community_id: CommunityId,
    building_id: Option<BuildingId>,
    room: Option<&str>,
) -> ApiResult<Home> {
    community::Entity::find_by_id(community_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::invalid("community_id: no such community"))?;
    if let Some(b) = building_id {
        match places::home_of(db, b).await? {
            Some((_, c)) if c == community_id => {}
            _ => {
                return Err(ApiError::invalid(
                    "building_id: no such building in this community",
                ))
            }
        }
    }
    Ok(Home {
        community: community_id,
        building: building_id,
        room: Room::parse_opt(room)?.map(Room::into_inner),
    })
}

/// `POST /auth/register`: a new account and its pending resident membership,
/// signed in at once (the same tokens as a sign-in).
pub async fn register(
    s: Sessions<'_>,
    req: RegisterRequest,
    now: DateTime<Utc>,
) -> ApiResult<Registered> {
    let openid = match req.registration_token.as_deref() {
        None => None,
        Some(t) => Some(s.jwt.registration_openid(t.trim()).ok_or_else(|| {
            ApiError::invalid(
                "registration_token is not valid or has expired: sign in with WeChat again",
            )
        })?),
    };
    if let Some(o) = &openid {
        let bound = user::Entity::find()
            .filter(user::Column::WechatOpenid.eq(o.as_str()))
            .count(&s.db.read)
            .await?;
        if bound > 0 {
            return Err(ApiError::conflict(
                ErrorCode::Conflict,
                "this WeChat account is already registered: sign in with WeChat",
            ));
        }
    }
    if !req.consent {
        return Err(ApiError::invalid(
            "consent: agree to the privacy terms to register",
        ));
    }
    let phone = Phone::parse(&req.phone)?;
    let name = PersonName::parse(&req.name)?.into_inner();
    let hash = match (&openid, req.password.as_deref()) {
        (Some(_), None) => None,
        (_, Some(p)) => {
            let p = Password::parse_new(p)?;
            let p = p.expose().to_string();
            Some(
                tokio::task::spawn_blocking(move || password::hash(&p))
                    .await
                    .map_err(anyhow::Error::from)??,
            )
        }
        (None, None) => return Err(ApiError::invalid("password must not be empty")),
    };
    let home = check_home(
        &s.db.read,
        req.community_id,
        req.building_id,
        req.room.as_deref(),
    )
    .await?;
    let taken = user::Entity::find()
        .filter(user::Column::Phone.eq(phone.as_str()))
        .count(&s.db.read)
        .await?;
    if taken > 0 {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            "this phone number is already registered: sign in instead",
        ));
    }
    let txn = s.db.write.begin().await?;
    let u = user::ActiveModel {
        phone: Set(phone.as_str().to_string()),
        name: Set(name),
        password_hash: Set(hash),
        wechat_openid: Set(openid),
        community_id: Set(None),
        points_balance: Set(0),
        created_at: Set(now),
        building_id: Set(home.building),
        room: Set(home.room.clone()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let m = apply(&txn, u.id, &home, now).await?;
    audit(&txn, u.id, None, AuditAction::Registered, None, now).await?;
    txn.commit().await?;
    let tokens = sessions::issue(s, &u, None).await?;
    Ok(Registered {
        tokens,
        membership: MembershipState {
            id: m,
            status: MembershipStatus::Pending,
        },
    })
}

async fn apply(
    txn: &impl ConnectionTrait,
    user: UserId,
    home: &Home,
    now: DateTime<Utc>,
) -> ApiResult<MembershipId> {
    let m = membership::ActiveModel {
        user_id: Set(user),
        role: Set(Role::Resident),
        community_id: Set(Some(home.community)),
        status: Set(MembershipStatus::Pending),
        created_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(m.id)
}

/// `POST /me/memberships`: a signed-in person applies to be a resident — after
/// a rejection, or on moving. One application waits at a time.
pub async fn apply_again(
    db: &Db,
    caller: &Caller,
    req: &ApplyRequest,
    now: DateTime<Utc>,
) -> ApiResult<MembershipState> {
    let home = check_home(
        &db.read,
        req.community_id,
        req.building_id,
        req.room.as_deref(),
    )
    .await?;
    let txn = db.write.begin().await?;
    crate::db::lock_user(&txn, caller.user_id).await?;
    let waiting = membership::Entity::find()
        .filter(membership::Column::UserId.eq(caller.user_id))
        .filter(membership::Column::Status.eq(MembershipStatus::Pending))
        .count(&txn)
        .await?;
    if waiting > 0 {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            "an application of yours is already waiting for the committee",
        ));
    }
    let already = membership::Entity::find()
        .filter(membership::Column::UserId.eq(caller.user_id))
        .filter(membership::Column::CommunityId.eq(home.community))
        .filter(membership::Column::Role.eq(Role::Resident))
        .filter(membership::Column::Status.eq(MembershipStatus::Active))
        .count(&txn)
        .await?;
    if already > 0 {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            "you are already a resident of this community",
        ));
    }
    user::Entity::update_many()
        .col_expr(user::Column::BuildingId, Expr::value(home.building))
        .col_expr(user::Column::Room, Expr::value(home.room.clone()))
        .filter(user::Column::Id.eq(caller.user_id))
        .exec(&txn)
        .await?;
    let id = apply(&txn, caller.user_id, &home, now).await?;
    audit(
        &txn,
        caller.user_id,
        None,
        AuditAction::Registered,
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(MembershipState {
        id,
        status: MembershipStatus::Pending,
    })
}

/// `GET /memberships?status=`: the committee's community's applications
/// (pending by default), oldest first so that nobody waits longest.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &Caller,
    status: Option<MembershipStatus>,
    page: u64,
    per_page: u64,
) -> ApiResult<Page<Membership>> {
    let community = committee_community(caller)?;
    let status = status.unwrap_or(MembershipStatus::Pending);
    let q = membership::Entity::find()
        .filter(membership::Column::CommunityId.eq(community))
        .filter(membership::Column::Status.eq(status));
    let total = q.clone().count(db).await?;
    let q = if status == MembershipStatus::Pending {
        q.order_by_asc(membership::Column::Id)
    } else {
        q.order_by_desc(membership::Column::Id)
    };
    let rows = q
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    let users: HashMap<UserId, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|m| m.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let buildings: HashMap<BuildingId, String> = building::Entity::find()
        .filter(building::Column::Id.is_in(users.values().filter_map(|u| u.building_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let items = rows
        .into_iter()
        .filter_map(|m| {
            let u = users.get(&m.user_id)?;
            Some(Membership {
                id: m.id,
                person: PersonRef {
                    id: u.id,
                    name: u.name.clone(),
                    phone: u.phone.clone(),
                },
                role: m.role,
                status: m.status,
                building: u.building_id.and_then(|id| {
                    Some(NamedRef {
                        id,
                        name: buildings.get(&id)?.clone(),
                    })
                }),
                room: u.room.clone(),
                reason: m.reason,
                applied_at: m.created_at,
            })
        })
        .collect();
    Ok(Page {
        items,
        total,
        page,
        per_page,
        total_capped: false,
        next: None,
    })
}

/// `POST /memberships/{id}/approve` or `/reject`: the committee decides on a
/// pending application of its community. The decision, the person's new
/// standing (their tokens refresh into the role), the record and the
/// applicant's notification commit together; a second decision is 409.
pub async fn decide(
    db: &Db,
    caller: &Caller,
    id: MembershipId,
    reject: Option<&Reason>,
    now: DateTime<Utc>,
) -> ApiResult<MembershipState> {
    let community = committee_community(caller)?;
    let reason = match reject {
        Some(r) => Some(ReasonText::parse(&r.reason)?.into_inner()),
        None => None,
    };
    let m = membership::Entity::find_by_id(id)
        .one(&db.read)
        .await?
        .filter(|m| m.community_id == Some(community))
        .ok_or_else(|| ApiError::not_found("application"))?;
    let community_name = community::Entity::find_by_id(community)
        .one(&db.read)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let status = if reason.is_some() {
        MembershipStatus::Rejected
    } else {
        MembershipStatus::Active
    };
    let txn = db.write.begin().await?;
    let done = membership::Entity::update_many()
        .col_expr(membership::Column::Status, Expr::value(status))
        .col_expr(membership::Column::Reason, Expr::value(reason.clone()))
        .col_expr(membership::Column::DecidedAt, Expr::value(Some(now)))
        .col_expr(
            membership::Column::DecidedBy,
            Expr::value(Some(caller.user_id)),
        )
        .filter(membership::Column::Id.eq(m.id))
        .filter(membership::Column::Status.eq(MembershipStatus::Pending))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(ApiError::conflict(
            ErrorCode::InvalidTransition,
            "this application was already decided",
        ));
    }
    let (action, kind, body) = match &reason {
        None => {
            if m.role == Role::Resident {
                user::Entity::update_many()
                    .col_expr(user::Column::CommunityId, Expr::value(Some(community)))
                    .filter(user::Column::Id.eq(m.user_id))
                    .exec(&txn)
                    .await?;
            }
            bump_epoch(&txn, m.user_id).await?;
            (
                AuditAction::Approved,
                NotificationKind::MembershipApproved,
                format!("欢迎加入{community_name}"),
            )
        }
        Some(r) => (
            AuditAction::Rejected,
            NotificationKind::MembershipRejected,
            format!("{community_name}：{r}"),
        ),
    };
    audit(
        &txn,
        m.user_id,
        Some(caller.user_id),
        action,
        Some(
            reason
                .clone()
                .unwrap_or_else(|| m.role.as_str().to_string()),
        ),
        now,
    )
    .await?;
    let notice = PersonNotice {
        number: format!("R{}", m.id),
        subject: community_name.clone(),
        decision: if reason.is_some() {
            "未通过"
        } else {
            "已通过"
        },
        body,
    };
    notify_person(&txn, kind, m.user_id, notice, now).await?;
    txn.commit().await?;
    Ok(MembershipState { id: m.id, status })
}

/// The answer to a caller without a community who has an application waiting:
/// 403 `membership_pending`; otherwise `None` (the usual refusal applies).
pub async fn pending_refusal(
    db: &impl ConnectionTrait,
    caller: &Caller,
) -> ApiResult<Option<ApiError>> {
    let waiting = membership::Entity::find()
        .select_only()
        .column(membership::Column::Id)
        .filter(membership::Column::UserId.eq(caller.user_id))
        .filter(membership::Column::Status.eq(MembershipStatus::Pending))
        .into_tuple::<MembershipId>()
        .one(db)
        .await?;
    Ok(waiting.map(|_| {
        ApiError::new(
            ErrorCode::MembershipPending,
            "your application waits for the committee's approval; you can place orders once approved",
        )
    }))
}
