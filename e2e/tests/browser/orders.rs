//! The loop, as people see it: a wish claimed and rated, a service through a
//! unit, a rejection and a second dispatch, a lost claim race, a wish given back.

use super::harness::{run, Browser};
use super::*;
use anyhow::{ensure, Result};

async fn evaluate(b: &Browser, order: i64, stars: u8) -> Result<()> {
    b.sign_in(RESIDENT).await?;
    b.goto(&format!("/orders/{order}")).await?;
    b.click(".actions button[data-action='evaluate']").await?;
    b.click(&format!(".star[data-stars='{stars}']")).await?;
    b.fill("#action-text", "非常满意").await?;
    b.click("button[data-confirm='evaluate']").await?;
    b.wait_status("evaluated").await?;
    b.see("已评价").await?;
    b.see("非常满意").await?;
    Ok(())
}

#[tokio::test]
async fn a_resident_posts_a_wish_a_volunteer_claims_and_completes_it_and_the_resident_evaluates() {
    run("wish", async |b: &Browser| {
        b.sign_in(RESIDENT).await?;
        b.see("许个微心愿").await?;
        b.click("a.ask-wish").await?;
        b.find("#category")
            .await?
            .select_by_value("wish_goods")
            .await?;
        b.fill("#title", "想要一盏护眼台灯").await?;
        b.fill("#description", "孙女晚上写作业，灯光太暗。").await?;
        b.fill("#address", "幸福小区3号楼2单元101").await?;
        b.click("form button[type=submit]").await?;
        b.wait_status("pending").await?;
        // A wish waits for a claimer, not for dispatch.
        b.see("待认领").await?;
        let wish = b.order_id().await?;
        b.sign_out().await?;

        sign_in_as_volunteer(b, DOCTOR).await?;
        // On the wall with the name masked.
        b.see("想要一盏护眼台灯").await?;
        b.click(&format!("a[data-order-id='{wish}']")).await?;
        b.see("王**").await?;
        b.see("仅服务人员可见").await?;
        b.act("claim").await?;
        b.wait_status("accepted").await?;
        // Now serving it: the real name and the address.
        b.see("王秀英").await?;
        b.see("幸福小区3号楼2单元101").await?;
        b.click(".actions button[data-action='complete']").await?;
        b.fill("#action-text", "台灯已送到").await?;
        b.click("button[data-confirm='complete']").await?;
        b.wait_status("completed").await?;
        b.see("台灯已送到").await?;
        // The volunteer is told what it earned.
        b.see("获得 10 积分").await?;
        b.goto("/points").await?;
        let balance = b
            .find("[data-testid='points-balance']")
            .await?
            .text()
            .await?;
        ensure!(
            balance == "20",
            "the volunteer should have 10 + 10 points, has {balance}"
        );
        b.sign_out().await?;

        evaluate(b, wish, 5).await
    })
    .await;
}

#[tokio::test]
async fn a_door_service_is_dispatched_to_a_unit_which_accepts_and_completes_it() {
    run("door_service", async |b: &Browser| {
        b.sign_in(RESIDENT).await?;
        let order = b.place("door_service", "haircut", "请师傅上门理发").await?;
        b.sign_out().await?;

        b.sign_in(COMMITTEE).await?;
        b.see("派单台").await?;
        b.see("请师傅上门理发").await?;
        b.click(&format!("a[data-order-id='{order}']")).await?;
        b.click(".actions button[data-action='dispatch']").await?;
        b.click("input[data-name='红色物业']").await?;
        b.click("button[data-confirm='dispatch']").await?;
        b.wait_status("dispatched").await?;
        b.see("已派单").await?;
        b.sign_out().await?;

        b.sign_in(PROPERTY).await?;
        b.see("任务大厅").await?;
        b.see("请师傅上门理发").await?;
        b.click(&format!("a[data-order-id='{order}']")).await?;
        b.act("accept").await?;
        b.wait_status("accepted").await?;
        b.click(".actions button[data-action='complete']").await?;
        b.fill("#action-text", "已上门理发").await?;
        b.click("button[data-confirm='complete']").await?;
        b.wait_status("completed").await?;
        b.sign_out().await?;

        evaluate(b, order, 4).await
    })
    .await;
}

