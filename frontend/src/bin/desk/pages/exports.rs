//! 台账下载: the period's orders, the units' assessment and the points, as
//! XLSX or CSV, each with its progress while it downloads.

use frontend::api::Api;
use frontend::components::states::error_text;
use frontend::components::toast::use_toasts;
use frontend::i18n::{fill, use_i18n};
use leptos::prelude::*;
use shared::api::percent_encode;

/// Bytes in words: KB below a megabyte, MB above.
fn size(bytes: f64) -> String {
    if bytes < 1_048_576.0 {
        format!("{} KB", (bytes / 1024.0).ceil() as u64)
    } else {
        let tenths = (bytes / 104_857.6).round() as u64;
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

#[component]
pub fn ExportCard(
    /// Where the period begins (RFC 3339), or the whole history.
    from: Signal<Option<String>>,
    /// The assessment's period (`2026`, `2026-Q4`).
    assessment: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    // The download under way: which button, and how far it is.
    let busy = RwSignal::new(None::<&'static str>);
    let progress = RwSignal::new(String::new());
    let start = move |key: &'static str, path: String| {
        if busy.get_untracked().is_some() {
            return;
        }
        busy.set(Some(key));
        progress.set(fill(w.downloading_n, ""));
        leptos::task::spawn_local(async move {
            let shown = api
                .download(&path, move |loaded, total| {
                    let so_far = if total > 0.0 {
                        format!("{}%", (loaded * 100.0 / total).floor() as u32)
                    } else {
                        size(loaded)
                    };
                    progress.set(fill(w.downloading_n, so_far));
                })
                .await;
            match shown {
                Ok(()) => toasts.success(w.downloaded),
                Err(e) => toasts.error(error_text(t, &e)),
            }
            busy.set(None);
        });
    };
    let query = move || {
        from.get_untracked().map_or(String::new(), |f| {
            let mut q = String::from("&from=");
            percent_encode(&f, &mut q);
            q
        })
    };
    let button = move |key: &'static str,
                       label: &'static str,
                       format: &'static str,
                       table: &'static str| {
        view! {
            <button class="button secondary" data-export=key disabled=move || busy.get().is_some()
                on:click=move |_| {
                    let period = if table == "assessment" { format!("&period={}", assessment.get_untracked()) } else { query() };
                    start(key, format!("/exports/{table}?format={format}{period}"));
                }>
                {label} " · " {format.to_uppercase()}
            </button>
        }
    };
    view! {
        <section class="card exports" data-testid="exports">
            <h2>{w.exports}</h2>
            <p class="muted">{w.exports_hint}</p>
            <div class="panel-buttons">
                {button("orders-xlsx", w.export_orders, "xlsx", "orders")}
                {button("orders-csv", w.export_orders, "csv", "orders")}
                {button("assessment-xlsx", w.export_assessment, "xlsx", "assessment")}
                {button("points-xlsx", w.export_points, "xlsx", "points")}
            </div>
            {move || busy.get().map(|_| view! { <p class="muted" role="status" aria-live="polite" data-testid="export-progress">{progress.get()}</p> })}
        </section>
    }
}
