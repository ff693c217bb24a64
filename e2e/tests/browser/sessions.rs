//! Signing in: language, validation and server errors; a session that expired.

use super::harness::{run, Browser};
use super::*;
use anyhow::ensure;

#[tokio::test]
async fn switching_to_english_changes_the_interface() {
    run("english", async |b: &Browser| {
        b.goto("/login").await?;
        b.see("登录").await?;
        b.click_text("English").await?;
        b.see("Sign in").await?;
        b.see("Phone number").await?;
        b.fill("#phone", "123").await?;
        b.click("form button[type=submit]").await?;
        b.see("Enter an 11-digit phone number").await?;
        b.fill("#phone", RESIDENT).await?;
        b.fill("#password", "wrong-password").await?;
        b.click("form button[type=submit]").await?;
        b.see("Wrong phone number or password").await?;
        b.fill("#password", "demo1234").await?;
        b.click("form button[type=submit]").await?;
        b.see("Make a micro-wish").await?;
        b.see("My orders").await?;
        b.dont_see("我的工单").await?;
        // The choice survives a reload.
        b.goto("/orders/mine").await?;
        b.see("Pending").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn an_expired_session_ends_cleanly_at_the_sign_in_page() {
    run("expired", async |b: &Browser| {
        b.goto("/login").await?;
        // This server runs the demo, so the sign-in page may say its password.
        b.find("[data-testid='demo-hint']").await?;
        // A session whose tokens the server no longer accepts (say, after a long absence).
        b.client
            .execute(
                r#"localStorage.setItem('linli.session', JSON.stringify({
                    access_token: 'expired.access.token', refresh_token: 'revoked-refresh-token',
                    user: {id: 2, name: '王秀英', phone: '13900000011', roles: ['resident'],
                           community: {id: 1, name: '幸福社区'}, unit: null, points_balance: 0},
                    hat: 'Resident'}));"#,
                vec![],
            )
            .await?;
        b.goto("/orders/mine").await?;
        b.see("登录已过期，请重新登录").await?;
        b.find("#phone").await?;
        let stored = b
            .client
            .execute("return localStorage.getItem('linli.session');", vec![])
            .await?;
        ensure!(
            stored.is_null(),
            "the dead session should be gone, found {stored}"
        );
        // Signing in again works and clears the notice.
        b.sign_in(RESIDENT).await?;
        b.see("许个微心愿").await?;
        Ok(())
    })
    .await;
}

/// On a slow line the app takes seconds to arrive; the sign-in screen does
/// not wait for it: typed into and sent before the app starts, it signs in
/// once the app is there, with nothing typed lost.
#[tokio::test]
async fn the_sign_in_screen_takes_typing_before_the_app_arrives() {
    run("first_screen", async |b: &Browser| {
        // A line slower than Fast 3G (the budget's own line is measured in
        // budgets.rs): the app's wasm takes seconds to come, so the typing
        // below happens before it on any machine, however slow its WebDriver.
        super::budgets::network(b, (562.5, 50_000.0, 25_000.0), false).await?;
        b.client.goto(&format!("{}/login", b.base)).await?;
        b.fill("#first-phone", RESIDENT).await?;
        b.fill("#first-password", "demo1234").await?;
        b.click("#first-submit").await?;
        ensure!(
            b.client
                .find(fantoccini::Locator::Css("#phone"))
                .await
                .is_err(),
            "the app was there already: this line is not slow enough to show it"
        );
        b.see("许个微心愿").await?;
        b.dont_see_css("#first-screen").await?;
        Ok(())
    })
    .await;
}
