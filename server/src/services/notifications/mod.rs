//! The inbox. A notification per person concerned is written in the
//! transaction of the event that causes it (the order's change, its timeline
//! entry and its notifications commit together or not at all), and read by
//! its owner only.

use crate::auth::Caller;
use crate::entities::{
    community, membership, notification, order, street, unit_member, user, wechat_outbox,
};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use shared::api::{
    Inbox, MarkRead, Missed, NoticeFacts, Notification, NotificationKind, SystemNote,
    SystemNoteCode,
};
use shared::{CommunityId, Level, Role, UserId};

/// Who hears of an event on an order.
async fn recipients(
    db: &impl ConnectionTrait,
    kind: NotificationKind,
    o: &order::Model,
) -> ApiResult<Vec<UserId>> {
    use NotificationKind as K;
    Ok(match kind {
        K::Dispatched => assignees(db, o).await?,
        K::Urged => {
            let who = assignees(db, o).await?;
            if who.is_empty() {
                // Nobody has it yet: 督办 presses the committee.
                committee(db, o.community_id).await?
            } else {
                who
            }
        }
        K::Accepted | K::Completed => vec![o.requester_id],
        K::Rejected | K::LowRating | K::Unassigned => committee(db, o.community_id).await?,
        // About a person, not an order: written by `notify_person`.
        K::MembershipApproved | K::MembershipRejected => Vec::new(),
        K::Escalated => {
            let mut who = committee(db, o.community_id).await?;
            who.extend(officers(db, o.community_id, o.level).await?);
            who
        }
    })
}

/// The volunteer an order is assigned to, or every member of its unit.
async fn assignees(db: &impl ConnectionTrait, o: &order::Model) -> ApiResult<Vec<UserId>> {
    if let Some(v) = o.assignee_user_id {
        return Ok(vec![v]);
    }
    let Some(unit) = o.assignee_unit_id else {
        return Ok(Vec::new());
    };
    Ok(unit_member::Entity::find()
        .select_only()
        .column(unit_member::Column::UserId)
        .filter(unit_member::Column::UnitId.eq(unit))
        .into_tuple()
        .all(db)
        .await?)
}

async fn committee(db: &impl ConnectionTrait, c: CommunityId) -> ApiResult<Vec<UserId>> {
    Ok(membership::Entity::find()
        .select_only()
        .column(membership::Column::UserId)
        .filter(membership::Column::Role.eq(Role::Committee))
        .filter(membership::Column::CommunityId.eq(c))
        .into_tuple()
        .all(db)
        .await?)
}

/// The officers of a level above the community: the street's officers, or
/// the district's admins.
async fn officers(
    db: &impl ConnectionTrait,
    c: CommunityId,
    level: Level,
) -> ApiResult<Vec<UserId>> {
    let Some(place) = community::Entity::find_by_id(c).one(db).await? else {
        return Ok(Vec::new());
    };
    let q = membership::Entity::find()
        .select_only()
        .column(membership::Column::UserId);
    let q = match level {
        Level::Street => q
            .filter(membership::Column::Role.eq(Role::StreetOfficer))
            .filter(membership::Column::StreetId.eq(place.street_id)),
        Level::District => {
            let Some(s) = street::Entity::find_by_id(place.street_id).one(db).await? else {
                return Ok(Vec::new());
            };
            q.filter(membership::Column::Role.eq(Role::Admin))
                .filter(membership::Column::DistrictId.eq(s.district_id))
        }
        Level::Grid | Level::Community => return Ok(Vec::new()),
    };
    Ok(q.into_tuple().all(db).await?)
}

/// What comes with an event besides the order: what a person wrote, what the
/// system did, a rating.
#[derive(Debug, Clone, Default)]
pub struct Detail<'a> {
    pub said: Option<&'a str>,
    pub system: Option<SystemNote>,
    pub rating: Option<i32>,
}

/// A system note in Chinese: the timeline entry's `note` and the `body` kept
/// beside the facts (for WeChat and clients that word nothing themselves).
pub fn system_words(n: &SystemNote) -> String {
    let level = match n.level {
        Some(Level::Grid) => "网格",
        Some(Level::Community) => "社区",
        Some(Level::Street) => "街道",
        Some(Level::District) | None => "区",
    };
    match (n.code, n.missed) {
        (SystemNoteCode::Escalated, Some(Missed::Accept)) => {
            format!("升至{level}：未在接单时限内接单")
        }
        (SystemNoteCode::Escalated, Some(Missed::Dispatch)) => {
            format!("升至{level}：未在接单时限内派单或认领")
        }
        (SystemNoteCode::Escalated, _) => format!("升至{level}：未在办结时限内办结"),
        (SystemNoteCode::RequesterLeft, _) => "居民已注销账号，工单取消".to_string(),
        (SystemNoteCode::AutoClosed, _) => {
            format!("{} 天未评价，自动关闭", n.days.unwrap_or(1))
        }
        (SystemNoteCode::AutoDispatched, _) => "系统按匹配度自动派单".to_string(),
        (SystemNoteCode::NobodyLeft, _) => "自动派单无人可接，退回社区党委派单".to_string(),
    }
}

