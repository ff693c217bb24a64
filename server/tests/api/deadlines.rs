//! Deadlines and the four-level whistle, on the injected clock: the app's
//! clock is moved, then the jobs run once by hand (`run_jobs`), as the runner
//! does every `LINLI_JOB_INTERVAL_SECONDS`. Nothing here sleeps for a deadline.
//! Who sees and presses escalated orders is in `oversight.rs`; the catalogue
//! and the calendar in `catalogue.rs`.

use crate::helpers::*;
use chrono::Duration;
use serde_json::json;

/// The order's level after the jobs ran. (The demo's own late orders escalate
/// too, so what the jobs report in all is not this order's story.)
async fn level_after_jobs(app: &TestApp, s: &Session, id: i64) -> String {
    app.run_jobs().await;
    app.order(s, id).await["level"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn an_ignored_order_climbs_one_level_per_missed_window() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let id = app.appeal(&resident).await;
    let placed = app.order(&resident, id).await;
    assert_eq!(placed["level"], "community");
    assert_eq!(
        time(&placed["respond_by"]) - time(&placed["created_at"]),
        Duration::minutes(30)
    );

    // Nothing is late yet: nothing moves.
    app.clock.advance(Duration::minutes(29));
    assert_eq!(level_after_jobs(&app, &resident, id).await, "community");

    app.clock.advance(Duration::minutes(2));
    assert_eq!(level_after_jobs(&app, &resident, id).await, "street");
    let street = app.order(&resident, id).await;
    assert_eq!(street["level"], "street");
    assert_eq!(street["status"], "pending", "the status stays");
    let up = entries(&street, "escalate");
    assert_eq!(up.len(), 1, "{street}");
    assert!(up[0]["actor"].is_null(), "nobody did it by hand: {}", up[0]);
    let note = up[0]["note"].as_str().unwrap_or_default();
    assert!(note.contains("街道") && note.contains("接单"), "{note}");
    // Fresh deadlines from the category, counted from now.
    let now = app.clock.now();
    assert_eq!(time(&street["respond_by"]), now + Duration::minutes(30));
    assert_eq!(time(&street["due_at"]), now + Duration::days(1));

    // Running again in the same window does nothing.
    assert_eq!(level_after_jobs(&app, &resident, id).await, "street");
    assert_eq!(
        entries(&app.order(&resident, id).await, "escalate").len(),
        1
    );

    app.clock.advance(Duration::minutes(31));
    assert_eq!(level_after_jobs(&app, &resident, id).await, "district");

    // The district is the top: no more entries however late it gets.
    app.clock.advance(Duration::days(3));
    assert_eq!(level_after_jobs(&app, &resident, id).await, "district");
    let top = app.order(&resident, id).await;
    assert_eq!(top["level"], "district");
    assert_eq!(entries(&top, "escalate").len(), 2);
    assert_eq!(top["overdue"], true);
}

#[tokio::test]
async fn a_server_that_was_down_goes_up_one_level_not_a_burst() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let id = app.appeal(&resident).await;
    // Down for a week: both deadlines long gone, many windows missed.
    app.clock.advance(Duration::days(7));
    app.run_jobs().await;
    let o = app.order(&resident, id).await;
    assert_eq!(o["level"], "street", "one level per run of missed windows");
    assert_eq!(entries(&o, "escalate").len(), 1);
    let note = o["timeline"]
        .as_array()
        .and_then(|t| t.last())
        .map(|e| e["note"].to_string())
        .unwrap_or_default();
    assert!(note.contains("街道"), "{note}");
}

#[tokio::test]
async fn a_late_completion_escalates_an_accepted_order() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let plumber = app.login(PLUMBER).await;
    let id = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    app.dispatch_to_volunteer(&committee, id, &plumber).await;
    let accepted = app.ok(&plumber, id, json!({"action": "accept"})).await;
    assert!(accepted["respond_by"].is_null(), "{accepted}");
    app.clock.advance(Duration::hours(25));
    app.run_jobs().await;
    let o = app.order(&resident, id).await;
    assert_eq!(o["level"], "street");
    assert_eq!(o["status"], "accepted");
    let up = entries(&o, "escalate");
    assert!(up[0]["note"].as_str().unwrap_or_default().contains("办结"));
    assert!(o["respond_by"].is_null(), "nobody has to accept it again");
}

