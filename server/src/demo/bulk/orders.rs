//! One batch of orders: what each went through, drawn at random in
//! realistic shares, and written with its timeline, notifications and points.

use super::{Counter, Place};
use crate::db::Db;
use crate::entities::{notification, order, order_event, points_entry};
use crate::services::orders::search;
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::Rng;
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, EntityTrait};
use sea_orm::{IntoActiveModel, TransactionTrait};
use shared::api::{AssigneeRef, NoticeFacts, NotificationKind};
use shared::{
    Channel, CommunityId, DispatchMode, LedgerReason, Level, OrderKind, OrderStatus,
    TimelineAction, UserId,
};
use std::collections::HashMap;

/// What one order went through, drawn at random in realistic shares.
fn fate(rng: &mut StdRng) -> OrderStatus {
    match rng.gen_range(0..100) {
        0..=54 => OrderStatus::Evaluated,
        55..=69 => OrderStatus::Closed,
        70..=77 => OrderStatus::Completed,
        78..=83 => OrderStatus::Accepted,
        84..=88 => OrderStatus::Dispatched,
        89..=93 => OrderStatus::Pending,
        _ => OrderStatus::Cancelled,
    }
}

struct Drawn {
    row: order::Model,
    community: CommunityId,
    status: OrderStatus,
    kind: OrderKind,
    requester: UserId,
    assignee: Option<AssigneeRef>,
    points: i32,
    created: DateTime<Utc>,
    dispatched: Option<DateTime<Utc>>,
    accepted: Option<DateTime<Utc>>,
    completed: Option<DateTime<Utc>>,
    rating: Option<i32>,
    title: String,
}

/// `created`: when it was placed (the run places its orders over the past
/// year in the order of their ids, as a community does).
fn draw(place: &Place, created: DateTime<Utc>, now: DateTime<Utc>, rng: &mut StdRng) -> Drawn {
    let (category, kind, points) = place.categories[rng.gen_range(0..place.categories.len())];
    let requester = place.residents[rng.gen_range(0..place.residents.len())];
    let wish = kind == OrderKind::MicroWish;
    // Wishes are claimed, never dispatched.
    let status = match fate(rng) {
        OrderStatus::Dispatched if wish => OrderStatus::Accepted,
        s => s,
    };
    // What is older than three weeks is over by now, as in a community that
    // keeps up: only the recent orders are still open.
    let status = if status.is_open() && now - created > Duration::days(21) {
        match rng.gen_range(0..10) {
            0 => OrderStatus::Cancelled,
            1..=3 => OrderStatus::Closed,
            _ => OrderStatus::Evaluated,
        }
    } else {
        status
    };
    let taken = !matches!(status, OrderStatus::Pending | OrderStatus::Cancelled);
    let assignee = taken
        .then(|| {
            let unit = !wish && !place.units.is_empty() && rng.gen_bool(0.4);
            if unit {
                Some(AssigneeRef::Unit(
                    place.units[rng.gen_range(0..place.units.len())],
                ))
            } else if !place.volunteers.is_empty() {
                Some(AssigneeRef::Volunteer(
                    place.volunteers[rng.gen_range(0..place.volunteers.len())],
                ))
            } else {
                None
            }
        })
        .flatten();
    // Nobody to take it in this community: it waits.
    let status = if taken && assignee.is_none() {
        OrderStatus::Pending
    } else {
        status
    };
    let taken = assignee.is_some();
    let dispatched = (taken && !wish).then(|| created + Duration::minutes(rng.gen_range(2..240)));
    let accepted = (taken && status != OrderStatus::Dispatched)
        .then(|| dispatched.unwrap_or(created) + Duration::minutes(rng.gen_range(1..180)));
    let done = matches!(
        status,
        OrderStatus::Completed | OrderStatus::Evaluated | OrderStatus::Closed
    );
    let completed = accepted
        .filter(|_| done)
        .map(|a| a + Duration::minutes(rng.gen_range(20..2 * 1440)));
    let rating = (status == OrderStatus::Evaluated
        || status == OrderStatus::Closed && rng.gen_bool(0.5))
    .then(|| match rng.gen_range(0..100) {
        0..=2 => 1,
        3..=6 => 2,
        7..=14 => 3,
        15..=39 => 4,
        _ => 5,
    });
    let due = created + Duration::days(if kind == OrderKind::MicroWish { 7 } else { 2 });
    let level = match rng.gen_range(0..100) {
        0..=4 if status.is_open() => Level::Street,
        5 if status.is_open() => Level::District,
        6..=15 => Level::Grid,
        _ => Level::Community,
    };
    let title = format!(
        "{}{}",
        TITLES[rng.gen_range(0..TITLES.len())],
        rng.gen_range(1..40)
    );
    let (unit, volunteer) = crate::services::orders::assignees::columns(assignee);
    let row = order::Model {
        id: shared::OrderId(0),
        community_id: place.id,
        kind,
        category_id: category,
        title: title.clone(),
        description: "批量生成的历史工单".into(),
        address: Some(format!(
            "{}号楼{}室",
            rng.gen_range(1..30),
            rng.gen_range(101..1802)
        )),
        preferred_time: None,
        status,
        requester_id: requester,
        assignee_unit_id: unit,
        assignee_user_id: volunteer,
        version: 4,
        created_at: created,
        updated_at: completed.or(accepted).or(dispatched).unwrap_or(created),
        due_at: due,
        accepted_at: accepted,
        completed_at: completed,
        rating,
        comment: rating.filter(|r| *r >= 4).map(|_| "服务很好".to_string()),
        respond_by: matches!(status, OrderStatus::Pending | OrderStatus::Dispatched)
            .then(|| created + Duration::hours(2)),
        level,
        revisit: rating.is_some_and(|r| r <= 2) && status == OrderStatus::Evaluated,
        grid_id: None,
        dispatch_mode: DispatchMode::Manual,
        track: None,
        channel: Channel::App,
        placed_by: None,
        dispatched_at: dispatched,
        tried: String::new(),
        partner_id: None,
        hotline_number: None,
        latitude: None,
        longitude: None,
    };
    Drawn {
        row,
        community: place.id,
        status,
        kind,
        requester,
        assignee,
        points,
        created,
        dispatched,
        accepted,
        completed,
        rating,
        title,
    }
}