/// The words of a notification: what happened, and to which order.
fn words(kind: NotificationKind, o: &order::Model, detail: Option<&str>) -> (String, String) {
    let title = title_of(kind);
    let mut body = format!("{} {}", o.number(), o.title);
    if let Some(d) = detail.filter(|d| !d.is_empty()) {
        body.push('：');
        body.push_str(d);
    }
    (title.to_string(), body)
}

/// A notification's title, in Chinese.
fn title_of(kind: NotificationKind) -> &'static str {
    use NotificationKind as K;
    match kind {
        K::Dispatched => "新派单，请及时接单",
        K::Accepted => "您的工单已有人接单",
        K::Completed => "您的工单已办结，请评价",
        K::Rejected => "工单被退回，请重新派单",
        K::Escalated => "工单超时升级",
        K::Urged => "工单被催办",
        K::LowRating => "工单收到差评，请回访",
        K::MembershipApproved => "您的入驻申请已通过",
        K::MembershipRejected => "您的入驻申请未通过",
        K::Unassigned => "自动派单无人可接，请派单",
    }
}

/// The rows one event writes: its notifications and their WeChat outbox rows.
#[derive(Default)]
pub struct Planned {
    rows: Vec<notification::ActiveModel>,
    outbox: Vec<wechat_outbox::ActiveModel>,
}

/// Who hears of an event, and which of them are bound to WeChat: read once,
/// it may serve every order whose event reaches the same people (a job's
/// escalations of one community to one level).
#[derive(Debug, Clone, Default)]
pub struct Audience {
    who: Vec<UserId>,
    bound: Vec<(UserId, String)>,
}

/// Who hears of an event on `o` as it is after the change, but the person
/// who acted. Reads only.
pub async fn audience(
    db: &impl ConnectionTrait,
    kind: NotificationKind,
    o: &order::Model,
    actor: Option<UserId>,
) -> ApiResult<Audience> {
    let mut who = recipients(db, kind, o).await?;
    who.sort_unstable();
    who.dedup();
    who.retain(|u| Some(*u) != actor);
    if who.is_empty() {
        return Ok(Audience::default());
    }
    // Those bound to WeChat get a subscribe message too, from the outbox
    // (`jobs/wechat.rs`), written in the change's transaction: a crash loses none.
    let bound: Vec<(UserId, Option<String>)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::WechatOpenid)
        .filter(user::Column::Id.is_in(who.clone()))
        .filter(user::Column::WechatOpenid.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    let bound = bound
        .into_iter()
        .filter_map(|(user, openid)| Some((user, openid?)))
        .collect();
    Ok(Audience { who, bound })
}

/// Who hears of an event and what they read, worked out from `o` as it is
/// after the change. Reads only: the caller may run it before the change's
/// transaction (on the read pool), keeping the writer's work to the inserts.
/// The person who acted does not hear of their own act.
pub async fn plan(
    db: &impl ConnectionTrait,
    kind: NotificationKind,
    o: &order::Model,
    actor: Option<UserId>,
    detail: Detail<'_>,
    at: DateTime<Utc>,
) -> ApiResult<Planned> {
    let audience = audience(db, kind, o, actor).await?;
    Ok(plan_for(&audience, kind, o, detail, at))
}

/// What an audience read of an event on `o`: the rows to write.
pub fn plan_for(
    audience: &Audience,
    kind: NotificationKind,
    o: &order::Model,
    detail: Detail<'_>,
    at: DateTime<Utc>,
) -> Planned {
    if audience.who.is_empty() {
        return Planned::default();
    }
    let said = detail.said.map(str::trim).filter(|s| !s.is_empty());
    let system = detail.system.as_ref().map(system_words);
    let (title, body) = words(kind, o, said.or(system.as_deref()));
    let facts = serde_json::to_string(&NoticeFacts {
        number: o.number(),
        title: o.title.clone(),
        said: said.map(str::to_string),
        system: detail.system.clone(),
        rating: detail.rating,
    })
    .ok();
    let outbox = audience
        .bound
        .iter()
        .map(|(user, openid)| wechat_outbox::ActiveModel {
            user_id: Set(*user),
            openid: Set(openid.clone()),
            kind: Set(kind),
            order_id: Set(o.id),
            order_number: Set(o.number()),
            title: Set(o.title.chars().take(20).collect()),
            status: Set(o.status.as_str().to_string()),
            word: Set(title.clone()),
            state: Set("pending".into()),
            tries: Set(0),
            next_at: Set(at),
            claimed_until: Set(None),
            last_error: Set(None),
            created_at: Set(at),
            sent_at: Set(None),
            ..Default::default()
        })
        .collect();
    let rows = audience
        .who
        .iter()
        .map(|user| notification::ActiveModel {
            user_id: Set(*user),
            at: Set(at),
            kind: Set(kind),
            order_id: Set(Some(o.id)),
            title: Set(title.clone()),
            body: Set(body.clone()),
            read_at: Set(None),
            facts: Set(facts.clone()),
            ..Default::default()
        })
        .collect();
    Planned { rows, outbox }
}

