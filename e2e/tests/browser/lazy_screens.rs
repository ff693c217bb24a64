//! Both apps' screens come when they are first opened: home (the desk: its
//! dispatch list) needs none of their code, and a screen whose code cannot be
//! fetched (a line dropping) says so with a retry while the rest of the app
//! keeps working.

use super::harness::{run, Browser};
use super::*;
use anyhow::ensure;
use serde_json::json;

/// How many of the screens' split modules the app has asked for (the page's
/// own prefetching, at the browser's leisure, aside).
async fn screens_fetched(b: &Browser) -> Result<f64> {
    js_number(
        b,
        "return performance.getEntriesByType('resource')\
           .filter(e => e.name.includes('/screen-') && e.initiatorType === 'fetch').length;",
    )
    .await
}

#[tokio::test]
async fn a_screen_comes_when_opened_and_a_failed_fetch_offers_a_retry() {
    run("lazy_screens", async |b: &Browser| {
        // The line drops for 我的工单's code (before the page can prefetch it).
        b.cdp("Network.enable", json!({})).await?;
        b.cdp(
            "Network.setBlockedURLs",
            json!({"urls": ["*/screen-my_orders-*"]}),
        )
        .await?;
        b.sign_in(RESIDENT).await?;
        b.see("许个微心愿").await?;
        ensure!(
            screens_fetched(b).await? == 0.0,
            "home fetched a screen's code"
        );
        // Meanwhile the page prefetches the screens, at the browser's leisure.
        b.wait_js(
            "return performance.getEntriesByType('resource')\
               .filter(e => e.name.includes('/screen-') && e.initiatorType === 'link').length;",
            |n| n > 0.0,
        )
        .await?;

        b.click("a.tab[href='/orders/mine']").await?;
        b.see("网络或服务器出了点问题").await?;
        // The app is still up: another screen opens.
        b.click("a.tab[href='/me']").await?;
        b.see("退出登录").await?;

        // The line is back: the retry shows the screen.
        b.click("a.tab[href='/orders/mine']").await?;
        b.see("网络或服务器出了点问题").await?;
        b.cdp("Network.setBlockedURLs", json!({"urls": []})).await?;
        b.click(".state-error button").await?;
        let title = b.find("main h1").await?.text().await?;
        ensure!(title == "我的工单", "the screen shows {title:?}");
        b.dont_see("网络或服务器出了点问题").await?;
        ensure!(
            screens_fetched(b).await? >= 2.0,
            "the screens' code was not fetched"
        );
        Ok(())
    })
    .await;
}

/// The desk too: its dispatch list needs none of the other pages' code, and
/// 统计 (the figures, with its charts, assessment and downloads) comes the
/// first time it is opened — or says so with a retry when it cannot.
#[tokio::test]
async fn the_desks_pages_come_when_opened() {
    run("lazy_desk_pages", async |b: &Browser| {
        b.cdp("Network.enable", json!({})).await?;
        b.cdp(
            "Network.setBlockedURLs",
            json!({"urls": ["*/desk/screen-stats-*"]}),
        )
        .await?;
        b.sign_in(COMMITTEE).await?;
        b.find(".page-head").await?;
        ensure!(
            screens_fetched(b).await? == 0.0,
            "the dispatch desk fetched a page's code"
        );
        b.click("a.tab[href='/desk/stats']").await?;
        b.see("网络或服务器出了点问题").await?;
        b.cdp("Network.setBlockedURLs", json!({"urls": []})).await?;
        b.click(".state-error button").await?;
        b.see("办结率").await?;
        b.dont_see("网络或服务器出了点问题").await?;
        ensure!(
            screens_fetched(b).await? >= 1.0,
            "the figures page's code was not fetched"
        );
        Ok(())
    })
    .await;
}
