//! Full order lifecycles over HTTP against the release `linli` binary on SQLite:
//! many concurrent clients each loop create → dispatch → accept → complete → evaluate.
//!
//!     cargo bench -p server --bench lifecycle
//!     BENCH_CLIENTS=64 BENCH_SECONDS=10 cargo bench -p server --bench lifecycle
//!     BENCH_DATABASE_URL=postgres://…/empty cargo bench -p server --bench lifecycle
//!
//! Prints lifecycles per second and p50/p99 latency of each step.

use serde_json::{json, Value};
use std::time::{Duration, Instant};

const STEPS: [&str; 5] = ["create", "dispatch", "accept", "complete", "evaluate"];

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[derive(serde::Deserialize)]
struct IdOnly {
    id: i64,
}

mod support;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let clients = env_num("BENCH_CLIENTS", 64) as usize;
    let seconds = env_num("BENCH_SECONDS", 10);
    // `BENCH_DATABASE_URL`: an empty database of the caller's (PostgreSQL),
    // which the server migrates and seeds with the demo.
    let url = std::env::var("BENCH_DATABASE_URL").ok();
    let engine = match &url {
        Some(u) if u.starts_with("postgres") => "PostgreSQL",
        _ => "SQLite",
    };
    let server = support::Server::start_on("lifecycle", url.as_deref());
    let base = server.base.clone();
    let api = format!("{base}/api/v1");

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients * 2)
        .build()
        .expect("client");
    let (resident, _) = support::login(&http, &api, "13900000011").await;
    let (committee, _) = support::login(&http, &api, "13900000001").await;
    let (volunteer, volunteer_id) = support::login(&http, &api, "13900000022").await;

    println!(
        "linli lifecycle bench: {clients} clients, {seconds}s, {engine}, release build, {} cores",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (http, api) = (http.clone(), api.clone());
            let (resident, committee, volunteer) = (resident.clone(), committee.clone(), volunteer.clone());
            tokio::spawn(async move {
                let mut lat: [Vec<Duration>; 5] = Default::default();
                let mut done = 0u64;
                // Latency covers the whole response body; only the new order's
                // id is parsed, so the load generator leaves the CPU to the server.
                let step = |token: &str, url: String, body: Value| {
                    let req = http.post(url).bearer_auth(token).json(&body);
                    async move {
                        let t = Instant::now();
                        let resp = req.send().await.expect("request");
                        let status = resp.status();
                        let bytes = resp.bytes().await.expect("body");
                        let elapsed = t.elapsed();
                        assert!(status.is_success(), "{status}: {}", String::from_utf8_lossy(&bytes));
                        (elapsed, bytes)
                    }
                };
                while Instant::now() < deadline {
                    let (d, order) = step(&resident, format!("{api}/orders"), json!({
                        "kind": "door_service", "category": "appliance_repair",
                        "title": "洗衣机不转", "description": "bench", "address": "1号楼"
                    }))
                    .await;
                    lat[0].push(d);
                    let id = serde_json::from_slice::<IdOnly>(&order).expect("order id").id;
                    let act = format!("{api}/orders/{id}/actions");
                    let bodies = [
                        (&committee, json!({"action": "dispatch", "assignee": {"type": "volunteer", "id": volunteer_id}})),
                        (&volunteer, json!({"action": "accept"})),
                        (&volunteer, json!({"action": "complete", "note": "修好了"})),
                        (&resident, json!({"action": "evaluate", "rating": 5})),
                    ];
                    for (i, (token, body)) in bodies.into_iter().enumerate() {
                        let (d, _) = step(token, act.clone(), body).await;
                        lat[i + 1].push(d);
                    }
                    done += 1;
                }
                (done, lat)
            })
        })
        .collect();

    let mut total = 0u64;
    let mut all: [Vec<Duration>; 5] = Default::default();
    for t in tasks {
        let (done, lat) = t.await.expect("client task");
        total += done;
        for (a, l) in all.iter_mut().zip(lat) {
            a.extend(l);
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{total} lifecycles in {elapsed:.1}s: {:.0} lifecycles/s, {:.0} requests/s",
        total as f64 / elapsed,
        (total * 5) as f64 / elapsed
    );
    println!(
        "{:<10} {:>9} {:>9} {:>9}",
        "step", "p50 ms", "p99 ms", "max ms"
    );
    for (name, lat) in STEPS.iter().zip(all.iter_mut()) {
        lat.sort_unstable();
        let pct = |p: f64| {
            lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        println!(
            "{name:<10} {:>9.2} {:>9.2} {:>9.2}",
            pct(0.50),
            pct(0.99),
            pct(1.0)
        );
    }
    drop(server);
}