/// Writes what [`plan`] worked out, in the change's transaction.
pub async fn write(txn: &impl ConnectionTrait, p: Planned) -> ApiResult<()> {
    if !p.outbox.is_empty() {
        wechat_outbox::Entity::insert_many(p.outbox)
            .exec_without_returning(txn)
            .await?;
    }
    if !p.rows.is_empty() {
        notification::Entity::insert_many(p.rows)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// [`plan`] and [`write`] in one transaction (for jobs, which are not in a hurry).
pub async fn notify(
    txn: &impl ConnectionTrait,
    kind: NotificationKind,
    o: &order::Model,
    actor: Option<UserId>,
    detail: Detail<'_>,
    at: DateTime<Utc>,
) -> ApiResult<()> {
    let p = plan(txn, kind, o, actor, detail, at).await?;
    write(txn, p).await
}

/// `GET /notifications`: the caller's, newest first.
pub async fn inbox(
    db: &DatabaseConnection,
    caller: &Caller,
    unread_only: bool,
    page: u64,
    per_page: u64,
) -> ApiResult<Inbox> {
    let mine = notification::Entity::find().filter(notification::Column::UserId.eq(caller.user_id));
    let unread = mine
        .clone()
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?;
    let list = if unread_only {
        mine.filter(notification::Column::ReadAt.is_null())
    } else {
        mine
    };
    let total = list.clone().count(db).await?;
    let items = list
        .order_by_desc(notification::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?
        .into_iter()
        .map(|n| Notification {
            id: n.id,
            at: n.at,
            kind: n.kind,
            order_id: n.order_id,
            title: n.title,
            body: n.body,
            read: n.read_at.is_some(),
            facts: n.facts.and_then(|f| serde_json::from_str(&f).ok()),
        })
        .collect();
    Ok(Inbox {
        items,
        total,
        unread,
    })
}

/// Most ids one request may mark.
const MAX_IDS: usize = 500;

/// `POST /notifications/read`: the caller's own only (others' ids are ignored).
pub async fn mark_read(
    db: &DatabaseConnection,
    caller: &Caller,
    req: MarkRead,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if !req.all && req.ids.is_empty() {
        return Err(ApiError::invalid("give \"ids\": [...] or \"all\": true"));
    }
    if req.ids.len() > MAX_IDS {
        return Err(ApiError::invalid(format!(
            "at most {MAX_IDS} ids at a time"
        )));
    }
    let mut update = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::UserId.eq(caller.user_id))
        .filter(notification::Column::ReadAt.is_null());
    if !req.all {
        update = update.filter(notification::Column::Id.is_in(req.ids));
    }
    update.exec(db).await?;
    Ok(())
}

/// What a notice about a person (not an order) says: the application's
/// number (`R12`), what it was for (the community) and the decision.
pub struct PersonNotice {
    pub number: String,
    pub subject: String,
    pub decision: &'static str,
    pub body: String,
}

/// A notification about the person themselves (their application approved or
/// rejected), in the transaction of the decision: the inbox, and a WeChat
/// subscribe message through the outbox when they are bound. Its outbox row
/// has no order (`order_id` 0): the message opens the app's home.
pub async fn notify_person(
    txn: &impl ConnectionTrait,
    kind: NotificationKind,
    user: UserId,
    notice: PersonNotice,
    at: DateTime<Utc>,
) -> ApiResult<()> {
    let title = title_of(kind);
    let openid: Option<Option<String>> = user::Entity::find_by_id(user)
        .select_only()
        .column(user::Column::WechatOpenid)
        .into_tuple()
        .one(txn)
        .await?;
    if let Some(openid) = openid.flatten() {
        sea_orm::ActiveModelTrait::insert(
            wechat_outbox::ActiveModel {
                user_id: Set(user),
                openid: Set(openid),
                kind: Set(kind),
                order_id: Set(shared::OrderId(0)),
                order_number: Set(notice.number.clone()),
                title: Set(notice.subject.chars().take(20).collect()),
                status: Set(notice.decision.to_string()),
                word: Set(notice.body.chars().take(20).collect()),
                state: Set("pending".into()),
                tries: Set(0),
                next_at: Set(at),
                claimed_until: Set(None),
                last_error: Set(None),
                created_at: Set(at),
                sent_at: Set(None),
                ..Default::default()
            },
            txn,
        )
        .await?;
    }
    sea_orm::ActiveModelTrait::insert(
        notification::ActiveModel {
            user_id: Set(user),
            at: Set(at),
            kind: Set(kind),
            order_id: Set(None),
            title: Set(title.to_string()),
            body: Set(notice.body),
            read_at: Set(None),
            facts: Set(None),
            ..Default::default()
        },
        txn,
    )
    .await?;
    Ok(())
}
