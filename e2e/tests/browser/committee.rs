//! The committee: its desk (filters, page, scroll and search in the URL; the
//! compact view), its figures, and nothing of another community.

use super::harness::{run, Browser};
use super::*;
use anyhow::ensure;

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
        // A path no route knows: the page says so inside the shell (tabs and all).
        b.goto("/desk/no/such/page").await?;
        b.see("页面不存在").await?;
        b.find("a.tab[href='/desk']").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_committee_reads_its_figures() {
    run("figures", async |b: &Browser| {
        b.sign_in(COMMITTEE).await?;
        b.click("a.tab[href='/desk/stats']").await?;
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
        // The overdue figure opens the overdue list of the same period.
        b.click("a[data-figure='overdue']").await?;
        b.find("button.active[data-filter='overdue']").await?;
        let url = current_url(b).await?;
        ensure!(
            url.contains("/desk/all?") && url.contains("overdue=true"),
            "{url}"
        );
        b.find(".order-list .order-card").await?;
        Ok(())
    })
    .await;
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

        // On a desktop the desk is a table (the default there): one row per
        // order under column headers, number first; cards when chosen.
        b.client.set_window_size(1280, 800).await?;
        b.click("button[data-view='table']").await?;
        b.find(".orders-table tbody tr").await?;
        let rows = b
            .client
            .execute(
                r#"return [...document.querySelectorAll('.orders-table tbody tr')].map(r => {
                    const n = r.querySelector('.row-link');
                    return [r.getBoundingClientRect().height, n.getBoundingClientRect().width, n.textContent];
                });"#,
                vec![],
            )
            .await?;
        let rows = rows.as_array().cloned().unwrap_or_default();
        ensure!(!rows.is_empty(), "no table rows");
        for r in rows {
            let height = r[0].as_f64().unwrap_or(0.0);
            ensure!(height < 50.0 && r[1].as_f64().unwrap_or(0.0) > 0.0, "a compact row: {r}");
        }
        b.click(".view-toggle button:first-child").await?;
        b.find(".order-list .order-card").await?;
        ensure!(current_url(b).await?.contains("view=cards"), "{}", current_url(b).await?);
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_desk_shows_an_order_placed_elsewhere_without_a_reload() {
    run("live_desk", async |b: &Browser| {
        track_streams(b).await?;
        b.sign_in(COMMITTEE).await?;
        b.goto("/desk").await?;
        b.see("待派单").await?;
        let open = "return window.__streams.filter((s) => s.readyState === 1).length;";
        wait_for(b, open, 1.0).await?;
        // The resident orders from their own phone.
        let resident = b.api_login(RESIDENT).await?;
        let place = |title: &str| {
            serde_json::json!({"kind": "appeal", "category": "facility_repair", "title": title, "description": "d"})
        };
        let (status, order) = b.api_send(&resident, "/orders", place("楼道灯坏了（实时）")).await?;
        ensure!(status == 201, "placing the order: {status}");
        // No reload: the live stream brings it to the desk, marked, with a word.
        b.see("楼道灯坏了（实时）").await?;
        b.see("收到一张新工单").await?;
        b.find(&format!(".order-card.fresh[data-order-id='{}']", order["id"])).await?;

        // The stream is lost: the client opens a new one with a fresh ticket.
        b.client
            .execute("window.__streams[0].dispatchEvent(new Event('error'));", vec![])
            .await?;
        wait_for(b, "return window.__streams.length;", 2.0).await?;
        wait_for(b, open, 1.0).await?;
        let fresh_ticket = js_number(
            b,
            "return window.__streams[0].readyState === 2 && window.__streams[0].url !== window.__streams[1].url ? 1 : 0;",
        )
        .await?;
        ensure!(fresh_ticket == 1.0, "the old stream closed and the new one has its own ticket");
        let (status, _) = b.api_send(&resident, "/orders", place("井盖松动（重连后）")).await?;
        ensure!(status == 201, "placing the second order: {status}");
        b.see("井盖松动（重连后）").await?;
        Ok(())
    })
    .await;
}

/// Every live stream a page opens is kept in `window.__streams`, and the
/// `order` events they bring are counted in `window.__heard`.
async fn track_streams(b: &Browser) -> Result<()> {
    let source = "window.__streams = []; window.__heard = 0; const Real = window.EventSource; \
        window.EventSource = function (url) { const s = new Real(url); window.__streams.push(s); \
        s.addEventListener('order', () => { window.__heard += 1; }); return s; };";
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": source }),
    )
    .await
}

/// Waits until a number read by JavaScript is `want`.
async fn wait_for(b: &Browser, script: &str, want: f64) -> Result<()> {
    b.wait_js(script, |n| n == want).await.map(drop)
}

