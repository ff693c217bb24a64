//! Sends the hotline outbox: each result of a hotline order back to its
//! hotline's `callback_url`, signed with the key's secret.
//!
//! As the WeChat outbox: a row is claimed before it is sent (a conditional
//! write on its `tries`), so one server sends it; a server that dies
//! mid-send leaves a claim that expires and the next run sends it again,
//! with the same `X-Linli-Delivery` id, so the hotline keeps each result
//! once. A crash loses none. Failures are retried after 30 s doubling to an
//! hour, 24 tries in all (about 18 hours); a revoked key's results are
//! dropped, a key without a callback skips them.

use crate::db::Db;
use crate::entities::{hotline_outbox, partner};
use crate::services::partners::hotline::{backoff, HotlineClient, Sent};
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::api::HotlineResult;

pub const MAX_TRIES: i32 = 24;
const BATCH: u64 = 100;

/// How long a claim holds: longer than a send may take (10 s).
fn lease() -> Duration {
    Duration::minutes(2)
}

/// Sends what is due; returns how many the hotlines took.
pub async fn send_due(db: &Db, client: &HotlineClient, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let due = hotline_outbox::Entity::find()
        .filter(hotline_outbox::Column::State.eq("pending"))
        .filter(hotline_outbox::Column::NextAt.lte(now))
        .filter(free(now))
        .order_by_asc(hotline_outbox::Column::Id)
        .limit(BATCH)
        .all(&db.read)
        .await
        .context("reading the hotline outbox")?;
    let mut sent = 0;
    for row in due {
        if !claim(db, &row, now).await? {
            continue; // another server has it
        }
        let p = partner::Entity::find_by_id(row.partner_id)
            .one(&db.read)
            .await
            .context("reading a hotline key")?;
        let (url, secret) = match p {
            Some(p) if p.revoked_at.is_some() => {
                finish(
                    db,
                    row.id,
                    "dropped",
                    Some("the key was revoked".into()),
                    now,
                )
                .await?;
                continue;
            }
            Some(partner::Model {
                callback_url: Some(url),
                secret: Some(secret),
                ..
            }) => (url, secret),
            _ => {
                finish(db, row.id, "skipped", Some("no callback_url".into()), now).await?;
                continue;
            }
        };
        let body = serde_json::to_vec(&HotlineResult {
            hotline_number: row.hotline_number.clone(),
            event: row.event,
            at: row.at,
            note: row.note.clone(),
            rating: row.rating,
        })
        .context("writing a hotline result")?;
        match client.send(&url, &secret, row.id, body).await {
            Sent::Yes => {
                finish(db, row.id, "sent", None, now).await?;
                sent += 1;
            }
            Sent::Failed(why) => retry(db, row.id, row.tries + 1, why, now).await?,
        }
    }
    Ok(sent)
}

/// Not claimed, or the claim expired (its server died mid-send).
fn free(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(hotline_outbox::Column::ClaimedUntil.is_null())
        .add(hotline_outbox::Column::ClaimedUntil.lt(now))
}

async fn claim(db: &Db, row: &hotline_outbox::Model, now: DateTime<Utc>) -> anyhow::Result<bool> {
    let claimed = hotline_outbox::Entity::update_many()
        .col_expr(
            hotline_outbox::Column::ClaimedUntil,
            Expr::value(Some(now + lease())),
        )
        .col_expr(
            hotline_outbox::Column::Tries,
            Expr::col(hotline_outbox::Column::Tries).add(1),
        )
        .filter(hotline_outbox::Column::Id.eq(row.id))
        .filter(hotline_outbox::Column::State.eq("pending"))
        .filter(hotline_outbox::Column::Tries.eq(row.tries))
        .filter(free(now))
        .exec(&db.write)
        .await
        .context("claiming a hotline result")?;
    Ok(claimed.rows_affected == 1)
}

async fn finish(
    db: &Db,
    id: i32,
    state: &str,
    error: Option<String>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    hotline_outbox::Entity::update_many()
        .col_expr(hotline_outbox::Column::State, Expr::value(state))
        .col_expr(
            hotline_outbox::Column::SentAt,
            Expr::value((state == "sent").then_some(now)),
        )
        .col_expr(hotline_outbox::Column::LastError, Expr::value(error))
        .col_expr(
            hotline_outbox::Column::ClaimedUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .filter(hotline_outbox::Column::Id.eq(id))
        .exec(&db.write)
        .await
        .context("recording a hotline send")?;
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
        tracing::warn!(id, tries, error = %why, "a hotline result failed for good");
        return finish(db, id, "failed", Some(why), now).await;
    }
    tracing::info!(id, tries, error = %why, "a hotline result will be retried");
    hotline_outbox::Entity::update_many()
        .col_expr(
            hotline_outbox::Column::NextAt,
            Expr::value(now + backoff(tries)),
        )
        .col_expr(hotline_outbox::Column::LastError, Expr::value(Some(why)))
        .col_expr(
            hotline_outbox::Column::ClaimedUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .filter(hotline_outbox::Column::Id.eq(id))
        .exec(&db.write)
        .await
        .context("rescheduling a hotline result")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_four_tries_take_most_of_a_day() {
        let waits: i64 = (1..MAX_TRIES).map(|t| backoff(t).num_seconds()).sum();
        assert_eq!(backoff(1).num_seconds(), 30);
        assert_eq!(backoff(8).num_seconds(), 3600);
        assert!((15 * 3600..=20 * 3600).contains(&waits), "{waits} s");
    }
}
