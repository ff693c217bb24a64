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
        // The resident reads what they need in their words: the community is
        // arranging it, and when to expect it done — no limits, no levels.
        b.see("社区正在安排").await?;
        b.find(".facts .due")
            .await?
            .text()
            .await
            .map(|d| d.contains("预计"))?
            .then_some(())
            .ok_or_else(|| anyhow::anyhow!("the due row reads 预计 … 前办好"))?;
        for office_word in ["接单时限", "当前层级", "还剩"] {
            b.dont_see(office_word).await?;
        }
        b.sign_out().await?;

        // The committee's card counts down what counts now: the 30 minutes to
        // take it, not the day to finish it.
        b.sign_in(COMMITTEE).await?;
        let card = format!("a.order-card[data-order-id='{order}'] .deadline");
        let words = b.find(&card).await?.text().await?;
        ensure!(
            words.contains("分钟") && !words.contains("小时"),
            "the pending card counts the response limit: {words:?}"
        );
        b.goto(&format!("/orders/{order}")).await?;
        let respond = b.find(".facts .respond-by").await?.text().await?;
        ensure!(respond.contains("还剩"), "{respond:?}");
        let due = b.find(".facts .due").await?.text().await?;
        ensure!(
            !due.contains("还剩"),
            "only the limit that counts now counts down: {due:?}"
        );
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
        // An officer oversees several communities: the card names this one
        // and says why the order went up.
        let card = b
            .find(&format!("a.order-card[data-order-id='{order}']"))
            .await?
            .text()
            .await?;
        ensure!(card.contains("幸福社区"), "{card:?}");
        ensure!(card.contains("未按时接单"), "{card:?}");
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

#[tokio::test]
async fn the_committee_sets_a_services_limits_and_the_admin_keeps_the_calendar() {
    run("catalogue_calendar", async |b: &Browser| {
        b.sign_in(COMMITTEE).await?;
        b.goto("/me").await?;
        b.click_text("服务目录").await?;
        let form = "form.service-form[data-code='facility_repair']";
        b.find(form).await?;
        b.fill(&format!("{form} input[name='response']"), "45")
            .await?;
        b.click(&format!("{form} input[name='working']")).await?;
        b.click(&format!("{form} button[type=submit]")).await?;
        b.see("已保存：设施报修").await?;
        // A limit that is not a whole number is refused in words, before the server.
        b.fill(&format!("{form} input[name='points']"), "很多")
            .await?;
        b.click(&format!("{form} button[type=submit]")).await?;
        b.see("时限和积分请填写整数").await?;
        // A new service.
        b.fill("#code-new", "pipe_burst").await?;
        b.fill("#name-new", "水管爆裂").await?;
        b.fill("#response-new", "10").await?;
        b.click("form.service-form[data-code=''] button[type=submit]")
            .await?;
        b.find("form.service-form[data-code='pipe_burst']").await?;
        let code = b
            .find("#code-new")
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        ensure!(
            code.is_empty(),
            "the new-service form is emptied, not {code:?}"
        );
        // What the server now says.
        let token = b.api_login(COMMITTEE).await?;
        let cats: serde_json::Value = reqwest::Client::new()
            .get(format!("{}/api/v1/categories", b.base))
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?;
        let repair = cats["items"]
            .as_array()
            .and_then(|a| a.iter().find(|c| c["code"] == "facility_repair"))
            .cloned()
            .unwrap_or_default();
        ensure!(
            repair["response_minutes"] == 45 && repair["clock"] == "working",
            "{repair}"
        );
        b.sign_out().await?;

        b.sign_in(ADMIN).await?;
        b.click_text("社区党委").await?;
        b.goto("/me").await?;
        b.click_text("节假日调休").await?;
        b.fill("#holidays", "2026-10-01\n2026-10-02").await?;
        b.fill("#workdays", "2026-10-10").await?;
        b.click("form.calendar-form button[type=submit]").await?;
        b.see("已保存：2026").await?;
        // A weekday cannot be a make-up workday: the server's words are shown.
        b.fill("#workdays", "2026-10-08").await?;
        b.click("form.calendar-form button[type=submit]").await?;
        b.find(".form-error").await?;
        b.goto("/desk/calendar").await?;
        // The saved year arrives a moment after the form.
        let mut kept = String::new();
        for _ in 0..50 {
            kept = b
                .find("#holidays")
                .await?
                .prop("value")
                .await?
                .unwrap_or_default();
            if kept.contains("2026-10-02") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        ensure!(kept.contains("2026-10-02"), "the calendar keeps {kept:?}");
        Ok(())
    })
    .await;
}
