//! 公示栏: a community's public notice board, for anyone without signing in —
//! this month's and this year's orders, how many were completed and how
//! residents rated them, the units ranked, the wishes fulfilled. Its words
//! live here, with the screen's own code (a lazy module): the app's main
//! wasm carries none of them.

use frontend::api::{Api, ApiError};
use frontend::components::states::{loaded, Load};
use frontend::i18n::{use_i18n, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::{Board, BoardFigures};
use shared::{CommunityId, ErrorCode};

struct Words {
    title: &'static str,
    month: &'static str,
    year: &'static str,
    placed: &'static str,
    completed: &'static str,
    completion: &'static str,
    satisfaction: &'static str,
    rating: &'static str,
    units: &'static str,
    rank: &'static str,
    unit: &'static str,
    wishes: &'static str,
    no_units: &'static str,
    off: &'static str,
    note: &'static str,
}

const ZH: Words = Words {
    title: "公示栏",
    month: "本月",
    year: "本年",
    placed: "受理",
    completed: "办结",
    completion: "办结率",
    satisfaction: "满意率",
    rating: "平均评分",
    units: "成员单位排行（本年）",
    rank: "名次",
    unit: "单位",
    wishes: "本年实现微心愿",
    no_units: "本年还没有成员单位办结工单",
    off: "该社区的公示栏未开放",
    note: "数据每分钟更新，不含任何居民个人信息。",
};

const EN: Words = Words {
    title: "Notice board",
    month: "This month",
    year: "This year",
    placed: "Placed",
    completed: "Completed",
    completion: "Completion rate",
    satisfaction: "Satisfaction",
    rating: "Average rating",
    units: "Member units this year",
    rank: "Rank",
    unit: "Unit",
    wishes: "Wishes fulfilled this year",
    no_units: "No member unit has completed an order this year",
    off: "This community's notice board is not open",
    note: "Updated every minute. No resident's personal details are shown.",
};

/// `x` as a percentage with one decimal, by integer arithmetic (float
/// formatting would add tens of kilobytes).
fn percent(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| {
        let tenths = (v * 1000.0).round() as i64;
        format!("{}.{}%", tenths / 10, tenths % 10)
    })
}

fn rating(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| {
        let tenths = (v * 10.0).round() as i64;
        format!("{}.{} ★", tenths / 10, tenths % 10)
    })
}

fn figures(
    w: &'static Words,
    period: &'static str,
    key: &'static str,
    f: BoardFigures,
) -> impl IntoView {
    view! {
        <h2>{period}</h2>
        <div class="figures" data-period=key>
            <div class="card figure" data-figure="placed"><span class="muted">{w.placed}</span><strong>{f.placed}</strong></div>
            <div class="card figure" data-figure="completed"><span class="muted">{w.completed}</span><strong>{f.completed}</strong></div>
            <div class="card figure"><span class="muted">{w.completion}</span><strong>{percent(f.completion_rate)}</strong></div>
            <div class="card figure"><span class="muted">{w.satisfaction}</span><strong>{percent(f.satisfaction_rate)}</strong></div>
            <div class="card figure"><span class="muted">{w.rating}</span><strong>{rating(f.average_rating)}</strong></div>
        </div>
    }
}

fn shown(w: &'static Words, b: Board) -> AnyView {
    view! {
        <h1>{b.community.name} " · " {w.title}</h1>
        {figures(w, w.month, "month", b.month)}
        {figures(w, w.year, "year", b.year)}
        <div class="card figure" data-figure="wishes"><span class="muted">{w.wishes}</span><strong>{b.wishes_fulfilled}</strong></div>
        <h2>{w.units}</h2>
        {if b.units.is_empty() {
            view! { <p class="muted">{w.no_units}</p> }.into_any()
        } else {
            view! {
                <div class="card table-card">
                    <table class="stats-table" data-testid="board-units">
                        <thead><tr>
                            <th scope="col">{w.rank}</th><th scope="col">{w.unit}</th>
                            <th scope="col">{w.satisfaction}</th><th scope="col">{w.completed}</th>
                        </tr></thead>
                        <tbody>
                            {b.units.into_iter().map(|u| view! {
                                <tr><td>{u.rank}</td><th scope="row">{u.name}</th>
                                    <td>{percent(u.satisfaction_rate)}</td><td>{u.completed}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <p class="muted">{w.note}</p>
    }
    .into_any()
}

/// `/board/:id`: outside the shell, so no sign-in is asked for.
#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let w = move || match i18n.lang() {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    let api = expect_context::<Api>();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i32>().ok())
            .map(CommunityId)
    };
    let board = Load::new(move || {
        let id = id();
        async move {
            match id {
                Some(id) => api.board(id).await,
                None => Err(ApiError {
                    status: 404,
                    code: ErrorCode::NotFound,
                    message: String::new(),
                }),
            }
        }
    });
    view! {
        <main class="content board">
            {move || {
                let w = w();
                match board.get() {
                    // Off (or no such community): said plainly, no retry.
                    Some(Err(e)) if e.status == 404 => view! {
                        <h1>{w.title}</h1>
                        <p class="muted" data-testid="board-off">{w.off}</p>
                    }.into_any(),
                    state => loaded(state, Callback::new(move |_| board.refetch()), move |b| shown(w, b)),
                }
            }}
        </main>
    }
}
