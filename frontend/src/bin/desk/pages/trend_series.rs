//! 趋势 cut by kind, category, grid or unit (`GET /stats/trend?by=`): one
//! stacked bar per period, each group a layer, the five largest groups by
//! name and the rest as 其他. Each layer's fill is a grey level or a pattern
//! (dark, mid, light, hatched, white, dotted), so that the chart reads the
//! same printed in grey; the legend shows the same swatches in the same order
//! as the stack, bottom first. The tapped bar's numbers are above the chart
//! and every group's sums in the table below it, with the whole as its foot.

use super::stats::percent;
use crate::words::DeskWords;
use frontend::i18n::use_i18n;
use leptos::prelude::*;
use serde::de::IntoDeserializer;
use serde::Deserialize;
use shared::api::{Trend, TrendPoint, TrendSeries};
use shared::OrderKind;

/// How many groups are drawn by name; the rest are one layer, 其他.
const NAMED: usize = 5;

/// A group of the chart: its name and its count of each period.
struct Layer {
    name: String,
    points: Vec<TrendPoint>,
}

impl Layer {
    fn sum(&self, f: impl Fn(&TrendPoint) -> u64) -> u64 {
        self.points.iter().map(f).sum()
    }
}

/// A group's name: a kind in the reader's words, a category, grid or unit by
/// its name, and the orders with none (no grid, no unit) as such.
fn name_of(w: &DeskWords, kind: fn(OrderKind) -> &'static str, s: &TrendSeries) -> String {
    let as_kind: Result<OrderKind, serde::de::value::Error> =
        OrderKind::deserialize(s.key.as_str().into_deserializer());
    match as_kind {
        Ok(k) => kind(k).to_string(),
        Err(_) if s.key == "0" || s.name.is_empty() => w.trend_none.to_string(),
        Err(_) => s.name.clone(),
    }
}

/// The five largest groups by name, then the rest added up as one.
fn layers(w: &DeskWords, kind: fn(OrderKind) -> &'static str, t: &Trend) -> Vec<Layer> {
    let mut all: Vec<Layer> = t
        .series
        .iter()
        .map(|s| Layer {
            name: name_of(w, kind, s),
            points: s.items.clone(),
        })
        .filter(|l| l.sum(|p| p.placed) > 0)
        .collect();
    all.sort_by(|a, b| b.sum(|p| p.placed).cmp(&a.sum(|p| p.placed)));
    if all.len() > NAMED + 1 {
        let rest = all.split_off(NAMED);
        let mut others = Layer {
            name: w.trend_others.to_string(),
            points: t.items.clone(),
        };
        for (i, p) in others.points.iter_mut().enumerate() {
            let of = |f: fn(&TrendPoint) -> u64| {
                rest.iter().filter_map(|l| l.points.get(i)).map(f).sum()
            };
            p.placed = of(|q| q.placed);
            p.done = of(|q| q.done);
            p.overdue = of(|q| q.overdue);
            p.average_rating = None;
            p.satisfaction_rate = None;
        }
        all.push(others);
    }
    all
}

/// The stacked bars: a period's layers from the bottom, scaled to the
/// tallest period.
fn chart(
    w: &'static DeskWords,
    t: &Trend,
    layers: &[Layer],
    picked: RwSignal<Option<usize>>,
) -> AnyView {
    let top = t.items.iter().map(|p| p.placed).max().unwrap_or(0).max(1);
    let width = t.items.len().max(1) * 10;
    let height = |n: u64| (n * 90 / top) as usize;
    view! {
        <svg class="trend-chart stacked" viewBox=format!("0 0 {width} 100") preserveAspectRatio="none"
            role="img" aria-label=w.trend data-points=t.items.len() data-layers=layers.len()>
            <defs>
                <pattern id="trend-hatch" width="3" height="3" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                    <rect width="3" height="3" fill="#fff" /><line x1="0" y1="0" x2="0" y2="3" stroke="#263238" stroke-width="1.2" />
                </pattern>
                <pattern id="trend-dots" width="3" height="3" patternUnits="userSpaceOnUse">
                    <rect width="3" height="3" fill="#fff" /><circle cx="1.5" cy="1.5" r="0.7" fill="#263238" />
                </pattern>
            </defs>
            <line x1="0" y1="100" x2=width y2="100" class="axis" />
            {t.items.iter().enumerate().map(|(i, p)| {
                let x = i * 10;
                let mut base = 100;
                let parts = layers.iter().enumerate().filter_map(|(n, l)| {
                    let count = l.points.get(i).map_or(0, |q| q.placed);
                    let h = height(count);
                    base -= h;
                    (count > 0).then(|| view! {
                        <rect class=format!("layer l{n}") x=x + 2 y=base width="6" height=h>
                            <title>{format!("{} · {} {}", l.name, w.col_orders, count)}</title>
                        </rect>
                    })
                }).collect_view();
                view! {
                    <g class="bar-group" data-period=p.period.clone() class:picked=move || picked.get() == Some(i)
                        on:click=move |_| picked.set(Some(i))>
                        <rect class="hit" x=x y="0" width="10" height="100" />
                        {parts}
                    </g>
                }
            }).collect_view()}
        </svg>
    }
    .into_any()
}

