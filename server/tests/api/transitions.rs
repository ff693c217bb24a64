use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::{Action, OrderKind, OrderStatus};

/// Brings a fresh micro-wish into `status`, assigned to `volunteer` wherever an
/// assignee exists, so that every action has someone allowed to attempt it.
async fn wish_in(
    app: &TestApp,
    status: OrderStatus,
    resident: &Session,
    committee: &Session,
    volunteer: &Session,
) -> i64 {
    let id = app.place(resident, "micro_wish", "wish_visit").await;
    let complete = json!({"action": "complete", "note": "done"});
    match status {
        OrderStatus::Pending => {}
        OrderStatus::Dispatched => app.dispatch_to_volunteer(committee, id, volunteer).await,
        OrderStatus::Accepted => {
            app.ok(volunteer, id, json!({"action": "claim"})).await;
        }
        OrderStatus::Completed | OrderStatus::Evaluated | OrderStatus::Closed => {
            app.ok(volunteer, id, json!({"action": "claim"})).await;
            app.ok(volunteer, id, complete).await;
            if status == OrderStatus::Evaluated {
                app.ok(resident, id, json!({"action": "evaluate", "rating": 3}))
                    .await;
            }
            if status == OrderStatus::Closed {
                app.ok(committee, id, json!({"action": "close"})).await;
            }
        }
        OrderStatus::Cancelled => {
            app.dispatch_to_volunteer(committee, id, volunteer).await;
            app.ok(committee, id, json!({"action": "cancel"})).await;
        }
    }
    assert_eq!(app.order(resident, id).await["status"], status.as_str());
    id
}

fn body_for(action: Action, assignee: i64) -> Value {
    match action {
        Action::Dispatch => {
            json!({"action": "dispatch", "assignee": {"type": "volunteer", "id": assignee}})
        }
        Action::Reject => json!({"action": "reject", "reason": "r"}),
        Action::Complete => json!({"action": "complete", "note": "n"}),
        Action::Evaluate => json!({"action": "evaluate", "rating": 4}),
        Action::Reopen => json!({"action": "reopen", "reason": "r"}),
        Action::Reassign => json!({
            "action": "reassign",
            "assignee": {"type": "volunteer", "id": assignee},
            "reason": "r"
        }),
        other => json!({"action": other.as_str()}),
    }
}

#[tokio::test]
async fn every_illegal_transition_is_a_409_and_changes_nothing() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let volunteer = app.login(DOCTOR).await;
    let other_volunteer = app.login(LAWYER).await;

    let mut checked = 0;
    for status in OrderStatus::ALL {
        let id = wish_in(&app, *status, &resident, &committee, &volunteer).await;
        let before = app.order(&resident, id).await;
        for action in Action::ALL {
            if shared::workflow::transition(OrderKind::MicroWish, *status, *action).is_some() {
                continue;
            }
            // Someone whose role allows the action, so that only the state refuses it.
            let actor = match action {
                Action::Dispatch | Action::Reopen | Action::Close => &committee,
                Action::Cancel if *status == OrderStatus::Pending => &resident,
                Action::Cancel => &committee,
                Action::Claim => &other_volunteer,
                Action::Accept | Action::Reject | Action::Complete | Action::Release => {
                    if *status == OrderStatus::Pending {
                        continue; // nobody is the assignee of a pending order: a 403, checked elsewhere
                    }
                    &volunteer
                }
                Action::Evaluate | Action::Urge => &resident,
                Action::Reassign => &committee,
            };
            let (code_, body) = app
                .act(actor, id, body_for(*action, volunteer.user_id))
                .await;
            assert_eq!(
                code_,
                StatusCode::CONFLICT,
                "{action} on a {status} wish: {body}"
            );
            let expected = if *action == Action::Claim {
                "already_claimed"
            } else {
                "invalid_transition"
            };
            assert_eq!(code(&body), expected, "{action} on {status}");
            checked += 1;
        }
        let after = app.order(&resident, id).await;
        assert_eq!(after["status"], before["status"]);
        assert_eq!(
            after["timeline"], before["timeline"],
            "{status}: the timeline must not grow"
        );
    }
    assert!(checked >= 40, "only {checked} illegal pairs were exercised");
}

#[tokio::test]
async fn only_micro_wishes_can_be_claimed() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let volunteer = app.login(DOCTOR).await;
    let committee = app.login(COMMITTEE).await;
    let appeal = app.place(&resident, "appeal", "facility_repair").await;
    // A volunteer does not see someone else's appeal at all.
    let (status, _) = app
        .act(&volunteer, appeal, json!({"action": "claim"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The committee sees it, but claiming is for volunteers and units.
    let (status, body) = app
        .act(&committee, appeal, json!({"action": "claim"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
}

#[tokio::test]
async fn completion_photos_are_the_assignees_own_uploads() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let volunteer = app.login(DOCTOR).await;
    let wish = app.place(&resident, "micro_wish", "wish_visit").await;
    app.ok(&volunteer, wish, json!({"action": "claim"})).await;
    let residents = app.upload(&resident, "phone.png").await;
    for bad in [
        json!(["https://img.example.cn/a.jpg"]),
        json!([residents["id"]]),
        json!([0]),
    ] {
        let (status, body) = app
            .act(
                &volunteer,
                wish,
                json!({"action": "complete", "note": "n", "photos": bad}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
    assert_eq!(
        app.order(&volunteer, wish).await["status"],
        "accepted",
        "nothing written"
    );
    let mine = app.upload(&volunteer, "phone.png").await;
    let done = app
        .ok(
            &volunteer,
            wish,
            json!({"action": "complete", "note": "n", "photos": [mine["id"]]}),
        )
        .await;
    let last = done["timeline"].as_array().and_then(|t| t.last()).cloned();
    assert_eq!(
        last.and_then(|e| e["photos"].as_array().map(Vec::len)),
        Some(1)
    );
}

#[tokio::test]
async fn a_volunteer_can_give_back_a_wish_claimed_by_mistake() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let doctor = app.login(DOCTOR).await;
    let lawyer = app.login(LAWYER).await;
    let wish = app.place(&resident, "micro_wish", "wish_visit").await;
    let claimed = app.ok(&doctor, wish, json!({"action": "claim"})).await;
    assert!(claimed["allowed_actions"]
        .as_array()
        .is_some_and(|a| a.contains(&json!("release"))));

    // Nobody else may give it back.
    for who in [&lawyer, &resident] {
        let (status, body) = app.act(who, wish, json!({"action": "release"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    }
    let back = app
        .ok(
            &doctor,
            wish,
            json!({"action": "release", "reason": "点错了"}),
        )
        .await;
    assert_eq!(back["status"], "pending");
    assert!(back["assignee"].is_null());
    assert_eq!(actions(&back).last().map(String::as_str), Some("release"));
    let (_, wall) = app.get(&lawyer, "/wishes").await;
    assert!(wall["items"]
        .as_array()
        .is_some_and(|w| w.iter().any(|o| o["id"] == wish)));

    // Someone else takes it and completes it: then it cannot be given back.
    app.ok(&lawyer, wish, json!({"action": "claim"})).await;
    app.ok(&lawyer, wish, json!({"action": "complete", "note": "好了"}))
        .await;
    let (status, body) = app.act(&lawyer, wish, json!({"action": "release"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    // A door-to-door service is never released.
    let service = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    let committee = app.login(COMMITTEE).await;
    app.dispatch_to_volunteer(&committee, service, &doctor)
        .await;
    app.ok(&doctor, service, json!({"action": "accept"})).await;
    let (status, body) = app
        .act(&doctor, service, json!({"action": "release"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
}
