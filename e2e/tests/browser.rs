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
        b.see("待派单").await?;
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
        // The page shows the wish as it now is, without a claim button.
        b.wait_status("accepted").await?;
        b.see("赵律师").await?;
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
