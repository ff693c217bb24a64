//! Partner keys: who makes them for what, shown once and kept hashed, listed
//! and revoked only by those who manage them, each with its rate.

use crate::helpers::*;
use crate::hotline::{push, work_order};
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn keys_are_made_by_the_committee_or_an_admin_for_their_own_places() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let admin = app.login(ADMIN).await;

    // Not for residents, volunteers or street officers.
    for who in [RESIDENT, PLUMBER, DONGGUAN_OFFICER] {
        let s = app.login(who).await;
        let (status, body) = app
            .post(&s, "/partners", json!({"name": "x", "kind": "open311"}))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}: {body}");
        let (status, _) = app.get(&s, "/partners").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}");
    }
    // Bad input: 400 naming it.
    for (body, word) in [
        (json!({"name": "", "kind": "hotline"}), "name"),
        (json!({"name": "热线\u{0}", "kind": "hotline"}), "name"),
        (json!({"name": "x", "kind": "fax"}), "open311"),
        (
            json!({"name": "x", "kind": "hotline", "callback_url": "ftp://x"}),
            "callback_url",
        ),
        (
            json!({"name": "x", "kind": "open311", "callback_url": "https://x"}),
            "callback_url",
        ),
        (
            json!({"name": "x", "kind": "hotline", "rate_per_minute": 0}),
            "rate_per_minute",
        ),
        (
            json!({"name": "x", "kind": "hotline", "street_id": 1}),
            "street_id",
        ),
    ] {
        let (status, resp) = app.post(&committee, "/partners", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {resp}");
        assert!(
            resp["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .contains(word),
            "{resp}"
        );
    }

    // The committee's key: its community; the key and secret shown once.
    let (status, made) = app
        .post(
            &committee,
            "/partners",
            json!({"name": "12345热线", "kind": "hotline", "callback_url": "https://hotline.example/cb"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let key = made["key"].as_str().expect("key");
    assert!(key.starts_with("lk_") && key.len() == 43, "{key}");
    assert!(made["secret"]
        .as_str()
        .is_some_and(|s| s.starts_with("ls_")));
    assert_eq!(made["partner"]["scope"]["community"]["name"], "幸福社区");
    assert_eq!(made["partner"]["rate_per_minute"], 60);
    let (_, list) = app.get(&committee, "/partners").await;
    let text = list.to_string();
    assert!(!text.contains(key) && !text.contains(made["secret"].as_str().expect("secret")));
    assert!(key.starts_with(list["items"][0]["key_prefix"].as_str().expect("prefix")));
    // Kept as its hash, not as itself.
    let db = app.db().await;
    let rows = <server::entities::partner::Entity as sea_orm::EntityTrait>::find()
        .all(&db)
        .await
        .expect("partners");
    assert!(rows
        .iter()
        .all(|r| r.key_hash != key && r.key_hash.len() == 64));

    // Another community's committee neither sees nor revokes it.
    let id = made["id"].as_i64().expect("id");
    let (_, theirs) = app.get(&hexie, "/partners").await;
    assert_eq!(theirs["items"], json!([]));
    let (status, _) = app
        .send(
            reqwest::Method::DELETE,
            Some(&hexie),
            &format!("/partners/{id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The admin: a street of its district, or the whole district; it sees
    // the committee's key too, and may revoke it.
    let (_, places) = app.get(&admin, "/places").await;
    let street = places["districts"][0]["streets"][0]["id"]
        .as_i64()
        .expect("street");
    let (status, body) = app
        .post(
            &admin,
            "/partners",
            json!({"name": "街道平台", "kind": "open311", "street_id": street}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["partner"]["scope"]["street"]["id"], street);
    let (status, body) = app
        .post(
            &admin,
            "/partners",
            json!({"name": "区平台", "kind": "hotline"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(
        body["partner"]["scope"]["district"]["name"].is_string(),
        "{body}"
    );
    let (status, body) = app
        .post(
            &admin,
            "/partners",
            json!({"name": "x", "kind": "open311", "street_id": 999_999}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (_, all) = app.get(&admin, "/partners").await;
    assert_eq!(all["items"].as_array().map(Vec::len), Some(3), "{all}");
    let (status, _) = app
        .send(
            reqwest::Method::DELETE,
            Some(&admin),
            &format!("/partners/{id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .send(
            reqwest::Method::DELETE,
            Some(&admin),
            "/partners/999999",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_wider_key_names_its_community_and_cannot_reach_beyond() {
    let app = spawn_app().await;
    let admin = app.login(ADMIN).await;
    let (_, made) = app
        .post(
            &admin,
            "/partners",
            json!({"name": "区热线", "kind": "hotline"}),
        )
        .await;
    let (key, secret) = (
        made["key"].as_str().expect("key"),
        made["secret"].as_str().expect("secret"),
    );
    let order = work_order("GD-W-1", "13700000009");
    let (status, body) = push(&app, key, secret, &order).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "which community? {body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("community_id"));
    let (_, places) = app.get(&admin, "/places").await;
    let hexie = places["districts"][0]["streets"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["communities"].as_array().cloned().unwrap_or_default())
        .find(|c| c["name"] == "和谐社区")
        .expect("和谐社区");
    let mut to_hexie = order.clone();
    to_hexie["community_id"] = hexie["id"].clone();
    let (status, placed) = push(&app, key, secret, &to_hexie).await;
    assert_eq!(status, StatusCode::CREATED, "{placed}");
    assert_eq!(placed["community_id"], hexie["id"]);
    let mut nowhere = work_order("GD-W-2", "13700000009");
    nowhere["community_id"] = json!(999_999);
    let (status, _) = push(&app, key, secret, &nowhere).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A committee's key cannot place in another community, nor replay a
    // number that is another community's order.
    let committee = app.login(COMMITTEE).await;
    let (_, mine) = app
        .post(
            &committee,
            "/partners",
            json!({"name": "热线", "kind": "hotline"}),
        )
        .await;
    let (k, s) = (
        mine["key"].as_str().expect("key"),
        mine["secret"].as_str().expect("secret"),
    );
    let (status, _) = push(&app, k, s, &to_hexie).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let mut replay = to_hexie.clone();
    replay
        .as_object_mut()
        .expect("object")
        .remove("community_id");
    let (status, body) = push(&app, k, s, &replay).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
}

#[tokio::test]
async fn each_key_has_its_rate_shared_by_servers() {
    let app = spawn_app().await;
    let other = spawn_second_server(&app).await;
    let committee = app.login(COMMITTEE).await;
    let (_, made) = app
        .post(
            &committee,
            "/partners",
            json!({"name": "热线", "kind": "hotline", "rate_per_minute": 3}),
        )
        .await;
    let (key, secret) = (
        made["key"].as_str().expect("key"),
        made["secret"].as_str().expect("secret"),
    );
    let order = work_order("GD-RL-1", "13700000008");
    app.clock.set("2026-12-04T02:00:10Z".parse().expect("time"));
    other
        .clock
        .set("2026-12-04T02:00:10Z".parse().expect("time"));
    let mut statuses = Vec::new();
    for n in 0..4 {
        let server = if n % 2 == 0 { &app } else { &other };
        statuses.push(push(server, key, secret, &order).await.0);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    let (status, body) = push(&app, key, secret, &order).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_requests")
    );
    app.clock.advance(Duration::seconds(60));
    assert_eq!(
        push(&app, key, secret, &order).await.0,
        StatusCode::OK,
        "the next minute"
    );
}
