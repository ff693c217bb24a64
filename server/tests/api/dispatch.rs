//! Dispatch that knows people: ranked candidates with reasons, profiles,
//! grab and auto modes, triage and the joint meeting, orders placed on a
//! resident's behalf, bulk dispatch.

use crate::helpers::*;
use crate::people::{community_of, session_of};
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn items(body: &Value) -> &Vec<Value> {
    body["items"].as_array().expect("items")
}

/// The candidates' names, best first, of one type.
fn names_of(body: &Value, kind: &str) -> Vec<String> {
    items(body)
        .iter()
        .filter(|c| c["type"] == kind)
        .map(|c| c["name"].as_str().expect("name").to_string())
        .collect()
}

fn reasons(candidate: &Value) -> Vec<String> {
    candidate["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| r["text"].as_str().expect("text").to_string())
        .collect()
}

fn codes(candidate: &Value) -> Vec<String> {
    candidate["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| r["code"].as_str().expect("code").to_string())
        .collect()
}

async fn candidates(app: &TestApp, s: &Session, order: i64) -> Value {
    let (status, body) = app.get(s, &format!("/orders/{order}/candidates")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

#[tokio::test]
async fn the_demo_ranks_the_right_people_first_and_says_why() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;

    let repair = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    let body = candidates(&app, &committee, repair).await;
    assert_eq!(names_of(&body, "volunteer")[0], "陈师傅", "{body}");
    let chen = &items(&body)[0];
    assert_eq!(
        chen["name"], "陈师傅",
        "volunteers and units in one list: {body}"
    );
    let words = reasons(chen);
    assert_eq!(words[0], "技能匹配：家电维修", "{words:?}");
    assert!(words.contains(&"在办 0/3 单".to_string()), "{words:?}");
    assert!(chen["eligible"].as_bool().expect("eligible"));
    let scores: Vec<i64> = items(&body)
        .iter()
        .map(|c| c["score"].as_i64().expect("score"))
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );

    let dispute = app.place(&resident, "appeal", "dispute").await;
    let body = candidates(&app, &committee, dispute).await;
    assert_eq!(names_of(&body, "volunteer")[0], "赵律师", "{body}");

    let facility = app.appeal(&resident).await;
    let body = candidates(&app, &committee, facility).await;
    assert_eq!(names_of(&body, "unit")[0], "红色物业", "{body}");

    // Grid workers dispatch too; others who may see the order may not rank it.
    let grid = app.login(GRID_WORKER).await;
    candidates(&app, &grid, repair).await;
    let (status, _) = app
        .get(&resident, &format!("/orders/{repair}/candidates"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let other = app.login(HEXIE_COMMITTEE).await;
    let (status, _) = app
        .get(&other, &format!("/orders/{repair}/candidates"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn what_people_did_lately_moves_them_in_the_ranking() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let plumber = app.login(PLUMBER).await;

    // 陈师傅 takes one, is rated 5, and has one still open.
    let done = app.completed_repair(&resident, &committee, &plumber).await;
    app.ok(&resident, done, json!({"action": "evaluate", "rating": 5}))
        .await;
    let open = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    app.dispatch_to_volunteer(&committee, open, &plumber).await;

    let next = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    let body = candidates(&app, &committee, next).await;
    let chen = items(&body)
        .iter()
        .find(|c| c["name"] == "陈师傅")
        .expect("陈师傅");
    let words = reasons(chen);
    assert!(words.contains(&"在办 1/3 单".to_string()), "{words:?}");
    // The demo's history gave him a 4 before: (4 + 5) / 2.
    assert!(words.contains(&"均分 4.5".to_string()), "{words:?}");
    assert!(
        codes(chen).contains(&"response_time".to_string()),
        "{words:?}"
    );

    // A reject is remembered.
    app.ok(
        &plumber,
        open,
        json!({"action": "reject", "reason": "这周不在家"}),
    )
    .await;
    let body = candidates(&app, &committee, next).await;
    let chen = items(&body)
        .iter()
        .find(|c| c["name"] == "陈师傅")
        .expect("陈师傅");
    assert!(
        reasons(chen).contains(&"近期拒单 1 次".to_string()),
        "{chen}"
    );

    // Not available: still listed, last among equals, and auto passes him by.
    let (status, profile) = app
        .put(
            &plumber,
            "/me/profile",
            json!({"skills": ["家电维修"], "available": false, "max_open": 3}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    let body = candidates(&app, &committee, next).await;
    let chen = items(&body)
        .iter()
        .find(|c| c["name"] == "陈师傅")
        .expect("陈师傅");
    assert!(codes(chen).contains(&"unavailable".to_string()), "{chen}");
    assert_eq!(chen["eligible"], false);
    assert_ne!(items(&body)[0]["name"], "陈师傅", "{body}");
}

#[tokio::test]
async fn volunteers_keep_their_own_profiles_and_units_their_skills() {
    let app = spawn_app().await;
    let doctor = app.login(DOCTOR).await;
    let (status, mine) = app.get(&doctor, "/me/profile").await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine["skills"], json!(["义诊", "健康咨询", "送医"]));
    assert_eq!(
        (mine["available"].clone(), mine["max_open"].clone()),
        (json!(true), json!(3))
    );

    let committee = app.login(COMMITTEE).await;
    let community = community_of(&app, &committee).await;
    let (_, places) = app.get(&committee, "/places").await;
    let grid =
        find_grid(&places, community).unwrap_or_else(|| panic!("a grid of 幸福社区 in {places}"));
    let (status, saved) = app
        .put(
            &doctor,
            "/me/profile",
            json!({"skills": ["义诊", "心理疏导"], "background": "社区医院全科医生",
                   "available": true, "grid_id": grid, "max_open": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["skills"], json!(["义诊", "心理疏导"]));
    assert_eq!(saved["max_open"], 5);
    let (_, again) = app.get(&doctor, "/me/profile").await;
    assert_eq!(again, saved);

    for bad in [
        json!({"skills": [], "available": true, "max_open": 0}),
        json!({"skills": [], "available": true, "max_open": 21}),
        json!({"skills": ["这是一个超过二十个字的非常非常非常长的技能名称啊"], "available": true}),
        json!({"skills": [], "available": true, "grid_id": 999_999}),
    ] {
        let (status, body) = app.put(&doctor, "/me/profile", bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad} → {body}");
    }
    // A grid of another community is not one's home grid.
    let (_, hexie_places) = app.get(&app.login(HEXIE_COMMITTEE).await, "/places").await;
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let hexie_grid = find_grid(&hexie_places, community_of(&app, &hexie).await);
    if let Some(g) = hexie_grid {
        let (status, _) = app
            .put(
                &doctor,
                "/me/profile",
                json!({"skills": [], "available": true, "grid_id": g}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    // Residents have no volunteer profile.
    let resident = app.login(RESIDENT).await;
    let (status, _) = app.get(&resident, "/me/profile").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A unit's skills (资源清单): its own staff or the committee; not another
    // community's committee.
    let property = app.unit_id(&committee, "红色物业").await;
    let staff = app.login(PROPERTY).await;
    let (status, unit) = app
        .put(
            &staff,
            &format!("/units/{property}"),
            json!({"skills": ["设施报修", "绿化养护"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{unit}");
    assert_eq!(unit["skills"], json!(["设施报修", "绿化养护"]));
    let (status, _) = app
        .put(
            &committee,
            &format!("/units/{property}"),
            json!({"skills": ["设施报修"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .put(&hexie, &format!("/units/{property}"), json!({"skills": []}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Categories list the skills they need, edited with the category.
    let (status, cat) = app
        .patch(
            &committee,
            "/categories/haircut",
            json!({"skills": ["理发", "助老助残"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{cat}");
    assert_eq!(cat["skills"], json!(["理发", "助老助残"]));
}

/// The first grid of a community in a places tree.
fn find_grid(tree: &Value, community: i64) -> Option<i64> {
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
async fn assignee_session(app: &TestApp, order: &Value) -> Session {
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

#[tokio::test]
async fn an_auto_order_dispatches_itself_and_after_each_reject_the_next_until_nobody_is_left() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    // Who would rank first, seen on an order of the same service placed
    // while the committee dispatched it by hand.
    let set_mode = |mode: &'static str| {
        app.patch(
            &committee,
            "/categories/meal_delivery",
            json!({"dispatch_mode": mode}),
        )
    };
    assert_eq!(set_mode("manual").await.0, StatusCode::OK);
    let by_hand = app.place(&resident, "door_service", "meal_delivery").await;
    let ranked = candidates(&app, &committee, by_hand).await;
    assert_eq!(set_mode("auto").await.0, StatusCode::OK);

    let id = app.place(&resident, "door_service", "meal_delivery").await;
    let order = app.order(&committee, id).await;
    assert_eq!(order["status"], "dispatched", "{order}");
    assert_eq!(order["dispatch_mode"], "auto");
    let dispatch = entries(&order, "dispatch");
    assert_eq!(dispatch.len(), 1);
    assert!(
        dispatch[0]["actor"].is_null(),
        "the system dispatched: {order}"
    );
    assert_eq!(dispatch[0]["system"]["code"], "auto_dispatched");
    // The first is the best of the candidates.
    assert_eq!(order["assignee"]["name"], items(&ranked)[0]["name"]);
    let order_by_hand = app.order(&committee, by_hand).await;
    assert_eq!(order_by_hand["status"], "pending", "{order_by_hand}");

    // Everyone rejects in turn: each time the next one not yet tried.
    let everyone = items(&ranked).len();
    let mut seen = Vec::new();
    let mut order = order;
    while order["status"] == "dispatched" {
        let name = order["assignee"]["name"]
            .as_str()
            .expect("name")
            .to_string();
        assert!(!seen.contains(&name), "{name} twice: {seen:?}");
        seen.push(name);
        let who = assignee_session(&app, &order).await;
        app.ok(
            &who,
            id,
            json!({"action": "reject", "reason": "今天排不开"}),
        )
        .await;
        order = app.order(&committee, id).await;
    }
    assert_eq!(seen.len(), everyone, "{seen:?}");
    assert_eq!(order["status"], "pending", "back on the desk: {order}");
    let notes = entries(&order, "note");
    assert_eq!(
        notes.last().expect("a note")["system"]["code"],
        "nobody_left"
    );
    let (_, inbox) = app.get(&committee, "/notifications").await;
    assert!(
        items(&inbox)
            .iter()
            .any(|n| n["kind"] == "unassigned" && n["order_id"] == id),
        "{inbox}"
    );
    // The committee dispatches it by hand now.
    let plumber = app.login(PLUMBER).await;
    app.dispatch_to_volunteer(&committee, id, &plumber).await;
}

#[tokio::test]
async fn an_auto_order_nobody_can_take_waits_for_the_committee() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    // 和谐社区 has no volunteers and no units yet: nobody to give it to.
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let hexie_resident = app.login(HEXIE_RESIDENT).await;
    let id = app
        .place(&hexie_resident, "door_service", "meal_delivery")
        .await;
    let order = app.order(&hexie, id).await;
    assert_eq!(order["status"], "pending", "{order}");
    assert_eq!(entries(&order, "note")[0]["system"]["code"], "nobody_left");
    assert!(order["assignee"].is_null());
    let (_, inbox) = app.get(&hexie, "/notifications").await;
    assert!(
        items(&inbox).iter().any(|n| n["kind"] == "unassigned"),
        "{inbox}"
    );
    // Not 幸福社区's business.
    let (_, theirs) = app.get(&committee, "/notifications").await;
    assert!(!items(&theirs).iter().any(|n| n["order_id"] == id));
}

/// `n` new volunteers of 幸福社区, registered, approved and signed in.
async fn new_volunteers(app: &TestApp, committee: &Session, n: usize) -> Vec<Session> {
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

#[tokio::test]
async fn twenty_volunteers_grab_one_order_and_exactly_one_wins() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let volunteers = new_volunteers(&app, &committee, 20).await;
    let id = app.place(&resident, "door_service", "errand").await;

    // It waits in every volunteer's and unit member's task hall.
    let (status, hall) = app.get(&volunteers[0], "/orders?scope=claimable").await;
    assert_eq!(status, StatusCode::OK, "{hall}");
    assert!(items(&hall).iter().any(|o| o["id"] == id), "{hall}");
    let grabbed = &items(&hall).iter().find(|o| o["id"] == id).expect("it")["requester"];
    assert_eq!(grabbed["name"], "王**", "masked until taken: {grabbed}");
    let (status, hall) = app
        .get(&app.login(PROPERTY).await, "/orders?scope=claimable")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(items(&hall).iter().any(|o| o["id"] == id));
    // Not a resident's, and not the requester's own.
    let (status, _) = app.get(&resident, "/orders?scope=claimable").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let results = join_all(
        volunteers
            .iter()
            .map(|v| app.act(v, id, json!({"action": "claim"}))),
    )
    .await;
    let winners: Vec<_> = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::OK)
        .collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    for (status, body) in results.iter().filter(|(s, _)| *s != StatusCode::OK) {
        assert_eq!(*status, StatusCode::CONFLICT, "{body}");
        assert_eq!(code(body), "already_claimed");
    }
    let order = app.order(&resident, id).await;
    assert_eq!(order["status"], "accepted");
    assert_eq!(actions(&order), ["create", "claim"]);
    assert_eq!(order["assignee"], winners[0].1["assignee"]);
    // Gone from the hall.
    let (_, hall) = app.get(&volunteers[1], "/orders?scope=claimable").await;
    assert!(!items(&hall).iter().any(|o| o["id"] == id));

    // A manual order is not for grabbing.
    let manual = app.place(&resident, "door_service", "haircut").await;
    let (status, body) = app
        .act(&volunteers[0], manual, json!({"action": "claim"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not even visible: {body}");
}

#[tokio::test]
async fn appeals_are_triaged_and_big_matters_go_to_the_joint_meeting() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let grid = app.login(GRID_WORKER).await;

    // A private matter: the mediator first.
    let quarrel = app.place(&resident, "appeal", "environment").await;
    let (status, o) = app
        .post(
            &grid,
            &format!("/orders/{quarrel}/triage"),
            json!({"track": "private", "note": "邻里噪音纠纷"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{o}");
    assert_eq!(o["track"], "private");
    let entry = entries(&o, "triage")[0];
    assert_eq!(entry["note"], "私事：邻里噪音纠纷");
    let body = candidates(&app, &committee, quarrel).await;
    assert_eq!(names_of(&body, "volunteer")[0], "赵律师", "{body}");
    let zhao = items(&body)
        .iter()
        .find(|c| c["name"] == "赵律师")
        .expect("赵律师");
    assert_eq!(codes(zhao)[0], "mediator", "{body}");

    // A small one: the property unit first.
    let lamp = app.place(&resident, "appeal", "dispute").await;
    let (status, _) = app
        .post(
            &committee,
            &format!("/orders/{lamp}/triage"),
            json!({"track": "small"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let body = candidates(&app, &committee, lamp).await;
    assert_eq!(names_of(&body, "unit")[0], "红色物业", "{body}");

    // A big one: on the joint meeting's list, where the decision is noted.
    let big = app.appeal(&resident).await;
    let (status, _) = app
        .post(
            &committee,
            &format!("/orders/{big}/triage"),
            json!({"track": "big"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, list) = app.get(&committee, "/orders?track=big").await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&Value> = items(&list).iter().map(|o| &o["id"]).collect();
    assert_eq!(ids, [&json!(big)], "{list}");
    let (status, o) = app
        .post(
            &committee,
            &format!("/orders/{big}/notes"),
            json!({"note": "联席会议决定：由物业牵头，街道城管配合"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{o}");
    assert_eq!(
        entries(&o, "note")[0]["note"],
        "联席会议决定：由物业牵头，街道城管配合"
    );
    assert_eq!(o["status"], "pending");

    // Only pending appeals, only by who dispatches, with a known track.
    let service = app.place(&resident, "door_service", "haircut").await;
    let (status, _) = app
        .post(
            &committee,
            &format!("/orders/{service}/triage"),
            json!({"track": "big"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app
        .post(
            &resident,
            &format!("/orders/{big}/triage"),
            json!({"track": "big"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post(
            &committee,
            &format!("/orders/{big}/triage"),
            json!({"track": "huge"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    app.dispatch_to_unit(&committee, big, "红色物业").await;
    let (status, body) = app
        .post(
            &committee,
            &format!("/orders/{big}/triage"),
            json!({"track": "small"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, _) = app
        .post(
            &committee,
            &format!("/orders/{big}/notes"),
            json!({"note": " "}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_grid_worker_places_an_order_for_a_resident_who_finds_and_evaluates_it() {
    let app = spawn_app().await;
    let grid = app.login(GRID_WORKER).await;
    let zhang = app.login(RESIDENT2).await;
    let (status, o) = app
        .post(
            &grid,
            "/orders",
            json!({"kind": "door_service", "category": "haircut", "title": "张大爷想理发",
                   "description": "腿脚不便，电话里说想上门理发",
                   "on_behalf_of": {"phone": RESIDENT2}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
    let id = o["id"].as_i64().expect("id");
    assert_eq!(o["requester"]["name"], "张建国");
    assert_eq!(o["channel"], "proxy");
    assert_eq!(o["placed_by"]["name"], "吴网格");
    assert_eq!(entries(&o, "create")[0]["actor"]["name"], "吴网格");

    // 张建国 finds it under 我的工单 and evaluates it when it is done.
    let (_, mine) = app.get(&zhang, "/orders?scope=mine").await;
    assert!(items(&mine).iter().any(|m| m["id"] == id), "{mine}");
    let committee = app.login(COMMITTEE).await;
    let property = app.login(PROPERTY).await;
    app.dispatch_to_unit(&committee, id, "红色物业").await;
    app.ok(&property, id, json!({"action": "accept"})).await;
    app.ok(
        &property,
        id,
        json!({"action": "complete", "note": "理好了"}),
    )
    .await;
    let seen = app.order(&zhang, id).await;
    assert!(actions(&seen).contains(&"create".to_string()));
    assert!(seen["allowed_actions"]
        .as_array()
        .expect("actions")
        .contains(&json!("evaluate")));
    // …or the grid worker records what he said by phone, marked as such.
    let rated = app
        .ok(
            &grid,
            id,
            json!({"action": "evaluate", "rating": 5, "comment": "师傅手艺好"}),
        )
        .await;
    assert_eq!(rated["status"], "evaluated");
    assert_eq!(
        entries(&rated, "evaluate")[0]["note"],
        "电话回访：5★ 师傅手艺好"
    );

    // Someone new, registered on the spot by name and phone.
    let (status, o) = app
        .post(
            &grid,
            "/orders",
            json!({"kind": "appeal", "category": "facility_repair", "title": "楼道灯坏了",
                   "description": "老人来电", "on_behalf_of": {"phone": "13712345678", "name": "钱奶奶"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
    assert_eq!(o["requester"]["name"], "钱奶奶");
    let (_, found) = app.get(&committee, "/people?q=13712345678").await;
    assert_eq!(found["items"][0]["name"], "钱奶奶", "{found}");
    // The same phone again is the same resident now.
    let (status, again) = app
        .post(
            &committee,
            "/orders",
            json!({"kind": "appeal", "category": "environment", "title": "垃圾没清",
                   "description": "老人来电", "on_behalf_of": {"phone": "13712345678"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(again["requester"]["id"], o["requester"]["id"]);

    // Unknown without a name, another community's resident, a resident
    // placing for someone else: refused.
    for (who, body, want) in [
        (
            &grid,
            json!({"phone": "13712340000"}),
            StatusCode::BAD_REQUEST,
        ),
        (
            &grid,
            json!({"phone": HEXIE_RESIDENT}),
            StatusCode::BAD_REQUEST,
        ),
        (&grid, json!({"phone": "12345"}), StatusCode::BAD_REQUEST),
        (&zhang, json!({"phone": RESIDENT}), StatusCode::FORBIDDEN),
    ] {
        let (status, resp) = app
            .post(
                who,
                "/orders",
                json!({"kind": "appeal", "category": "environment", "title": "t",
                       "description": "d", "on_behalf_of": body}),
            )
            .await;
        assert_eq!(status, want, "{body} → {resp}");
    }
    // The other residents see none of it.
    let wang = app.login(RESIDENT).await;
    let (status, _) = app.get(&wang, &format!("/orders/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bulk_dispatch_shows_who_first_then_says_which_orders_failed() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let repair = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    let dispute = app.place(&resident, "appeal", "dispute").await;
    let taken = app.appeal(&resident).await;

    let (status, plan) = app
        .post(
            &committee,
            "/orders/dispatch-plan",
            json!({"order_ids": [repair, dispute, taken]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    let best: Vec<&Value> = items(&plan).iter().map(|p| &p["best"]["name"]).collect();
    assert_eq!(
        best,
        [&json!("陈师傅"), &json!("赵律师"), &json!("红色物业")],
        "{plan}"
    );

    // Meanwhile someone dispatches one of them.
    app.dispatch_to_unit(&committee, taken, "市场监督管理局")
        .await;
    let assignments: Vec<Value> = items(&plan)
        .iter()
        .map(|p| json!({"order_id": p["order_id"], "assignee": {"type": p["best"]["type"], "id": p["best"]["id"]}}))
        .collect();
    let (status, outcome) = app
        .post(
            &committee,
            "/orders/bulk-dispatch",
            json!({"items": assignments, "note": "批量派单"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{outcome}");
    let oks: Vec<bool> = items(&outcome)
        .iter()
        .map(|o| o["ok"].as_bool().expect("ok"))
        .collect();
    assert_eq!(oks, [true, true, false], "{outcome}");
    assert_eq!(items(&outcome)[2]["code"], "invalid_transition");
    assert!(items(&outcome)[2]["error"].as_str().is_some());
    // Each got its own entry, and each assignee heard of it.
    let o = app.order(&committee, repair).await;
    assert_eq!(o["assignee"]["name"], "陈师傅");
    assert_eq!(entries(&o, "dispatch").len(), 1);
    let plumber = app.login(PLUMBER).await;
    let (_, inbox) = app.get(&plumber, "/notifications").await;
    assert!(items(&inbox)
        .iter()
        .any(|n| n["order_id"] == repair && n["kind"] == "dispatched"));

    // All to one assignee.
    let a = app.place(&resident, "door_service", "haircut").await;
    let b = app.place(&resident, "door_service", "haircut").await;
    let unit = app.unit_id(&committee, "红色物业").await;
    let (_, outcome) = app
        .post(
            &committee,
            "/orders/bulk-dispatch",
            json!({"items": [
                {"order_id": a, "assignee": {"type": "unit", "id": unit}},
                {"order_id": b, "assignee": {"type": "unit", "id": unit}},
            ]}),
        )
        .await;
    assert!(items(&outcome).iter().all(|o| o["ok"] == true), "{outcome}");

    // Nothing, too many, or by someone who does not dispatch: refused.
    let (status, _) = app
        .post(&committee, "/orders/bulk-dispatch", json!({"items": []}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app
        .post(
            &resident,
            "/orders/dispatch-plan",
            json!({"order_ids": [repair]}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, outcome) = app
        .post(
            &resident,
            "/orders/bulk-dispatch",
            json!({"items": [{"order_id": a, "assignee": {"type": "unit", "id": unit}}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(items(&outcome)[0]["code"], "forbidden", "{outcome}");
}

#[tokio::test]
#[ignore = "PostgreSQL only: set LINLI_TEST_DATABASE_URL and run ignored tests"]
async fn a_grab_race_across_two_servers_has_one_winner_and_auto_dispatch_counts_once() {
    assert!(
        std::env::var("LINLI_TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()),
        "two servers share one database on PostgreSQL only: set LINLI_TEST_DATABASE_URL"
    );
    let app = spawn_app().await;
    let second = spawn_second_server(&app).await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let volunteers = new_volunteers(&app, &committee, 10).await;
    let id = app.place(&resident, "door_service", "errand").await;
    let results = join_all(volunteers.iter().enumerate().map(|(i, v)| {
        let server = if i % 2 == 0 { &app } else { &second };
        server.act(v, id, json!({"action": "claim"}))
    }))
    .await;
    let winners = results.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    assert_eq!(winners, 1, "{results:?}");
    let order = app.order(&resident, id).await;
    assert_eq!(actions(&order), ["create", "claim"]);

    // An auto order rejected through both servers at once: one reject wins,
    // and the order moves on exactly once.
    let meal = app.place(&resident, "door_service", "meal_delivery").await;
    let first = app.order(&committee, meal).await;
    let who = assignee_session(&app, &first).await;
    let both = join_all(
        [&app, &second]
            .map(|server| server.act(&who, meal, json!({"action": "reject", "reason": "不在家"}))),
    )
    .await;
    let ok = both.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    assert_eq!(ok, 1, "{both:?}");
    let after = app.order(&committee, meal).await;
    assert_eq!(entries(&after, "reject").len(), 1, "{after}");
    assert_eq!(entries(&after, "dispatch").len(), 2, "{after}");
    assert_eq!(after["status"], "dispatched");
    assert_ne!(after["assignee"], first["assignee"]);
}

#[tokio::test]
async fn a_volunteer_at_their_cap_is_listed_full_and_passed_by_auto_dispatch() {
    let app = spawn_app().await;
    let resident = app.login(RESIDENT).await;
    let committee = app.login(COMMITTEE).await;
    let plumber = app.login(PLUMBER).await;
    // Meals that need a repairman: 陈师傅 would be first.
    let (status, _) = app
        .patch(
            &committee,
            "/categories/meal_delivery",
            json!({"skills": ["家电维修"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .put(
            &plumber,
            "/me/profile",
            json!({"skills": ["家电维修"], "available": true, "max_open": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let busy = app
        .place(&resident, "door_service", "appliance_repair")
        .await;
    app.dispatch_to_volunteer(&committee, busy, &plumber).await;

    let meal = app.place(&resident, "door_service", "meal_delivery").await;
    let order = app.order(&committee, meal).await;
    assert_eq!(order["status"], "dispatched", "{order}");
    assert_ne!(order["assignee"]["name"], "陈师傅", "{order}");
    let body = candidates(&app, &committee, meal).await;
    let chen = items(&body)
        .iter()
        .find(|c| c["name"] == "陈师傅")
        .expect("陈师傅");
    assert_eq!(chen["eligible"], false, "{chen}");
    assert!(
        reasons(chen).contains(&"在办 1/1 单（已满）".to_string()),
        "{chen}"
    );
    // Once he has room again, he is first for the next one.
    app.ok(
        &plumber,
        busy,
        json!({"action": "reject", "reason": "配件没货"}),
    )
    .await;
    let next = app.place(&resident, "door_service", "meal_delivery").await;
    let order = app.order(&committee, next).await;
    assert_eq!(order["assignee"]["name"], "陈师傅", "{order}");
}
