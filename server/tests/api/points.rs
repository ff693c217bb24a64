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
