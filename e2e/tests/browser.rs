//! What people see on the screen, in a real headless Chromium, against the real
//! server and the real release build of the client.

mod harness;

use anyhow::{ensure, Result};
use harness::{run, Browser};

const RESIDENT: &str = "13900000011";
const COMMITTEE: &str = "13900000001";
const DOCTOR: &str = "13900000021";
const PLUMBER: &str = "13900000022";
const LAWYER: &str = "13900000023";
const PROPERTY: &str = "13900000032";
const HEXIE_COMMITTEE: &str = "13900000101";

/// Volunteers are also residents: they pick the volunteer hat.
async fn sign_in_as_volunteer(b: &Browser, phone: &str) -> Result<()> {
    b.sign_in(phone).await?;
    b.click_text("志愿者 / 成员单位").await?;
    b.see("任务大厅").await?;
    Ok(())
}

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
async fn another_communitys_committee_sees_none_of_it() {
    run("other_community", async |b: &Browser| {
        b.sign_in(RESIDENT).await?;
        let order = b
            .place("appeal", "facility_repair", "幸福社区路灯坏了")
            .await?;
        b.sign_out().await?;

        b.sign_in(HEXIE_COMMITTEE).await?;
        b.see("和谐社区").await?;
        b.goto("/desk/all").await?;
        b.see("楼上漏水").await?; // its own history is there
        b.dont_see("幸福社区路灯坏了").await?;
        b.goto(&format!("/orders/{order}")).await?;
        b.see("找不到这个工单").await?;
        b.dont_see("幸福社区路灯坏了").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn switching_to_english_changes_the_interface() {
    run("english", async |b: &Browser| {
        b.goto("/login").await?;
        b.see("登录").await?;
        b.click_text("English").await?;
        b.see("Sign in").await?;
        b.see("Phone number").await?;
        b.fill("#phone", "123").await?;
        b.click("form button[type=submit]").await?;
        b.see("Enter an 11-digit phone number").await?;
        b.fill("#phone", RESIDENT).await?;
        b.fill("#password", "wrong-password").await?;
        b.click("form button[type=submit]").await?;
        b.see("Wrong phone number or password").await?;
        b.fill("#password", "demo1234").await?;
        b.click("form button[type=submit]").await?;
        b.see("Make a micro-wish").await?;
        b.see("My orders").await?;
        b.dont_see("我的工单").await?;
        // The choice survives a reload.
        b.goto("/orders/mine").await?;
        b.see("Pending").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_committee_reads_its_figures() {
    run("figures", async |b: &Browser| {
        b.sign_in(COMMITTEE).await?;
        b.click("a.tab[href='/stats']").await?;
        b.see("办结率").await?;
        b.click("button[data-period='all']").await?;
        let total = b.find("[data-figure='total'] strong").await?.text().await?;
        ensure!(
            total == "8",
            "the demo history has 8 orders in 幸福社区, the page says {total}"
        );
        let satisfaction = b
            .find("[data-figure='satisfaction'] strong")
            .await?
            .text()
            .await?;
        ensure!(
            satisfaction == "100.0%",
            "both demo ratings are 4★ or 5★, the page says {satisfaction}"
        );
        b.see("红色物业").await?;
        b.see("物品心愿").await?;
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
async fn an_expired_session_ends_cleanly_at_the_sign_in_page() {
    run("expired", async |b: &Browser| {
        b.goto("/login").await?;
        // This server runs the demo, so the sign-in page may say its password.
        b.find("[data-testid='demo-hint']").await?;
        // A session whose tokens the server no longer accepts (say, after a long absence).
        b.client
            .execute(
                r#"localStorage.setItem('linli.session', JSON.stringify({
                    access_token: 'expired.access.token', refresh_token: 'revoked-refresh-token',
                    user: {id: 2, name: '王秀英', phone: '13900000011', roles: ['resident'],
                           community: {id: 1, name: '幸福社区'}, unit: null, points_balance: 0},
                    hat: 'Resident'}));"#,
                vec![],
            )
            .await?;
        b.goto("/orders/mine").await?;
        b.see("登录已过期，请重新登录").await?;
        b.find("#phone").await?;
        let stored = b
            .client
            .execute("return localStorage.getItem('linli.session');", vec![])
            .await?;
        ensure!(
            stored.is_null(),
            "the dead session should be gone, found {stored}"
        );
        // Signing in again works and clears the notice.
        b.sign_in(RESIDENT).await?;
        b.see("许个微心愿").await?;
        Ok(())
    })
    .await;
}

/// A number read by JavaScript on the page.
async fn js_number(b: &Browser, script: &str) -> Result<f64> {
    let v = b.client.execute(script, vec![]).await?;
    v.as_f64()
        .ok_or_else(|| anyhow::anyhow!("{script} gave {v}"))
}

async fn current_url(b: &Browser) -> Result<String> {
    Ok(b.client.current_url().await?.to_string())
}

#[tokio::test]
async fn the_desk_keeps_its_filters_page_and_scroll_when_an_order_is_opened() {
    run("desk_url_state", async |b: &Browser| {
        // Enough pending orders for two pages.
        let resident = b.api_login(RESIDENT).await?;
        for i in 0..24 {
            let status = b
                .api_post(
                    &resident,
                    "/orders",
                    serde_json::json!({"kind": "appeal", "category": "facility_repair",
                        "title": format!("楼道灯不亮 {i}"), "description": "d", "address": "7号楼"}),
                )
                .await?;
            ensure!(status == 201, "placing order {i}: {status}");
        }
        b.sign_in(COMMITTEE).await?;
        b.goto("/desk/all").await?;
        // The chip rows say what they filter.
        b.see("类型").await?;
        b.see("状态").await?;
        b.click(".chips button[data-status='pending']").await?;
        b.find(".pager").await?;
        b.click(".pager button:last-child").await?;
        b.see("2 / 2").await?;
        let before = current_url(b).await?;
        ensure!(
            before.contains("status=pending") && before.contains("page=2"),
            "the filters and the page live in the URL: {before}"
        );
        // Scroll down, open an order, come back.
        b.client
            .execute("window.scrollTo(0, document.body.scrollHeight);", vec![])
            .await?;
        let scrolled = js_number(b, "return window.scrollY;").await?;
        ensure!(scrolled > 100.0, "the list should scroll, scrollY = {scrolled}");
        let last = b.find(".order-list .order-card:last-child").await?;
        last.click().await?;
        b.find(".order-page").await?;
        b.client.back().await?;
        b.see("2 / 2").await?;
        ensure!(current_url(b).await? == before, "back at {}", current_url(b).await?);
        b.find(".chips button.active[data-status='pending']").await?;
        let mut restored = 0.0;
        for _ in 0..20 {
            restored = js_number(b, "return window.scrollY;").await?;
            if (restored - scrolled).abs() < 40.0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        ensure!(
            (restored - scrolled).abs() < 40.0,
            "scroll position {scrolled} came back as {restored}"
        );
        // A reload keeps it all too; and the search finds an order by title.
        b.client.refresh().await?;
        b.see("2 / 2").await?;
        b.fill("#desk-search", "楼道灯不亮 7").await?;
        b.click("form.search button[type=submit]").await?;
        b.see("楼道灯不亮 7").await?;
        b.see("共 1 单").await?;
        ensure!(current_url(b).await?.contains("q="), "the search is in the URL");

        // On a desktop, the compact view: one row per order, number first.
        b.client.set_window_size(1280, 800).await?;
        b.click("button[data-view='table']").await?;
        b.find(".cards.compact .order-card").await?;
        ensure!(current_url(b).await?.contains("view=table"));
        let rows = b
            .client
            .execute(
                r#"return [...document.querySelectorAll('.cards.compact .order-card')].map(r => {
                    const n = r.querySelector('.order-number');
                    return [r.getBoundingClientRect().height, n.getBoundingClientRect().width, n.textContent];
                });"#,
                vec![],
            )
            .await?;
        let rows = rows.as_array().cloned().unwrap_or_default();
        ensure!(!rows.is_empty(), "no compact rows");
        for r in rows {
            let height = r[0].as_f64().unwrap_or(0.0);
            ensure!(height < 70.0 && r[1].as_f64().unwrap_or(0.0) > 0.0, "a compact row: {r}");
        }
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn redeeming_a_reward_asks_first_and_rewards_out_of_reach_say_why() {
    run("redeem", async |b: &Browser| {
        sign_in_as_volunteer(b, DOCTOR).await?; // 10 points from the demo
        b.goto("/points").await?;
        b.see("理发券").await?;
        // Something dearer than the balance is disabled, and says why.
        b.see("还差").await?;
        let disabled = b
            .client
            .execute(
                "return [...document.querySelectorAll('.reward')].filter(r => r.querySelector('[data-testid=why-not]')).every(r => r.querySelector('button').disabled);",
                vec![],
            )
            .await?;
        ensure!(disabled == serde_json::json!(true), "unaffordable rewards must be disabled");
        // The first tap only asks.
        b.click(".reward[data-reward='理发券'] button[data-action='redeem']").await?;
        b.see("将扣除 10 积分").await?;
        let balance = b.find("[data-testid='points-balance']").await?.text().await?;
        ensure!(balance == "10", "nothing is spent before the yes: {balance}");
        b.click_text("取消").await?;
        b.dont_see("将扣除 10 积分").await?;
        b.click(".reward[data-reward='理发券'] button[data-action='redeem']").await?;
        b.click("button[data-confirm='redeem']").await?;
        b.see("兑换成功").await?;
        b.see("兑换「理发券」").await?;
        let balance = b.find("[data-testid='points-balance']").await?.text().await?;
        ensure!(balance == "0", "the balance after redeeming: {balance}");
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_tab_bar_grows_with_a_large_font_and_hides_nothing() {
    run("large_font", async |b: &Browser| {
        b.sign_in(RESIDENT).await?;
        b.see("许个微心愿").await?;
        let smallest = js_number(
            b,
            "return Math.min(...[...document.querySelectorAll('.tab-label')].map(l => parseFloat(getComputedStyle(l).fontSize)));",
        )
        .await?;
        ensure!(smallest >= 16.0, "tab labels are {smallest}px");
        // A large font setting, as an elderly reader has it.
        b.client
            .execute("document.documentElement.style.fontSize = '200%';", vec![])
            .await?;
        let check = r#"
            const bar = document.querySelector('.tabs').getBoundingClientRect();
            const problems = [];
            for (const tab of document.querySelectorAll('.tab')) {
                const r = tab.getBoundingClientRect();
                if (r.top < bar.top - 1 || r.bottom > bar.bottom + 1) problems.push('tab outside the bar');
                const label = tab.querySelector('.tab-label');
                if (label.scrollHeight > label.clientHeight + 1) problems.push('label clipped');
                if (parseFloat(getComputedStyle(label).fontSize) < 32) problems.push('label did not grow');
                if (r.height < 44) problems.push('tab shorter than 44px');
            }
            for (const chip of document.querySelectorAll('.chip, .back')) {
                if (chip.getBoundingClientRect().height < 44) problems.push('short chip');
            }
            window.scrollTo(0, document.body.scrollHeight);
            const main = document.querySelector('main.content');
            const last = main.lastElementChild.getBoundingClientRect();
            const barTop = document.querySelector('.tabs').getBoundingClientRect().top;
            if (last.bottom > barTop + 1) problems.push('content hidden behind the bar: ' + last.bottom + ' > ' + barTop);
            return problems.join('; ');
        "#;
        let problems = b.client.execute(check, vec![]).await?;
        ensure!(problems == serde_json::json!(""), "{problems}");
        // Icons are drawn, not left to an emoji font.
        let svgs = js_number(b, "return document.querySelectorAll('.tab svg').length;").await?;
        ensure!(svgs == 4.0, "{svgs} tab icons are SVG");
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
