//! Photos on the screen: a resident attaches them when ordering (and removes
//! one), the order shows them, and the volunteer who takes the wish sees them
//! and opens one full screen; those not serving it see none.

use super::harness::{run, workspace, Browser};
use super::*;
use anyhow::{ensure, Result};
use fantoccini::Locator;

fn fixture(name: &str) -> String {
    let path = workspace().join("server/tests/fixtures").join(name);
    // ChromeDriver takes only canonical paths.
    std::fs::canonicalize(&path)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The image at `css` has arrived and decoded (its natural width).
async fn shown(b: &Browser, css: &str) -> Result<()> {
    b.find(css).await?;
    let width = format!(
        "const i = document.querySelector(\"{css}\"); return i && i.complete ? i.naturalWidth : 0;"
    );
    b.wait_js(&width, |w| w > 0.0).await.map(drop)
}

#[tokio::test]
async fn a_resident_attaches_photos_and_the_volunteer_who_takes_the_wish_sees_them() {
    run("photos", async |b: &Browser| {
        b.sign_in(RESIDENT).await?;
        b.click("a.ask-wish").await?;
        b.find("#category")
            .await?
            .select_by_value("wish_goods")
            .await?;
        b.fill("#title", "想要一个新书包").await?;
        b.fill("#description", "旧书包的带子断了，照片里是它。")
            .await?;
        // Something that is not a photo is refused in words about photos.
        b.find(".photo-picker input[multiple]")
            .await?
            .send_keys(&fixture("not-an-image.jpg"))
            .await?;
        b.see("只能上传 JPEG、PNG 或 WebP 格式的照片").await?;
        // One from the album, one "taken" (the capture input), then one removed.
        b.find(".photo-picker input[multiple]")
            .await?
            .send_keys(&fixture("phone.jpg"))
            .await?;
        shown(b, ".photo-picker figure.thumb img").await?;
        b.find(".photo-picker input[capture]")
            .await?
            .send_keys(&fixture("phone.png"))
            .await?;
        b.find(".photo-picker figure.thumb:nth-of-type(2) img")
            .await?;
        b.click(".photo-picker figure.thumb:nth-of-type(2) .remove")
            .await?;
        b.dont_see_css(".photo-picker figure.thumb:nth-of-type(2)")
            .await?;
        b.click("form button[type=submit]").await?;
        b.wait_status("pending").await?;
        let wish = b.order_id().await?;
        shown(b, ".order-page .photos .thumb img").await?;
        let n = b
            .client
            .find_all(Locator::Css(".order-page .photos .thumb"))
            .await?
            .len();
        ensure!(
            n == 1,
            "the order should show the one photo kept, shows {n}"
        );
        b.sign_out().await?;

        // On the wall the wish shows no photo; once claimed, the volunteer sees it.
        sign_in_as_volunteer(b, DOCTOR).await?;
        b.goto(&format!("/orders/{wish}")).await?;
        b.see("想要一个新书包").await?;
        b.dont_see_css(".order-page .photos").await?;
        b.act("claim").await?;
        b.wait_status("accepted").await?;
        shown(b, ".order-page .photos .thumb img").await?;
        b.click(".order-page .photos .thumb").await?;
        shown(b, ".lightbox img").await?;
        let full = js_number(
            b,
            "return document.querySelector('.lightbox img').naturalHeight;",
        )
        .await?;
        ensure!(
            full == 2048.0,
            "full screen shows the large photo, {full} px high"
        );
        b.click(".lightbox").await?;
        b.dont_see_css(".lightbox").await?;
        // It has a close button, and Escape closes it too.
        b.click(".order-page .photos .thumb").await?;
        b.click(".lightbox .lightbox-close").await?;
        b.dont_see_css(".lightbox").await?;
        b.click(".order-page .photos .thumb").await?;
        b.find(".lightbox").await?;
        b.client
            .execute(
                "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));",
                vec![],
            )
            .await?;
        b.dont_see_css(".lightbox").await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_large_photo_is_shrunk_in_the_browser_before_it_is_sent() {
    // A 4000×3000 photo of noise at high quality: several megabytes.
    let dir = std::env::temp_dir().join(format!("linli-e2e-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let path = dir.join("large.jpg");
    let mut seed = 7u32;
    let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        image::Rgb([(x % 256) as u8, (y % 256) as u8, (seed >> 24) as u8])
    });
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("the file"));
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut file, 95)
        .encode_image(&img)
        .expect("a JPEG");
    drop(file);
    let original = std::fs::metadata(&path).expect("written").len() as f64;
    let path = std::fs::canonicalize(&path)
        .expect("canonical")
        .display()
        .to_string();

    run("large_photo", async |b: &Browser| {
        // What the page sends is measured on its way out.
        b.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({"source": "window.__sent = []; const send = XMLHttpRequest.prototype.send; \
                XMLHttpRequest.prototype.send = function (body) { \
                  window.__sent.push(body && body.get ? body.get('file').size : -1); return send.call(this, body); };"}),
        )
        .await?;
        b.sign_in(RESIDENT).await?;
        b.goto("/new/appeal").await?;
        b.find(".photo-picker input[multiple]").await?.send_keys(&path).await?;
        shown(b, ".photo-picker figure.thumb img").await?;
        let sent = js_number(b, "return window.__sent[0];").await?;
        ensure!(
            sent > 0.0 && sent < original / 2.0,
            "sent {sent} bytes of a {original}-byte photo"
        );
        Ok(())
    })
    .await;
    let _ = std::fs::remove_dir_all(&dir);
}
