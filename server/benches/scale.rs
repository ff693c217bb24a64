//! Linli at scale: the figures people feel, over HTTP against the release
//! `linli`, with a district of a million orders (`linli seed-bulk`), printed
//! beside their aims (issue 18), and the server's peak memory.
//!
//!     cargo bench -p server --bench scale                       # seeds 1,000,000 orders first (~2 min)
//!     BENCH_ORDERS=200000 cargo bench -p server --bench scale
//!     BENCH_DATABASE_URL=sqlite:///tmp/big.db cargo bench -p server --bench scale   # a database seeded before
//!
//! Each request is timed 10 times after 2 to warm up; p50 and the slowest are printed.

use std::time::Instant;

mod support;

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Peak resident memory of a process, in MB (`VmHWM`).
fn peak_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let given = std::env::var("BENCH_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty());
    let dir = std::env::temp_dir().join(format!("linli-bench-scale-{}", std::process::id()));
    let url = match &given {
        Some(u) => u.clone(),
        None => {
            std::fs::create_dir_all(&dir).expect("temp dir");
            let url = format!("sqlite://{}/scale.db?mode=rwc", dir.display());
            let orders = env_num("BENCH_ORDERS", 1_000_000);
            let db = server::db::connect(&url, 1).await.expect("database");
            server::db::migrate(&db).await.expect("migrations");
            let report = server::demo::bulk::seed_bulk(&db, orders, chrono::Utc::now())
                .await
                .expect("seed-bulk");
            let rate = report.orders as f64 / report.seconds;
            println!(
                "seed-bulk: {} orders, {} timeline entries in {:.1} s: {rate:.0} orders/s (aim ≥ 20,000){}",
                report.orders,
                report.events,
                report.seconds,
                if rate >= 20_000.0 { "" } else { "  ← under" }
            );
            url
        }
    };
    let server = support::Server::start_on("scale", Some(&url));
    let api = format!("{}/api/v1", server.base);
    let http = reqwest::Client::new();
    let committee = support::login(&http, &api, "13900000001").await.0;
    let admin = support::login(&http, &api, "13900000099").await.0;
    let resident = support::login(&http, &api, "13900000011").await.0;
    let volunteer = support::login(&http, &api, "13900000022").await.0;
    let id = support::place_repair(&http, &api, &resident).await;

    // Where page 20,000 begins, from page 19,999's `next`.
    let before: serde_json::Value = http
        .get(format!("{api}/orders?page=19999&per_page=20"))
        .bearer_auth(&committee)
        .send()
        .await
        .expect("page 19,999")
        .json()
        .await
        .expect("a page");
    let next = before["next"].as_str().unwrap_or_default().to_string();
    // 幸福社区's notice board, switched on.
    let on = http
        .put(format!("{api}/communities/1/board"))
        .bearer_auth(&committee)
        .json(&serde_json::json!({"enabled": true}))
        .send()
        .await
        .expect("the board switched on");
    assert!(on.status().is_success(), "{}", on.status());
    let cases: Vec<(&str, &String, String, f64)> = vec![
        (
            "/stats, the committee (幸福社区)",
            &committee,
            "/stats".into(),
            100.0,
        ),
        ("/stats, the district", &admin, "/stats".into(), 100.0),
        (
            "/stats/trend, 30 days",
            &committee,
            "/stats/trend".into(),
            200.0,
        ),
        (
            "/stats/trend, 12 months",
            &committee,
            "/stats/trend?interval=month".into(),
            200.0,
        ),
        (
            "/stats/trend, the district by month",
            &admin,
            "/stats/trend?interval=month".into(),
            200.0,
        ),
        (
            "/assessment, the committee (year)",
            &committee,
            "/assessment".into(),
            200.0,
        ),
        (
            "/assessment, the district (year)",
            &admin,
            "/assessment".into(),
            200.0,
        ),
        (
            "/stats, one month",
            &committee,
            "/stats?from=2026-06-01&to=2026-07-01".into(),
            100.0,
        ),
        (
            "/orders page 1",
            &committee,
            "/orders?page=1&per_page=20".into(),
            50.0,
        ),
        (
            "/orders page 20,000",
            &committee,
            "/orders?page=20000&per_page=20".into(),
            50.0,
        ),
        (
            "/orders page 20,000 by after=",
            &committee,
            format!("/orders?per_page=20&after={next}"),
            50.0,
        ),
        (
            "/orders pending, oldest first",
            &committee,
            "/orders?status=pending&sort=oldest".into(),
            50.0,
        ),
        (
            "/orders by deadline",
            &committee,
            "/orders?sort=due".into(),
            50.0,
        ),
        (
            "/orders search 楼道灯",
            &committee,
            "/orders?q=%E6%A5%BC%E9%81%93%E7%81%AF".into(),
            50.0,
        ),
        (
            "/orders search, words nobody wrote",
            &committee,
            "/orders?q=%E6%97%A0%E6%AD%A4%E4%BA%8B".into(),
            50.0,
        ),
        (
            "/orders search, a phone",
            &committee,
            "/orders?q=13900000011".into(),
            50.0,
        ),
        ("/wishes", &resident, "/wishes".into(), 50.0),
        (
            "the task hall",
            &volunteer,
            "/orders?scope=claimable".into(),
            50.0,
        ),
        ("/notifications", &resident, "/notifications".into(), 50.0),
        (
            "the notice board (no sign-in)",
            &resident,
            "/public/communities/1/board".into(),
            50.0,
        ),
        (
            "/orders/{id}/candidates",
            &committee,
            format!("/orders/{id}/candidates"),
            20.0,
        ),
    ];
    println!(
        "{:<36} {:>9} {:>9} {:>8}",
        "request", "p50 ms", "max ms", "aim ms"
    );
    for (name, who, path, aim) in cases {
        let mut times = Vec::new();
        for round in 0..12 {
            let started = Instant::now();
            let resp = http
                .get(format!("{api}{path}"))
                .bearer_auth(who)
                .send()
                .await
                .expect("request");
            let status = resp.status();
            let _ = resp.bytes().await;
            assert!(status.is_success(), "{path}: {status}");
            if round >= 2 {
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
        }
        times.sort_by(f64::total_cmp);
        let (p50, max) = (times[times.len() / 2], times[times.len() - 1]);
        let mark = if max <= aim { "" } else { "  ← over" };
        println!("{name:<36} {p50:>9.1} {max:>9.1} {aim:>8.0}{mark}");
    }
    println!(
        "server peak memory (VmHWM): {:.0} MB (aim < 150 MB)",
        peak_mb(server.pid())
    );
    // 台账: the whole district's orders, as CSV and as XLSX, read as they
    // come; the server's peak memory after each says whether it held them.
    for format in ["csv", "xlsx"] {
        let started = Instant::now();
        let mut resp = http
            .get(format!("{api}/exports/orders?format={format}"))
            .bearer_auth(&admin)
            .send()
            .await
            .expect("export");
        assert!(resp.status().is_success(), "export: {}", resp.status());
        let rows: f64 = resp
            .headers()
            .get("x-linli-rows")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0);
        let mut bytes = 0usize;
        while let Some(chunk) = resp.chunk().await.expect("export body") {
            bytes += chunk.len();
        }
        let secs = started.elapsed().as_secs_f64();
        let rate = rows / secs;
        println!(
            "export of the district's orders as {format}: {rows:.0} rows, {:.0} MB in {secs:.1} s: {rate:.0} rows/s (aim ≥ 50,000){}; server peak memory now {:.0} MB",
            bytes as f64 / 1_048_576.0,
            if rate >= 50_000.0 { "" } else { "  ← under" },
            peak_mb(server.pid())
        );
    }
    drop(server);
    board_counting(&url).await;
    jobs(&url).await;
    if given.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Counting 幸福社区's notice board (what the first reading of each minute
/// does; the others are served from it, the case above): 12 counts, the
/// first 2 to warm up.
async fn board_counting(url: &str) {
    let db = server::db::connect(url, 1).await.expect("database");
    let mut times = Vec::new();
    for i in 0..12 {
        let cache = server::services::board::BoardCache::default();
        let started = Instant::now();
        server::services::board::board(
            &db.read,
            &cache,
            shared::CommunityId(1),
            chrono::Utc::now(),
        )
        .await
        .expect("the board");
        if i >= 2 {
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    let p50 = times[times.len() / 2];
    println!(
        "the notice board, counted (each minute's first reading): p50 {p50:.1} ms (aim < 50 ms){}",
        if p50 < 50.0 { "" } else { "  ← over" }
    );
}

/// The escalation job at scale (it changes the database: the orders it
/// finds late go up a level): a run with nothing late, then a run with 1,000
/// open orders made late (their response limit an hour ago, back at the
/// community level), written straight into the database.
async fn jobs(url: &str) {
    use sea_orm::sea_query::{Expr, Query};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use server::entities::order;
    let db = server::db::connect(url, 1).await.expect("database");
    let now = chrono::Utc::now();
    // Whatever is late already goes up first (a server started on the
    // database did that at its start).
    server::jobs::escalate::escalate(&db, now)
        .await
        .expect("escalate");
    let started = Instant::now();
    let none = server::jobs::escalate::escalate(&db, now)
        .await
        .expect("escalate");
    let idle = started.elapsed().as_secs_f64() * 1000.0;
    let waiting = [
        shared::OrderStatus::Pending,
        shared::OrderStatus::Dispatched,
    ];
    order::Entity::update_many()
        .col_expr(
            order::Column::RespondBy,
            Expr::value(Some(now - chrono::Duration::hours(1))),
        )
        .col_expr(order::Column::Level, Expr::value(shared::Level::Community))
        .filter(
            order::Column::Id.in_subquery(
                Query::select()
                    .column(order::Column::Id)
                    .from(order::Entity)
                    .and_where(order::Column::Status.is_in(waiting))
                    .order_by(order::Column::Id, sea_orm::Order::Desc)
                    .limit(1000)
                    .to_owned(),
            ),
        )
        .exec(&db.write)
        .await
        .expect("1,000 orders made late");
    let started = Instant::now();
    let late = server::jobs::escalate::escalate(&db, now)
        .await
        .expect("escalate");
    let busy = started.elapsed().as_secs_f64() * 1000.0;
    println!(
        "escalation, a run with {none} late: {idle:.1} ms; with {late} late: {busy:.0} ms ({:.2} ms each; aim < 100 ms with 1,000 late){}",
        busy / late.max(1) as f64,
        if busy < 100.0 { "" } else { "  ← over" }
    );
}
