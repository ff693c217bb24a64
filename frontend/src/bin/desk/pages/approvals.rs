//! The committee's approvals: residents who registered, and in-service party
//! members who reported (双报到) — each approved, or rejected with a reason the
//! applicant reads — and how many have reported per work unit.

use frontend::api::Api;
use frontend::components::states::{error_text, loaded, Empty, Load};
use frontend::components::toast::use_toasts;
use frontend::i18n::{fill, use_i18n};
use leptos::prelude::*;

/// One application, as either list shows it.
#[derive(Clone)]
struct Row {
    id: i32,
    name: String,
    phone: String,
    /// Where they live, or their work unit and skills.
    about: String,
}

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let residents = Load::new(move || async move {
        let page = api.memberships().await?;
        Ok(page
            .items
            .into_iter()
            .map(|m| Row {
                id: m.id.0,
                name: m.person.name,
                phone: m.person.phone,
                about: [m.building.map(|b| b.name), m.room]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" "),
            })
            .collect::<Vec<_>>())
    });
    let members = Load::new(move || async move {
        let page = api.volunteer_applications().await?;
        Ok(page
            .items
            .into_iter()
            .map(|a| Row {
                id: a.id,
                name: a.person.name,
                phone: a.person.phone,
                about: [
                    Some(a.work_unit),
                    Some(a.skills.join("、")).filter(|s| !s.is_empty()),
                    a.party_member.then(|| w.party_member.to_string()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · "),
            })
            .collect::<Vec<_>>())
    });
    let summary = Load::new(move || async move { Ok(api.volunteer_summary().await?.items) });
    view! {
        <h1>{t.tab_approvals}</h1>
        <section class="approvals" data-list="memberships">
            <h2>{w.residents_applying}</h2>
            {move || loaded(residents.get(), Callback::new(move |()| residents.refetch()), move |rows| {
                rows_view(rows, "memberships", Callback::new(move |()| residents.refetch()))
            })}
        </section>
        <section class="approvals" data-list="volunteer-applications">
            <h2>{w.members_reporting}</h2>
            {move || loaded(members.get(), Callback::new(move |()| members.refetch()), move |rows| {
                rows_view(rows, "volunteer-applications", Callback::new(move |()| { members.refetch(); summary.refetch(); }))
            })}
        </section>
        <section class="approvals">
            <h2>{w.reported_by_unit}</h2>
            {move || loaded(summary.get(), Callback::new(move |()| summary.refetch()), move |items| {
                if items.is_empty() {
                    return view! { <Empty message=w.empty_applications.to_string() /> }.into_any();
                }
                view! {
                    <table class="table">
                        <thead><tr><th>{w.col_work_unit}</th><th>{w.col_reported}</th><th>{w.col_waiting}</th></tr></thead>
                        <tbody>
                            {items.into_iter().map(|r| view! {
                                <tr><td>{r.work_unit}</td><td>{r.reported}</td><td>{r.pending}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            })}
        </section>
    }
}

/// A list of applications with approve and reject (a reason first).
fn rows_view(rows: Vec<Row>, what: &'static str, done: Callback<()>) -> AnyView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    if rows.is_empty() {
        return view! { <Empty message=w.empty_applications.to_string() /> }.into_any();
    }
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    view! {
        <ul class="cards">
            {rows.into_iter().map(|r| {
                let reason = RwSignal::new(String::new());
                let rejecting = RwSignal::new(false);
                let busy = RwSignal::new(false);
                let error = RwSignal::new(None::<String>);
                let name = r.name.clone();
                let decide = move |why: Option<String>| {
                    let name = name.clone();
                    busy.set(true);
                    leptos::task::spawn_local(async move {
                        let rejected = why.is_some();
                        match api.decide(what, r.id, why).await {
                            Ok(()) => {
                                toasts.success(fill(if rejected { w.rejected_n } else { w.approved_n }, name));
                                done.run(());
                            }
                            Err(e) => error.set(Some(error_text(t, &e))),
                        }
                        busy.set(false);
                    });
                };
                let approve = decide.clone();
                let reject = decide.clone();
                view! {
                    <li class="card application" data-id=r.id>
                        <div class="application-who">
                            <strong>{r.name.clone()}</strong>
                            <span class="muted">{r.phone.clone()}</span>
                            <span>{r.about.clone()}</span>
                        </div>
                        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                        {move || if rejecting.get() {
                            let reject = reject.clone();
                            view! {
                                <form class="form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                                    ev.prevent_default();
                                    let why = reason.get_untracked();
                                    if why.trim().is_empty() { error.set(Some(w.reject_reason.to_string())); return; }
                                    reject(Some(why));
                                }>
                                    <label for=format!("reason-{what}-{}", r.id)>{w.reject_reason}</label>
                                    <input id=format!("reason-{what}-{}", r.id) class="reject-reason" maxlength="500"
                                        prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev)) />
                                    <div class="form-actions">
                                        <button type="button" class="button secondary" on:click=move |_| rejecting.set(false)>{t.back}</button>
                                        <button type="submit" class="button danger" data-confirm="reject" disabled=busy>{w.reject}</button>
                                    </div>
                                </form>
                            }
                            .into_any()
                        } else {
                            let approve = approve.clone();
                            view! {
                                <div class="form-actions">
                                    <button class="button secondary" data-action="reject" on:click=move |_| rejecting.set(true)>{w.reject}</button>
                                    <button class="button primary" data-action="approve" disabled=busy on:click=move |_| approve(None)>{w.approve}</button>
                                </div>
                            }
                            .into_any()
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
