//! `linli seed-bulk --orders N`: a realistic district of any size for
//! measuring — the demo's communities (seeded first when the database is
//! empty), a few thousand residents and a few hundred volunteers, and N orders
//! over the past year in every status, kind and level, with their timelines,
//! ratings, notifications, points and the dispatch counters. Written in large
//! multi-row inserts, one transaction per batch; it may run again on a seeded
//! database (it adds N more).

use crate::db::Db;
use crate::entities::{
    candidate_stat, category, community, membership, notification, order, order_event,
    points_entry, unit_registration, user, volunteer_profile,
};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, TransactionTrait,
};
use shared::api::{AssigneeRef, NoticeFacts, NotificationKind};
use shared::{
    CategoryId, Channel, CommunityId, DispatchMode, LedgerReason, Level, OrderKind, OrderStatus,
    Role, TimelineAction, UnitId, UserId,
};
use std::collections::HashMap;
use std::time::Instant;

/// Residents and volunteers the bulk district has (made on the first run).
const RESIDENTS: usize = 3_000;
const VOLUNTEERS: usize = 300;
/// Orders per transaction.
const BATCH: usize = 5_000;

pub struct Report {
    pub orders: u64,
    pub events: u64,
    pub seconds: f64,
}

/// One community's people and services, as the seeding draws from them.
struct Place {
    id: CommunityId,
    categories: Vec<(CategoryId, OrderKind, i32)>,
    residents: Vec<UserId>,
    volunteers: Vec<UserId>,
    units: Vec<UnitId>,
}

pub async fn seed_bulk(db: &Db, n: u64, now: DateTime<Utc>) -> anyhow::Result<Report> {
    super::seed_if_empty(db, now).await?;
    let started = Instant::now();
    // A seeding tool, not the server: on SQLite the writer need not wait for
    // the disk after each batch (a crash mid-way loses the last batches, and
    // the run is simply repeated).
    if db.write.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        // …and keeps the indexes' pages in memory while it writes (256 MB).
        db.write
            .execute_unprepared("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144")
            .await?;
    }
    let places = people(db, now).await?;
    let already = order::Entity::find().count(&db.read).await?;
    let mut rng = StdRng::seed_from_u64(already);
    let mut counters: HashMap<(CommunityId, AssigneeRef), Counter> = HashMap::new();
    let (mut done, mut events) = (0u64, 0u64);
    while done < n {
        let size = BATCH.min((n - done) as usize);
        events += batch(db, &places, size, now, &mut rng, &mut counters).await?;
        done += size as u64;
    }
    write_counters(db, counters).await?;
    // The ledger sums to the balance.
    db.write
        .execute_unprepared(
            "UPDATE users SET points_balance = \
             (SELECT COALESCE(SUM(delta), 0) FROM points_ledger WHERE points_ledger.user_id = users.id)",
        )
        .await?;
    Ok(Report {
        orders: done,
        events,
        seconds: started.elapsed().as_secs_f64(),
    })
}

#[derive(Default)]
struct Counter {
    rated: i32,
    rating_sum: i32,
    responses: i32,
    response_minutes: f64,
}

