//! 双报到: in-service party members report to the community where they live.
//! The committee approves (a volunteer with a filled profile) or rejects with
//! a reason, and sees how many have reported per work unit.

use super::{audit, bump_epoch, committee_community};
use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{community, membership, user, volunteer_application as va};
use crate::error::{ApiError, ApiResult};
use crate::services::notifications::{notify_person, PersonNotice};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use shared::api::{
    AuditAction, MembershipStatus, NewVolunteerApplication, NotificationKind, Page, PersonRef,
    Reason, ReportedByWorkUnit, VolunteerApplication,
};
use shared::input::{Reason as ReasonText, Skills, WorkUnit};
use shared::{ErrorCode, Role, UserId};
use std::collections::{BTreeMap, HashMap};

/// The state of an application after a step.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ApplicationState {
    pub id: i32,
    pub status: MembershipStatus,
}

/// `POST /volunteer-applications`: one waits at a time per community.
pub async fn apply(
    db: &Db,
    caller: &Caller,
    req: &NewVolunteerApplication,
    now: DateTime<Utc>,
) -> ApiResult<ApplicationState> {
    let work_unit = WorkUnit::parse(&req.work_unit)?.into_inner();
    let skills = Skills::parse(&req.skills)?;
    let background = ReasonText::parse_opt(req.background.as_deref())?.map(ReasonText::into_inner);
    community::Entity::find_by_id(req.community_id)
        .one(&db.read)
        .await?
        .ok_or_else(|| ApiError::invalid("community_id: no such community"))?;
    let txn = db.write.begin().await?;
    crate::db::lock_user(&txn, caller.user_id).await?;
    let open = va::Entity::find()
        .filter(va::Column::UserId.eq(caller.user_id))
        .filter(va::Column::CommunityId.eq(req.community_id))
        .filter(va::Column::Status.eq(MembershipStatus::Pending))
        .count(&txn)
        .await?;
    if open > 0 {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            "your report to this community already waits for the committee",
        ));
    }
    let already = membership::Entity::find()
        .filter(membership::Column::UserId.eq(caller.user_id))
        .filter(membership::Column::CommunityId.eq(req.community_id))
        .filter(membership::Column::Role.eq(Role::Volunteer))
        .filter(membership::Column::Status.eq(MembershipStatus::Active))
        .count(&txn)
        .await?;
    if already > 0 {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            "you are already a volunteer of this community",
        ));
    }
    let a = va::ActiveModel {
        user_id: Set(caller.user_id),
        community_id: Set(req.community_id),
        work_unit: Set(work_unit),
        party_member: Set(req.party_member),
        skills: Set(skills.join(",")),
        background: Set(background),
        status: Set(MembershipStatus::Pending),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(ApplicationState {
        id: a.id,
        status: a.status,
    })
}

