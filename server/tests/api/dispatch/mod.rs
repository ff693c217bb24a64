//! Dispatch that knows people: ranked candidates with reasons (`ranking`),
//! volunteers' and units' profiles (`profiles`), grab and auto modes
//! (`modes`), and the desk's triage, orders for residents and bulk dispatch
//! (`desk`). What they share is here.

mod desk;
mod modes;
mod profiles;
mod ranking;

use crate::helpers::*;
use crate::people::{community_of, session_of};
use reqwest::StatusCode;
use serde_json::{json, Value};

pub(super) fn items(body: &Value) -> &Vec<Value> {
    body["items"].as_array().expect("items")
}

/// The candidates' names, best first, of one type.
pub(super) fn names_of(body: &Value, kind: &str) -> Vec<String> {
    items(body)
        .iter()
        .filter(|c| c["type"] == kind)
        .map(|c| c["name"].as_str().expect("name").to_string())
        .collect()
}

pub(super) fn reasons(candidate: &Value) -> Vec<String> {
    candidate["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| r["text"].as_str().expect("text").to_string())
        .collect()
}

pub(super) fn codes(candidate: &Value) -> Vec<String> {
    candidate["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| r["code"].as_str().expect("code").to_string())
        .collect()
}

pub(super) async fn candidates(app: &TestApp, s: &Session, order: i64) -> Value {
    let (status, body) = app.get(s, &format!("/orders/{order}/candidates")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// The first grid of a community in a places tree.
pub(super) fn find_grid(tree: &Value, community: i64) -> Option<i64> {
    if tree["id"] == community && tree["grids"].is_array() {
        return tree["grids"][0]["id"].as_i64();
    }
    for key in ["districts", "streets", "communities"] {
        if let Some(list) = tree[key].as_array() {
            for child in list {
                if let Some(g) = find_grid(child, community) {
                    return Some(g);
                }
            }
        }
    }
    None
}

/// Signs in whoever an order is dispatched to now.
pub(super) async fn assignee_session(app: &TestApp, order: &Value) -> Session {
    let a = &order["assignee"];
    let phone = match (a["type"].as_str(), a["name"].as_str()) {
        (Some("volunteer"), Some("刘医生")) => DOCTOR,
        (Some("volunteer"), Some("陈师傅")) => PLUMBER,
        (Some("volunteer"), Some("赵律师")) => LAWYER,
        (Some("unit"), Some("市场监督管理局")) => MARKET_BUREAU,
        (Some("unit"), Some("红色物业")) => PROPERTY,
        _ => panic!("who is {a}?"),
    };
    app.login(phone).await
}

/// `n` new volunteers of 幸福社区, registered, approved and signed in.
pub(super) async fn new_volunteers(app: &TestApp, committee: &Session, n: usize) -> Vec<Session> {
    let community = community_of(app, committee).await;
    let mut out = Vec::new();
    for i in 0..n {
        let phone = format!("1370000{i:04}");
        let (status, body) = app
            .post_anon(
                "/auth/register",
                json!({"phone": phone, "password": "garden-2026", "name": format!("志愿者{i}"),
                       "community_id": community, "consent": true}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let membership = body["membership"]["id"].as_i64().expect("membership");
        let user = body["user"]["id"].as_i64().expect("user");
        let (status, body) = app
            .post(
                committee,
                &format!("/memberships/{membership}/approve"),
                json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = app
            .patch(
                committee,
                &format!("/people/{user}"),
                json!({"roles": ["resident", "volunteer"]}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = app
            .post_anon(
                "/auth/login",
                json!({"phone": phone, "password": "garden-2026"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        out.push(session_of(&body));
    }
    out
}

/// One candidate of a ranked list, by name.
pub(super) fn candidate<'a>(body: &'a Value, name: &str) -> &'a Value {
    items(body)
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no {name} among {body}"))
}
