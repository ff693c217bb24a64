use crate::words::DeskWords;
use frontend::api::Api;
use frontend::components::states::{loaded, Empty, Load};
use frontend::i18n::{fill, use_i18n};
use leptos::prelude::*;
use shared::api::GroupStats;
use shared::api::{percent_encode, OrderQuery};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Period {
    Week,
    Month,
    Quarter,
    Year,
    All,
}

impl Period {
    /// When the period starts, counted back from today in the browser's clock.
    fn from(self) -> Option<String> {
        let now = js_sys::Date::new_0();
        let day = 24.0 * 3600.0 * 1000.0;
        let from = match self {
            Period::Week => js_sys::Date::new(&(now.get_time() - 7.0 * day).into()),
            Period::Month => js_sys::Date::new(&(now.get_time() - 30.0 * day).into()),
            Period::Quarter => js_sys::Date::new_with_year_month_day(
                now.get_full_year(),
                (now.get_month() / 3 * 3) as i32,
                1,
            ),
            Period::Year => js_sys::Date::new_with_year_month_day(now.get_full_year(), 0, 1),
            Period::All => return None,
        };
        Some(from.to_iso_string().into())
    }

    fn key(self) -> &'static str {
        match self {
            Period::Week => "7d",
            Period::Month => "30d",
            Period::Quarter => "quarter",
            Period::Year => "year",
            Period::All => "all",
        }
    }

    fn label(self, w: &DeskWords) -> &'static str {
        match self {
            Period::Week => w.period_7d,
            Period::Month => w.period_30d,
            Period::Quarter => w.period_quarter,
            Period::Year => w.period_year,
            Period::All => w.period_all,
        }
    }

    /// The assessment's period to download with it: this quarter (`2026-Q4`)
    /// when the figures show it, else this year.
    fn assessment(self) -> String {
        let now = js_sys::Date::new_0();
        let year = now.get_full_year();
        match self {
            Period::Quarter => format!("{year}-Q{}", now.get_month() / 3 + 1),
            _ => year.to_string(),
        }
    }
}

/// `x` with one decimal, by integer arithmetic: float formatting would add
/// tens of kilobytes to the wasm.
fn one_decimal(x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    format!("{}.{}", tenths / 10, (tenths % 10).abs())
}

pub(super) fn percent(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| format!("{}%", one_decimal(v * 100.0)))
}

fn duration(minutes: Option<f64>, w: &DeskWords) -> String {
    match minutes {
        None => "—".into(),
        Some(m) if m < 90.0 => fill(w.minutes_n, m.round() as i64),
        Some(m) => fill(w.hours_n, one_decimal(m / 60.0)),
    }
}

/// 统计: the figures a committee is judged by, for a period.
#[component]
pub fn StatsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let period = RwSignal::new(Period::Month);
    let committee = expect_context::<frontend::session::Session>()
        .user()
        .is_some_and(|u| u.roles.contains(&shared::Role::Committee));
    let oversees = expect_context::<frontend::session::Session>()
        .user()
        .is_some_and(|u| {
            u.roles.contains(&shared::Role::StreetOfficer) || u.roles.contains(&shared::Role::Admin)
        });
    let data = Load::new(move || {
        let q = period.get().from().map_or(String::new(), |from| {
            let mut q = String::from("from=");
            percent_encode(&from, &mut q);
            q
        });
        async move { api.stats(&q).await }
    });
    let chip = move |p: Period| {
        view! {
            <button class="chip" data-period=p.key() class:active=move || period.get() == p aria-pressed=move || (period.get() == p).to_string()
                on:click=move |_| period.set(p)>{p.label(w)}</button>
        }
    };
    let table = move |title: &'static str, rows: Vec<GroupStats>| {
        (!rows.is_empty()).then(|| view! {
            <h2>{title}</h2>
            <div class="card table-card">
                <table class="stats-table">
                    <thead><tr>
                        <th scope="col"></th><th scope="col">{w.col_orders}</th><th scope="col">{w.col_done}</th>
                        <th scope="col">{w.stat_completion}</th><th scope="col">{w.stat_satisfaction}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr><th scope="row">{r.name}</th><td>{r.orders}</td><td>{r.done}</td>
                                <td>{percent(r.completion_rate)}</td><td>{percent(r.satisfaction_rate)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })
    };
    view! {
        <h1>{t.tab_stats}</h1>
        <div class="chips" role="group">
            {[Period::Week, Period::Month, Period::Quarter, Period::Year, Period::All].into_iter().map(chip).collect_view()}
        </div>
        {move || loaded(data.get(), Callback::new(move |_| data.refetch()), move |v| match v {
            s if s.total == 0 => view! { <Empty message=Signal::derive(move || w.empty_stats.to_string()) /> }.into_any(),
            s => {
                // The lists behind the figures cover the same period.
                let from = period.get_untracked().from();
                let list = move |q: OrderQuery| {
                    format!("{}?{}", frontend::paths::ALL_ORDERS, OrderQuery { from: from.clone(), ..q }.to_query())
                };
                view! {
                <div class="figures">
                    <div class="card figure" data-figure="total"><span class="muted">{w.stat_total}</span><strong>{s.total}</strong></div>
                    <div class="card figure" data-figure="completion"><span class="muted">{w.stat_completion}</span><strong>{percent(s.completion_rate)}</strong></div>
                    <div class="card figure" data-figure="satisfaction"><span class="muted">{w.stat_satisfaction}</span><strong>{percent(s.satisfaction_rate)}</strong></div>
                    <div class="card figure"><span class="muted">{w.stat_rating}</span><strong>{s.average_rating.map_or("—".into(), |r| format!("{} ★", one_decimal(r)))}</strong></div>
                    <div class="card figure"><span class="muted">{w.stat_response}</span><strong>{duration(s.average_response_minutes, w)}</strong></div>
                    <div class="card figure"><span class="muted">{w.stat_completion_time}</span><strong>{duration(s.average_completion_minutes, w)}</strong></div>
                    <a class="card figure" class:alert={s.overdue > 0} data-figure="overdue"
                        href=list(OrderQuery { overdue: Some(true), ..OrderQuery::default() })>
                        <span class="muted">{w.stat_overdue}</span><strong>{s.overdue}</strong></a>
                </div>
                <div class="chips status-counts">
                    {s.by_status.into_iter().map(|c| view! {
                        <a class="chip" data-status=c.key.as_str()
                            href=list(OrderQuery { status: Some(c.key), ..OrderQuery::default() })>
                            {(t.status)(c.key)} " " {c.count}</a>
                    }).collect_view()}
                </div>
                {table(w.per_category, s.per_category)}
                {table(w.units, s.per_unit)}
                {s.community_id.map(|c| view! { <BoardCard community=c /> })}
            }.into_any()
            }
        })}
        <super::trend::TrendCard />
        {oversees.then(|| view! { <CommunitiesCard from=Signal::derive(move || period.get().from()) /> })}
        <super::assessment::AssessmentCard committee=committee />
        <super::exports::ExportCard from=Signal::derive(move || period.get().from())
            assessment=Signal::derive(move || period.get().assessment()) />
    }
}

