//! The four-level whistle (四级吹哨): an order past a deadline goes up one level
//! (grid → community → street → district) with fresh deadlines and an
//! `escalate` entry without an actor; a unit that was dispatched an order and
//! did not accept it in time has a missed report (吹哨未报到).

use crate::db::Db;
use crate::entities::{category, missed_report, order};
use crate::services::deadlines::{self, calendar_around};
use crate::services::notifications::{self, Detail};
use crate::services::orders::change::{apply, Change, Entry};
use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use shared::api::NotificationKind;
use shared::api::{Missed, SystemNote, SystemNoteCode};
use shared::{Level, OrderStatus, TimelineAction};
use std::collections::HashMap;

/// Orders read per query: the job walks a large backlog in pages.
const BATCH: usize = 500;

fn waiting() -> [OrderStatus; 2] {
    [OrderStatus::Pending, OrderStatus::Dispatched]
}

fn open() -> [OrderStatus; 3] {
    [
        OrderStatus::Pending,
        OrderStatus::Dispatched,
        OrderStatus::Accepted,
    ]
}

/// Records a missed report for every unit whose dispatch ran out unanswered,
/// once per dispatch (the unique index on order, unit and `respond_by` makes a
/// second insert, from this server or another, do nothing).
pub async fn record_missed_reports(db: &Db, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let already = Query::select()
        .expr(Expr::val(1))
        .from(missed_report::Entity)
        .and_where(
            Expr::col((missed_report::Entity, missed_report::Column::OrderId))
                .equals((order::Entity, order::Column::Id)),
        )
        .and_where(
            Expr::col((missed_report::Entity, missed_report::Column::UnitId))
                .equals((order::Entity, order::Column::AssigneeUnitId)),
        )
        .and_where(
            Expr::col((missed_report::Entity, missed_report::Column::RespondBy))
                .equals((order::Entity, order::Column::RespondBy)),
        )
        .to_owned();
    let unanswered = order::Entity::find()
        .filter(order::Column::Status.eq(OrderStatus::Dispatched))
        .filter(order::Column::AssigneeUnitId.is_not_null())
        .filter(order::Column::RespondBy.lte(now))
        .filter(Expr::exists(already).not());
    let ids = super::due_ids(&db.read, unanswered.clone())
        .await
        .context("finding unanswered dispatches")?;
    let mut recorded = 0;
    for chunk in ids.chunks(BATCH) {
        let missed = unanswered
            .clone()
            .filter(order::Column::Id.is_in(chunk.iter().copied()))
            .order_by_asc(order::Column::Id)
            .all(&db.read)
            .await
            .context("reading unanswered dispatches")?;
        for o in missed {
            let (Some(unit), Some(respond_by)) = (o.assignee_unit_id, o.respond_by) else {
                continue;
            };
            recorded += missed_report::Entity::insert(missed_report::ActiveModel {
                unit_id: Set(unit),
                order_id: Set(o.id),
                respond_by: Set(respond_by),
                at: Set(now),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::columns([
                    missed_report::Column::OrderId,
                    missed_report::Column::UnitId,
                    missed_report::Column::RespondBy,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&db.write)
            .await
            .context("recording a missed report")?;
        }
    }
    Ok(recorded)
}

/// Moves every order past a deadline up one level. Each order is one
/// transaction, written only if nobody changed it since it was read.
pub async fn escalate(db: &Db, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let calendar = calendar_around(&db.read, now)
        .await
        .context("loading the holiday calendar")?;
    let late = Condition::any()
        .add(
            Condition::all()
                .add(order::Column::Status.is_in(waiting()))
                .add(order::Column::RespondBy.lte(now)),
        )
        .add(
            Condition::all()
                .add(order::Column::Status.is_in(open()))
                .add(order::Column::DueAt.lte(now)),
        );
    let late = order::Entity::find()
        .filter(order::Column::Level.ne(Level::District))
        .filter(late);
    let ids = super::due_ids(&db.read, late.clone())
        .await
        .context("finding late orders")?;
    let mut escalated = 0;
    // Who hears of an escalation depends on the community and the new level
    // alone: read once per run for each, on the read pool, so that each
    // order's transaction only writes.
    let mut audiences = HashMap::new();
    // Each page read again with the conditions: an order someone acted on
    // since its id was found is left alone.
    for chunk in ids.chunks(BATCH) {
        let page = late
            .clone()
            .find_also_related(category::Entity)
            .filter(order::Column::Id.is_in(chunk.iter().copied()))
            .order_by_asc(order::Column::Id)
            .all(&db.read)
            .await
            .context("reading late orders")?;
        for (o, c) in page {
            let Some(c) = c else { continue };
            let key = (o.community_id, o.level.up());
            let audience = match audiences.get(&key) {
                Some(a) => a,
                None => {
                    let mut after = o.clone();
                    after.level = key.1;
                    let a = notifications::audience(
                        &db.read,
                        NotificationKind::Escalated,
                        &after,
                        None,
                    )
                    .await?;
                    audiences.entry(key).or_insert(a)
                }
            };
            if escalate_one(db, &o, &c, now, &calendar, audience).await? {
                escalated += 1;
            }
        }
    }
    Ok(escalated)
}

async fn escalate_one(
    db: &Db,
    o: &order::Model,
    c: &category::Model,
    now: DateTime<Utc>,
    calendar: &shared::deadlines::Calendar,
    audience: &notifications::Audience,
) -> anyhow::Result<bool> {
    let missed_response = waiting().contains(&o.status) && o.respond_by.is_some_and(|by| by <= now);
    let level = o.level.up();
    let fresh = deadlines::limits(c, now, calendar);
    let respond_by = waiting().contains(&o.status).then_some(fresh.respond_by);
    let missed = match (missed_response, o.status) {
        (true, OrderStatus::Dispatched) => Missed::Accept,
        (true, _) => Missed::Dispatch,
        (false, _) => Missed::Completion,
    };
    let system = SystemNote {
        code: SystemNoteCode::Escalated,
        level: Some(level),
        missed: Some(missed),
        days: None,
    };
    let change = Change {
        level: Some(level),
        respond_by: Some(respond_by),
        due_at: Some(fresh.due_at),
        note: Some(notifications::system_words(&system)),
        ..Change::to(o.status)
    };
    let entry = Entry {
        actor: None,
        action: TimelineAction::Escalate,
        system: Some(system.clone()),
    };
    let txn = db.write.begin().await?;
    let Some((escalated, _)) = apply(&txn, &db.events, o, &change, entry, now).await? else {
        // Another server escalated it, or someone acted on it, first.
        return Ok(false);
    };
    // The committee and the officers of the new level hear of it, in the
    // same transaction.
    let detail = Detail {
        system: Some(system),
        ..Detail::default()
    };
    let planned = notifications::plan_for(
        audience,
        NotificationKind::Escalated,
        &escalated,
        detail,
        now,
    );
    notifications::write(&txn, planned).await?;
    txn.commit().await?;
    db.events.committed(&escalated, "escalate", now);
    Ok(true)
}
