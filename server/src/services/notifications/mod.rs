//! The inbox. A notification per person concerned is written in the
//! transaction of the event that causes it (the order's change, its timeline
//! entry and its notifications commit together or not at all), and read by
//! its owner only. Who hears of an event: `audience`; the words it is told
//! in: `words`; reading and marking the inbox: `inbox`.

mod audience;
mod inbox;
mod words;

pub use audience::{audience, Audience};
pub use inbox::{inbox, mark_read};
pub use words::system_words;
use words::{title_of, words};

use crate::entities::{notification, order, user, wechat_outbox};
use crate::error::ApiResult;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect, Set};
use shared::api::{NoticeFacts, NotificationKind, SystemNote};
use shared::UserId;

/// What comes with an event besides the order: what a person wrote, what the
/// system did, a rating.
#[derive(Debug, Clone, Default)]
pub struct Detail<'a> {
    pub said: Option<&'a str>,
    pub system: Option<SystemNote>,
    pub rating: Option<i32>,
}

/// The rows one event writes: its notifications and their WeChat outbox rows.
#[derive(Default)]
pub struct Planned {
    rows: Vec<notification::ActiveModel>,
    outbox: Vec<wechat_outbox::ActiveModel>,
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
