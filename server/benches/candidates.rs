//! Ranking at scale: `GET /orders/{id}/candidates` over HTTP against the
//! release `linli` on SQLite, for a community with 500 volunteers and 100,000
//! past orders (seeded straight into its database beside the demo).
//!
//!     cargo bench -p server --bench candidates
//!     BENCH_VOLUNTEERS=500 BENCH_ORDERS=100000 cargo bench -p server --bench candidates
//!
//! Prints the seeding time and p50/p99/max of the request.

use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use serde_json::Value;
use server::entities::{candidate_stat, category, community, order, user, volunteer_profile};
use shared::api::AssigneeRef;
use shared::{DispatchMode, Level, OrderKind, OrderStatus, UserId};
use std::time::Instant;

mod support;

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
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
    "课业辅导",
    "环境卫生",
];

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let volunteers = env_num("BENCH_VOLUNTEERS", 500) as usize;
    let orders = env_num("BENCH_ORDERS", 100_000) as usize;
    let server = support::Server::start("candidates");
    let db = sea_orm::Database::connect(&server.database_url)
        .await
        .expect("the bench database");

    let seeding = Instant::now();
    let xingfu = community::Entity::find()
        .filter(community::Column::Name.eq("幸福社区"))
        .one(&db)
        .await
        .expect("query")
        .expect("幸福社区");
    let repair = category::Entity::find()
        .filter(category::Column::CommunityId.eq(xingfu.id))
        .filter(category::Column::Code.eq("appliance_repair"))
        .one(&db)
        .await
        .expect("query")
        .expect("appliance_repair");
    let requester = user::Entity::find()
        .filter(user::Column::Phone.eq("13900000011"))
        .one(&db)
        .await
        .expect("query")
        .expect("王秀英");
    let now = Utc::now();

    let txn = db.begin().await.expect("txn");
    let mut ids: Vec<UserId> = Vec::with_capacity(volunteers);
    for i in 0..volunteers {
        let u = user::Entity::insert(user::ActiveModel {
            phone: Set(format!("1360{i:07}")),
            name: Set(format!("志愿者{i}")),
            password_hash: Set(None),
            wechat_openid: Set(None),
            community_id: Set(Some(xingfu.id)),
            points_balance: Set(0),
            created_at: Set(now),
            ..Default::default()
        })
        .exec(&txn)
        .await
        .expect("volunteer");
        let id = u.last_insert_id;
        ids.push(id);
        volunteer_profile::Entity::insert(volunteer_profile::ActiveModel {
            user_id: Set(id),
            community_id: Set(xingfu.id),
            grid_id: Set(None),
            skills: Set(format!(
                "{},{}",
                SKILLS[i % SKILLS.len()],
                SKILLS[(i * 7) % SKILLS.len()]
            )),
            registered_at: Set(now),
            background: Set(None),
            available: Set(i % 10 != 0),
            max_open: Set(3),
            ..Default::default()
        })
        .exec(&txn)
        .await
        .expect("profile");
        candidate_stat::Entity::insert(candidate_stat::ActiveModel {
            community_id: Set(xingfu.id),
            user_id: Set(Some(id)),
            unit_id: Set(None),
            rated: Set(20),
            rating_sum: Set(80 + (i % 20) as i32),
            responses: Set(20),
            response_minutes: Set(10.0 + (i % 90) as f64),
            rejects: Set((i % 3) as f64),
            rejects_at: Set(Some(now - Duration::days((i % 40) as i64))),
            ..Default::default()
        })
        .exec(&txn)
        .await
        .expect("counters");
    }
    // A year of history, and a few hundred still open.
    let mut batch = Vec::with_capacity(1000);
    for n in 0..orders {
        let who = ids[n % ids.len()];
        let open = n % 300 == 0;
        let at = now - Duration::minutes((n as i64 * 5) % (365 * 1440));
        batch.push(order::ActiveModel {
            community_id: Set(xingfu.id),
            kind: Set(OrderKind::DoorService),
            category_id: Set(repair.id),
            title: Set(format!("历史工单 {n}")),
            description: Set("bench".into()),
            address: Set(None),
            preferred_time: Set(None),
            status: Set(if open {
                OrderStatus::Accepted
            } else {
                OrderStatus::Evaluated
            }),
            requester_id: Set(requester.id),
            assignee_unit_id: Set(None),
            assignee_user_id: Set(Some(who)),
            version: Set(4),
            created_at: Set(at),
            updated_at: Set(at),
            due_at: Set(at + Duration::days(1)),
            accepted_at: Set(Some(at + Duration::minutes(20))),
            completed_at: Set((!open).then(|| at + Duration::hours(5))),
            rating: Set((!open).then_some(4)),
            comment: Set(None),
            respond_by: Set(None),
            level: Set(Level::Community),
            revisit: Set(false),
            grid_id: Set(None),
            dispatch_mode: Set(DispatchMode::Manual),
            track: Set(None),
            channel: Set(shared::Channel::App),
            placed_by: Set(None),
            dispatched_at: Set(Some(at)),
            tried: Set(String::new()),
            ..Default::default()
        });
        if batch.len() == 1000 {
            order::Entity::insert_many(std::mem::take(&mut batch))
                .exec_without_returning(&txn)
                .await
                .expect("orders");
        }
    }
    if !batch.is_empty() {
        order::Entity::insert_many(batch)
            .exec_without_returning(&txn)
            .await
            .expect("orders");
    }
    txn.commit().await.expect("commit");
    println!(
        "seeded {volunteers} volunteers and {orders} past orders in 幸福社区 in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );

    let http = reqwest::Client::new();
    let api = format!("{}/api/v1", server.base);
    let resident = support::login(&http, &api, "13900000011").await.0;
    let committee = support::login(&http, &api, "13900000001").await.0;
    let id = support::place_repair(&http, &api, &resident).await;

    let url = format!("{api}/orders/{id}/candidates");
    let mut times = Vec::new();
    let mut listed = 0;
    for round in 0..220 {
        let started = Instant::now();
        let body: Value = http
            .get(&url)
            .bearer_auth(&committee)
            .send()
            .await
            .expect("candidates")
            .json()
            .await
            .expect("candidates body");
        let took = started.elapsed().as_secs_f64() * 1000.0;
        // The first twenty warm the caches.
        if round >= 20 {
            times.push(took);
        }
        listed = body["items"].as_array().map_or(0, Vec::len);
        if round == 0 {
            let first = &body["items"][0];
            let who = AssigneeRef::new(
                serde_json::from_value(first["type"].clone()).expect("type"),
                first["id"].as_i64().unwrap_or(0) as i32,
            );
            println!("first: {} {who:?} — {}", first["name"], first["score"]);
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "GET /orders/{{id}}/candidates, {listed} candidates: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} requests; aim < 20 ms){}",
        at(0.5),
        at(0.99),
        at(1.0),
        times.len(),
        if at(0.99) < 20.0 { "" } else { "  ← over" }
    );
}