#[tokio::test]
async fn the_order_page_follows_changes_made_elsewhere_but_not_under_an_open_panel() {
    run("live_order", async |b: &Browser| {
        track_streams(b).await?;
        let resident = b.api_login(RESIDENT).await?;
        let place = |title: &str| {
            serde_json::json!({"kind": "appeal", "category": "facility_repair", "title": title, "description": "d"})
        };
        let (_, first) = b.api_send(&resident, "/orders", place("路灯不亮")).await?;
        let (_, second) = b.api_send(&resident, "/orders", place("水管漏水")).await?;
        b.sign_in(COMMITTEE).await?;
        b.goto(&format!("/orders/{}", first["id"])).await?;
        b.wait_status("pending").await?;
        // The resident cancels from their phone: the page shows it at once.
        let cancel = serde_json::json!({"action": "cancel", "reason": "自己修好了"});
        b.api_send(&resident, &format!("/orders/{}/actions", first["id"]), cancel.clone()).await?;
        b.wait_status("cancelled").await?;

        // While the committee fills in the dispatch panel, the page stays put;
        // closing the panel shows what changed.
        b.goto(&format!("/orders/{}", second["id"])).await?;
        b.wait_status("pending").await?;
        b.click(".actions button[data-action='dispatch']").await?;
        b.find(".action-panel").await?;
        wait_for(b, "return window.__streams.filter((s) => s.readyState === 1).length;", 1.0).await?;
        let heard = js_number(b, "return window.__heard;").await?;
        b.api_send(&resident, &format!("/orders/{}/actions", second["id"]), cancel).await?;
        wait_for(b, "return window.__heard;", heard + 1.0).await?;
        b.find(".order-page[data-status='pending'] .action-panel").await?;
        b.click(".action-panel .panel-buttons .secondary").await?;
        b.wait_status("cancelled").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_committee_reads_the_trend_as_a_chart_with_its_table() {
    run("trend", async |b: &Browser| {
        b.sign_in(COMMITTEE).await?;
        b.click("a.tab[href='/desk/stats']").await?;
        // By day: 30 bars, today's last, its numbers shown until one is tapped.
        let chart = b.find("svg.trend-chart[data-points='30']").await?;
        ensure!(chart.is_displayed().await?, "the chart is drawn");
        let rows = b
            .client
            .execute(
                "return document.querySelectorAll('[data-testid=trend-table] tbody tr').length;",
                vec![],
            )
            .await?;
        ensure!(rows == serde_json::json!(30), "a row per day: {rows}");
        // The table and the chart say the same: the days' placed orders add
        // up to the same number.
        let sums = b
            .client
            .execute(
                "const t = [...document.querySelectorAll('[data-testid=trend-table] tbody tr')].map(r => +r.children[1].textContent).reduce((a, b) => a + b, 0);
                 const c = [...document.querySelectorAll('svg.trend-chart title')].map(x => +x.textContent.split(' · ')[1].split(' ')[1]).reduce((a, b) => a + b, 0);
                 return [t, c];",
                vec![],
            )
            .await?;
        ensure!(sums[0] == sums[1] && sums[0].as_i64() >= Some(1), "table and chart: {sums}");
        // Tapping a bar shows its numbers.
        let first = b.find("svg.trend-chart g.bar-group").await?;
        let period = first.attr("data-period").await?.unwrap_or_default();
        first.click().await?;
        let line = b.find("[data-testid='trend-picked']").await?.text().await?;
        ensure!(line.starts_with(&period), "{line} for {period}");
        // By month: twelve.
        b.click("button[data-interval='month']").await?;
        b.find("svg.trend-chart[data-points='12']").await?;
        let months = b
            .client
            .execute(
                "return [...document.querySelectorAll('[data-testid=trend-table] tbody tr')].map(r => +r.children[1].textContent).reduce((a, b) => a + b, 0);",
                vec![],
            )
            .await?;
        // Split by kind: a stacked bar per month, a layer per kind named in
        // the legend, and the kinds' rows adding up to the whole.
        b.click("button[data-by='kind']").await?;
        b.find("svg.trend-chart.stacked[data-points='12']").await?;
        let legend = b.find("[data-testid='trend-legend']").await?.text().await?;
        ensure!(
            legend.contains("微心愿") && legend.contains("上门服务"),
            "the legend names the kinds: {legend}"
        );
        let split = b
            .client
            .execute(
                "const rows = [...document.querySelectorAll('[data-testid=trend-series-table] tbody tr')].map(r => +r.children[1].textContent);
                 const foot = +document.querySelector('[data-testid=trend-series-table] tfoot td').textContent;
                 const layers = [...document.querySelectorAll('svg.trend-chart.stacked rect.layer title')].map(x => +x.textContent.split(' ').pop()).reduce((a, b) => a + b, 0);
                 return [rows.reduce((a, b) => a + b, 0), foot, layers];",
                vec![],
            )
            .await?;
        ensure!(
            split[0] == months && split[1] == months && split[2] == months,
            "the kinds' rows, the table's foot and the chart's layers all add up to the months' {months}: {split}"
        );
        // A tapped bar names each kind's count.
        b.click("svg.trend-chart.stacked g.bar-group:last-of-type").await?;
        let line = b.find("[data-testid='trend-picked']").await?.text().await?;
        ensure!(line.contains("微心愿"), "the tapped month by kind: {line}");
        let frame = js_number(b, "return window.outerHeight - window.innerHeight;").await?;
        b.client.set_window_size(1280, 800 + frame as u32).await?;
        b.keep_shot("desk-trend-by-kind-1280", "button[data-by='kind']").await?;
        // By unit: the orders of no unit are their own layer.
        b.click("button[data-by='unit']").await?;
        b.see("未指定").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_committee_scores_its_units_and_downloads_the_ledger_with_progress() {
    run("assessment", async |b: &Browser| {
        b.sign_in(COMMITTEE).await?;
        b.click("a.tab[href='/desk/stats']").await?;
        b.see("以下评上 · 单位考核").await?;
        let rows = b.find("[data-testid='assessment'] tbody").await?.text().await?;
        ensure!(rows.contains("红色物业") && rows.contains("市场监督管理局"), "{rows}");
        // Scoring a unit moves it to the top.
        b.fill("[data-testid='assessment'] tr:last-child input", "96").await?;
        b.click("[data-testid='assessment'] tr:last-child button[data-action='score']").await?;
        b.see("评分已保存").await?;
        let scored = b
            .client
            .execute(
                "const r = document.querySelector('[data-testid=assessment] tbody tr'); return [r.children[0].textContent, r.querySelector('input').value];",
                vec![],
            )
            .await?;
        ensure!(scored == serde_json::json!(["1", "96"]), "the scored unit ranks first: {scored}");
        // The year's orders as XLSX: progress while it comes, then saved.
        b.click("button[data-export='orders-xlsx']").await?;
        b.see("已下载").await?;
        b.dont_see_css("[data-testid='export-progress']").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_street_officer_sees_the_streets_communities_side_by_side() {
    run("communities", async |b: &Browser| {
        b.sign_in(DONGGUAN_OFFICER).await?;
        b.goto("/desk/stats").await?;
        b.see("各社区对比").await?;
        let table = b.find("[data-testid='communities'] tbody").await?.text().await?;
        ensure!(table.contains("幸福社区") && table.contains("和谐社区"), "{table}");
        let bars = b
            .client
            .execute("return document.querySelectorAll('[data-testid=communities] svg.rate-bar').length;", vec![])
            .await?;
        ensure!(bars.as_i64() >= Some(4), "a bar per rate: {bars}");
        // The units' assessment across the street says whose unit each is,
        // and gives no score field (scores are the committee's).
        let head = b.find("[data-testid='assessment'] thead").await?.text().await?;
        ensure!(head.contains("社区"), "a community column: {head}");
        let rows = b.find("[data-testid='assessment'] tbody").await?.text().await?;
        ensure!(rows.contains("幸福社区"), "the units' communities: {rows}");
        ensure!(
            b.client
                .find_all(fantoccini::Locator::Css("[data-testid='assessment'] input"))
                .await?
                .is_empty(),
            "no score field for a street officer"
        );
        let frame = js_number(b, "return window.outerHeight - window.innerHeight;").await?;
        b.client.set_window_size(1280, 800 + frame as u32).await?;
        b.keep_shot("desk-street-assessment-1280", "[data-testid='assessment']").await?;
        // The quarter's 台账 as XLSX: the orders from the quarter's first
        // day, the assessment of the quarter.
        b.click("button[data-period='quarter']").await?;
        b.click("button[data-export='orders-xlsx']").await?;
        b.see("已下载").await?;
        b.dont_see_css("[data-testid='export-progress']").await?;
        b.click("button[data-export='assessment-xlsx']").await?;
        b.see("已下载").await?;
        b.wait_js(
            r"const asked = performance.getEntriesByType('resource').map(e => e.name);
             return asked.some(n => n.includes('/exports/orders?format=xlsx') && n.includes('from='))
                 && asked.some(n => /\/exports\/assessment\?format=xlsx&period=\d{4}-Q[1-4]/.test(n)) ? 1 : 0;",
            |ok| ok == 1.0,
        )
        .await?;
        Ok(())
    })
    .await;
}
