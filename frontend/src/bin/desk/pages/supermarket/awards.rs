//! Points for community work, withdrawn by a compensating entry.

use frontend::api::Api;
use frontend::components::states::{error_text, Load};
use frontend::components::toast::use_toasts;
use frontend::format;
use frontend::i18n::{fill, use_i18n};
use leptos::prelude::*;
use shared::api::{NewAward, PersonRow};
use shared::UserId;

/// Points for community work: find the person, give points with a reason;
/// their recent entries, with a withdrawal for each award.
#[component]
pub(super) fn Awards() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let words = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<PersonRow>::new());
    let chosen = RwSignal::new(None::<(UserId, String)>);
    let points = RwSignal::new("5".to_string());
    let reason = RwSignal::new(String::new());
    let withdraw_reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let ledger = Load::new(move || async move {
        match chosen.get() {
            Some((id, _)) => api.points_of(id).await.map(Some),
            None => Ok(None),
        }
    });
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = words.get_untracked();
        leptos::task::spawn_local(async move {
            match api.people(&q).await {
                Ok(p) => found.set(p.items),
                Err(e) => toasts.error(error_text(t, &e)),
            }
        });
    };
    let award = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((user_id, _)) = chosen.get_untracked() else {
            return;
        };
        let req = NewAward {
            user_id,
            points: points.get_untracked().trim().parse().unwrap_or(0),
            reason: reason.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api.award(&req).await {
                Ok(e) => {
                    toasts.success(fill(w.awarded, e.delta));
                    reason.set(String::new());
                    error.set(None);
                    ledger.refetch();
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    view! {
        <section class="card form awards">
            <h2>{w.awards}</h2>
            <p class="muted">{w.awards_hint}</p>
            <form class="inline-form" on:submit=search role="search">
                <input aria-label=w.find_person placeholder=w.find_person prop:value=words on:input=move |ev| words.set(event_target_value(&ev)) />
                <button type="submit" class="button secondary">{t.search}</button>
            </form>
            <div class="chips">
                {move || found.get().into_iter().map(|p| {
                    let (id, name) = (p.id, p.name.clone());
                    view! {
                        <button type="button" class="chip" class:active=move || chosen.get().is_some_and(|c| c.0 == id)
                            on:click=move |_| chosen.set(Some((id, name.clone())))>{p.name} " " <span class="muted">{p.phone}</span></button>
                    }
                }).collect_view()}
            </div>
            {move || chosen.get().map(|(_, name)| view! {
                <form on:submit=award novalidate data-testid="award">
                    <h3>{name}</h3>
                    <label for="award-points">{w.award_points_n}</label>
                    <input id="award-points" type="number" min="1" max="100" inputmode="numeric" prop:value=points on:input=move |ev| points.set(event_target_value(&ev)) />
                    <label for="award-reason">{w.award_reason}</label>
                    <input id="award-reason" maxlength="200" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev)) />
                    {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                    <button type="submit" class="button primary">{w.give_award}</button>
                </form>
            })}
            {move || ledger.get().and_then(Result::ok).flatten().map(|p| view! {
                <h3>{w.recent_points} " · " {t.balance} " " {p.balance}</h3>
                <label for="withdraw-reason">{w.withdraw_reason}</label>
                <input id="withdraw-reason" maxlength="200" prop:value=withdraw_reason on:input=move |ev| withdraw_reason.set(event_target_value(&ev)) />
                <ul class="ledger">
                    {p.ledger.into_iter().take(10).map(|e| {
                        let can_withdraw = e.reason == "points_awarded" && !e.withdrawn;
                        let id = e.id;
                        let withdraw = move |_| {
                            let reason = withdraw_reason.get_untracked();
                            leptos::task::spawn_local(async move {
                                match api.withdraw_award(id, reason).await {
                                    Ok(_) => { toasts.success(w.withdrawn); ledger.refetch(); }
                                    Err(e) => toasts.error(error_text(t, &e)),
                                }
                            });
                        };
                        view! {
                            <li class:withdrawn=e.withdrawn>
                                <span>{e.note.clone().unwrap_or_else(|| e.reason.clone())}
                                    {e.withdrawn.then(|| view! { " " <span class="badge">{w.withdrawn}</span> })}</span>
                                <span class="muted">{format::datetime(&e.at, i18n.lang())}</span>
                                <strong class:negative=e.delta < 0>{e.delta}</strong>
                                {can_withdraw.then(|| view! {
                                    <button class="button link" data-action="withdraw" on:click=withdraw>{w.withdraw}</button>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
