//! The points supermarket: redeeming asks first; out of reach says why; the
//! pickup code the phone shows is what the committee hands over by on the desk.

use super::harness::{run, Browser};
use super::*;
use anyhow::ensure;

#[tokio::test]
async fn redeeming_asks_first_shows_a_pickup_code_and_the_desk_hands_it_over_by_it() {
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
        // The reservation waits with its six-digit code.
        b.see("我的兑换").await?;
        let code = b.find("[data-testid='pickup-code']").await?.text().await?;
        ensure!(
            code.len() == 6 && code.bytes().all(|c| c.is_ascii_digit()),
            "a six-digit pickup code: {code:?}"
        );
        b.see("到社区服务站出示取货码领取").await?;
        let frame = js_number(b, "return window.outerHeight - window.innerHeight;").await?;
        b.client.set_window_size(375, 740 + frame as u32).await?;
        b.keep_shot("phone-points-pickup-375", "[data-testid='pickup-code']").await?;
        b.client.set_window_size(1280, 800 + frame as u32).await?;
        b.sign_out().await?;

        // The committee hands it over on the desk: a wrong code is refused,
        // the shown one is not.
        b.sign_in(COMMITTEE).await?;
        b.goto("/desk/supermarket").await?;
        b.see("兑换记录").await?;
        b.see("刘医生").await?;
        b.keep_shot("desk-supermarket-1280", "main").await?;
        let wrong = if code == "000000" { "000001" } else { "000000" };
        b.fill("tr[data-redemption] input", wrong).await?;
        b.click("tr[data-redemption] button[data-action='hand-over']").await?;
        b.find("tr[data-redemption] .form-error").await?;
        b.fill("tr[data-redemption] input", &code).await?;
        b.click("tr[data-redemption] button[data-action='hand-over']").await?;
        b.see("已核销").await?;
        b.see("没有这样的兑换").await?;
        b.sign_out().await?;

        sign_in_as_volunteer(b, DOCTOR).await?;
        b.goto("/points").await?;
        b.see("已领取").await?;
        b.dont_see_css("[data-testid='pickup-code']").await?;
        Ok(())
    })
    .await;
}
