//! The community's reservations: handed over by the code the resident
//! shows, or cancelled.

use frontend::api::Api;
use frontend::components::states::{error_text, loaded, Empty, Load};
use frontend::components::toast::use_toasts;
use frontend::format;
use frontend::i18n::{fill, use_i18n};
use leptos::prelude::*;
use shared::api::Redemption;
use shared::{RedemptionId, RedemptionStatus};

/// The community's reservations, by state, newest first, a page at a time.
#[component]
pub(super) fn Reservations() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let status = RwSignal::new(RedemptionStatus::Reserved);
    let page = RwSignal::new(1u64);
    let list = Load::new(move || api.redemptions(status.get().as_str(), page.get()));
    let status_word = move |s: RedemptionStatus| match s {
        RedemptionStatus::Reserved => t.status_reserved,
        RedemptionStatus::Fulfilled => t.status_fulfilled,
        RedemptionStatus::Cancelled => t.status_cancelled_r,
        RedemptionStatus::Expired => t.status_expired,
    };
    view! {
        <section class="card">
            <h2>{w.reservations}</h2>
            <div class="chips" role="group" aria-label=w.reservations>
                {RedemptionStatus::ALL.iter().map(|s| {
                    let s = *s;
                    view! {
                        <button type="button" class="chip" class:active=move || status.get() == s
                            aria-pressed=move || (status.get() == s).to_string()
                            on:click=move |_| { page.set(1); status.set(s); }>{status_word(s)}</button>
                    }
                }).collect_view()}
            </div>
            {move || loaded(list.get(), Callback::new(move |()| list.refetch()), move |p| {
                if p.items.is_empty() {
                    return view! { <Empty message=w.no_reservations.to_string() /> }.into_any();
                }
                let pages = p.total.div_ceil(p.per_page).max(1);
                view! {
                    <table class="table reservations">
                        <thead><tr>
                            <th>{w.reward_name}</th><th>{w.redeemed_by}</th><th>{w.reward_cost}</th>
                            <th>{w.redeemed_at}</th><th>{w.keep_until}</th><th></th>
                        </tr></thead>
                        <tbody>
                            {p.items.into_iter().map(|r| view! { <ReservationRow r=r on_done=Callback::new(move |()| list.refetch()) /> }).collect_view()}
                        </tbody>
                    </table>
                    {(pages > 1).then(|| view! {
                        <div class="pager">
                            <button class="button secondary" disabled=move || page.get() <= 1 on:click=move |_| page.update(|p| *p -= 1)>"‹"</button>
                            <span>{move || format!("{} / {pages}", page.get())}</span>
                            <button class="button secondary" disabled=move || page.get() >= pages on:click=move |_| page.update(|p| *p += 1)>"›"</button>
                        </div>
                    })}
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn ReservationRow(r: Redemption, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let id: RedemptionId = r.id;
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let reward = r.reward.name.clone();
    let hand_over = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let reward = reward.clone();
        leptos::task::spawn_local(async move {
            match api.fulfil_redemption(id, code.get_untracked()).await {
                Ok(_) => {
                    toasts.success(fill(w.handed_over, reward));
                    on_done.run(());
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    let cancel = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.cancel_redemption(id).await {
                Ok(_) => {
                    toasts.success(w.reservation_cancelled);
                    on_done.run(());
                }
                Err(e) => toasts.error(error_text(t, &e)),
            }
            busy.set(false);
        });
    };
    let waiting = r.status == RedemptionStatus::Reserved;
    view! {
        <tr data-redemption=r.id.0>
            <td>{r.reward.name}</td>
            <td>{r.user.map(|u| u.name).unwrap_or_default()}</td>
            <td>{r.cost}</td>
            <td>{format::datetime(&r.at, i18n.lang())}</td>
            <td>{if waiting { format::date(&r.expires_at, i18n.lang()) } else { r.closed_at.map(|c| format::datetime(&c, i18n.lang())).unwrap_or_default() }}</td>
            <td class="actions">
                {waiting.then(|| view! {
                    <form class="inline-form" on:submit=hand_over novalidate>
                        <input aria-label=w.code_shown placeholder=w.code_shown inputmode="numeric" maxlength="6" autocomplete="off"
                            prop:value=code on:input=move |ev| { error.set(None); code.set(event_target_value(&ev)); } />
                        <button type="submit" class="button primary" data-action="hand-over" disabled=move || busy.get()>{w.hand_over}</button>
                    </form>
                    {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                    {move || if confirming.get() {
                        view! {
                            <div class="confirm" role="alertdialog" aria-label=w.cancel_reservation>
                                <p>{w.confirm_cancel_reservation}</p>
                                <div class="panel-buttons">
                                    <button class="button secondary" on:click=move |_| confirming.set(false)>{t.cancel_dialog}</button>
                                    <button class="button danger" data-confirm="cancel-reservation" disabled=move || busy.get() on:click=cancel>{t.confirm}</button>
                                </div>
                            </div>
                        }.into_any()
                    } else {
                        view! { <button class="button link" data-action="cancel-reservation" on:click=move |_| confirming.set(true)>{w.cancel_reservation}</button> }.into_any()
                    }}
                })}
            </td>
        </tr>
    }
}
