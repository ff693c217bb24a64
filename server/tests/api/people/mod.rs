//! People join, and are managed: places, registration and approval, the
//! people desk, reset codes, passwords and the record of who did what.

mod desk;
mod joining;
mod leaving;
mod places;
mod rosters;

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

pub async fn community_of(app: &TestApp, s: &Session) -> i64 {
    let (_, me) = app.get(s, "/me").await;
    me["community"]["id"].as_i64().expect("a community")
}

/// The first building of the committee's community.
pub async fn a_building(app: &TestApp, committee: &Session) -> i64 {
    let (status, tree) = app.get(committee, "/places").await;
    assert_eq!(status, StatusCode::OK, "{tree}");
    tree["districts"][0]["streets"][0]["communities"][0]["grids"][0]["buildings"][0]["id"]
        .as_i64()
        .expect("a building")
}

pub fn session_of(body: &Value) -> Session {
    Session {
        token: body["access_token"].as_str().expect("token").into(),
        refresh: body["refresh_token"].as_str().expect("refresh").into(),
        user_id: body["user"]["id"].as_i64().expect("id"),
    }
}

pub async fn refresh(app: &TestApp, s: &Session) -> (StatusCode, Value) {
    app.post_anon("/auth/refresh", json!({"refresh_token": s.refresh}))
        .await
}

pub async fn register(
    app: &TestApp,
    phone: &str,
    community: i64,
    building: Option<i64>,
) -> Session {
    let (status, body) = app
        .post_anon(
            "/auth/register",
            json!({"phone": phone, "password": "garden-2026", "name": "钱奶奶",
                   "community_id": community, "building_id": building, "room": "501",
                   "consent": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["membership"]["status"], "pending");
    session_of(&body)
}
