//! People join: an elder registers on a narrow phone with a large font, waits,
//! and is approved on the desk; the committee's approvals screen.

use crate::harness::{run, Browser};
use crate::{js_number, COMMITTEE};
use anyhow::{ensure, Result};

/// The page is no wider than the screen (nothing to scroll sideways).
async fn fits(b: &Browser) -> Result<()> {
    let over = js_number(
        b,
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
    )
    .await?;
    ensure!(over <= 1.0, "the page is {over}px wider than the screen");
    Ok(())
}

#[tokio::test]
async fn an_elder_registers_on_a_phone_with_a_large_font_and_is_approved_on_the_desk() {
    run("register", async |b: &Browser| {
        b.client.set_window_size(375, 812).await?;
        b.goto("/login").await?;
        b.client
            .execute("document.documentElement.style.fontSize = '200%';", vec![])
            .await?;
        b.click(".register-link").await?;
        b.see("第 1 步，共 6 步").await?;
        fits(b).await?;
        // A wrong answer is said at once, on its own screen.
        b.fill("#reg-phone", "1370").await?;
        b.click("form button[type=submit]").await?;
        b.see("请输入11位手机号").await?;
        b.fill("#reg-phone", "13700000055").await?;
        b.click("form button[type=submit]").await?;
        b.fill("#reg-name", "孙奶奶").await?;
        b.click("form button[type=submit]").await?;
        b.fill("#reg-password", "garden-2026").await?;
        b.click("form button[type=submit]").await?;
        b.see("您住在哪个社区？").await?;
        fits(b).await?;
        b.click("input[data-name='幸福社区']").await?;
        b.click("form button[type=submit]").await?;
        b.find("#reg-building option:nth-child(2)")
            .await?
            .click()
            .await?;
        b.fill("#reg-room", "301").await?;
        b.click("form button[type=submit]").await?;
        b.see("隐私说明").await?;
        // Not without agreeing.
        b.click("form button[type=submit]").await?;
        b.see("请先阅读并同意隐私说明").await?;
        b.click("#reg-agree").await?;
        b.click("form button[type=submit]").await?;
        b.find(".waiting [data-state='pending']").await?;
        b.see("等待社区审核").await?;
        fits(b).await?;

        // The committee approves on the desk.
        b.client
            .execute("document.documentElement.style.fontSize = '';", vec![])
            .await?;
        b.client.set_window_size(1280, 900).await?;
        b.click("button.danger").await?;
        b.find("#phone").await?;
        b.sign_in(COMMITTEE).await?;
        b.goto("/desk/approvals").await?;
        b.see("孙奶奶").await?;
        b.see("13700000055").await?;
        let approve = "//li[contains(@class,'application')][.//strong[text()='孙奶奶']]//button[@data-action='approve']";
        b.client
            .find(fantoccini::Locator::XPath(approve))
            .await?
            .click()
            .await?;
        b.see("已通过：孙奶奶").await?;
        b.sign_out().await?;

        // She signs in and is home, able to order.
        b.client.set_window_size(375, 812).await?;
        b.goto("/login").await?;
        b.fill("#phone", "13700000055").await?;
        b.fill("#password", "garden-2026").await?;
        b.click("form button[type=submit]").await?;
        b.see("许个微心愿").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_committee_rejects_an_application_with_a_reason_the_applicant_reads() {
    run("reject_application", async |b: &Browser| {
        b.sign_in(COMMITTEE).await?;
        b.goto("/desk/approvals").await?;
        // The demo's 孙阿姨 waits; 周工程师 reported (双报到).
        b.see("孙阿姨").await?;
        b.see("周工程师").await?;
        b.see("区供电公司").await?;
        b.click("[data-list='memberships'] button[data-action='reject']")
            .await?;
        b.click("button[data-confirm='reject']").await?;
        b.see("不通过的原因（申请人会看到）").await?;
        b.fill(".reject-reason", "房号与登记不符，请核对").await?;
        b.click("button[data-confirm='reject']").await?;
        b.see("已退回：孙阿姨").await?;
        b.sign_out().await?;

        b.goto("/login").await?;
        b.fill("#phone", "13900000013").await?;
        b.fill("#password", "demo1234").await?;
        b.click("form button[type=submit]").await?;
        b.find(".waiting [data-state='rejected']").await?;
        b.see("原因：房号与登记不符，请核对").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_roster_with_a_bad_row_is_previewed_then_its_good_rows_imported() {
    run("roster_import", async |b: &Browser| {
        let dir = std::env::temp_dir().join(format!("linli-roster-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let file = dir.join("roster.csv");
        std::fs::write(
            &file,
            "姓名,手机号,网格,楼栋,房号\n蒋大爷,13800000021,第一网格,1号楼,602\n沈阿姨,1380000,第一网格,,\n",
        )?;
        b.sign_in(COMMITTEE).await?;
        b.goto("/desk/me").await?;
        b.click_text("居民与人员").await?;
        b.see("导入网格名单").await?;
        b.find("#roster-file")
            .await?
            .send_keys(&file.display().to_string())
            .await?;
        b.see("1 行可以导入，1 行有问题").await?;
        b.find("tr.bad[data-row='3']").await?;
        b.see("手机号: phone must be a mobile number of 11 digits").await?;
        b.click("button[data-action='commit-import']").await?;
        b.see("已导入：新建 1 人，已有 0 人").await?;
        b.fill(".search", "蒋大爷").await?;
        b.find("tr[data-person]").await?;
        b.see("602").await?;
        b.dont_see("沈阿姨").await?;
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_admin_sets_up_a_community_the_committee_its_grid_and_a_unit_with_staff() {
    run("places_units", async |b: &Browser| {
        b.sign_in(crate::ADMIN).await?;
        b.click_text("社区党委").await?;
        b.goto("/desk/me").await?;
        b.click_text("社区与网格").await?;
        b.see("东关街道").await?;
        b.fill("li[data-place='street'] .add-place input", "新民社区")
            .await?;
        b.click("li[data-place='street'] .add-place button").await?;
        b.see("新民社区").await?;
        // A name taken among its siblings is said so.
        b.fill("li[data-place='street'] .add-place input", "新民社区")
            .await?;
        b.click("li[data-place='street'] .add-place button").await?;
        b.find(".add-place .form-error").await?;
        // Its first committee member, by phone: a new account, with a code.
        let appoint =
            "//li[@data-place='community'][*[text()='新民社区']]/form[contains(@class,'appoint')]";
        b.client
            .find(fantoccini::Locator::XPath(&format!(
                "{appoint}/input[@inputmode='numeric']"
            )))
            .await?
            .send_keys("13600000011")
            .await?;
        b.client
            .find(fantoccini::Locator::XPath(&format!(
                "{appoint}/input[@maxlength='20']"
            )))
            .await?
            .send_keys("林书记")
            .await?;
        b.client
            .find(fantoccini::Locator::XPath(&format!("{appoint}/button")))
            .await?
            .click()
            .await?;
        b.see("林书记 · 重置码：").await?;
        b.sign_out().await?;

        b.sign_in(COMMITTEE).await?;
        b.goto("/desk/places").await?;
        b.fill("li[data-place='community'] > .add-place input", "第三网格")
            .await?;
        b.click("li[data-place='community'] > .add-place button")
            .await?;
        b.see("第三网格").await?;
        b.goto("/desk/units").await?;
        b.fill("#unit-name", "社区卫生服务站").await?;
        b.fill("#unit-skills", "义诊，慢病随访").await?;
        b.click("form button[type=submit]").await?;
        let staff = "//section[contains(@class,'unit')][.//h2[text()='社区卫生服务站']]";
        // Its staff form (the other form of the card edits its skills).
        for _ in 0..50 {
            if b.client
                .find(fantoccini::Locator::XPath(staff))
                .await
                .is_ok()
            {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        b.client
            .find(fantoccini::Locator::XPath(&format!(
                "{staff}//form[contains(@class,'add-staff')]/input[@inputmode='numeric']"
            )))
            .await?
            .send_keys("13500000002")
            .await?;
        b.client
            .find(fantoccini::Locator::XPath(&format!(
                "{staff}//form[contains(@class,'add-staff')]/input[@maxlength='20']"
            )))
            .await?
            .send_keys("吴护士")
            .await?;
        b.client
            .find(fantoccini::Locator::XPath(&format!(
                "{staff}//form[contains(@class,'add-staff')]/button"
            )))
            .await?
            .click()
            .await?;
        b.see("吴护士").await?;
        b.see("未设密码").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_resident_reports_as_a_party_member_changes_the_password_and_leaves() {
    run("report_account", async |b: &Browser| {
        b.sign_in("13900000012").await?;
        b.goto("/me").await?;
        b.click_text("在职党员报到").await?;
        b.fill("#report-unit", "区供电公司").await?;
        b.fill("#report-skills", "电工，线路检修").await?;
        b.click("form button[type=submit]").await?;
        b.see("已提交，社区党委审核后会通知您").await?;

        b.goto("/me").await?;
        b.click_text("账号与安全").await?;
        b.fill("#old-password", "wrong-one").await?;
        b.fill("#new-password", "garden-2027").await?;
        b.click("form:not(.leave) button[type=submit]").await?;
        b.see("当前密码不正确").await?;
        b.fill("#old-password", "demo1234").await?;
        b.click("form:not(.leave) button[type=submit]").await?;
        b.see("密码已修改，其他设备需要重新登录").await?;
        // Leaving: the password confirms, then the account is gone.
        b.fill("#leave-password", "garden-2027").await?;
        b.click("button[data-action='delete-account']").await?;
        b.find("#phone").await?;
        b.fill("#phone", "13900000012").await?;
        b.fill("#password", "garden-2027").await?;
        b.click("form button[type=submit]").await?;
        b.see("手机号或密码不正确").await?;
        Ok(())
    })
    .await;
}

/// A deep link before a hat is chosen lands on the hat page whole: the
/// shell it passed through had a request in flight, whose answer must not
/// touch what the shell owned (it did: the app died with "unreachable").
#[tokio::test]
async fn a_deep_link_before_choosing_a_hat_lands_on_the_hat_page_without_an_error() {
    run("hat_deep_link", async |b: &Browser| {
        b.sign_in(crate::ADMIN).await?;
        b.goto("/desk/me").await?;
        b.see("选择身份").await?;
        // Let the shell's request come back.
        tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
        let errors = b
            .client
            .execute("return (window.__errors || []).join('|');", vec![])
            .await?;
        ensure!(
            errors == serde_json::json!(""),
            "errors on the page: {errors}"
        );
        b.click_text("社区党委").await?;
        b.see("派单台").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn the_committee_renames_a_building_and_makes_a_resident_a_grid_worker() {
    run("rename_grid_worker", async |b: &Browser| {
        b.sign_in(COMMITTEE).await?;
        b.goto("/desk/places").await?;
        b.click_text("1号楼").await?;
        b.fill(".rename input", "1号楼东").await?;
        b.click(".rename button").await?;
        b.see("1号楼东").await?;
        b.goto("/desk/people").await?;
        b.fill(".search", "13900000012").await?;
        // The list narrows to the one person (the whole list showed first).
        b.wait_js(
            "return document.querySelectorAll('tr[data-person]').length;",
            |n| n == 1.0,
        )
        .await?;
        b.find("tr[data-person] .grid-choice option:nth-child(2)")
            .await?
            .click()
            .await?;
        b.click("tr[data-person] button[data-action='toggle-grid-worker']")
            .await?;
        b.see("取消网格员").await?;
        b.see("网格员").await?;
        Ok(())
    })
    .await;
}
