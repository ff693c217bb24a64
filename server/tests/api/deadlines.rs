//! Deadlines and the four-level whistle, on the injected clock: the app's
//! clock is moved, then the jobs run once by hand (`run_jobs`), as the runner
//! does every `LINLI_JOB_INTERVAL_SECONDS`. Nothing here sleeps.

use crate::helpers::*;
use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn time(v: &Value) -> DateTime<Utc> {
    v.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| panic!("not a time: {v}"))
}

fn entries<'a>(order: &'a Value, action: &str) -> Vec<&'a Value> {
    order["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter(|e| e["action"] == action)
        .collect()
}

/// The order's level after the jobs ran. (The demo's own late orders escalate
/// too, so what the jobs report in all is not this order's story.)
async fn level_after_jobs(app: &TestApp, s: &Session, id: i64) -> String {
    app.run_jobs().await;
    app.order(s, id).await["level"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// A facility repair: someone must accept within 30 minutes, finish within a day.
async fn appeal(app: &TestApp, resident: &Session) -> i64 {
    app.place(resident, "appeal", "facility_repair").await
}

#[tokio::test]
async fn an_ignored_order_climbs_one_level_per_missed_window() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let id = appeal(&app, &resident).await;
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
    let id = appeal(&app, &resident).await;
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
    let id = appeal(&app, &resident).await;
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
    let other = appeal(&app, &resident).await;
    let doctor = app.login(DOCTOR).await;
    app.dispatch_to_volunteer(&committee, other, &doctor).await;
    app.clock.advance(Duration::minutes(31));
    app.run_jobs().await;
    assert!(reports(other).await.is_empty());
    assert_eq!(app.order(&resident, other).await["level"], "street");
}

#[tokio::test]
async fn escalated_orders_are_seen_whole_by_their_officers_and_by_nobody_else() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let officer = app.login(DONGGUAN_OFFICER).await;
    let west = app.login(XIGUAN_OFFICER).await;
    let admin = app.login(ADMIN).await;
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let id = appeal(&app, &resident).await;

    let (status, me) = app.get(&officer, "/me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["roles"], json!(["street_officer"]));
    assert_eq!(me["street"]["name"], "东关街道", "{me}");

    // Still the community's: the street does not see it.
    let (status, _) = app.get(&officer, &format!("/orders/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = app.get(&officer, "/orders?scope=escalated").await;
    assert_eq!(list["total"], 0, "{list}");

    app.clock.advance(Duration::minutes(31));
    app.run_jobs().await;
    let seen = app.order(&officer, id).await;
    assert_eq!(
        seen["requester"]["name"], "王秀英",
        "they serve it now: whole"
    );
    assert_eq!(seen["requester"]["phone"], RESIDENT);
    assert!(seen["address"].is_string());
    assert_eq!(seen["allowed_actions"], json!(["urge"]), "{seen}");
    let (_, list) = app.get(&officer, "/orders?scope=escalated").await;
    let ids: Vec<i64> = list["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|o| o["id"].as_i64()).collect())
        .unwrap_or_default();
    assert!(ids.contains(&id), "{list}");
    assert!(list["items"].as_array().is_some_and(|a| a
        .iter()
        .all(|o| o["level"] == "street" || o["level"] == "district")));
    let (_, list) = app.get(&admin, "/orders?scope=escalated").await;
    assert!(
        list["items"]
            .as_array()
            .is_some_and(|a| a.iter().any(|o| o["id"] == id)),
        "admins see the district's escalated orders"
    );

    // Another street, another community, a resident: 404, or no such list.
    for (who, label) in [(&west, "西关 officer"), (&hexie, "和谐 committee")] {
        let (status, _) = app.get(who, &format!("/orders/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
    }
    let (_, list) = app.get(&west, "/orders?scope=escalated").await;
    assert_eq!(list["total"], 0);
    let (status, body) = app.get(&resident, "/orders?scope=escalated").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // The other officer may not urge it either.
    let (status, _) = app.act(&west, id, json!({"action": "urge"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn urging_is_once_an_hour_per_person_and_order() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let officer = app.login(DONGGUAN_OFFICER).await;
    let plumber = app.login(PLUMBER).await;
    let id = app
        .place(&resident, "door_service", "appliance_repair")
        .await;

    // Nobody has it yet: the requester has nobody to urge.
    let (status, body) = app.act(&resident, id, json!({"action": "urge"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    app.dispatch_to_volunteer(&committee, id, &plumber).await;
    let urged = app
        .ok(
            &resident,
            id,
            json!({"action": "urge", "note": "水管还在漏"}),
        )
        .await;
    assert_eq!(urged["status"], "dispatched", "urging changes no status");
    let u = entries(&urged, "urge");
    assert_eq!(u.len(), 1);
    assert_eq!(u[0]["note"], "水管还在漏");

    let (status, body) = app.act(&resident, id, json!({"action": "urge"})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(code(&body), "too_many_requests");

    app.clock.advance(Duration::minutes(59));
    let (status, _) = app.act(&resident, id, json!({"action": "urge"})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance(Duration::minutes(2));
    app.ok(&resident, id, json!({"action": "urge"})).await;

    // Once escalated, the street officer urges too (督办), on their own count.
    app.clock.advance(Duration::minutes(31));
    app.run_jobs().await;
    app.ok(
        &officer,
        id,
        json!({"action": "urge", "note": "请今天处理"}),
    )
    .await;
    let (status, _) = app.act(&officer, id, json!({"action": "urge"})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let o = app.order(&resident, id).await;
    assert_eq!(entries(&o, "urge").len(), 3);
    // Neither the assignee nor a stranger urges.
    let (status, _) = app.act(&plumber, id, json!({"action": "urge"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_committee_and_the_officer_above_reassign_with_a_reason() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let officer = app.login(DONGGUAN_OFFICER).await;
    let doctor = app.login(DOCTOR).await;
    let id = app.place(&resident, "door_service", "clinic").await;
    app.dispatch_to_volunteer(&committee, id, &doctor).await;
    app.ok(&doctor, id, json!({"action": "accept"})).await;
    let unit = app.unit_id(&committee, "红色物业").await;

    let to_unit = json!({"action": "reassign", "assignee": {"type": "unit", "id": unit}, "reason": "刘医生出诊在外"});
    let (status, body) = app
        .act(
            &committee,
            id,
            json!({"action": "reassign", "assignee": {"type": "unit", "id": unit}}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a reason is required: {body}"
    );
    let (status, _) = app
        .act(
            &committee,
            id,
            json!({"action": "reassign", "assignee": {"type": "volunteer", "id": doctor.user_id}, "reason": "r"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "not to whoever has it");
    let (status, _) = app.act(&officer, id, to_unit.clone()).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "not escalated: not the officer's"
    );

    app.clock.advance(Duration::minutes(10));
    let moved = app.ok(&committee, id, to_unit).await;
    assert_eq!(
        moved["status"], "dispatched",
        "the new assignee must accept"
    );
    assert_eq!(moved["assignee"]["type"], "unit");
    assert_eq!(
        time(&moved["respond_by"]),
        app.clock.now() + Duration::minutes(60),
        "a fresh response limit"
    );
    let entry = entries(&moved, "reassign");
    let note = entry[0]["note"].as_str().unwrap_or_default();
    assert!(
        note.contains("刘医生") && note.contains("红色物业") && note.contains("出诊"),
        "the old assignee is named: {note}"
    );
    // The old assignee no longer has it.
    let (status, _) = app
        .act(&doctor, id, json!({"action": "complete", "note": "done"}))
        .await;
    assert!(status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND);

    // Escalated to the street, the officer may reassign it too.
    app.clock.advance(Duration::minutes(61));
    app.run_jobs().await;
    let market = app.unit_id(&committee, "市场监督管理局").await;
    let back = app
        .ok(
            &officer,
            id,
            json!({"action": "reassign", "assignee": {"type": "unit", "id": market}, "reason": "物业未报到"}),
        )
        .await;
    assert_eq!(back["assignee"]["name"], "市场监督管理局");
}

#[tokio::test]
async fn a_low_rating_goes_on_the_revisit_list_until_reopened_or_closed() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let plumber = app.login(PLUMBER).await;
    let mut ids = Vec::new();
    for rating in [2, 4] {
        let id = app
            .place(&resident, "door_service", "appliance_repair")
            .await;
        app.dispatch_to_volunteer(&committee, id, &plumber).await;
        app.ok(&plumber, id, json!({"action": "accept"})).await;
        app.ok(
            &plumber,
            id,
            json!({"action": "complete", "note": "修好了"}),
        )
        .await;
        let rated = app
            .ok(
                &resident,
                id,
                json!({"action": "evaluate", "rating": rating}),
            )
            .await;
        assert_eq!(rated["revisit"], rating <= 2, "{rated}");
        ids.push(id);
    }
    let (_, list) = app.get(&committee, "/orders?revisit=true").await;
    let listed: Vec<i64> = list["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|o| o["id"].as_i64()).collect())
        .unwrap_or_default();
    assert_eq!(listed, vec![ids[0]]);
    let reopened = app
        .ok(
            &committee,
            ids[0],
            json!({"action": "reopen", "reason": "回访不满意"}),
        )
        .await;
    assert_eq!(reopened["revisit"], false);
    let (_, list) = app.get(&committee, "/orders?revisit=true").await;
    assert_eq!(list["total"], 0);
}

#[tokio::test]
async fn completed_orders_nobody_evaluates_close_by_themselves_without_a_rating() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let plumber = app.login(PLUMBER).await;
    let id = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    app.dispatch_to_volunteer(&committee, id, &plumber).await;
    app.ok(&plumber, id, json!({"action": "accept"})).await;
    app.ok(
        &plumber,
        id,
        json!({"action": "complete", "note": "修好了"}),
    )
    .await;
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
async fn the_committee_manages_its_catalogue_and_an_admin_names_the_community() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let admin = app.login(ADMIN).await;
    let resident = app.login(RESIDENT).await;
    let new = json!({
        "code": "pipe_burst", "kind": "appeal", "name": "水管爆裂",
        "response_minutes": 10, "completion_minutes": 240, "clock": "working",
        "points": 6, "hours": 2.0, "dispatch_mode": "manual"
    });
    let (status, body) = app.post(&committee, "/categories", new.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["clock"], "working");
    assert_eq!(body["hours"], 2.0);
    let (status, body) = app.post(&committee, "/categories", new.clone()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    for (field, bad) in [
        ("response_minutes", json!(0)),
        ("completion_minutes", json!(-5)),
        ("code", json!("Pipe Burst")),
        ("name", json!("")),
        ("clock", json!("lunar")),
    ] {
        let mut b = new.clone();
        b[field] = bad;
        b["code"] = if field == "code" {
            b["code"].clone()
        } else {
            json!("other")
        };
        let (status, body) = app.post(&committee, "/categories", b).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{field}: {body}");
    }
    let (status, body) = app
        .patch(
            &committee,
            "/categories/pipe_burst",
            json!({"response_minutes": 5, "clock": "natural"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["response_minutes"], 5);
    assert_eq!(body["completion_minutes"], 240, "what is not given stays");
    let (status, _) = app
        .patch(&committee, "/categories/no_such", json!({"points": 1}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.post(&resident, "/categories", new.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The admin names the community; without it, 400.
    let (status, _) = app.post(&admin, "/categories", new.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, me) = app.get(&app.login(HEXIE_COMMITTEE).await, "/me").await;
    let hexie = me["community"]["id"].clone();
    let mut for_hexie = new.clone();
    for_hexie["community_id"] = hexie.clone();
    let (status, body) = app.post(&admin, "/categories", for_hexie).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = app
        .patch(
            &admin,
            &format!("/categories/pipe_burst?community_id={hexie}"),
            json!({"points": 9}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The committee's own list shows its new service.
    let (_, list) = app.get(&committee, "/categories?kind=appeal").await;
    assert!(list["items"].as_array().is_some_and(|a| a
        .iter()
        .any(|c| c["code"] == "pipe_burst" && c["response_minutes"] == 5)));
}

/// China time "YYYY-MM-DD HH:MM" as UTC.
fn china(s: &str) -> DateTime<Utc> {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .expect("a time")
        .and_local_timezone(shared::deadlines::china())
        .single()
        .expect("one instant")
        .with_timezone(&Utc)
}

#[tokio::test]
async fn the_admin_keeps_the_calendar_and_working_clocks_follow_it() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN).await;
    let committee = app.login(COMMITTEE).await;
    let resident = app.login(RESIDENT).await;
    let (status, empty) = app.get(&resident, "/calendar?year=2031").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(empty, json!({"year": 2031, "holidays": [], "workdays": []}));

    let year = json!({
        "year": 2031,
        "holidays": ["2031-10-01", "2031-10-02", "2031-10-03", "2031-10-06", "2031-10-07"],
        "workdays": ["2031-09-28", "2031-10-11"]
    });
    let (status, body) = app.put(&committee, "/calendar/2031", year.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    for bad in [
        json!({"holidays": ["2030-12-31"], "workdays": []}),
        json!({"holidays": [], "workdays": ["2031-10-08"]}),
        json!({"holidays": ["2031-10-01", "2031-10-01"], "workdays": []}),
        json!({"holidays": ["2031-13-01"], "workdays": []}),
    ] {
        let (status, body) = app.put(&admin, "/calendar/2031", bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
    let (status, body) = app.put(&admin, "/calendar/2031", year.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, got) = app.get(&resident, "/calendar?year=2031").await;
    assert_eq!(got, year);

    // A working-clock service placed the evening before the holiday week.
    let (status, body) = app
        .post(
            &committee,
            "/categories",
            json!({"code": "paperwork", "kind": "door_service", "name": "证明开具",
                   "response_minutes": 120, "completion_minutes": 540, "clock": "working"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    app.clock.set(china("2031-09-30 17:00"));
    let id = app.place(&resident, "door_service", "paperwork").await;
    let o = app.order(&resident, id).await;
    assert_eq!(time(&o["respond_by"]), china("2031-10-08 10:00"), "{o}");
    // An hour on the 30th, then eight on the first working day after.
    assert_eq!(time(&o["due_at"]), china("2031-10-08 17:00"));
    // Replacing the year drops what was declared before.
    app.put(
        &admin,
        "/calendar/2031",
        json!({"holidays": [], "workdays": []}),
    )
    .await;
    let (_, got) = app.get(&resident, "/calendar?year=2031").await;
    assert_eq!(got["holidays"], json!([]));
}

#[tokio::test]
async fn two_servers_on_one_database_escalate_each_order_once_per_level() {
    let app = spawn_app().await;
    let second = spawn_second_server(&app).await;
    let resident = app.login(RESIDENT).await;
    let mut ids = Vec::new();
    for _ in 0..12 {
        ids.push(appeal(&app, &resident).await);
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
    let id = appeal(&app, &resident).await;
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
