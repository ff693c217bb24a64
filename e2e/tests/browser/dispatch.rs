//! Dispatch that knows people, as the committee and a grid worker use it: the
//! ranked dialog with its reasons, bulk dispatch from the desk's table, and an
//! order placed for a resident on a narrow phone.

use crate::harness::{run, Browser};
use crate::{js_number, COMMITTEE, GRID_WORKER, RESIDENT, RESIDENT2};
use anyhow::{ensure, Result};
use serde_json::{json, Value};

/// Places an order as the resident over the API; returns its id.
async fn placed(b: &Browser, token: &str, kind: &str, category: &str, title: &str) -> Result<i64> {
    let (status, body) = b
        .api_send(
            token,
            "/orders",
            json!({"kind": kind, "category": category, "title": title, "description": "浏览器测试"}),
        )
        .await?;
    ensure!(status == 201, "placing {title}: {status} {body}");
    body["id"]
        .as_i64()
        .ok_or_else(|| anyhow::anyhow!("no id in {body}"))
}

/// The order as the committee reads it over the API.
async fn order_as(b: &Browser, token: &str, id: i64) -> Result<Value> {
    Ok(reqwest::Client::new()
        .get(format!("{}/api/v1/orders/{id}", b.base))
        .bearer_auth(token)
        .send()
        .await?
        .json()
        .await?)
}

#[tokio::test]
async fn the_committee_dispatches_to_the_best_match_with_its_reasons_and_in_bulk() {
    run("ranked_dispatch", async |b: &Browser| {
        let resident = b.api_login(RESIDENT).await?;
        let repair = placed(
            b,
            &resident,
            "door_service",
            "appliance_repair",
            "冰箱不制冷",
        )
        .await?;
        let dispute = placed(b, &resident, "appeal", "dispute", "邻居装修扰民").await?;
        let facility = placed(b, &resident, "appeal", "facility_repair", "单元门坏了").await?;

        b.client.set_window_size(1280, 900).await?;
        b.sign_in(COMMITTEE).await?;
        b.goto(&format!("/desk/orders/{repair}")).await?;
        b.click(".actions button[data-action='dispatch']").await?;
        // Best first, with the reasons in words, and already chosen.
        let first = b.find(".ranked .option").await?;
        let text = first.text().await?;
        ensure!(text.contains("陈师傅"), "first is {text}");
        ensure!(text.contains("最匹配"), "no badge on {text}");
        ensure!(
            text.contains("技能匹配：家电维修"),
            "no skill reason in {text}"
        );
        ensure!(text.contains("在办"), "no workload in {text}");
        let chosen = b
            .find(".ranked input[data-name='陈师傅']")
            .await?
            .prop("checked")
            .await?;
        ensure!(
            chosen.as_deref() == Some("true"),
            "the best is not chosen: {chosen:?}"
        );
        b.click("button[data-confirm='dispatch']").await?;
        b.wait_status("dispatched").await?;
        b.see("陈师傅").await?;

        // The desk's table: tick the other two, each to its best match.
        b.goto("/desk?view=table").await?;
        b.click(&format!("input[data-select='{dispute}']")).await?;
        b.click(&format!("input[data-select='{facility}']")).await?;
        b.see("已选 2 单").await?;
        b.click("button[data-do='to-best']").await?;
        let plan = b.find(".bulk-plan").await?;
        b.see("赵律师").await?;
        let words = plan.text().await?;
        ensure!(
            words.contains("赵律师") && words.contains("红色物业"),
            "the plan shows {words}"
        );
        b.click("button[data-confirm='bulk']").await?;
        b.see("已派出 2 单").await?;
        b.dont_see_css(".bulk-bar").await?;
        let committee = b.api_login(COMMITTEE).await?;
        for (id, who) in [(dispute, "赵律师"), (facility, "红色物业")] {
            let o = order_as(b, &committee, id).await?;
            ensure!(
                o["status"] == "dispatched" && o["assignee"]["name"] == who,
                "{o}"
            );
        }
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_grid_worker_places_an_order_for_a_resident_on_a_phone_which_he_finds_under_my_orders() {
    run("proxy_order", async |b: &Browser| {
        b.client.set_window_size(375, 812).await?;
        b.sign_in(GRID_WORKER).await?;
        b.click("a[data-do='proxy']").await?;
        b.find(".proxy-form").await?;
        // What is missing is said before anything is sent.
        b.click(".proxy-form button[type=submit]").await?;
        b.see("必填").await?;
        b.fill("#proxy-phone", "1390000").await?;
        b.see("请输入11位手机号").await?;
        b.fill("#proxy-phone", RESIDENT2).await?;
        b.click("button[data-kind='door_service']").await?;
        b.find("#proxy-category option[value='haircut']").await?;
        b.find("#proxy-category")
            .await?
            .select_by_value("haircut")
            .await?;
        b.fill("#proxy-title", "张大爷想理发").await?;
        b.fill("#proxy-description", "腿脚不便，电话里说想上门理发")
            .await?;
        let over = js_number(
            b,
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        )
        .await?;
        ensure!(over <= 1.0, "the form is {over}px wider than the phone");
        b.click(".proxy-form button[type=submit]").await?;
        b.wait_status("pending").await?;
        b.see("代点单").await?;
        b.find(".placed-by").await?;
        b.see("张建国").await?;
        let id = b.order_id().await?;
        b.sign_out().await?;

        b.sign_in(RESIDENT2).await?;
        b.goto("/orders/mine").await?;
        b.find(&format!("a[data-order-id='{id}']")).await?;
        b.see("张大爷想理发").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_volunteer_keeps_their_profile_in_the_phone_app() {
    run("volunteer_profile", async |b: &Browser| {
        b.client.set_window_size(375, 812).await?;
        crate::sign_in_as_volunteer(b, crate::PLUMBER).await?;
        b.goto("/me").await?;
        b.click(&format!("a[href='{}']", frontend_profile()))
            .await?;
        // What the profile holds is shown: his suggested skills ticked.
        b.find("button[data-skill='家电维修'][aria-pressed='true']")
            .await?;
        b.click("button[data-skill='心理疏导']").await?;
        b.click("#profile-available").await?;
        b.click(".stepper button[aria-label='+']").await?;
        b.click(".profile-form button[type=submit]").await?;
        b.see("服务档案已保存").await?;
        let token = b.api_login(crate::PLUMBER).await?;
        let profile: Value = reqwest::Client::new()
            .get(format!("{}/api/v1/me/profile", b.base))
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?;
        ensure!(profile["available"] == false, "{profile}");
        ensure!(profile["max_open"] == 4, "{profile}");
        let skills = profile["skills"].as_array().cloned().unwrap_or_default();
        ensure!(
            skills.contains(&json!("心理疏导")) && skills.contains(&json!("家电维修")),
            "{profile}"
        );
        Ok(())
    })
    .await;
}

fn frontend_profile() -> &'static str {
    "/profile"
}
