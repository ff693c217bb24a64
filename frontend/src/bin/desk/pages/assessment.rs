//! 以下评上: each member unit's year, quarter or month — dispatched, accepted
//! (in time), missed reports, rejected, overdue, urged, satisfaction — ranked,
//! with the committee's own score to give.

use super::stats::percent;
use frontend::api::Api;
use frontend::components::states::{error_text, loaded, Empty, Load};
use frontend::components::toast::use_toasts;
use frontend::i18n::use_i18n;
use leptos::prelude::*;
use shared::api::{AssessmentScore, UnitAssessment};

/// This year, quarter and month as the server names them, in the browser's clock.
fn periods() -> [String; 3] {
    let now = js_sys::Date::new_0();
    let (year, month) = (now.get_full_year(), now.get_month() + 1);
    [
        format!("{year}"),
        format!("{year}-Q{}", (month - 1) / 3 + 1),
        format!("{year}-{month:02}"),
    ]
}

#[component]
pub fn AssessmentCard(committee: bool) -> impl IntoView {
    let i18n = use_i18n();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let [year, quarter, month] = periods();
    let period = RwSignal::new(year.clone());
    let data = Load::new(move || {
        let p = period.get();
        async move { api.assessment(&p).await }
    });
    let chip = move |p: String, label: &'static str| {
        let (a, b) = (p.clone(), p.clone());
        view! {
            <button class="chip" class:active=move || period.with(|v| *v == a) aria-pressed=move || period.with(|v| *v == b).to_string()
                on:click=move |_| period.set(p.clone())>{label}</button>
        }
    };
    view! {
        <section class="card table-card assessment" data-testid="assessment">
            <h2>{w.assessment}</h2>
            <div class="chips" role="group">
                {chip(year, w.period_year)}
                {chip(quarter, w.period_quarter)}
                {chip(month, w.period_month)}
            </div>
            {move || loaded(data.get(), Callback::new(move |()| data.refetch()), move |a| {
                if a.items.is_empty() {
                    return view! { <Empty message=w.no_units_assessed.to_string() /> }.into_any();
                }
                let name = a.period.clone();
                view! {
                    <table class="stats-table">
                        <thead><tr>
                            <th scope="col">{w.col_rank}</th><th scope="col" class="text">{w.units}</th>
                            {(!committee).then(|| view! { <th scope="col" class="text">{w.col_community}</th> })}
                            <th scope="col">{w.col_dispatched}</th><th scope="col">{w.col_accepted}</th>
                            <th scope="col">{w.col_missed}</th><th scope="col">{w.col_rejected}</th>
                            <th scope="col">{w.stat_overdue}</th><th scope="col">{w.col_urged}</th>
                            <th scope="col">{w.stat_satisfaction}</th><th scope="col">{w.col_score}</th>
                        </tr></thead>
                        <tbody>
                            {a.items.into_iter().map(|u| view! {
                                <Row u=u period=name.clone() committee=committee on_saved=Callback::new(move |()| data.refetch()) />
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn Row(
    u: UnitAssessment,
    period: String,
    committee: bool,
    on_saved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let score = RwSignal::new(u.score.map(|s| s.to_string()).unwrap_or_default());
    let comment = u.comment.clone();
    let unit = u.unit.id;
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = AssessmentScore {
            period: period.clone(),
            score: score.get_untracked().trim().parse().unwrap_or(-1),
            comment: comment.clone(),
        };
        leptos::task::spawn_local(async move {
            match api.score_unit(unit, &body).await {
                Ok(_) => {
                    toasts.success(w.score_saved);
                    on_saved.run(());
                }
                Err(e) => toasts.error(error_text(t, &e)),
            }
        });
    };
    view! {
        <tr data-unit=u.unit.id.0>
            <td>{u.rank}</td>
            <th scope="row">{u.unit.name.clone()}</th>
            {(!committee).then(|| view! { <td class="text">{u.community.name.clone()}</td> })}
            <td>{u.dispatched}</td>
            <td>{u.accepted} " (" {u.accepted_on_time} ")"</td>
            <td class:alert={u.missed_reports > 0}>{u.missed_reports}</td>
            <td>{u.rejected}</td>
            <td class:alert={u.overdue > 0}>{u.overdue}</td>
            <td>{u.urged}</td>
            <td>{percent(u.satisfaction_rate)}</td>
            <td>
                {if committee {
                    view! {
                        <form class="inline-form" on:submit=save>
                            <input type="number" min="0" max="100" inputmode="numeric" aria-label=format!("{} · {}", u.unit.name, w.col_score)
                                prop:value=score on:input=move |ev| score.set(event_target_value(&ev)) />
                            <button type="submit" class="button secondary" data-action="score">{w.save_score}</button>
                        </form>
                    }.into_any()
                } else {
                    view! { <span>{u.score.map_or("—".to_string(), |s| s.to_string())}</span> }.into_any()
                }}
            </td>
        </tr>
    }
}