/// The bulk district's people: made on the first run (phones 135… for
/// residents, 134… for volunteers, no password), read on later ones.
async fn people(db: &Db, now: DateTime<Utc>) -> anyhow::Result<Vec<Place>> {
    let communities: Vec<CommunityId> = community::Entity::find()
        .select_only()
        .column(community::Column::Id)
        .into_tuple()
        .all(&db.read)
        .await?;
    anyhow::ensure!(!communities.is_empty(), "no communities to seed into");
    let made = user::Entity::find()
        .filter(user::Column::Phone.starts_with("135"))
        .count(&db.read)
        .await?;
    if made == 0 {
        let txn = db.write.begin().await?;
        for (prefix, count, volunteer) in [("135", RESIDENTS, false), ("134", VOLUNTEERS, true)] {
            for chunk in (0..count).collect::<Vec<_>>().chunks(500) {
                let rows = chunk.iter().map(|i| user::ActiveModel {
                    phone: Set(format!("{prefix}{i:08}")),
                    name: Set(format!("{}{i}", if volunteer { "志愿者" } else { "居民" })),
                    password_hash: Set(None),
                    wechat_openid: Set(None),
                    community_id: Set(Some(home(&communities, *i))),
                    points_balance: Set(0),
                    created_at: Set(now - Duration::days(400)),
                    ..Default::default()
                });
                let ids = user::Entity::insert_many(rows)
                    .exec_with_returning_keys(&txn)
                    .await?;
                let mut roles = Vec::new();
                let mut profiles = Vec::new();
                for (id, i) in ids.into_iter().zip(chunk) {
                    let c = home(&communities, *i);
                    for role in [Role::Resident, Role::Volunteer] {
                        if role == Role::Volunteer && !volunteer {
                            continue;
                        }
                        roles.push(membership::ActiveModel {
                            user_id: Set(id),
                            role: Set(role),
                            community_id: Set(Some(c)),
                            status: Set(shared::api::MembershipStatus::Active),
                            created_at: Set(Some(now - Duration::days(400))),
                            ..Default::default()
                        });
                    }
                    if volunteer {
                        profiles.push(volunteer_profile::ActiveModel {
                            user_id: Set(id),
                            community_id: Set(c),
                            grid_id: Set(None),
                            skills: Set(SKILLS[*i % SKILLS.len()].to_string()),
                            registered_at: Set(now - Duration::days(400)),
                            background: Set(None),
                            available: Set(i % 7 != 0),
                            max_open: Set(3),
                            ..Default::default()
                        });
                    }
                }
                membership::Entity::insert_many(roles)
                    .exec_without_returning(&txn)
                    .await?;
                if !profiles.is_empty() {
                    volunteer_profile::Entity::insert_many(profiles)
                        .exec_without_returning(&txn)
                        .await?;
                }
            }
        }
        txn.commit().await?;
    }

    let mut places = Vec::new();
    for c in communities {
        let categories = category::Entity::find()
            .filter(category::Column::CommunityId.eq(c))
            .filter(category::Column::Active.eq(true))
            .all(&db.read)
            .await?
            .into_iter()
            .map(|k| (k.id, k.kind, k.points))
            .collect();
        let members: Vec<(UserId, Role)> = membership::Entity::find()
            .select_only()
            .columns([membership::Column::UserId, membership::Column::Role])
            .filter(membership::Column::CommunityId.eq(c))
            .filter(membership::Column::Role.is_in([Role::Resident, Role::Volunteer]))
            .into_tuple()
            .all(&db.read)
            .await?;
        let volunteers: Vec<UserId> = members
            .iter()
            .filter(|(_, r)| *r == Role::Volunteer)
            .map(|(u, _)| *u)
            .collect();
        let residents = members
            .iter()
            .filter(|(u, r)| *r == Role::Resident && !volunteers.contains(u))
            .map(|(u, _)| *u)
            .collect();
        let units = unit_registration::Entity::find()
            .select_only()
            .column(unit_registration::Column::UnitId)
            .filter(unit_registration::Column::CommunityId.eq(c))
            .into_tuple()
            .all(&db.read)
            .await?;
        places.push(Place {
            id: c,
            categories,
            residents,
            volunteers,
            units,
        });
    }
    places.retain(|p| !p.categories.is_empty() && !p.residents.is_empty());
    anyhow::ensure!(
        !places.is_empty(),
        "no community has services and residents"
    );
    Ok(places)
}

const SKILLS: &[&str] = &[
    "家电维修",
    "水电维修",
    "义诊",
    "法律咨询",
    "矛盾调解",
    "理发",
    "助餐送餐",
    "代办跑腿",
    "陪伴探访",
    "心理疏导",
    "环境卫生",
    "设施报修",
];

/// Where the i-th bulk person lives: four in five in the first community (as
/// a district's busiest), the rest spread over the others.
fn home(communities: &[CommunityId], i: usize) -> CommunityId {
    if i % 5 != 4 || communities.len() == 1 {
        communities[0]
    } else {
        communities[1 + i % (communities.len() - 1)]
    }
}

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
    row: order::ActiveModel,
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

