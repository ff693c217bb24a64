//! 公示栏: the committee opens its community's notice board on the desk, and
//! anyone reads it on a phone without signing in — figures, the units'
//! ranking, and no resident's name.

use super::harness::{run, Browser};
use super::*;
use anyhow::ensure;

#[tokio::test]
async fn the_committee_opens_the_notice_board_and_anyone_reads_it_without_signing_in() {
    run("board", async |b: &Browser| {
        // Closed: a visitor is told so, and is not sent to sign in.
        b.goto("/board/1").await?;
        b.find("[data-testid='board-off']").await?;
        b.see("该社区的公示栏未开放").await?;

        b.sign_in(COMMITTEE).await?;
        b.click("a.tab[href='/desk/stats']").await?;
        b.find("[data-testid='board-switch'] [data-board='off']")
            .await?;
        b.click_text("开放公示栏").await?;
        b.find("[data-testid='board-switch'] [data-board='on']")
            .await?;
        b.see("查看公示栏").await?;
        b.sign_out().await?;

        b.goto("/board/1").await?;
        b.see("本年").await?;
        let title = b.find("main h1").await?.text().await?;
        ensure!(title == "幸福社区 · 公示栏", "{title}");
        b.see("本月").await?;
        b.see("成员单位排行（本年）").await?;
        // The units that served this year, ranked: the demo's 红色物业.
        let units = b.find("[data-testid='board-units']").await?.text().await?;
        ensure!(units.contains("红色物业"), "{units}");
        let placed = b
            .find("[data-period='year'] [data-figure='placed'] strong")
            .await?
            .text()
            .await?;
        ensure!(
            placed.parse::<u32>().is_ok_and(|n| n >= 8),
            "the demo placed 8 orders in 幸福社区 this year or before: {placed}"
        );
        // No resident: not the demo's residents' names, not the sign-in form.
        let page = b.find("main").await?.text().await?;
        for name in ["王秀英", "张建国", "陈师傅", "刘医生"] {
            ensure!(!page.contains(name), "{name} on the public board");
        }
        b.dont_see_css("input[type='password']").await?;
        Ok(())
    })
    .await;
}
