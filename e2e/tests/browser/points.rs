//! The points supermarket: redeeming asks first; out of reach says why.

use super::harness::{run, Browser};
use super::*;
use anyhow::ensure;

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
