//! Demo history made through the real workflow, so that timelines, ratings and
//! points are exactly what the API itself would have produced.

use crate::db::Db;
use crate::entities::{order, order_event, points_entry, user};
use crate::error::ApiResult;
use crate::services::orders;
use crate::services::uploads::links::{LinkSigner, Links};
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::api::{ActionRequest, AssigneeRef, CreateOrder};
use shared::OrderKind;
use shared::UnitId;
use std::collections::HashMap;

pub async fn seed(
    db: &Db,
    users: &HashMap<&str, user::Model>,
    units: &[UnitId],
    now: chrono::DateTime<Utc>,
) -> ApiResult<()> {
    let caller = |phone: &str| {
        let u = users[phone].clone();
        async move { crate::services::identity::caller_for(&db.read, &u).await }
    };
    let wang = caller("13900000011").await?;
    let zhang = caller("13900000012").await?;
    let he = caller("13900000111").await?;
    let committee = caller("13900000001").await?;
    let hexie_committee = caller("13900000101").await?;
    let doctor = caller("13900000021").await?;
    let plumber = caller("13900000022").await?;
    let property = caller("13900000032").await?;
    // The answers are not shown to anyone: their photo links need no real key.
    let signer = LinkSigner::new(&crate::auth::tokens::random_token());
    let links = Links::new(std::sync::Arc::new(signer), "", now);

    let new =
        |kind: OrderKind, category: &str, title: &str, description: &str, address: Option<&str>| {
            CreateOrder {
                on_behalf_of: None,
                kind,
                category: category.into(),
                title: title.into(),
                description: description.into(),
                address: address.map(String::from),
                preferred_time: None,
                photos: Vec::new(),
            }
        };
    let volunteer = AssigneeRef::Volunteer;
    let unit = AssigneeRef::Unit;

    // A wish claimed, done and praised.
    let o = orders::create(
        db,
        &wang,
        new(
            OrderKind::MicroWish,
            "wish_goods",
            "给孙子买个新书包",
            "孙子上三年级，书包坏了。",
            Some("幸福小区3号楼2单元101"),
        ),
        now,
        &links,
    )
    .await?;
    orders::act(db, &doctor, o.id, ActionRequest::Claim, now, &links).await?;
    orders::act(
        db,
        &doctor,
        o.id,
        ActionRequest::Complete {
            note: "书包已送到家中".into(),
            photos: None,
            hours: None,
        },
        now,
        &links,
    )
    .await?;
    orders::act(
        db,
        &wang,
        o.id,
        ActionRequest::Evaluate {
            rating: 5,
            comment: Some("非常感谢！".into()),
        },
        now,
        &links,
    )
    .await?;

    // A door service done by a volunteer, evaluated.
    let o = orders::create(
        db,
        &zhang,
        new(
            OrderKind::DoorService,
            "appliance_repair",
            "洗衣机不脱水",
            "老式波轮洗衣机，转不起来。",
            Some("幸福小区5号楼1单元302"),
        ),
        now,
        &links,
    )
    .await?;
    orders::act(
        db,
        &committee,
        o.id,
        ActionRequest::Dispatch {
            assignee: volunteer(plumber.user_id),
            note: None,
        },
        now,
        &links,
    )
    .await?;
    orders::act(db, &plumber, o.id, ActionRequest::Accept, now, &links).await?;
    orders::act(
        db,
        &plumber,
        o.id,
        ActionRequest::Complete {
            note: "更换了排水阀".into(),
            photos: None,
            hours: None,
        },
        now,
        &links,
    )
    .await?;
    orders::act(
        db,
        &zhang,
        o.id,
        ActionRequest::Evaluate {
            rating: 4,
            comment: None,
        },
        now,
        &links,
    )
    .await?;

    // An appeal with the property company, accepted and in progress.
    let o = orders::create(
        db,
        &wang,
        new(
            OrderKind::Appeal,
            "facility_repair",
            "楼道灯不亮",
            "3号楼2单元二楼到四楼的楼道灯都坏了，老人晚上上楼不方便。",
            Some("幸福小区3号楼2单元"),
        ),
        now,
        &links,
    )
    .await?;
    orders::act(
        db,
        &committee,
        o.id,
        ActionRequest::Dispatch {
            assignee: unit(units[1]),
            note: Some("请今天处理".into()),
        },
        now,
        &links,
    )
    .await?;
    orders::act(db, &property, o.id, ActionRequest::Accept, now, &links).await?;

    // Dispatched, waiting for the volunteer.
    let o = orders::create(
        db,
        &zhang,
        new(
            OrderKind::DoorService,
            "clinic",
            "老伴血压偏高",
            "想请医生上门量血压，看看用药。",
            Some("幸福小区5号楼1单元302"),
        ),
        now,
        &links,
    )
    .await?;
    orders::act(
        db,
        &committee,
        o.id,
        ActionRequest::Dispatch {
            assignee: volunteer(doctor.user_id),
            note: None,
        },
        now,
        &links,
    )
    .await?;

    // Waiting at the dispatch desk, and on the wish wall.
    orders::create(
        db,
        &zhang,
        new(
            OrderKind::Appeal,
            "environment",
            "垃圾站异味大",
            "小区东门垃圾站好几天没清运了。",
            None,
        ),
        now,
        &links,
    )
    .await?;
    orders::create(
        db,
        &wang,
        new(
            OrderKind::MicroWish,
            "wish_visit",
            "想有人陪我聊聊天",
            "老伴走了，一个人在家闷得慌，希望周末有人来坐坐。",
            Some("幸福小区3号楼2单元101"),
        ),
        now,
        &links,
    )
    .await?;
    orders::create(
        db,
        &zhang,
        new(
            OrderKind::MicroWish,
            "wish_goods",
            "一台旧轮椅",
            "腿脚不便，想要一台能用的轮椅出门晒太阳。",
            Some("幸福小区5号楼1单元302"),
        ),
        now,
        &links,
    )
    .await?;

    // A cancelled one, and one in the other community.
    let o = orders::create(
        db,
        &wang,
        new(
            OrderKind::DoorService,
            "haircut",
            "上门理发",
            "行动不便，想请师傅上门理发。",
            Some("幸福小区3号楼2单元101"),
        ),
        now,
        &links,
    )
    .await?;
    orders::act(
        db,
        &wang,
        o.id,
        ActionRequest::Cancel {
            reason: Some("家人已带去理发店".into()),
        },
        now,
        &links,
    )
    .await?;
    let o = orders::create(
        db,
        &he,
        new(
            OrderKind::Appeal,
            "dispute",
            "楼上漏水",
            "楼上卫生间漏水到我家天花板。",
            Some("和谐小区8号楼402"),
        ),
        now,
        &links,
    )
    .await?;
    orders::act(
        db,
        &hexie_committee,
        o.id,
        ActionRequest::Cancel {
            reason: Some("已协商解决".into()),
        },
        now,
        &links,
    )
    .await?;
    backdate(db, now).await
}