/// The tapped period's count of each group (the latest until one is tapped).
fn picked_line(w: &DeskWords, t: &Trend, layers: &[Layer], picked: Option<usize>) -> String {
    let Some(i) = picked.or(t.items.len().checked_sub(1)) else {
        return String::new();
    };
    let Some(p) = t.items.get(i) else {
        return String::new();
    };
    let mut line = format!("{} · {} {}", p.period, w.col_orders, p.placed);
    for l in layers {
        let n = l.points.get(i).map_or(0, |q| q.placed);
        line.push_str(&format!(" · {} {n}", l.name));
    }
    line
}

/// The chart of the groups, its legend and the table of each group's sums.
pub fn shown(w: &'static DeskWords, t: Trend, picked: RwSignal<Option<usize>>) -> AnyView {
    let kind = use_i18n().t().kind;
    let layers = layers(w, kind, &t);
    if layers.is_empty() {
        return view! { <p class="muted">{w.empty_stats}</p> }.into_any();
    }
    let ratio = |done: u64, placed: u64| (placed > 0).then(|| done as f64 / placed as f64);
    let total = |f: fn(&TrendPoint) -> u64| t.items.iter().map(f).sum::<u64>();
    let (placed, done, overdue) = (total(|p| p.placed), total(|p| p.done), total(|p| p.overdue));
    let data = StoredValue::new((t, layers));
    view! {
        <p class="trend-picked" data-testid="trend-picked" aria-live="polite">
            {move || data.with_value(|(t, l)| picked_line(w, t, l, picked.get()))}
        </p>
        {data.with_value(|(t, l)| chart(w, t, l, picked))}
        <ul class="legend" data-testid="trend-legend">
            {data.with_value(|(_, l)| l.iter().enumerate().map(|(n, l)| view! {
                <li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect class=format!("layer l{n}") width="10" height="10" /></svg>{l.name.clone()}</li>
            }).collect_view())}
        </ul>
        <div class="card table-card">
            <table class="stats-table" data-testid="trend-series-table">
                <thead><tr>
                    <th scope="col">{w.trend_group}</th><th scope="col">{w.col_orders}</th>
                    <th scope="col">{w.col_done}</th><th scope="col">{w.col_overdue}</th>
                    <th scope="col">{w.stat_completion}</th>
                </tr></thead>
                <tbody>
                    {data.with_value(|(_, l)| l.iter().map(|l| {
                        let (p, d) = (l.sum(|q| q.placed), l.sum(|q| q.done));
                        view! {
                            <tr><th scope="row">{l.name.clone()}</th><td>{p}</td><td>{d}</td>
                                <td>{l.sum(|q| q.overdue)}</td><td>{percent(ratio(d, p))}</td></tr>
                        }
                    }).collect_view())}
                </tbody>
                <tfoot>
                    <tr><th scope="row">{w.trend_total}</th><td>{placed}</td><td>{done}</td>
                        <td>{overdue}</td><td>{percent(ratio(done, placed))}</td></tr>
                </tfoot>
            </table>
        </div>
    }
    .into_any()
}
