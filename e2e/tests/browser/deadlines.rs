//! The four-level whistle on the screen: an order runs late, the committee sees
//! it in red with the level it went up to, and the street officer finds it in
//! the escalated list and urges it.

use super::harness::{run, Browser};
use super::*;
use anyhow::ensure;

#[tokio::test]
async fn a_late_order_goes_up_to_the_street_which_urges_it() {
    run("escalation", async |b: &Browser| {
        b.sign_in(RESIDENT).await?;
        let order = b.place("appeal", "facility_repair", "路灯一直不亮").await?;
        // A fresh order says how long is left.
        b.see("还剩").await?;
        b.sign_out().await?;

        // Nobody answered within the 30 minutes: the job sends it up.
        b.clock.advance(chrono::Duration::minutes(31));
        b.run_jobs().await?;

        b.sign_in(COMMITTEE).await?;
        b.see("待派单").await?;
        let card = b
            .find(&format!(
                "a.order-card[data-order-id='{order}'] .badge-overdue"
            ))
            .await?;
        let badge = card.text().await?;
        ensure!(
            badge.contains("街道"),
            "the red badge names the level: {badge:?}"
        );
        b.goto(&format!("/orders/{order}")).await?;
        b.find(".level[data-level='street']").await?;
        b.see("超时升级").await?;
        b.find(".timeline li[data-action='escalate']").await?;
        b.sign_out().await?;

        b.sign_in(DONGGUAN_OFFICER).await?;
        b.see("升级督办").await?;
        b.click(&format!("a.order-card[data-order-id='{order}']"))
            .await?;
        b.see("路灯一直不亮").await?;
        // They serve it now: the requester's phone is shown whole.
        b.see(RESIDENT).await?;
        b.click(".actions button[data-action='urge']").await?;
        b.fill("#action-text", "请今天内处理").await?;
        b.click("button[data-confirm='urge']").await?;
        b.find(".timeline li[data-action='urge']").await?;
        b.see("请今天内处理").await?;
        // Once an hour: a second urge is refused, in words.
        b.click(".actions button[data-action='urge']").await?;
        b.click("button[data-confirm='urge']").await?;
        b.see("一小时内只能催办一次").await?;
        Ok(())
    })
    .await;
}