/// 公示栏: whether the community's public notice board is open, the switch,
/// and a link to it (in the phone app, where anyone can read it).
#[component]
fn BoardCard(community: shared::CommunityId) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = frontend::components::toast::use_toasts();
    let state = Load::new(move || api.board_state(community));
    let busy = RwSignal::new(false);
    let switch = move |enabled: bool| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            if let Err(e) = api.switch_board(community, enabled).await {
                toasts.error(frontend::components::states::error_text(t, &e));
            }
            busy.set(false);
            state.refetch();
        });
    };
    view! {
        <h2>{w.board}</h2>
        <div class="card board-switch" data-testid="board-switch">
            <p class="muted">{w.board_hint}</p>
            {move || loaded(state.get(), Callback::new(move |_| state.refetch()), move |s| {
                let on = s.enabled;
                view! {
                    <p><strong data-board=if on { "on" } else { "off" }>{if on { w.board_is_on } else { w.board_is_off }}</strong></p>
                    <div class="actions">
                        <button class=if on { "button secondary" } else { "button primary" } disabled=move || busy.get()
                            on:click=move |_| switch(!on)>{if on { w.board_close } else { w.board_open }}</button>
                        {on.then(|| view! { <a class="button quiet" href=format!("/board/{community}") target="_blank" rel="noopener">{w.board_view}</a> })}
                    </div>
                }.into_any()
            })}
        </div>
    }
}

/// A rate as a bar (SVG, dark on light: it survives printing in grey) with
/// its number beside it.
fn rate_bar(v: Option<f64>) -> impl IntoView {
    let width = v.map_or(0.0, |v| (v * 100.0).clamp(0.0, 100.0));
    view! {
        <span class="rate">
            <svg class="rate-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                <rect class="rate-track" width="100" height="8" />
                <rect class="rate-fill" width=width height="8" />
            </svg>
            {percent(v)}
        </span>
    }
}

/// 各社区对比: a street's or the district's communities side by side over the
/// period, each rate drawn as a bar beside its number.
#[component]
fn CommunitiesCard(from: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let data = Load::new(move || {
        let q = from.get().map_or(String::new(), |f| {
            let mut q = String::from("from=");
            percent_encode(&f, &mut q);
            q
        });
        async move { api.communities_figures(&q).await }
    });
    view! {
        <section class="card table-card" data-testid="communities">
            <h2>{w.side_by_side}</h2>
            {move || loaded(data.get(), Callback::new(move |()| data.refetch()), move |c| view! {
                <table class="stats-table">
                    <thead><tr>
                        <th scope="col">{w.col_community}</th><th scope="col">{w.col_orders}</th>
                        <th scope="col">{w.col_done}</th><th scope="col">{w.stat_overdue}</th>
                        <th scope="col">{w.stat_completion}</th><th scope="col">{w.stat_satisfaction}</th>
                    </tr></thead>
                    <tbody>
                        {c.items.into_iter().map(|f| view! {
                            <tr data-community=f.community.id.0>
                                <th scope="row">{f.community.name}</th><td>{f.total}</td><td>{f.done}</td>
                                <td class:alert={f.overdue > 0}>{f.overdue}</td>
                                <td>{rate_bar(f.completion_rate)}</td><td>{rate_bar(f.satisfaction_rate)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any())}
        </section>
    }
}
