//! The apps' budgets, measured (not asserted: speed is measured by scripts,
//! never by timed tests). `bash scripts/client-budgets` runs this and prints:
//! each wasm's size as sent, the phone app's sign-in screen usable (the form
//! on the screen and typeable) from a cold cache on Chromium's "Fast 3G" and
//! on localhost, a returning resident's home on Fast 3G with a warm cache,
//! and the desk usable cold on a 40 ms / 2.5 MB/s line.

use super::harness::{run, workspace, Browser};
use super::*;
use anyhow::Result;
use serde_json::json;

/// Chromium DevTools' "Fast 3G".
pub const FAST_3G: (f64, f64, f64) = (562.5, 180_000.0, 84_375.0);
/// The desk's line: an office's.
const OFFICE: (f64, f64, f64) = (40.0, 2_500_000.0, 2_500_000.0);

pub async fn network(b: &Browser, (latency, down, up): (f64, f64, f64), cache: bool) -> Result<()> {
    b.cdp("Network.enable", json!({})).await?;
    b.cdp("Network.setCacheDisabled", json!({"cacheDisabled": !cache}))
        .await?;
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({"offline": false, "latency": latency, "downloadThroughput": down, "uploadThroughput": up}),
    )
    .await
}

/// Milliseconds from the start of the navigation to `path` until `css`
/// matches a visible element that takes typing (a field) or is shown.
async fn usable(b: &Browser, path: &str, css: &str) -> Result<f64> {
    b.goto("/favicon-less-blank").await.ok();
    b.client.goto(&format!("{}{path}", b.base)).await?;
    let script = format!(
        "const el = document.querySelector({css:?}); \
         return el && el.getBoundingClientRect().height > 0 ? performance.now() : -1;"
    );
    b.wait_js(&script, |t| t >= 0.0).await
}

/// Milliseconds until the sign-in screen is painted from a cold start: the
/// page's first contentful paint, which is the plain-HTML sign-in (typeable at
/// once) or, where the app came first, the app's own. Read from the page,
/// since WebDriver's `goto` returns only at the load event, which also waits
/// for the app's scripts.
async fn sign_in_painted(b: &Browser) -> Result<f64> {
    b.goto("/favicon-less-blank").await.ok();
    b.client.goto(&format!("{}/login", b.base)).await?;
    b.wait_js(
        "const el = document.querySelector('#first-phone, #phone'); \
         const paint = performance.getEntriesByName('first-contentful-paint')[0]; \
         return el && el.getBoundingClientRect().height > 0 && paint ? paint.startTime : -1;",
        |t| t >= 0.0,
    )
    .await
}

/// Each app's wasm as sent first (gzipped), and each app's lazily fetched
/// screens together: how many, their sum and the largest.
fn wasm_sizes() -> Vec<(String, u64)> {
    let dist = workspace().join("frontend/dist");
    let mut out = Vec::new();
    for (app, dir) in [("phone", dist.clone()), ("desk", dist.join("desk"))] {
        let (mut screens, mut sum, mut largest) = (0, 0, (String::new(), 0));
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".wasm.gz") {
                continue;
            }
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            if name.starts_with("screen-") || name.starts_with("shared-") {
                screens += 1;
                sum += size;
                if size > largest.1 {
                    largest = (name, size);
                }
            } else {
                out.push((format!("{}/{name}", dir.display()), size));
            }
        }
        out.push((
            format!(
                "the {app} app's {screens} lazily fetched modules together (largest {} {} bytes)",
                largest.0, largest.1
            ),
            sum,
        ));
    }
    out
}

#[tokio::test]
#[ignore = "a measurement, not a test: bash scripts/client-budgets"]
async fn print_the_client_budgets() {
    run("budgets", async |b: &Browser| {
        for (name, size) in wasm_sizes() {
            println!("wasm gzipped: {name}: {size} bytes ({:.1} KB)", size as f64 / 1024.0);
        }
        for round in 1..=3 {
            network(b, (0.0, -1.0, -1.0), false).await?;
            // The plain-HTML sign-in screen counts: it takes typing at once,
            // and the app carries what was typed over when it starts.
            let local = sign_in_painted(b).await?;
            network(b, FAST_3G, false).await?;
            let cold = sign_in_painted(b).await?;
            let app = usable(b, "/login", "#phone").await?;
            println!("round {round}: phone app started (its own sign-in page), cold, Fast 3G: {app:.0} ms");
            println!("round {round}: phone sign-in usable, cold: Fast 3G {cold:.0} ms, localhost {local:.0} ms");
        }
        // A returning resident: signed in, the cache warm.
        network(b, (0.0, -1.0, -1.0), true).await?;
        b.sign_in(RESIDENT).await?;
        b.see("许个微心愿").await?;
        network(b, FAST_3G, true).await?;
        for round in 1..=3 {
            let home = usable(b, "/", ".ask-wish").await?;
            println!("round {round}: returning resident's home, warm cache, Fast 3G: {home:.0} ms");
        }
        b.sign_out().await.ok();
        for round in 1..=3 {
            network(b, OFFICE, false).await?;
            let desk = usable(b, "/desk/login", "#phone").await?;
            println!("round {round}: desk sign-in usable, cold, 40 ms / 2.5 MB/s: {desk:.0} ms");
        }
        Ok(())
    })
    .await;
}