const TITLES: &[&str] = &[
    "楼道灯不亮",
    "水管漏水",
    "想要一副象棋",
    "上门理发",
    "空调不制冷",
    "邻里噪音",
    "垃圾清运",
    "陪老人聊天",
    "代买药品",
    "电梯异响",
    "停车纠纷",
    "上门义诊",
];

/// Which of the run's orders a batch writes.
pub(super) struct Span {
    pub first: u64,
    pub size: usize,
    pub total: u64,
}

/// One transaction: `size` orders with their timelines, notifications and
/// points. Returns the number of timeline entries written.
pub(super) async fn batch(
    db: &Db,
    places: &[Place],
    Span { first, size, total }: Span,
    now: DateTime<Utc>,
    rng: &mut StdRng,
    counters: &mut HashMap<(CommunityId, AssigneeRef), Counter>,
) -> anyhow::Result<u64> {
    // The run's orders are spread evenly over the past year, in the order
    // of their ids: each index of the orders grows at its end, as it does
    // when a community places them (twice as fast to write as at random
    // places).
    let year = Duration::days(365).num_seconds() - 600;
    let drawn: Vec<Drawn> = (first..first + size as u64)
        .map(|k| {
            let ago = year - (year as u128 * u128::from(k) / u128::from(total.max(1))) as i64;
            let created = now - Duration::seconds(ago + rng.gen_range(0..60));
            let place = if places.len() == 1 || rng.gen_bool(0.8) {
                &places[0]
            } else {
                &places[rng.gen_range(1..places.len())]
            };
            draw(place, created, now, rng)
        })
        .collect();
    let txn = db.write.begin().await?;
    // As many orders a statement as SQLite's 32,766 variables allow, one
    // per column of each order (36 columns: 900 orders).
    let per_statement = 32_000 / <order::Column as sea_orm::Iterable>::iter().count();
    let mut ids = Vec::with_capacity(size);
    for chunk in drawn.chunks(per_statement) {
        ids.extend(
            order::Entity::insert_many(chunk.iter().map(|d| {
                let mut row = d.row.clone().into_active_model().reset_all();
                row.id = NotSet;
                row
            }))
            .exec_with_returning_keys(&txn)
            .await?,
        );
    }
    let mut events = Vec::with_capacity(size * 5);
    let mut notes = Vec::with_capacity(size * 2);
    let mut points = Vec::new();
    for (&id, d) in ids.iter().zip(&drawn) {
        let entry = |at: DateTime<Utc>,
                     actor: Option<UserId>,
                     action: TimelineAction,
                     from: Option<OrderStatus>,
                     to: OrderStatus| order_event::ActiveModel {
            order_id: Set(id),
            at: Set(at),
            actor_id: Set(actor),
            action: Set(action),
            from_status: Set(from),
            to_status: Set(to),
            note: Set(None),
            photos: Set(None),
            system: Set(None),
            ..Default::default()
        };
        let volunteer = match d.assignee {
            Some(AssigneeRef::Volunteer(v)) => Some(v),
            _ => None,
        };
        use OrderStatus as S;
        use TimelineAction as A;
        events.push(entry(
            d.created,
            Some(d.requester),
            A::Create,
            None,
            S::Pending,
        ));
        if let Some(at) = d.dispatched {
            events.push(entry(
                at,
                None,
                A::Dispatch,
                Some(S::Pending),
                S::Dispatched,
            ));
        }
        if let Some(at) = d.accepted {
            let (action, from) = if d.kind == OrderKind::MicroWish {
                (A::Claim, S::Pending)
            } else {
                (A::Accept, S::Dispatched)
            };
            events.push(entry(at, volunteer, action, Some(from), S::Accepted));
        }
        if let Some(at) = d.completed {
            events.push(entry(
                at,
                volunteer,
                A::Complete,
                Some(S::Accepted),
                S::Completed,
            ));
            if let Some(v) = volunteer.filter(|_| d.points > 0) {
                points.push(points_entry::ActiveModel {
                    user_id: Set(v),
                    delta: Set(d.points),
                    reason: Set(LedgerReason::OrderCompleted),
                    order_id: Set(Some(id)),
                    redemption_id: Set(None),
                    at: Set(at),
                    // The demo's services credit an hour each.
                    hours: Set(1.0),
                    ..Default::default()
                });
            }
            let facts = NoticeFacts {
                number: format!("{}-{:05}", d.created.format("%Y%m%d"), id),
                title: d.title.clone(),
                said: None,
                system: None,
                rating: None,
            };
            notes.push(notification::ActiveModel {
                user_id: Set(d.requester),
                at: Set(at),
                kind: Set(NotificationKind::Completed),
                order_id: Set(Some(id)),
                title: Set("您的工单已办结，请评价".into()),
                body: Set(format!("{} {}", facts.number, facts.title)),
                read_at: Set((now - at > Duration::days(3)).then_some(at + Duration::hours(5))),
                facts: Set(serde_json::to_string(&facts).ok()),
                ..Default::default()
            });
        }
        match (d.status, d.rating, d.completed) {
            (S::Evaluated | S::Closed, Some(r), Some(done)) => {
                let at = done + Duration::hours(6);
                events.push(entry(
                    at,
                    Some(d.requester),
                    A::Evaluate,
                    Some(S::Completed),
                    S::Evaluated,
                ));
                if d.status == S::Closed {
                    events.push(entry(
                        at + Duration::days(1),
                        None,
                        A::Close,
                        Some(S::Evaluated),
                        S::Closed,
                    ));
                }
                if let Some(who) = d.assignee {
                    let c = counters.entry((d.community, who)).or_default();
                    c.rated += 1;
                    c.rating_sum += r;
                }
            }
            (S::Closed, None, Some(done)) => {
                events.push(entry(
                    done + Duration::days(7),
                    None,
                    A::Close,
                    Some(S::Completed),
                    S::Closed,
                ));
            }
            (S::Cancelled, _, _) => {
                events.push(entry(
                    d.created + Duration::hours(1),
                    Some(d.requester),
                    A::Cancel,
                    Some(S::Pending),
                    S::Cancelled,
                ));
            }
            _ => {}
        }
        if let (Some(who), Some(accepted)) = (d.assignee, d.accepted) {
            let c = counters.entry((d.community, who)).or_default();
            c.responses += 1;
            c.response_minutes +=
                (accepted - d.dispatched.unwrap_or(d.created)).num_seconds() as f64 / 60.0;
        }
    }
    for (ids, drawn) in ids.chunks(1_000).zip(drawn.chunks(1_000)) {
        search::index_many(
            &txn,
            ids.iter()
                .zip(drawn)
                .map(|(id, d)| (*id, search::words(&d.row.title, d.row.address.as_deref()))),
        )
        .await?;
    }
    let written = events.len() as u64;
    for chunk in events.chunks(3_000) {
        order_event::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    for chunk in notes.chunks(3_000) {
        notification::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    for chunk in points.chunks(3_000) {
        points_entry::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(written)
}
