//! 趋势: the figures of each day, week or month (`GET /stats/trend`), drawn
//! by the desk itself as an SVG bar chart — no chart library in the bundle —
//! with the numbers of a tapped bar above it and all of them in a table
//! beside it. Placed is a dark bar, completed a light one with a dark edge:
//! they stay apart printed in grey.

use super::stats::percent;
use crate::words::DeskWords;
use frontend::api::Api;
use frontend::components::states::{loaded, Load};
use frontend::i18n::use_i18n;
use leptos::prelude::*;
use shared::api::{Trend, TrendPoint};

const INTERVALS: [&str; 3] = ["day", "week", "month"];
/// What the chart may be cut by: nothing (the whole), or a grouping.
const SPLITS: [Option<&str>; 5] = [
    None,
    Some("kind"),
    Some("category"),
    Some("grid"),
    Some("unit"),
];

fn interval_label(w: &DeskWords, interval: &str) -> &'static str {
    match interval {
        "week" => w.by_week,
        "month" => w.by_month,
        _ => w.by_day,
    }
}

fn split_label(w: &DeskWords, by: Option<&str>) -> &'static str {
    match by {
        Some("kind") => w.trend_by_kind,
        Some("category") => w.trend_by_category,
        Some("grid") => w.trend_by_grid,
        Some("unit") => w.trend_by_unit,
        _ => w.trend_by_total,
    }
}

/// The chart: one group of two bars per point, scaled to the largest count.
fn chart(w: &'static DeskWords, t: &[TrendPoint], picked: RwSignal<Option<usize>>) -> AnyView {
    let top = t
        .iter()
        .map(|p| p.placed.max(p.done))
        .max()
        .unwrap_or(0)
        .max(1);
    let width = t.len().max(1) * 10;
    let height = |n: u64| (n * 90 / top) as usize;
    view! {
        <svg class="trend-chart" viewBox=format!("0 0 {width} 100") preserveAspectRatio="none"
            role="img" aria-label=w.trend data-points=t.len()>
            <line x1="0" y1="100" x2=width y2="100" class="axis" />
            {t.iter().enumerate().map(|(i, p)| {
                let x = i * 10;
                let (placed, done) = (height(p.placed), height(p.done));
                let tip = format!("{} · {} {} · {} {}", p.period, w.col_orders, p.placed, w.col_done, p.done);
                view! {
                    <g class="bar-group" data-period=p.period.clone() class:picked=move || picked.get() == Some(i)
                        on:click=move |_| picked.set(Some(i))>
                        <title>{tip}</title>
                        <rect class="hit" x=x y="0" width="10" height="100" />
                        <rect class="placed" x=x + 1 y=100 - placed width="4" height=placed />
                        <rect class="done" x=x + 5 y=100 - done width="4" height=done />
                    </g>
                }
            }).collect_view()}
        </svg>
    }
    .into_any()
}

/// The numbers of the tapped bar (the latest until one is tapped).
fn picked_line(w: &'static DeskWords, t: &[TrendPoint], picked: Option<usize>) -> String {
    match picked.or(t.len().checked_sub(1)).and_then(|i| t.get(i)) {
        Some(p) => format!(
            "{} · {} {} · {} {} · {} {}",
            p.period, w.col_orders, p.placed, w.col_done, p.done, w.col_overdue, p.overdue
        ),
        None => String::new(),
    }
}

fn shown(w: &'static DeskWords, t: Trend, picked: RwSignal<Option<usize>>) -> AnyView {
    let points = StoredValue::new(t.items);
    view! {
        <p class="muted">{w.trend_hint}</p>
        <p class="trend-picked" data-testid="trend-picked" aria-live="polite">
            {move || points.with_value(|t| picked_line(w, t, picked.get()))}
        </p>
        {points.with_value(|t| chart(w, t, picked))}
        <div class="card table-card">
            <table class="stats-table" data-testid="trend-table">
                <thead><tr>
                    <th scope="col">{w.col_period}</th><th scope="col">{w.col_orders}</th>
                    <th scope="col">{w.col_done}</th><th scope="col">{w.col_overdue}</th>
                    <th scope="col">{w.stat_satisfaction}</th>
                </tr></thead>
                <tbody>
                    {points.with_value(|t| t.iter().rev().map(|p| view! {
                        <tr><th scope="row">{p.period.clone()}</th><td>{p.placed}</td><td>{p.done}</td>
                            <td>{p.overdue}</td><td>{percent(p.satisfaction_rate)}</td></tr>
                    }).collect_view())}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// 趋势, under the figures.
#[component]
pub fn TrendCard() -> impl IntoView {
    let i18n = use_i18n();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let interval = RwSignal::new("day");
    let by = RwSignal::new(None::<&'static str>);
    let picked = RwSignal::new(None::<usize>);
    let data = Load::new(move || {
        let (i, b) = (interval.get(), by.get());
        async move { api.trend(i, b).await }
    });
    view! {
        <h2>{w.trend}</h2>
        <div class="chips" role="group">
            {INTERVALS.into_iter().map(|i| view! {
                <button class="chip" data-interval=i class:active=move || interval.get() == i
                    aria-pressed=move || (interval.get() == i).to_string()
                    on:click=move |_| { picked.set(None); interval.set(i) }>{interval_label(w, i)}</button>
            }).collect_view()}
        </div>
        <div class="chips" role="group" aria-label=w.trend_split>
            {SPLITS.into_iter().map(|b| view! {
                <button class="chip" data-by=b.unwrap_or("all") class:active=move || by.get() == b
                    aria-pressed=move || (by.get() == b).to_string()
                    on:click=move |_| { picked.set(None); by.set(b) }>{split_label(w, b)}</button>
            }).collect_view()}
        </div>
        {move || loaded(data.get(), Callback::new(move |_| data.refetch()), move |t| {
            if by.get_untracked().is_some() {
                view! { <p class="muted">{w.trend_series_hint}</p> {super::trend_series::shown(w, t, picked)} }.into_any()
            } else {
                shown(w, t, picked)
            }
        })}
    }
}