/// `GET /volunteer-applications?status=` (pending by default, oldest first).
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &Caller,
    status: Option<MembershipStatus>,
    page: u64,
    per_page: u64,
) -> ApiResult<Page<VolunteerApplication>> {
    let c = committee_community(caller)?;
    let status = status.unwrap_or(MembershipStatus::Pending);
    let q = va::Entity::find()
        .filter(va::Column::CommunityId.eq(c))
        .filter(va::Column::Status.eq(status));
    let total = q.clone().count(db).await?;
    let q = if status == MembershipStatus::Pending {
        q.order_by_asc(va::Column::Id)
    } else {
        q.order_by_desc(va::Column::Id)
    };
    let rows = q
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    let people: HashMap<UserId, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(rows.iter().map(|r| r.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let items = rows
        .into_iter()
        .filter_map(|r| {
            let u = people.get(&r.user_id)?;
            Some(VolunteerApplication {
                id: r.id,
                person: PersonRef {
                    id: u.id,
                    name: u.name.clone(),
                    phone: u.phone.clone(),
                },
                work_unit: r.work_unit,
                party_member: r.party_member,
                skills: r
                    .skills
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
                background: r.background,
                status: r.status,
                reason: r.reason,
                applied_at: r.created_at,
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

/// Approves (a volunteer of the community, with the application's skills as
/// their profile and the grid of their home) or rejects with a reason; the
/// applicant is told, and the record kept, in the same transaction.
pub async fn decide(
    db: &Db,
    caller: &Caller,
    id: i32,
    reject: Option<&Reason>,
    now: DateTime<Utc>,
) -> ApiResult<ApplicationState> {
    let c = committee_community(caller)?;
    let reason = match reject {
        Some(r) => Some(ReasonText::parse(&r.reason)?.into_inner()),
        None => None,
    };
    let a = va::Entity::find_by_id(id)
        .one(&db.read)
        .await?
        .filter(|a| a.community_id == c)
        .ok_or_else(|| ApiError::not_found("application"))?;
    let status = if reason.is_some() {
        MembershipStatus::Rejected
    } else {
        MembershipStatus::Active
    };
    let community_name = community::Entity::find_by_id(c)
        .one(&db.read)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let txn = db.write.begin().await?;
    let done = va::Entity::update_many()
        .col_expr(va::Column::Status, Expr::value(status))
        .col_expr(va::Column::Reason, Expr::value(reason.clone()))
        .col_expr(va::Column::DecidedAt, Expr::value(Some(now)))
        .col_expr(va::Column::DecidedBy, Expr::value(Some(caller.user_id)))
        .filter(va::Column::Id.eq(a.id))
        .filter(va::Column::Status.eq(MembershipStatus::Pending))
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
            membership::ActiveModel {
                user_id: Set(a.user_id),
                role: Set(Role::Volunteer),
                community_id: Set(Some(c)),
                status: Set(MembershipStatus::Active),
                created_at: Set(Some(a.created_at)),
                decided_at: Set(Some(now)),
                decided_by: Set(Some(caller.user_id)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            let home = user::Entity::find_by_id(a.user_id)
                .one(&txn)
                .await?
                .and_then(|u| u.building_id);
            let grid = match home {
                Some(b) => super::places::home_of(&txn, b)
                    .await?
                    .filter(|(_, community)| *community == c)
                    .map(|(g, _)| g),
                None => None,
            };
            super::set_volunteer_profile(&txn, a.user_id, c, Some(&a.skills), grid, now).await?;
            bump_epoch(&txn, a.user_id).await?;
            (
                AuditAction::Approved,
                NotificationKind::MembershipApproved,
                format!("{community_name}：在职党员报到已通过"),
            )
        }
        Some(r) => (
            AuditAction::Rejected,
            NotificationKind::MembershipRejected,
            format!("{community_name}：在职党员报到未通过：{r}"),
        ),
    };
    audit(
        &txn,
        a.user_id,
        Some(caller.user_id),
        action,
        Some(reason.unwrap_or_else(|| "volunteer".into())),
        now,
    )
    .await?;
    let notice = PersonNotice {
        number: format!("V{}", a.id),
        subject: community_name.clone(),
        decision: if status == MembershipStatus::Rejected {
            "未通过"
        } else {
            "已通过"
        },
        body,
    };
    notify_person(&txn, kind, a.user_id, notice, now).await?;
    txn.commit().await?;
    Ok(ApplicationState { id: a.id, status })
}

/// `GET /volunteer-applications/summary`: reported (approved) and waiting,
/// per work unit, most reported first.
pub async fn summary(
    db: &impl ConnectionTrait,
    caller: &Caller,
) -> ApiResult<Vec<ReportedByWorkUnit>> {
    let c = committee_community(caller)?;
    let rows: Vec<(String, MembershipStatus, i64)> = va::Entity::find()
        .select_only()
        .column(va::Column::WorkUnit)
        .column(va::Column::Status)
        .column_as(va::Column::Id.count(), "n")
        .filter(va::Column::CommunityId.eq(c))
        .group_by(va::Column::WorkUnit)
        .group_by(va::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let mut by: BTreeMap<String, ReportedByWorkUnit> = BTreeMap::new();
    for (work_unit, status, n) in rows {
        let e = by.entry(work_unit.clone()).or_insert(ReportedByWorkUnit {
            work_unit,
            reported: 0,
            pending: 0,
        });
        let n = u64::try_from(n).unwrap_or(0);
        match status {
            MembershipStatus::Active => e.reported += n,
            MembershipStatus::Pending => e.pending += n,
            MembershipStatus::Rejected => {}
        }
    }
    let mut out: Vec<_> = by.into_values().collect();
    out.sort_by(|a, b| {
        b.reported
            .cmp(&a.reported)
            .then(a.work_unit.cmp(&b.work_unit))
    });
    Ok(out)
}