/// When each history order was placed (minutes ago) and when its actions
/// followed (minutes after placing), in the order the history above makes them.
const SCHEDULE: &[(i64, &[(&str, i64)])] = &[
    (
        6 * 1440,
        &[
            ("claim", 120),
            ("complete", 2 * 1440),
            ("evaluate", 2 * 1440 + 180),
        ],
    ),
    (
        4 * 1440,
        &[
            ("dispatch", 10),
            ("accept", 25),
            ("complete", 300),
            ("evaluate", 360),
        ],
    ),
    (300, &[("dispatch", 5), ("accept", 20)]),
    // Dispatched 30 hours ago with a 24-hour limit: overdue, so the badge shows.
    (1800, &[("dispatch", 30)]),
    (180, &[]),
    (1440, &[]),
    (2 * 1440, &[]),
    (3 * 1440, &[("cancel", 60)]),
    (2 * 1440, &[("cancel", 120)]),
];

/// Spreads the history over the past days, as if it had happened then, so that
/// response times, deadlines and "3 days ago" have something to show.
async fn backdate(db: &Db, now: chrono::DateTime<Utc>) -> ApiResult<()> {
    let orders = order::Entity::find()
        .order_by_asc(order::Column::Id)
        .all(&db.read)
        .await?;
    for (o, (ago, steps)) in orders.iter().zip(SCHEDULE) {
        let created = now - Duration::minutes(*ago);
        let at = |action: &str| {
            steps
                .iter()
                .find(|(a, _)| *a == action)
                .map(|(_, m)| created + Duration::minutes(*m))
        };
        let last = steps
            .last()
            .map_or(created, |(_, m)| created + Duration::minutes(*m));
        order::Entity::update_many()
            .col_expr(order::Column::CreatedAt, Expr::value(created))
            .col_expr(order::Column::UpdatedAt, Expr::value(last))
            .col_expr(
                order::Column::DueAt,
                Expr::value(o.due_at - (o.created_at - created)),
            )
            .col_expr(
                order::Column::AcceptedAt,
                Expr::value(o.accepted_at.and(at("claim").or(at("accept")))),
            )
            .col_expr(
                order::Column::CompletedAt,
                Expr::value(o.completed_at.and(at("complete"))),
            )
            .col_expr(
                order::Column::DispatchedAt,
                Expr::value(o.dispatched_at.and(at("dispatch"))),
            )
            .filter(order::Column::Id.eq(o.id))
            .exec(&db.write)
            .await?;
        for (action, when) in
            std::iter::once(("create", Some(created))).chain(steps.iter().map(|(a, _)| (*a, at(a))))
        {
            let Some(action) = shared::TimelineAction::parse(action) else {
                continue;
            };
            order_event::Entity::update_many()
                .col_expr(order_event::Column::At, Expr::value(when))
                .filter(order_event::Column::OrderId.eq(o.id))
                .filter(order_event::Column::Action.eq(action))
                .exec(&db.write)
                .await?;
        }
        if let Some(done) = at("complete") {
            points_entry::Entity::update_many()
                .col_expr(points_entry::Column::At, Expr::value(done))
                .filter(points_entry::Column::OrderId.eq(o.id))
                .exec(&db.write)
                .await?;
        }
    }
    response_times(db).await
}

