//! Points: the balance and its ledger, the points supermarket, awards and
//! volunteer hours.

mod awards;
mod supermarket;

use crate::helpers::*;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

/// Gives someone of 幸福社区 points the way the committee does (awards of at
/// most 100 each), so that the ledger still sums to the balance.
pub async fn give_points(app: &TestApp, committee: &Session, user_id: i64, mut points: i64) {
    while points > 0 {
        let n = points.min(100);
        let (status, body) = app
            .post(
                committee,
                "/points/awards",
                json!({"user_id": user_id, "points": n, "reason": "测试备货"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        points -= n;
    }
}

/// Every account's ledger sums to its balance, and no balance or stock is
/// below zero.
pub async fn assert_books_balance(app: &TestApp) {
    let db = app.db().await;
    let rows = db
        .query_all(Statement::from_string(
            db.get_database_backend(),
            "SELECT u.id, u.points_balance, COALESCE((SELECT SUM(l.delta) FROM points_ledger l \
             WHERE l.user_id = u.id), 0) AS total FROM users u"
                .to_string(),
        ))
        .await
        .expect("the books");
    for row in rows {
        let id: i32 = row.try_get("", "id").expect("id");
        let balance: i64 = row.try_get("", "points_balance").expect("balance");
        let total: i64 = row.try_get("", "total").expect("total");
        assert_eq!(
            balance, total,
            "user {id}: balance {balance}, ledger {total}"
        );
        assert!(balance >= 0, "user {id}: {balance}");
    }
    let below: Vec<_> = db
        .query_all(Statement::from_string(
            db.get_database_backend(),
            "SELECT id FROM rewards WHERE stock < 0".to_string(),
        ))
        .await
        .expect("stock");
    assert!(below.is_empty(), "stock below zero");
}

pub async fn reward_id(app: &TestApp, s: &Session, name: &str) -> (i64, i64) {
    let (_, body) = app.get(s, "/rewards").await;
    body["items"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["name"] == name))
        .map(|r| {
            (
                r["id"].as_i64().unwrap_or_default(),
                r["stock"].as_i64().unwrap_or_default(),
            )
        })
        .unwrap_or_else(|| panic!("no reward {name}: {body}"))
}

#[tokio::test]
async fn redeeming_takes_points_and_stock_together_or_not_at_all() {
    let app = spawn_app().await;
    let volunteer = app.login(DOCTOR).await; // 10 points from the demo history
    assert_eq!(app.points(&volunteer).await, 10);

    let (coupon, stock) = reward_id(&app, &volunteer, "理发券").await; // costs 10
    let (status, body) = app
        .post(
            &volunteer,
            &format!("/rewards/{coupon}/redeem"),
            Value::Null,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["balance"], 0);
    assert_eq!(body["status"], "reserved");
    let pickup = body["code"].as_str().unwrap_or_default();
    assert!(
        pickup.len() == 6 && pickup.bytes().all(|b| b.is_ascii_digit()),
        "a six-digit pickup code: {body}"
    );
    assert_eq!(app.points(&volunteer).await, 0);
    assert_eq!(reward_id(&app, &volunteer, "理发券").await.1, stock - 1);
    let (_, points) = app.get(&volunteer, "/points").await;
    assert_eq!(points["ledger"][0]["delta"], -10);
    assert_eq!(points["ledger"][0]["reason"], "reward_redeemed");
    assert_eq!(
        points["ledger"][0]["reward"], "理发券",
        "the history names the reward"
    );

    // Not enough points: 409, and the stock is untouched.
    let (status, body) = app
        .post(&volunteer, &format!("/rewards/{coupon}/redeem"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(code(&body), "insufficient_points");
    assert_eq!(reward_id(&app, &volunteer, "理发券").await.1, stock - 1);

    // Out of stock: give the volunteer plenty of points, then empty the shelf.
    let committee = app.login(COMMITTEE).await;
    give_points(&app, &committee, volunteer.user_id, 1000).await;
    let (rice, rice_stock) = reward_id(&app, &volunteer, "大米 10kg").await;
    for _ in 0..rice_stock {
        let (status, _) = app
            .post(&volunteer, &format!("/rewards/{rice}/redeem"), json!({}))
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, body) = app
        .post(&volunteer, &format!("/rewards/{rice}/redeem"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(code(&body), "out_of_stock");
    assert_eq!(app.points(&volunteer).await, 1000 - 50 * rice_stock);

    // Another community's reward does not exist for us.
    let hexie = app.login(HEXIE_RESIDENT).await;
    let (hexie_coupon, _) = reward_id(&app, &hexie, "理发券").await;
    let (status, _) = app
        .post(
            &volunteer,
            &format!("/rewards/{hexie_coupon}/redeem"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Thirty hands for the last three items: three win, stock never below
/// zero, no balance below zero, and the ledger sums to every balance.
#[tokio::test]
async fn thirty_buyers_for_the_last_three_items_make_three_winners() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let buyers = [RESIDENT, RESIDENT2, DOCTOR, PLUMBER, LAWYER];
    let mut sessions = Vec::new();
    let mut before = Vec::new();
    for phone in buyers {
        let s = app.login(phone).await;
        // Each can afford two bags.
        give_points(&app, &committee, s.user_id, 100).await;
        before.push(app.points(&s).await);
        sessions.push(s);
    }
    let (rice, _) = reward_id(&app, &sessions[0], "大米 10kg").await; // costs 50
    let (status, body) = app
        .patch(&committee, &format!("/rewards/{rice}"), json!({"stock": 3}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let path = format!("/rewards/{rice}/redeem");
    let answers = futures_util::future::join_all(
        (0..30).map(|i| app.post(&sessions[i % sessions.len()], &path, json!({}))),
    )
    .await;
    let won = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(won, 3, "exactly the stock: {answers:?}");
    for (status, body) in answers.iter().filter(|(s, _)| *s != StatusCode::CREATED) {
        assert_eq!(*status, StatusCode::CONFLICT, "{body}");
        assert!(
            ["out_of_stock", "insufficient_points"].contains(&code(body)),
            "{body}"
        );
    }
    assert_eq!(reward_id(&app, &sessions[0], "大米 10kg").await.1, 0);
    let mut spent = 0;
    for (s, b) in sessions.iter().zip(&before) {
        let balance = app.points(s).await;
        assert_eq!((b - balance) % 50, 0, "whole bags only: {balance}");
        spent += b - balance;
    }
    assert_eq!(spent, 3 * 50, "every bag paid once");
    assert_books_balance(&app).await;

    // One buyer alone, ten hands at once, points for two.
    let (oil, _) = reward_id(&app, &sessions[0], "食用油 5L").await; // costs 30
    let (status, _) = app
        .patch(
            &committee,
            &format!("/rewards/{oil}"),
            json!({"stock": 100}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let alone = app.login(GRID_WORKER).await;
    give_points(&app, &committee, alone.user_id, 60).await;
    let left = app.points(&alone).await - 60;
    let path = format!("/rewards/{oil}/redeem");
    let answers =
        futures_util::future::join_all((0..10).map(|_| app.post(&alone, &path, json!({})))).await;
    let won = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(won, 2 + (left / 30) as usize, "{answers:?}");
    assert_eq!(
        reward_id(&app, &alone, "食用油 5L").await.1,
        100 - won as i64
    );
    assert_books_balance(&app).await;
}
