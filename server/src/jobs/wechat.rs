//! Sends the WeChat outbox. Each row is claimed before it is sent (`UPDATE …
//! SET claimed_until, tries = tries + 1 WHERE id = ? AND tries = <read> AND
//! the claim is free`), so with one server or several each message is sent
//! once in normal operation; a server that dies mid-send leaves a claim that
//! expires, and the message is sent by the next run (a crash loses nothing).
//!
//! 43101 (not subscribed) is recorded and not retried; an invalid or expired
//! token is renewed and the message retried at once; anything else is retried
//! after 30 s, 1, 2, 4, 8, 16 and 32 minutes — eight tries over about an hour —
//! and then marked failed.

use crate::db::Db;
use crate::entities::wechat_outbox;
use crate::services::wechat::{Sent, WechatClient};
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

pub const MAX_TRIES: i32 = 8;
const BATCH: u64 = 100;

/// How long a claim holds: longer than any one send may take.
fn lease() -> Duration {
    Duration::minutes(2)
}

/// The wait after the `tries`-th failed try.
pub fn backoff(tries: i32) -> Duration {
    Duration::seconds(30 * (1_i64 << (tries.clamp(1, 7) - 1)))
}

/// The subscribe message of a row: its page opens the order (or, for a
/// notice about the person, `order_id` 0, the app's home).
fn message(row: &wechat_outbox::Model, template: &str) -> serde_json::Value {
    let page = if row.order_id.0 == 0 {
        "/".to_string()
    } else {
        format!("/orders/{}", row.order_id)
    };
    serde_json::json!({
        "touser": row.openid,
        "template_id": template,
        "page": page,
        "data": {
            "character_string1": {"value": row.order_number},
            "thing2": {"value": row.title},
            "phrase3": {"value": row.status},
            "thing4": {"value": row.word},
        }
    })
}

/// Sends what is due; returns how many WeChat accepted.
pub async fn send_due(db: &Db, wechat: &WechatClient, now: DateTime<Utc>) -> anyhow::Result<u64> {
    if !wechat.sends() {
        return Ok(0);
    }
    let due = wechat_outbox::Entity::find()
        .filter(wechat_outbox::Column::State.eq("pending"))
        .filter(wechat_outbox::Column::NextAt.lte(now))
        .filter(free(now))
        .order_by_asc(wechat_outbox::Column::Id)
        .limit(BATCH)
        .all(&db.read)
        .await
        .context("reading the WeChat outbox")?;
    let mut sent = 0;
    for row in due {
        if !claim(db, &row, now).await? {
            continue; // another server has it
        }
        let tries = row.tries + 1;
        let Some(template) = wechat.template(row.kind) else {
            finish(db, row.id, "skipped", None, now).await?;
            continue;
        };
        let msg = message(&row, template);
        let outcome = match wechat.access_token(false).await {
            Ok(token) => match wechat.send_subscribe(&token, &msg).await {
                Sent::BadToken => match wechat.access_token(true).await {
                    Ok(fresh) => wechat.send_subscribe(&fresh, &msg).await,
                    Err(e) => Sent::Failed(e),
                },
                other => other,
            },
            Err(e) => Sent::Failed(e),
        };
        match outcome {
            Sent::Yes => {
                finish(db, row.id, "sent", None, now).await?;
                sent += 1;
            }
            Sent::NotSubscribed => {
                finish(db, row.id, "unsubscribed", Some("43101".into()), now).await?
            }
            Sent::BadToken => retry(db, row.id, tries, "token still invalid".into(), now).await?,
            Sent::Failed(why) => retry(db, row.id, tries, why, now).await?,
        }
    }
    Ok(sent)
}

/// Not claimed, or the claim expired (its server died mid-send).
fn free(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(wechat_outbox::Column::ClaimedUntil.is_null())
        .add(wechat_outbox::Column::ClaimedUntil.lt(now))
}

async fn claim(db: &Db, row: &wechat_outbox::Model, now: DateTime<Utc>) -> anyhow::Result<bool> {
    let claimed = wechat_outbox::Entity::update_many()
        .col_expr(
            wechat_outbox::Column::ClaimedUntil,
            Expr::value(Some(now + lease())),
        )
        .col_expr(
            wechat_outbox::Column::Tries,
            Expr::col(wechat_outbox::Column::Tries).add(1),
        )
        .filter(wechat_outbox::Column::Id.eq(row.id))
        .filter(wechat_outbox::Column::State.eq("pending"))
        .filter(wechat_outbox::Column::Tries.eq(row.tries))
        .filter(free(now))
        .exec(&db.write)
        .await
        .context("claiming a WeChat message")?;
    Ok(claimed.rows_affected == 1)
}

async fn finish(
    db: &Db,
    id: i32,
    state: &str,
    error: Option<String>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    wechat_outbox::Entity::update_many()
        .col_expr(wechat_outbox::Column::State, Expr::value(state))
        .col_expr(
            wechat_outbox::Column::SentAt,
            Expr::value((state == "sent").then_some(now)),
        )
        .col_expr(wechat_outbox::Column::LastError, Expr::value(error))
        .col_expr(
            wechat_outbox::Column::ClaimedUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .filter(wechat_outbox::Column::Id.eq(id))
        .exec(&db.write)
        .await
        .context("recording a WeChat send")?;
    Ok(())
}

async fn retry(
    db: &Db,
    id: i32,
    tries: i32,
    why: String,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    if tries >= MAX_TRIES {
        tracing::warn!(id, tries, error = %why, "a WeChat message failed for good");
        return finish(db, id, "failed", Some(why), now).await;
    }
    wechat_outbox::Entity::update_many()
        .col_expr(
            wechat_outbox::Column::NextAt,
            Expr::value(now + backoff(tries)),
        )
        .col_expr(wechat_outbox::Column::LastError, Expr::value(Some(why)))
        .col_expr(
            wechat_outbox::Column::ClaimedUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .filter(wechat_outbox::Column::Id.eq(id))
        .exec(&db.write)
        .await
        .context("rescheduling a WeChat message")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_tries_take_about_an_hour() {
        let waits: i64 = (1..MAX_TRIES).map(|t| backoff(t).num_seconds()).sum();
        assert_eq!(waits, 30 + 60 + 120 + 240 + 480 + 960 + 1920);
        assert!((3600..=4000).contains(&waits), "{waits} s");
    }
}
