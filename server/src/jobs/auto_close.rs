//! Completed orders nobody evaluates close by themselves after the configured
//! days: without a rating, so they count neither as satisfied nor as not.

use crate::db::Db;
use crate::entities::order;
use crate::services::orders::store::{record_event, Event};
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use shared::workflow::{decide_as, Actor};
use shared::{Action, OrderId, OrderStatus, TimelineAction};

const BATCH: u64 = 500;

pub async fn close_unevaluated(db: &Db, now: DateTime<Utc>, days: i64) -> anyhow::Result<u64> {
    let before = now - Duration::days(days.max(1));
    let mut after = OrderId(0);
    let mut closed = 0;
    loop {
        let page = order::Entity::find()
            .filter(order::Column::Status.eq(OrderStatus::Completed))
            .filter(order::Column::CompletedAt.lte(before))
            .filter(order::Column::Id.gt(after))
            .order_by_asc(order::Column::Id)
            .limit(BATCH)
            .all(&db.read)
            .await
            .context("finding unevaluated orders")?;
        let full = page.len() as u64 == BATCH;
        for o in page {
            after = o.id;
            let Ok(to) = decide_as(o.kind, o.status, Action::Close, Actor::System) else {
                continue;
            };
            let txn = db.write.begin().await?;
            let written = order::Entity::update_many()
                .col_expr(order::Column::Status, Expr::value(to))
                .col_expr(order::Column::RespondBy, Expr::value(None::<DateTime<Utc>>))
                .col_expr(order::Column::Revisit, Expr::value(false))
                .col_expr(
                    order::Column::Version,
                    Expr::col(order::Column::Version).add(1),
                )
                .col_expr(order::Column::UpdatedAt, Expr::value(now))
                .filter(order::Column::Id.eq(o.id))
                .filter(order::Column::Version.eq(o.version))
                .exec(&txn)
                .await
                .context("closing an order")?;
            if written.rows_affected != 1 {
                continue;
            }
            record_event(
                &txn,
                Event {
                    order_id: o.id,
                    at: now,
                    actor: None,
                    action: TimelineAction::Close,
                    from: Some(o.status),
                    to,
                    note: Some(format!("{} 天未评价，自动关闭", days.max(1))),
                    system: Some(shared::api::SystemNote {
                        code: shared::api::SystemNoteCode::AutoClosed,
                        level: None,
                        missed: None,
                        days: Some(days.max(1)),
                    }),
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            db.events.announce_in(&txn, o.id, "close", now).await?;
            txn.commit().await?;
            let closed_order = order::Model {
                status: to,
                respond_by: None,
                revisit: false,
                ..o.clone()
            };
            db.events.committed(&closed_order, "close", now);
            closed += 1;
        }
        if !full {
            return Ok(closed);
        }
    }
}
