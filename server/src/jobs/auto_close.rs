//! Completed orders nobody evaluates close by themselves after the configured
//! days: without a rating, so they count neither as satisfied nor as not.

use crate::db::Db;
use crate::entities::order;
use crate::services::notifications;
use crate::services::orders::change::{apply, Change, Entry};
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};
use shared::api::{SystemNote, SystemNoteCode};
use shared::workflow::{decide_as, Actor};
use shared::{Action, OrderStatus, TimelineAction};

const BATCH: usize = 500;

pub async fn close_unevaluated(db: &Db, now: DateTime<Utc>, days: i64) -> anyhow::Result<u64> {
    let before = now - Duration::days(days.max(1));
    let unevaluated = order::Entity::find()
        .filter(order::Column::Status.eq(OrderStatus::Completed))
        .filter(order::Column::CompletedAt.lte(before));
    let ids = super::due_ids(&db.read, unevaluated.clone())
        .await
        .context("finding unevaluated orders")?;
    let mut closed = 0;
    for chunk in ids.chunks(BATCH) {
        let page = unevaluated
            .clone()
            .filter(order::Column::Id.is_in(chunk.iter().copied()))
            .order_by_asc(order::Column::Id)
            .all(&db.read)
            .await
            .context("reading unevaluated orders")?;
        for o in page {
            let Ok(to) = decide_as(o.kind, o.status, Action::Close, Actor::System) else {
                continue;
            };
            let system = SystemNote {
                code: SystemNoteCode::AutoClosed,
                level: None,
                missed: None,
                days: Some(days.max(1)),
            };
            let change = Change {
                respond_by: Some(None),
                revisit: Some(false),
                note: Some(notifications::system_words(&system)),
                ..Change::to(to)
            };
            let entry = Entry {
                actor: None,
                action: TimelineAction::Close,
                system: Some(system),
            };
            let txn = db.write.begin().await?;
            let Some((closed_order, _)) = apply(&txn, &db.events, &o, &change, entry, now).await?
            else {
                // Evaluated, or closed by another server, first.
                continue;
            };
            txn.commit().await?;
            db.events.committed(&closed_order, "close", now);
            closed += 1;
        }
    }
    Ok(closed)
}
