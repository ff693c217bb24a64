//! The service catalogue (committee; admin naming the community) and the
//! working-day calendar, with a working-clock order across a holiday week.

use crate::helpers::*;
use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::json;

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
    // What the answer says is what was kept: read it back.
    let (_, list) = app.get(&committee, "/categories?kind=appeal").await;
    let kept = list["items"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["code"] == "pipe_burst"))
        .cloned()
        .unwrap_or_else(|| panic!("pipe_burst listed: {list}"));
    assert_eq!(kept["response_minutes"], 5, "{kept}");
    assert_eq!(kept["clock"], "natural", "{kept}");
    assert_eq!(kept["completion_minutes"], 240, "{kept}");
    assert_eq!(kept["points"], 6, "{kept}");
    assert_eq!(kept["name"], "水管爆裂", "{kept}");
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

/// Twelve committee members adding the same new service at the same moment:
/// one is made, the others are told it exists (409), never a 500 from the
/// unique index that caught them after the check let them through.
#[tokio::test]
async fn the_same_new_service_added_twelve_times_at_once_is_made_once() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let new = json!({
        "code": "gutter_clean", "kind": "door_service", "name": "疏通下水道",
        "response_minutes": 60, "completion_minutes": 480
    });
    let answers = futures_util::future::join_all(
        (0..12).map(|_| app.post(&committee, "/categories", new.clone())),
    )
    .await;
    let made = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(made, 1, "{answers:?}");
    for (status, body) in answers.iter().filter(|(s, _)| *s != StatusCode::CREATED) {
        assert_eq!(*status, StatusCode::CONFLICT, "{body}");
        assert_eq!(code(body), "conflict", "{body}");
    }
    let (_, list) = app.get(&committee, "/categories?kind=door_service").await;
    let listed = list["items"].as_array().map_or(0, |a| {
        a.iter().filter(|c| c["code"] == "gutter_clean").count()
    });
    assert_eq!(listed, 1);
}
