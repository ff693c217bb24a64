//! Under an order's buttons, for those who dispatch (the committee, grid
//! workers): 三事分流 of a pending appeal, and notes on the timeline — the
//! joint meeting's decision on a big matter.

use frontend::api::Api;
use frontend::components::states::error_text;
use frontend::i18n::use_i18n;
use leptos::prelude::*;
use shared::api::{Order, TriageRequest};
use shared::input::Note;
use shared::{OrderId, OrderKind, OrderStatus, Role, Track};

/// For the order page (`frontend::pages::order::OrderTools`).
pub fn tools(order: &Order, on_change: Callback<Option<Order>>) -> AnyView {
    let session = expect_context::<frontend::session::Session>();
    let dispatches = session
        .user()
        .is_some_and(|u| u.roles.contains(&Role::Committee) || u.roles.contains(&Role::GridWorker));
    let done = matches!(order.status, OrderStatus::Closed | OrderStatus::Cancelled);
    if !dispatches || done || order.community_name.is_some() {
        return ().into_any();
    }
    let triage = order.kind == OrderKind::Appeal && order.status == OrderStatus::Pending;
    view! { <Tools id=order.id triage=triage track=order.track on_change=on_change /> }.into_any()
}

#[component]
fn Tools(
    id: OrderId,
    triage: bool,
    track: Option<Track>,
    on_change: Callback<Option<Order>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let send_track = move |tr: Track| {
        busy.set(true);
        error.set(None);
        let words = Some(note.get_untracked()).filter(|n| !n.trim().is_empty());
        leptos::task::spawn_local(async move {
            let req = TriageRequest {
                track: tr,
                note: words,
            };
            match api.triage(id, &req).await {
                Ok(o) => {
                    note.set(String::new());
                    on_change.run(Some(o));
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    let send_note = move |_| {
        let text = note.get_untracked();
        if let Err(e) = Note::parse(&text) {
            error.set(Some(frontend::i18n::input_error(t, e)));
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match api.note(id, text).await {
                Ok(o) => {
                    note.set(String::new());
                    on_change.run(Some(o));
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card order-tools">
            {triage.then(|| view! {
                <h3>{w.triage_title}</h3>
                <p class="hint">{w.triage_hint}</p>
                <div class="chips wrap triage" role="group" aria-label=w.triage_title>
                    {Track::ALL.iter().map(|tr| {
                        let tr = *tr;
                        view! {
                            <button type="button" class="chip" class:active=track == Some(tr)
                                aria-pressed=(track == Some(tr)).to_string() data-track=tr.as_str()
                                disabled=busy on:click=move |_| send_track(tr)>{(t.track_name)(tr)}</button>
                        }
                    }).collect_view()}
                </div>
            })}
            <label for="order-note">{w.meeting_note}</label>
            <textarea id="order-note" rows="2" maxlength="500" placeholder=w.note_hint prop:value=note
                on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="button" class="button secondary" data-do="note" disabled=busy on:click=send_note>{w.add_note}</button>
        </section>
    }
}
