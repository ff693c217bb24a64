//! 系统对接 on the desk: the committee makes a hotline key (shown once), the
//! hotline pushes a work order with it, the committee imports the hotline's
//! spreadsheet (a bad row shown before anything is written), and revokes
//! the key.

use crate::harness::{run, Browser};
use crate::COMMITTEE;
use anyhow::ensure;

#[tokio::test]
async fn the_committee_connects_the_hotline_imports_its_sheet_and_revokes_the_key() {
    run("partners", async |b: &Browser| {
        let dir = std::env::temp_dir().join(format!("linli-hotline-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let file = dir.join("hotline.csv");
        std::fs::write(
            &file,
            "工单编号,来电时间,诉求类型,诉求标题,诉求内容,地址,来电人,联系电话,办理时限\n\
             E2E-1,2026-12-04 09:30,环境卫生,楼道堆放杂物,3号楼楼道堆放杂物,3号楼,赵先生,13700000501,2026-12-10\n\
             E2E-2,2026-12-04 10:00,设施报修,路灯不亮,东门路灯不亮,东门,,13700000502,\n\
             E2E-3,昨天,,井盖松动,南门井盖松动,南门,,13700000503,\n",
        )?;
        b.sign_in(COMMITTEE).await?;
        b.goto("/desk/me").await?;
        b.click_text("系统对接").await?;
        b.see("新建密钥").await?;
        b.dont_see_css("table.partner-keys").await?;
        b.see("还没有密钥").await?;

        // A hotline key: shown once, then listed by its first characters.
        b.fill("#key-name", "12345热线").await?;
        b.fill("#key-callback", "http://127.0.0.1:9/results").await?;
        b.click("[data-testid='new-key'] button[type='submit']").await?;
        b.see("密钥只显示这一次").await?;
        let key = b.find("[data-testid='key']").await?.text().await?;
        let secret = b.find("[data-testid='secret']").await?.text().await?;
        ensure!(key.starts_with("lk_") && secret.starts_with("ls_"), "{key} {secret}");
        let row = b.find("table.partner-keys tbody tr").await?.text().await?;
        ensure!(row.contains("12345热线") && row.contains(&key[..11]) && !row.contains(&key), "{row}");
        b.keep_shot("desk-partners", "main").await?;
        let wide = crate::js_number(b, "const d = document.documentElement; return d.scrollWidth - d.clientWidth;").await?;
        ensure!(wide <= 0.0, "the page is {wide}px wider than the window");

        // The hotline pushes with it.
        let body = serde_json::json!({
            "hotline_number": "E2E-PUSH", "received_at": "2026-12-04 08:00",
            "title": "噪音扰民", "content": "夜间施工噪音", "caller": {"phone": "13700000500"}
        })
        .to_string();
        let resp = reqwest::Client::new()
            .post(format!("{}/api/v1/hotline/orders", b.base))
            .header("X-Linli-Key", &key)
            .header("X-Linli-Signature", server::services::partners::hotline::sign(&secret, body.as_bytes()))
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await?;
        ensure!(resp.status() == 201, "push: {}", resp.status());

        // The spreadsheet: a bad row is shown before anything is written.
        b.find("#hotline-file").await?.send_keys(&file.display().to_string()).await?;
        b.see("2 行可以导入，1 行有问题").await?;
        b.find("tr.bad[data-row='4']").await?;
        b.see("received_at must be").await?;
        b.click("button[data-action='commit-hotline']").await?;
        b.see("已导入：新建 2 单，已有 0 单").await?;

        // On the dispatch desk, with the pushed one.
        b.goto("/desk").await?;
        b.see("楼道堆放杂物").await?;
        b.see("噪音扰民").await?;

        // Revoked: asked once more, then shown revoked.
        b.goto("/desk/partners").await?;
        b.click("button[data-action='revoke']").await?;
        b.click("button[data-confirm='revoke']").await?;
        b.see("已撤销").await?;
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    })
    .await;
}