#[tokio::test]
async fn a_unit_that_does_not_accept_in_time_has_one_missed_report_per_dispatch() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let id = app.appeal(&resident).await;
    let unit = app.unit_id(&committee, "红色物业").await;
    let dispatched = app
        .ok(
            &committee,
            id,
            json!({"action": "dispatch", "assignee": {"type": "unit", "id": unit}}),
        )
        .await;
    assert_eq!(
        time(&dispatched["respond_by"]),
        app.clock.now() + Duration::minutes(30),
        "a dispatch gives a fresh response limit"
    );
    let reports = |order: i64| {
        let app = &app;
        async move {
            let db = app.db().await;
            <server::entities::missed_report::Entity as sea_orm::EntityTrait>::find()
                .all(&db)
                .await
                .expect("missed reports")
                .into_iter()
                .filter(|r| i64::from(r.order_id.0) == order)
                .collect::<Vec<_>>()
        }
    };
    app.clock.advance(Duration::minutes(29));
    app.run_jobs().await;
    assert!(reports(id).await.is_empty(), "not late yet");
    app.clock.advance(Duration::minutes(2));
    app.run_jobs().await;
    assert_eq!(reports(id).await.len(), 1);
    assert_eq!(app.order(&resident, id).await["level"], "street");
    app.run_jobs().await;
    assert_eq!(reports(id).await.len(), 1, "once per dispatch");
    // The escalation gave the unit a fresh limit; missing it again is a second report.
    app.clock.advance(Duration::minutes(31));
    app.run_jobs().await;
    let rows = reports(id).await;
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| i64::from(r.unit_id.0) == unit));
    // A volunteer who does not answer has no report: the whistle is for units.
    let other = app.appeal(&resident).await;
    let doctor = app.login(DOCTOR).await;
    app.dispatch_to_volunteer(&committee, other, &doctor).await;
    app.clock.advance(Duration::minutes(31));
    app.run_jobs().await;
    assert!(reports(other).await.is_empty());
    assert_eq!(app.order(&resident, other).await["level"], "street");
}

#[tokio::test]
async fn completed_orders_nobody_evaluates_close_by_themselves_without_a_rating() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let plumber = app.login(PLUMBER).await;
    let id = app.completed_repair(&resident, &committee, &plumber).await;
    app.clock.advance(Duration::days(6));
    app.run_jobs().await;
    assert_eq!(
        app.order(&resident, id).await["status"],
        "completed",
        "not before the configured 7 days"
    );
    app.clock.advance(Duration::days(1) + Duration::minutes(1));
    assert!(app.run_jobs().await.closed >= 1);
    let o = app.order(&resident, id).await;
    assert_eq!(o["status"], "closed");
    assert!(o["rating"].is_null());
    let close = entries(&o, "close");
    assert!(
        close[0]["actor"].is_null(),
        "closed by the system: {}",
        close[0]
    );
    app.run_jobs().await;
    assert_eq!(entries(&app.order(&resident, id).await, "close").len(), 1);
    assert!(o["allowed_actions"]
        .as_array()
        .is_some_and(|a| a.is_empty()));
}

#[tokio::test]
async fn two_servers_on_one_database_escalate_each_order_once_per_level() {
    let app = spawn_app().await;
    let second = spawn_second_server(&app).await;
    let resident = app.login(RESIDENT).await;
    let mut ids = Vec::new();
    for _ in 0..12 {
        ids.push(app.appeal(&resident).await);
    }
    for _ in 0..2 {
        app.clock.advance(Duration::minutes(31));
        second.clock.set(app.clock.now());
        let (a, b) = tokio::join!(app.run_jobs(), second.run_jobs());
        assert!(
            a.escalated + b.escalated >= 12,
            "every order once between them: {a:?} {b:?}"
        );
    }
    for id in ids {
        let o = app.order(&resident, id).await;
        assert_eq!(o["level"], "district");
        assert_eq!(entries(&o, "escalate").len(), 2, "{o}");
    }
}

#[tokio::test]
async fn the_runner_started_with_the_server_escalates_on_its_own() {
    let app = spawn_app_with(|s| s.jobs.interval_secs = Some(1)).await;
    let resident = app.login(RESIDENT).await;
    let id = app.appeal(&resident).await;
    app.clock.advance(Duration::minutes(31));
    // The runner ticks every second; give it a few.
    for _ in 0..50 {
        if app.order(&resident, id).await["level"] == "street" {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("the runner did not escalate the order within 10 s");
}
