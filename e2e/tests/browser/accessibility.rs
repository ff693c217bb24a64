//! Large fonts and small phones: the tab bar grows and hides nothing.

use super::harness::{run, Browser};
use super::*;
use anyhow::ensure;

/// `brokenWords(el)`: the words of an element's text that the browser split
/// over two lines (a word is what lies between spaces: a zh label is one).
const BROKEN_WORDS: &str = r#"
    function brokenWords(el) {
        const out = [];
        const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walk.nextNode(); node; node = walk.nextNode()) {
            let at = 0;
            for (const word of node.textContent.split(' ')) {
                if (word.trim().length > 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + word.length);
                    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                    if (lines.size > 1) out.push('"' + word + '" broken over ' + lines.size + ' lines');
                }
                at += word.length + 1;
            }
        }
        return out;
    }
"#;

#[tokio::test]
async fn the_tab_bar_grows_with_a_large_font_and_hides_nothing() {
    run("large_font", async |b: &Browser| {
        // The narrowest phone we design for: 375 px.
        b.client.set_window_size(375, 812).await?;
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
        let check = BROKEN_WORDS.to_string()
            + r#"
            const bar = document.querySelector('.tabs').getBoundingClientRect();
            const problems = [];
            for (const tab of document.querySelectorAll('.tab')) {
                const r = tab.getBoundingClientRect();
                if (r.top < bar.top - 1 || r.bottom > bar.bottom + 1) problems.push('tab outside the bar');
                const label = tab.querySelector('.tab-label');
                if (label.scrollHeight > label.clientHeight + 1) problems.push('label clipped');
                if (label.scrollWidth > label.clientWidth + 1) problems.push('label cut short: ' + label.textContent);
                if (label.getBoundingClientRect().right > r.right + 1) problems.push('label spills: ' + label.textContent);
                problems.push(...brokenWords(label));
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
        let problems = b.client.execute(&check, vec![]).await?;
        ensure!(problems == serde_json::json!(""), "{problems}");
        // Icons are drawn, not left to an emoji font.
        let svgs = js_number(b, "return document.querySelectorAll('.tab svg').length;").await?;
        ensure!(svgs == 4.0, "{svgs} tab icons are SVG");
        // The order page's labels (工单号, 期望时间) keep their words whole.
        let order = b.place("door_service", "appliance_repair", "大字号下看工单").await?;
        b.goto(&format!("/orders/{order}")).await?;
        b.find(".facts dt").await?;
        b.client
            .execute("document.documentElement.style.fontSize = '200%';", vec![])
            .await?;
        let labels = BROKEN_WORDS.to_string()
            + r#"
            const problems = [];
            for (const dt of document.querySelectorAll('.facts dt')) {
                problems.push(...brokenWords(dt));
                if (dt.scrollWidth > dt.clientWidth + 1) problems.push('cut short: ' + dt.textContent);
            }
            for (const el of document.querySelectorAll('.kind, .badge')) problems.push(...brokenWords(el));
            if (document.documentElement.scrollWidth > window.innerWidth + 1)
                problems.push('the page is wider than the screen: ' + document.documentElement.scrollWidth);
            return problems.join('; ');
        "#;
        let problems = b.client.execute(&labels, vec![]).await?;
        ensure!(problems == serde_json::json!(""), "{problems}");
        Ok(())
    })
    .await;
}
