//! What people see on the screen, in a real headless Chromium, against the real
//! server and the real release build of the client.

mod harness;

mod accessibility;
mod board;
mod budgets;
mod committee;
mod deadlines;
mod dispatch;
mod lazy_screens;
mod orders;
mod partners;
mod people;
mod photos;
mod points;
mod review;
mod sessions;
mod two_apps;

use anyhow::Result;
use harness::Browser;

pub const RESIDENT: &str = "13900000011";
/// 张建国, a resident of 幸福社区.
pub const RESIDENT2: &str = "13900000012";
/// 吴网格, the grid worker of 幸福社区's first grid.
pub const GRID_WORKER: &str = "13900000041";
pub const COMMITTEE: &str = "13900000001";
pub const DOCTOR: &str = "13900000021";
pub const PLUMBER: &str = "13900000022";
pub const LAWYER: &str = "13900000023";
pub const PROPERTY: &str = "13900000032";
pub const HEXIE_COMMITTEE: &str = "13900000101";
pub const ADMIN: &str = "13900000099";
/// Street officer of 东关街道.
pub const DONGGUAN_OFFICER: &str = "13900000098";

/// Volunteers are also residents: they pick the volunteer hat.
pub async fn sign_in_as_volunteer(b: &Browser, phone: &str) -> Result<()> {
    b.sign_in(phone).await?;
    b.click_text("志愿者 / 成员单位").await?;
    b.see("任务大厅").await?;
    Ok(())
}

/// A number read by JavaScript on the page.
pub async fn js_number(b: &Browser, script: &str) -> Result<f64> {
    let v = b.client.execute(script, vec![]).await?;
    v.as_f64()
        .ok_or_else(|| anyhow::anyhow!("{script} gave {v}"))
}

pub async fn current_url(b: &Browser) -> Result<String> {
    Ok(b.client.current_url().await?.to_string())
}
