//! The live board (SSE): one-use tickets, and every change of an order reaching
//! the streams of those who may see it — on SQLite in process, and across two
//! servers on one PostgreSQL (through LISTEN/NOTIFY).

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

/// An open event stream and what it has said so far.
struct Stream {
    resp: reqwest::Response,
    text: String,
}

impl Stream {
    async fn open(app: &TestApp, s: &Session) -> Stream {
        let (status, body) = app.post(s, "/events/ticket", json!({})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let ticket = body["ticket"].as_str().expect("a ticket").to_string();
        let resp = app
            .client
            .get(app.url(&format!("/events?ticket={ticket}")))
            .send()
            .await
            .expect("the stream");
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(
            resp.headers()["content-type"].to_str().unwrap_or_default(),
            "text/event-stream"
        );
        let mut s = Stream {
            resp,
            text: String::new(),
        };
        s.until(|t| t.contains(": connected")).await;
        s
    }

    /// Reads until `done` holds for what was read, or fails after 10 s.
    async fn until(&mut self, done: impl Fn(&str) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !done(&self.text) {
            let chunk = tokio::time::timeout_at(deadline, self.resp.chunk())
                .await
                .unwrap_or_else(|_| panic!("the stream never said it; it said: {}", self.text))
                .expect("the stream broke")
                .expect("the stream ended");
            self.text.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// The `order` events so far.
    fn orders(&self) -> Vec<Value> {
        self.text
            .split("\n\n")
            .filter(|e| e.starts_with("event: order"))
            .filter_map(|e| e.lines().find_map(|l| l.strip_prefix("data: ")))
            .filter_map(|d| serde_json::from_str(d).ok())
            .collect()
    }
}

fn has(id: i64, action: &'static str) -> impl Fn(&str) -> bool {
    move |t: &str| {
        t.contains(&format!("\"id\":{id}")) && t.contains(&format!("\"action\":\"{action}\""))
    }
}

#[tokio::test]
async fn the_desk_hears_of_new_and_changed_orders_and_strangers_do_not() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    let plumber = app.login(PLUMBER).await;
    let mut desk = Stream::open(&app, &committee).await;
    let mut other = Stream::open(&app, &hexie).await;
    let mut mine = Stream::open(&app, &resident).await;

    let id = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    desk.until(has(id, "create")).await;
    let e = &desk.orders()[0];
    assert_eq!(e["status"], "pending");
    assert!(e["at"].is_string(), "{e}");
    app.dispatch_to_volunteer(&committee, id, &plumber).await;
    desk.until(has(id, "dispatch")).await;
    mine.until(has(id, "dispatch")).await;

    // 和谐社区's committee hears of its own orders only.
    let theirs = app
        .place(&app.login(HEXIE_RESIDENT).await, "door_service", "haircut")
        .await;
    other.until(has(theirs, "create")).await;
    assert!(
        other.orders().iter().all(|o| o["id"] == theirs),
        "another community's order leaked: {}",
        other.text
    );
}

#[tokio::test]
async fn tickets_are_for_one_use_within_a_minute() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let (_, body) = app.post(&committee, "/events/ticket", json!({})).await;
    let ticket = body["ticket"].as_str().expect("ticket").to_string();
    let url = app.url(&format!("/events?ticket={ticket}"));
    let first = app.client.get(&url).send().await.expect("first");
    assert_eq!(first.status(), StatusCode::OK);
    drop(first);
    let again = app.client.get(&url).send().await.expect("again");
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED, "used");
    let forged = app
        .client
        .get(app.url("/events?ticket=not-a-ticket"))
        .send()
        .await
        .expect("forged");
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    let (_, body) = app.post(&committee, "/events/ticket", json!({})).await;
    app.clock.advance(chrono::Duration::seconds(61));
    let late = app
        .client
        .get(app.url(&format!(
            "/events?ticket={}",
            body["ticket"].as_str().unwrap_or_default()
        )))
        .send()
        .await
        .expect("late");
    assert_eq!(late.status(), StatusCode::UNAUTHORIZED, "expired");
    let none = app
        .client
        .get(app.url("/events"))
        .send()
        .await
        .expect("none");
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    // A bearer token works too (for clients that can send headers).
    let bearer = app
        .client
        .get(app.url("/events"))
        .bearer_auth(&committee.token)
        .send()
        .await
        .expect("bearer");
    assert_eq!(bearer.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_change_through_one_server_reaches_streams_on_another() {
    if std::env::var("LINLI_TEST_DATABASE_URL").map_or(true, |v| v.is_empty()) {
        eprintln!("SQLite: one server per database; this runs on PostgreSQL");
        return;
    }
    let app = spawn_app().await;
    let second = spawn_second_server(&app).await;
    let committee = second.login(COMMITTEE).await;
    let mut desk = Stream::open(&second, &committee).await;
    // Give the second server's LISTEN a moment to be in place before the change.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let resident = app.login(RESIDENT).await;
    let id = app.place(&resident, "appeal", "facility_repair").await;
    desk.until(has(id, "create")).await;
    let committee_first = app.login(COMMITTEE).await;
    app.ok(
        &committee_first,
        id,
        json!({"action": "cancel", "reason": "重复"}),
    )
    .await;
    desk.until(has(id, "cancel")).await;
    assert_eq!(
        desk.orders().iter().filter(|o| o["id"] == id).count(),
        2,
        "each change once: {}",
        desk.text
    );
}
