use crate::helpers::*;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

async fn reward_id(app: &TestApp, s: &Session, name: &str) -> (i64, i64) {
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
    let db = app.db().await;
    db.execute(Statement::from_string(
        db.get_database_backend(),
        format!(
            "UPDATE users SET points_balance = 1000 WHERE id = {}",
            volunteer.user_id
        ),
    ))
    .await
    .expect("arrange points");
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

/// Thirty redemptions at once: stock never below zero, no balance below
/// zero, and every point and item accounted for.
#[tokio::test]
async fn thirty_buyers_at_once_never_take_stock_or_balance_below_zero() {
    let app = spawn_app().await;
    let buyers = [RESIDENT, RESIDENT2, DOCTOR, PLUMBER, LAWYER];
    let mut sessions = Vec::new();
    for phone in buyers {
        sessions.push(app.login(phone).await);
    }
    let db = app.db().await;
    let sql = |q: String| {
        let db = db.clone();
        async move {
            db.execute(Statement::from_string(db.get_database_backend(), q))
                .await
                .expect("arranged");
        }
    };
    let (rice, _) = reward_id(&app, &sessions[0], "大米 10kg").await; // costs 50
                                                                      // Seven bags for thirty hands; each buyer can afford two.
    sql(format!("UPDATE rewards SET stock = 7 WHERE id = {rice}")).await;
    for s in &sessions {
        sql(format!(
            "UPDATE users SET points_balance = 100 WHERE id = {}",
            s.user_id
        ))
        .await;
    }
    let path = format!("/rewards/{rice}/redeem");
    let answers = futures_util::future::join_all(
        (0..30).map(|i| app.post(&sessions[i % sessions.len()], &path, json!({}))),
    )
    .await;
    let won = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(won, 7, "exactly the stock: {answers:?}");
    for (status, body) in answers.iter().filter(|(s, _)| *s != StatusCode::CREATED) {
        assert_eq!(*status, StatusCode::CONFLICT, "{body}");
        assert!(
            ["out_of_stock", "insufficient_points"].contains(&code(body)),
            "{body}"
        );
    }
    assert_eq!(reward_id(&app, &sessions[0], "大米 10kg").await.1, 0);
    let mut spent = 0;
    for s in &sessions {
        let balance = app.points(s).await;
        assert!(balance >= 0, "{balance}");
        assert_eq!(balance % 50, 0, "whole bags only: {balance}");
        spent += 100 - balance;
    }
    assert_eq!(spent, 7 * 50, "every bag paid once");

    // One buyer alone, ten hands at once, points for two.
    sql(format!("UPDATE rewards SET stock = 100 WHERE id = {rice}")).await;
    let one = &sessions[0];
    sql(format!(
        "UPDATE users SET points_balance = 100 WHERE id = {}",
        one.user_id
    ))
    .await;
    let answers =
        futures_util::future::join_all((0..10).map(|_| app.post(one, &path, json!({})))).await;
    let won = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(won, 2, "{answers:?}");
    assert_eq!(app.points(one).await, 0);
    assert_eq!(reward_id(&app, one, "大米 10kg").await.1, 98);
}
