//! Two apps, one sign-in: the phone app at `/` and the desk at `/desk/`. A
//! committee member who is also a resident moves between them by switching
//! the hat, a link into the wrong app lands on the same page in the right
//! one, and deep links survive a reload in both.

use super::harness::{run, Browser};
use super::*;
use anyhow::{anyhow, ensure, Result};

/// 王委员: a committee member of 幸福社区 who is also one of its residents.
const WANG: &str = "13900000002";

/// The path (and query) the browser is at.
async fn path(b: &Browser) -> Result<String> {
    let url = b.client.current_url().await?;
    Ok(match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    })
}

/// Waits until the browser is at `want` (a page of the other app loads its own wasm).
async fn arrives(b: &Browser, want: &str) -> Result<()> {
    for _ in 0..100 {
        if path(b).await? == want {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err(anyhow!("still at {} instead of {want}", path(b).await?))
}

#[tokio::test]
async fn a_committee_member_who_is_a_resident_switches_apps_without_signing_in_again() {
    run("two_apps_hats", async |b: &Browser| {
        b.sign_in(WANG).await?;
        // Two hats: the desk's and the phone app's.
        b.click_text("社区党委").await?;
        arrives(b, "/desk").await?;
        b.find("a.tab[href='/desk/all']").await?;
        b.see("派单台").await?;

        b.click("a.tab[href='/desk/me']").await?;
        b.click_text("切换身份").await?;
        b.click_text("居民").await?;
        arrives(b, "/").await?;
        b.see("许个微心愿").await?;
        b.dont_see_css("#phone").await?;

        // And back, from the phone app's 我的.
        b.click("a.tab[href='/me']").await?;
        b.click_text("切换身份").await?;
        b.click_text("社区党委").await?;
        arrives(b, "/desk").await?;
        b.see("派单台").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_link_into_the_wrong_app_lands_on_the_same_page_in_the_right_one() {
    run("two_apps_links", async |b: &Browser| {
        b.sign_in(RESIDENT).await?;
        let order = b
            .place("appeal", "facility_repair", "两个应用之间的工单")
            .await?;
        // A resident opening the desk's link to the order: the phone app's page.
        b.goto(&format!("/desk/orders/{order}")).await?;
        arrives(b, &format!("/orders/{order}")).await?;
        b.see("两个应用之间的工单").await?;
        // A desk page with no twin: the phone app's home.
        b.goto("/desk/stats").await?;
        arrives(b, "/").await?;
        b.see("许个微心愿").await?;
        // A deep link of the phone app survives a reload.
        b.goto("/orders/mine").await?;
        b.client.refresh().await?;
        b.see("两个应用之间的工单").await?;
        ensure!(path(b).await? == "/orders/mine", "{}", path(b).await?);
        b.sign_out().await?;

        // The committee opening the phone app's link: the desk's page.
        b.sign_in(COMMITTEE).await?;
        b.goto(&format!("/orders/{order}")).await?;
        arrives(b, &format!("/desk/orders/{order}")).await?;
        b.see("两个应用之间的工单").await?;
        b.find(".actions button[data-action='dispatch']").await?;
        // The desk's URL state survives a reload.
        b.goto("/desk/all?status=pending&kind=appeal").await?;
        b.client.refresh().await?;
        b.find(".chips button.active[data-status='pending']")
            .await?;
        b.see("两个应用之间的工单").await?;
        ensure!(
            path(b).await? == "/desk/all?status=pending&kind=appeal",
            "{}",
            path(b).await?
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_desk_is_a_table_at_1280_and_the_keyboard_works_it() {
    run("desk_table", async |b: &Browser| {
        let resident = b.api_login(RESIDENT).await?;
        for i in 0..20 {
            let status = b
                .api_post(
                    &resident,
                    "/orders",
                    serde_json::json!({"kind": "appeal", "category": "facility_repair",
                        "title": format!("桌面表格 {i}"), "description": "d"}),
                )
                .await?;
            ensure!(status == 201, "placing {i}: {status}");
        }
        b.sign_in(COMMITTEE).await?;
        // A viewport of 1280×800 (the window is that plus its frame).
        let frame = js_number(b, "return window.outerHeight - window.innerHeight;").await?;
        b.client.set_window_size(1280, 800 + frame as u32).await?;
        b.goto("/desk/all").await?;
        b.find(".orders-table tbody tr").await?;
        let headers = js_number(b, "return document.querySelectorAll('.orders-table thead th').length;").await?;
        ensure!(headers == 9.0, "{headers} column headers");
        let in_view = js_number(
            b,
            "return [...document.querySelectorAll('.orders-table tbody tr')].filter(r => r.getBoundingClientRect().bottom <= window.innerHeight).length;",
        )
        .await?;
        ensure!(in_view >= 15.0, "{in_view} orders in view at 1280×800");
        b.keep_shot("desk-1280x800", "main").await?;

        // `/` to the search, ↓ ↓ through the rows, Enter opens the second.
        let press = |key: &'static str| {
            format!("document.dispatchEvent(new KeyboardEvent('keydown', {{key: '{key}', bubbles: true}}));")
        };
        b.client.execute(&press("/"), vec![]).await?;
        let searching = b.client.execute("return document.activeElement.id;", vec![]).await?;
        ensure!(searching == serde_json::json!("desk-search"), "{searching}");
        b.client.execute("document.activeElement.blur();", vec![]).await?;
        b.client.execute(&press("ArrowDown"), vec![]).await?;
        b.client.execute(&press("ArrowDown"), vec![]).await?;
        let second = b
            .client
            .execute(
                "const rows = [...document.querySelectorAll('.orders-table a.row-link')]; return rows.indexOf(document.activeElement);",
                vec![],
            )
            .await?;
        ensure!(second == serde_json::json!(1), "focused row {second}");
        let href = b
            .client
            .execute("return document.activeElement.getAttribute('href');", vec![])
            .await?;
        b.client
            .active_element()
            .await?
            .send_keys(&String::from(char::from(fantoccini::key::Key::Enter)))
            .await?;
        b.find(".order-page").await?;
        let at = path(b).await?;
        ensure!(Some(at.as_str()) == href.as_str(), "opened {at}, focused {href}");

        // On a phone the desk keeps its cards.
        b.client.set_window_size(390, 844).await?;
        b.goto("/desk/all").await?;
        b.find(".order-list .order-card").await?;
        b.dont_see_css(".orders-table").await?;
        Ok(())
    })
    .await;
}