fn draw(place: &Place, now: DateTime<Utc>, rng: &mut StdRng) -> Drawn {
    let (category, kind, points) = place.categories[rng.gen_range(0..place.categories.len())];
    let requester = place.residents[rng.gen_range(0..place.residents.len())];
    let wish = kind == OrderKind::MicroWish;
    // Wishes are claimed, never dispatched.
    let status = match fate(rng) {
        OrderStatus::Dispatched if wish => OrderStatus::Accepted,
        s => s,
    };
    let created = now - Duration::minutes(rng.gen_range(10..365 * 1440));
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
    let row = order::ActiveModel {
        community_id: Set(place.id),
        kind: Set(kind),
        category_id: Set(category),
        title: Set(title.clone()),
        description: Set("批量生成的历史工单".into()),
        address: Set(Some(format!(
            "{}号楼{}室",
            rng.gen_range(1..30),
            rng.gen_range(101..1802)
        ))),
        preferred_time: Set(None),
        status: Set(status),
        requester_id: Set(requester),
        assignee_unit_id: Set(unit),
        assignee_user_id: Set(volunteer),
        version: Set(4),
        created_at: Set(created),
        updated_at: Set(completed.or(accepted).or(dispatched).unwrap_or(created)),
        due_at: Set(due),
        accepted_at: Set(accepted),
        completed_at: Set(completed),
        rating: Set(rating),
        comment: Set(rating.filter(|r| *r >= 4).map(|_| "服务很好".to_string())),
        respond_by: Set(
            matches!(status, OrderStatus::Pending | OrderStatus::Dispatched)
                .then(|| created + Duration::hours(2)),
        ),
        level: Set(level),
        revisit: Set(rating.is_some_and(|r| r <= 2) && status == OrderStatus::Evaluated),
        grid_id: Set(None),
        dispatch_mode: Set(DispatchMode::Manual),
        track: Set(None),
        channel: Set(Channel::App),
        placed_by: Set(None),
        dispatched_at: Set(dispatched),
        tried: Set(String::new()),
        ..Default::default()
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

/// One transaction: `size` orders with their timelines, notifications and
/// points. Returns the number of timeline entries written.
async fn batch(
    db: &Db,
    places: &[Place],
    size: usize,
    now: DateTime<Utc>,
    rng: &mut StdRng,
    counters: &mut HashMap<(CommunityId, AssigneeRef), Counter>,
) -> anyhow::Result<u64> {
    let drawn: Vec<Drawn> = (0..size)
        .map(|_| {
            let place = if places.len() == 1 || rng.gen_bool(0.8) {
                &places[0]
            } else {
                &places[rng.gen_range(1..places.len())]
            };
            draw(place, now, rng)
        })
        .collect();
    let txn = db.write.begin().await?;
    // A thousand orders a statement: within SQLite's 32,766 variables.
    let mut ids = Vec::with_capacity(size);
    for chunk in drawn.chunks(1_000) {
        ids.extend(
            order::Entity::insert_many(chunk.iter().map(|d| d.row.clone()))
                .exec_with_returning_keys(&txn)
                .await?,
        );
    }
    let mut events = Vec::with_capacity(size * 5);
    let mut notes = Vec::with_capacity(size * 2);
    let mut points = Vec::new();
    for (id, d) in ids.into_iter().zip(&drawn) {
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

/// Adds what the seeded history tells to the dispatch counters (ranking reads
/// them, never the history).
async fn write_counters(
    db: &Db,
    counters: HashMap<(CommunityId, AssigneeRef), Counter>,
) -> anyhow::Result<()> {
    use candidate_stat as cs;
    let txn = db.write.begin().await?;
    for ((community, who), c) in counters {
        let (unit, user, key) = match who {
            AssigneeRef::Unit(u) => (Some(u), None, cs::Column::UnitId),
            AssigneeRef::Volunteer(v) => (None, Some(v), cs::Column::UserId),
        };
        let average = if c.responses > 0 {
            c.response_minutes / f64::from(c.responses)
        } else {
            0.0
        };
        let col = |c: cs::Column| Expr::col((cs::Entity, c));
        let mut conflict = OnConflict::columns([cs::Column::CommunityId, key]);
        conflict
            .value(cs::Column::Rated, col(cs::Column::Rated).add(c.rated))
            .value(
                cs::Column::RatingSum,
                col(cs::Column::RatingSum).add(c.rating_sum),
            )
            .value(
                cs::Column::ResponseMinutes,
                col(cs::Column::ResponseMinutes)
                    .mul(col(cs::Column::Responses))
                    .add(c.response_minutes)
                    .div(col(cs::Column::Responses).add(c.responses.max(1))),
            )
            .value(
                cs::Column::Responses,
                col(cs::Column::Responses).add(c.responses),
            );
        cs::Entity::insert(cs::ActiveModel {
            community_id: Set(community),
            unit_id: Set(unit),
            user_id: Set(user),
            rated: Set(c.rated),
            rating_sum: Set(c.rating_sum),
            responses: Set(c.responses),
            response_minutes: Set(average),
            rejects: Set(0.0),
            rejects_at: Set(None),
            ..Default::default()
        })
        .on_conflict(conflict)
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
