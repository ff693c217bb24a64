//! Bulk dispatch on the desk: the orders ticked in the table go each to its
//! best candidate (shown before anything is sent) or all to one assignee; each
//! is dispatched in its own transaction, and what failed is said order by order.

use frontend::api::Api;
use frontend::components::states::{error_text, Load};
use frontend::components::toast::use_toasts;
use frontend::i18n::{fill, use_i18n, Lang};
use leptos::prelude::*;
use shared::api::{AssigneeRef, BulkDispatch, BulkItem, PlannedDispatch};
use shared::OrderId;

/// The orders ticked on the desk: id and how the table shows it (number, title).
#[derive(Clone, Copy)]
pub struct Selection(pub RwSignal<Vec<(OrderId, String)>>);

impl Selection {
    pub fn has(self, id: OrderId) -> bool {
        self.0.with(|s| s.iter().any(|(i, _)| *i == id))
    }

    pub fn toggle(self, id: OrderId, label: String) {
        self.0
            .update(|s| match s.iter().position(|(i, _)| *i == id) {
                Some(at) => {
                    s.remove(at);
                }
                None => s.push((id, label)),
            });
    }
}

/// An assignee as an `<option value>`.
fn key(who: AssigneeRef) -> String {
    match who {
        AssigneeRef::Unit(u) => format!("u{u}"),
        AssigneeRef::Volunteer(v) => format!("v{v}"),
    }
}

#[component]
pub fn BulkBar(selection: Selection) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let session = expect_context::<frontend::session::Session>();
    let community = session.user().and_then(|u| u.community).map(|c| c.id);
    let plan = RwSignal::new(None::<Vec<PlannedDispatch>>);
    let one = RwSignal::new(None::<AssigneeRef>);
    let busy = RwSignal::new(false);
    let failures = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<String>);
    // Whom "all to" offers: the community's units and volunteers.
    let everyone = Load::new(move || async move {
        let Some(c) = community else {
            return Ok(Vec::new());
        };
        let mut all: Vec<(AssigneeRef, String)> = api
            .units(c)
            .await?
            .into_iter()
            .map(|u| (AssigneeRef::Unit(u.id), u.name))
            .collect();
        all.extend(
            api.volunteers(c)
                .await?
                .into_iter()
                .map(|v| (AssigneeRef::Volunteer(v.id), v.name)),
        );
        Ok(all)
    });
    let label_of = move |id: OrderId| {
        selection
            .0
            .with_untracked(|s| s.iter().find(|(i, _)| *i == id).map(|(_, l)| l.clone()))
            .unwrap_or_else(|| id.to_string())
    };
    let send = move |items: Vec<BulkItem>| {
        busy.set(true);
        error.set(None);
        failures.set(Vec::new());
        leptos::task::spawn_local(async move {
            match api.bulk_dispatch(&BulkDispatch { items, note: None }).await {
                Ok(outcome) => {
                    let done = outcome.iter().filter(|o| o.ok).count();
                    if done > 0 {
                        toasts.success(fill(w.bulk_done, done));
                    }
                    failures.set(
                        outcome
                            .iter()
                            .filter(|o| !o.ok)
                            .map(|o| {
                                format!(
                                    "{}：{}",
                                    label_of(o.order_id),
                                    o.error.clone().unwrap_or_default()
                                )
                            })
                            .collect(),
                    );
                    // What went stays unticked; what failed stays ticked.
                    selection.0.update(|s| {
                        s.retain(|(id, _)| outcome.iter().any(|o| o.order_id == *id && !o.ok))
                    });
                    plan.set(None);
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    let to_best = move |_| {
        let ids: Vec<OrderId> = selection
            .0
            .with_untracked(|s| s.iter().map(|(i, _)| *i).collect());
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match api.dispatch_plan(ids).await {
                Ok(p) => plan.set(Some(p)),
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    let confirm_plan = move |_| {
        let items: Vec<BulkItem> = plan
            .get_untracked()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| {
                p.best.map(|b| BulkItem {
                    order_id: p.order_id,
                    assignee: b.who(),
                })
            })
            .collect();
        if items.is_empty() {
            error.set(Some(w.nobody_free.to_string()));
            return;
        }
        send(items);
    };
    let all_to = move |_| {
        let Some(who) = one.get_untracked() else {
            error.set(Some(w.choose_one.to_string()));
            return;
        };
        let items = selection.0.with_untracked(|s| {
            s.iter()
                .map(|(id, _)| BulkItem {
                    order_id: *id,
                    assignee: who,
                })
                .collect()
        });
        send(items);
    };
    let english = i18n.lang() == Lang::En;
    view! {
        <Show when=move || !selection.0.with(Vec::is_empty) || !failures.with(Vec::is_empty)>
        <section class="card bulk-bar" aria-live="polite">
            <strong class="bulk-count">{move || fill(w.selected_n, selection.0.with(Vec::len))}</strong>
            <div class="bulk-actions">
                <button type="button" class="button primary" data-do="to-best" disabled=move || busy.get() || selection.0.with(Vec::is_empty) on:click=to_best>{w.to_best}</button>
                <span class="field-pair">
                    <label class="inline-label" for="bulk-one">{w.all_to}</label>
                    <select id="bulk-one" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        one.set(everyone.get().and_then(Result::ok).unwrap_or_default().into_iter()
                            .find(|(who, _)| key(*who) == v).map(|(who, _)| who));
                    }>
                        <option value="">{w.choose_one}</option>
                        {move || everyone.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|(who, name)| view! {
                            <option value=key(who)>{name}</option>
                        }).collect_view()}
                    </select>
                    <button type="button" class="button secondary" data-do="all-to" disabled=busy on:click=all_to>{w.confirm_bulk}</button>
                </span>
                <button type="button" class="button quiet" on:click=move |_| { selection.0.set(Vec::new()); plan.set(None); failures.set(Vec::new()); }>{w.clear_selection}</button>
            </div>
            {move || plan.get().map(|p| view! {
                <div class="bulk-plan" role="dialog" aria-label=w.to_best>
                    <ul>
                        {p.into_iter().map(|item| {
                            let label = label_of(item.order_id);
                            view! {
                                <li data-order-id=item.order_id.0>
                                    <span>{label}</span> " → "
                                    {match item.best {
                                        Some(b) => view! { <strong class="bulk-who">{b.name.clone()}</strong> " " <span class="muted">{b.line(english)}</span> }.into_any(),
                                        None => view! { <span class="muted">{w.nobody_free}</span> }.into_any(),
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <div class="panel-buttons">
                        <button type="button" class="button secondary" on:click=move |_| plan.set(None)>{t.cancel_dialog}</button>
                        <button type="button" class="button primary" data-confirm="bulk" disabled=busy on:click=confirm_plan>{w.confirm_bulk}</button>
                    </div>
                </div>
            })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || (!failures.with(Vec::is_empty)).then(|| view! {
                <div class="bulk-failures" role="alert">
                    <p>{w.bulk_failed}</p>
                    <ul>{failures.get().into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
                </div>
            })}
        </section>
        </Show>
    }
}
