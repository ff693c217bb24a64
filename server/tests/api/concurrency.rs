use crate::helpers::*;
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn twenty_concurrent_claims_of_one_wish_have_exactly_one_winner() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let mut claimers = Vec::new();
    for phone in [DOCTOR, PLUMBER, LAWYER, MARKET_BUREAU, PROPERTY] {
        claimers.push(app.login(phone).await);
    }
    let wish = app.place(&resident, "micro_wish", "wish_goods").await;

    let attempts = (0..20).map(|i| {
        let who = &claimers[i % claimers.len()];
        app.act(who, wish, json!({"action": "claim"}))
    });
    let results = join_all(attempts).await;

    let winners: Vec<_> = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::OK)
        .collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    for (status, body) in results.iter().filter(|(s, _)| *s != StatusCode::OK) {
        assert_eq!(*status, StatusCode::CONFLICT, "{body}");
        assert_eq!(code(body), "already_claimed");
    }
    let order = app.order(&resident, wish).await;
    assert_eq!(order["status"], "accepted");
    assert_eq!(actions(&order), ["create", "claim"]);
    assert_eq!(order["assignee"], winners[0].1["assignee"]);
}

#[tokio::test]
async fn concurrent_accept_and_cancel_have_one_winner_and_a_consistent_timeline() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let volunteer = app.login(DOCTOR).await;

    for round in 0..8 {
        let id = app.place(&resident, "door_service", "clinic").await;
        app.dispatch_to_volunteer(&committee, id, &volunteer).await;
        let accept = app.act(&volunteer, id, json!({"action": "accept"}));
        let cancel = app.act(
            &committee,
            id,
            json!({"action": "cancel", "reason": "重复工单"}),
        );
        let ((a_status, a_body), (c_status, c_body)) = tokio::join!(accept, cancel);

        let order = app.order(&committee, id).await;
        let timeline = actions(&order);
        match (a_status, c_status) {
            (StatusCode::OK, StatusCode::CONFLICT) => {
                assert_eq!(order["status"], "accepted", "round {round}");
                assert_eq!(timeline, ["create", "dispatch", "accept"]);
                assert!(["invalid_transition", "conflict"].contains(&code(&c_body)));
            }
            (StatusCode::CONFLICT, StatusCode::OK) => {
                assert_eq!(order["status"], "cancelled", "round {round}");
                assert_eq!(timeline, ["create", "dispatch", "cancel"]);
                assert!(["invalid_transition", "conflict"].contains(&code(&a_body)));
            }
            other => panic!(
                "round {round}: expected exactly one winner, got {other:?}: {a_body} {c_body}"
            ),
        }
    }
}

#[tokio::test]
async fn concurrent_completions_credit_points_once() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let volunteer = app.login(LAWYER).await;
    let wish = app.place(&resident, "micro_wish", "wish_visit").await;
    app.ok(&volunteer, wish, json!({"action": "claim"})).await;
    let before = app.points(&volunteer).await;
    let results = join_all((0..6).map(|_| {
        app.act(
            &volunteer,
            wish,
            json!({"action": "complete", "note": "done"}),
        )
    }))
    .await;
    assert_eq!(
        results.iter().filter(|(s, _)| *s == StatusCode::OK).count(),
        1,
        "{results:?}"
    );
    assert_eq!(app.points(&volunteer).await, before + 10);
}