/// The response times ranking reads were counted as the history was made,
/// all at one moment; counted again from the backdated orders.
async fn response_times(db: &Db) -> ApiResult<()> {
    use crate::entities::candidate_stat as cs;
    let orders = order::Entity::find().all(&db.read).await?;
    let mut minutes: HashMap<(Option<UnitId>, Option<shared::UserId>), Vec<f64>> = HashMap::new();
    for o in orders {
        let Some(accepted) = o.accepted_at else {
            continue;
        };
        let since = o.dispatched_at.unwrap_or(o.created_at);
        minutes
            .entry((o.assignee_unit_id, o.assignee_user_id))
            .or_default()
            .push((accepted - since).num_minutes() as f64);
    }
    for ((unit, user), m) in minutes {
        let average = m.iter().sum::<f64>() / m.len() as f64;
        let mut q = cs::Entity::update_many()
            .col_expr(cs::Column::ResponseMinutes, Expr::value(average))
            .col_expr(cs::Column::Responses, Expr::value(m.len() as i32));
        q = match (unit, user) {
            (Some(u), _) => q.filter(cs::Column::UnitId.eq(u)),
            (None, Some(v)) => q.filter(cs::Column::UserId.eq(v)),
            (None, None) => continue,
        };
        q.exec(&db.write).await?;
    }
    Ok(())
}