#[tokio::test]
async fn a_volunteer_rejects_and_the_committee_dispatches_again() {
    run("reject", async |b: &Browser| {
        b.sign_in(RESIDENT).await?;
        let order = b.place("appeal", "dispute", "楼上噪音扰民").await?;
        b.sign_out().await?;

        b.sign_in(COMMITTEE).await?;
        b.goto(&format!("/orders/{order}")).await?;
        b.click(".actions button[data-action='dispatch']").await?;
        b.click("input[data-name='陈师傅']").await?;
        b.click("button[data-confirm='dispatch']").await?;
        b.wait_status("dispatched").await?;
        b.sign_out().await?;

        sign_in_as_volunteer(b, PLUMBER).await?;
        b.click(&format!("a[data-order-id='{order}']")).await?;
        b.click(".actions button[data-action='reject']").await?;
        // The reason is required: the form says so.
        b.click("button[data-confirm='reject']").await?;
        b.see("必填").await?;
        b.fill("#action-text", "不擅长调解").await?;
        b.click("button[data-confirm='reject']").await?;
        b.see("已退回").await?;
        b.sign_out().await?;

        b.sign_in(COMMITTEE).await?;
        b.see("楼上噪音扰民").await?;
        b.click(&format!("a[data-order-id='{order}']")).await?;
        b.see("不擅长调解").await?;
        b.click(".actions button[data-action='dispatch']").await?;
        b.click("input[data-name='赵律师']").await?;
        b.click("button[data-confirm='dispatch']").await?;
        b.wait_status("dispatched").await?;
        b.see("赵律师").await?;
        b.sign_out().await?;

        sign_in_as_volunteer(b, LAWYER).await?;
        b.click(&format!("a[data-order-id='{order}']")).await?;
        b.act("accept").await?;
        b.wait_status("accepted").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_loser_of_a_claim_race_is_told_the_wish_is_taken() {
    run("claim_race", async |b: &Browser| {
        b.sign_in(RESIDENT).await?;
        let wish = b.place("micro_wish", "wish_goods", "一台收音机").await?;
        b.sign_out().await?;

        sign_in_as_volunteer(b, DOCTOR).await?;
        b.click(&format!("a[data-order-id='{wish}']")).await?;
        b.click(".actions button[data-action='claim']").await?;
        // Someone else claims it while the confirmation is open.
        let rival = b.api_login(LAWYER).await?;
        let status = b
            .api_post(
                &rival,
                &format!("/orders/{wish}/actions"),
                serde_json::json!({"action": "claim"}),
            )
            .await?;
        ensure!(status == 200, "the rival's claim failed with {status}");
        b.click("button[data-confirm='claim']").await?;
        b.see("这个心愿已经被其他人认领了").await?;
        // The page shows the wish as it now is, without a claim button; the
        // claimer's name is masked to someone who does not serve the wish.
        b.wait_status("accepted").await?;
        b.see("赵**").await?;
        ensure!(
            b.client
                .find_all(fantoccini::Locator::Css(
                    ".actions button[data-action='claim']"
                ))
                .await?
                .is_empty(),
            "the claim button should be gone"
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_volunteer_gives_back_a_wish_claimed_by_mistake() {
    run("release", async |b: &Browser| {
        b.sign_in(RESIDENT).await?;
        let wish = b.place("micro_wish", "wish_goods", "一副老花镜").await?;
        // The resident's own undo is a quiet button, never the red primary one.
        let class = b
            .find(".actions button[data-action='cancel']")
            .await?
            .attr("class")
            .await?
            .unwrap_or_default();
        ensure!(
            class.contains("quiet") && !class.contains("primary"),
            "cancel is styled {class:?}"
        );
        b.sign_out().await?;

        sign_in_as_volunteer(b, DOCTOR).await?;
        // The wall card says what the wish earns.
        b.find(&format!("a[data-order-id='{wish}'] .points-hint"))
            .await?;
        b.click(&format!("a[data-order-id='{wish}']")).await?;
        b.act("claim").await?;
        b.wait_status("accepted").await?;
        b.click(".actions button[data-action='release']").await?;
        b.see("确定要放弃认领吗？").await?;
        b.fill("#action-text", "点错了").await?;
        b.click("button[data-confirm='release']").await?;
        b.wait_status("pending").await?;
        b.see("待认领").await?;
        b.see("点错了").await?;
        // Back on the wall for someone else.
        b.goto("/tasks").await?;
        b.find(&format!("a[data-order-id='{wish}']")).await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_volunteer_hears_of_a_dispatch_in_the_inbox_and_opens_the_order() {
    run("inbox", async |b: &Browser| {
        // The committee dispatches an order to 陈师傅 (over the API).
        let resident = b.api_login(RESIDENT).await?;
        let committee = b.api_login(COMMITTEE).await?;
        let created: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/api/v1/orders", b.base))
            .bearer_auth(&resident)
            .json(
                &serde_json::json!({"kind": "door_service", "category": "appliance_repair",
                "title": "抽油烟机不转", "description": "d"}),
            )
            .send()
            .await?
            .json()
            .await?;
        let order = created["id"].as_i64().unwrap_or_default();
        let plumber: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/login", b.base))
            .json(&serde_json::json!({"phone": PLUMBER, "password": "demo1234"}))
            .send()
            .await?
            .json()
            .await?;
        let status = b
            .api_post(
                &committee,
                &format!("/orders/{order}/actions"),
                serde_json::json!({"action": "dispatch",
                    "assignee": {"type": "volunteer", "id": plumber["user"]["id"]}}),
            )
            .await?;
        anyhow::ensure!(status == 200, "dispatch: {status}");

        sign_in_as_volunteer(b, PLUMBER).await?;
        let count = b.find(".bell .bell-count").await?.text().await?;
        anyhow::ensure!(
            count.trim().parse::<u32>().unwrap_or(0) >= 1,
            "the bell says {count:?}"
        );
        b.click(".bell").await?;
        b.see("新派单，请及时接单").await?;
        b.click_text("抽油烟机不转").await?;
        b.wait_status("dispatched").await?;
        anyhow::ensure!(b.order_id().await? == order, "opened the wrong order");
        // Read now: the inbox says so, and "mark all read" clears the rest.
        b.click(".bell").await?;
        b.find(".notice:not(.unread)").await?;
        if b.client
            .find(fantoccini::Locator::Css("button[data-action='read-all']"))
            .await
            .is_ok()
        {
            b.click("button[data-action='read-all']").await?;
        }
        b.goto("/tasks").await?;
        b.find(".bell").await?;
        b.dont_see_css(".bell .bell-count").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn inside_wechat_placing_or_taking_an_order_offers_its_messages() {
    run("wechat_subscribe", async |b: &Browser| {
        // Outside WeChat nothing is offered.
        b.sign_in(RESIDENT).await?;
        b.place("appeal", "facility_repair", "电梯异响").await?;
        b.see("电梯异响").await?;
        b.dont_see_css(".subscribe-prompt").await?;
        b.sign_out().await?;

        // Inside the mini-program's web-view (its JS-SDK faked: what the
        // page asks of it is kept).
        b.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({"source": "window.__wxjs_environment = 'miniprogram'; window.__opened = []; \
                window.wx = { miniProgram: { navigateTo: (o) => window.__opened.push(o.url) } };"}),
        )
        .await?;
        b.sign_in(RESIDENT).await?;
        b.place("appeal", "facility_repair", "楼道堆物").await?;
        b.find(".subscribe-prompt").await?;
        b.click(".subscribe-prompt .primary").await?;
        b.dont_see_css(".subscribe-prompt").await?;
        let opened = wait_opened(b).await?;
        ensure!(
            opened == "/pages/subscribe/index?tmplIds=tmpl-accepted%2Ctmpl-completed",
            "opened {opened}"
        );
        b.sign_out().await?;

        // A volunteer claiming a wish is offered urging and new dispatches.
        let resident = b.api_login(RESIDENT).await?;
        let (status, wish) = b
            .api_send(
                &resident,
                "/orders",
                serde_json::json!({"kind": "micro_wish", "category": "wish_goods", "title": "想要一副象棋", "description": "d"}),
            )
            .await?;
        ensure!(status == 201, "placing the wish: {status}");
        sign_in_as_volunteer(b, DOCTOR).await?;
        b.goto(&format!("/orders/{}", wish["id"])).await?;
        b.act("claim").await?;
        b.wait_status("accepted").await?;
        b.click(".subscribe-prompt .primary").await?;
        let opened = wait_opened(b).await?;
        ensure!(
            opened == "/pages/subscribe/index?tmplIds=tmpl-urged%2Ctmpl-dispatched",
            "opened {opened}"
        );
        Ok(())
    })
    .await;
}

/// The mini-program page the client opened.
async fn wait_opened(b: &Browser) -> Result<String> {
    for _ in 0..50 {
        let v = b
            .client
            .execute("return window.__opened.join(' ');", vec![])
            .await?;
        if let Some(s) = v.as_str().filter(|s| !s.is_empty()) {
            return Ok(s.to_string());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    anyhow::bail!("the client opened no mini-program page")
}
