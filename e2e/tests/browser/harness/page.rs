//! What a person does on the page: go somewhere, find, click, type, read,
//! and the app's own steps (sign in and out, act on an order, place one).

use super::{is_stale, text_xpath, Browser, WAIT};
use anyhow::{anyhow, bail, Context, Result};
use fantoccini::{elements::Element, Locator};
use std::time::Duration;

impl Browser {
    pub async fn goto(&self, path: &str) -> Result<()> {
        self.client.goto(&format!("{}{path}", self.base)).await?;
        Ok(())
    }

    pub async fn find(&self, css: &str) -> Result<Element> {
        self.wait_for(Locator::Css(css))
            .await
            .with_context(|| format!("no element {css}"))
    }

    /// Waits for an element. A page that is moving to another app (a link
    /// into the wrong app) answers "aborted by navigation" while it goes:
    /// that is waited out like a missing element, not taken as a failure.
    async fn wait_for(&self, locator: Locator<'_>) -> Result<Element> {
        let until = std::time::Instant::now() + WAIT;
        loop {
            match self.client.find(locator).await {
                Ok(el) => return Ok(el),
                Err(e) if std::time::Instant::now() >= until => return Err(e.into()),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Scrolls an element to the middle of the screen (clear of the fixed top
    /// and tab bars, as a person would) and clicks it.
    async fn click_element(&self, el: Element, what: &str) -> Result<()> {
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'center'});",
                vec![serde_json::to_value(&el)?],
            )
            .await?;
        el.click()
            .await
            .with_context(|| format!("cannot click {what}"))
    }

    /// Clicks the element `css` matches.
    pub async fn click(&self, css: &str) -> Result<()> {
        self.click_found(css, || self.find(css)).await
    }

    /// Clicks what `find` finds. A page that draws it again between finding
    /// and clicking (an order refreshed by the live stream) leaves a stale
    /// reference: it is found again, as a person would look again.
    async fn click_found<F, Fut>(&self, what: &str, find: F) -> Result<()>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<Element>>,
    {
        let until = std::time::Instant::now() + WAIT;
        loop {
            let el = find().await?;
            match self.click_element(el, what).await {
                Err(e) if is_stale(&e) && std::time::Instant::now() < until => {
                    tokio::time::sleep(Duration::from_millis(100)).await
                }
                done => return done,
            }
        }
    }

    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let el = self.find(css).await?;
        el.clear().await?;
        el.send_keys(text).await?;
        Ok(())
    }

    /// Waits until some element shows this text.
    pub async fn see(&self, text: &str) -> Result<Element> {
        self.wait_for(Locator::XPath(&text_xpath(text)))
            .await
            .with_context(|| format!("the page never showed {text:?}"))
    }

    /// No element shows this text right now.
    pub async fn dont_see(&self, text: &str) -> Result<()> {
        let found = self
            .client
            .find_all(Locator::XPath(&text_xpath(text)))
            .await?;
        if !found.is_empty() {
            bail!("the page shows {text:?} but should not");
        }
        Ok(())
    }

    /// Waits until no element matches `css` (it may take a request to go).
    pub async fn dont_see_css(&self, css: &str) -> Result<()> {
        let until = std::time::Instant::now() + WAIT;
        while std::time::Instant::now() < until {
            if self.client.find_all(Locator::Css(css)).await?.is_empty() {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("{css} is still on the page")
    }

    /// Clicks the element showing `text`, found again if it was drawn anew.
    pub async fn click_text(&self, text: &str) -> Result<()> {
        self.click_found(text, || self.see(text)).await
    }

    pub async fn wait_status(&self, status: &str) -> Result<()> {
        self.find(&format!(".order-page[data-status='{status}']"))
            .await
            .map(|_| ())
    }

    /// Saves what the window shows as `target/e2e-screenshots/<name>.png`,
    /// with `css` scrolled to the top of the view: screens to look at after a
    /// run, as their users see them.
    pub async fn keep_shot(&self, name: &str, css: &str) -> Result<()> {
        self.client
            .execute(
                "document.querySelector(arguments[0])?.scrollIntoView({block: 'start'}); window.scrollBy(0, -80);",
                vec![css.into()],
            )
            .await?;
        let shot = self.client.screenshot().await?;
        let dir = super::workspace().join("target/e2e-screenshots");
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(format!("{name}.png")), shot)?;
        Ok(())
    }

    pub async fn sign_in(&self, phone: &str) -> Result<()> {
        self.goto("/login").await?;
        self.fill("#phone", phone).await?;
        self.fill("#password", "demo1234").await?;
        self.click("form button[type=submit]").await?;
        self.find(".shell, .hat-list").await?;
        Ok(())
    }

    pub async fn sign_out(&self) -> Result<()> {
        self.goto("/me").await?;
        self.click("button.danger").await?;
        self.find("#phone").await?;
        Ok(())
    }

    /// The id of the order whose page is open.
    pub async fn order_id(&self) -> Result<i64> {
        self.find(".order-page").await?;
        let url = self.client.current_url().await?;
        url.path()
            .rsplit('/')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| anyhow!("not on an order page: {url}"))
    }

    /// Presses an action button and confirms its panel.
    pub async fn act(&self, action: &str) -> Result<()> {
        self.click(&format!(".actions button[data-action='{action}']"))
            .await?;
        self.click(&format!("button[data-confirm='{action}']"))
            .await
    }

    /// Waits until a number read by JavaScript on the page passes `ok`, and
    /// returns it.
    pub async fn wait_js(&self, script: &str, ok: impl Fn(f64) -> bool) -> Result<f64> {
        let until = std::time::Instant::now() + WAIT;
        loop {
            let v = self.client.execute(script, vec![]).await?;
            let n = v.as_f64().ok_or_else(|| anyhow!("{script} gave {v}"))?;
            if ok(n) {
                return Ok(n);
            }
            if std::time::Instant::now() > until {
                bail!("{script} still gives {n}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Places an order through the resident's form; returns its id.
    pub async fn place(&self, kind: &str, category: &str, title: &str) -> Result<i64> {
        self.goto(&format!("/new/{kind}")).await?;
        self.find("#category")
            .await?
            .select_by_value(category)
            .await?;
        self.fill("#title", title).await?;
        self.fill("#description", "浏览器测试").await?;
        self.fill("#address", "幸福小区3号楼2单元101").await?;
        self.click("form button[type=submit]").await?;
        self.wait_status("pending").await?;
        self.order_id().await
    }
}
