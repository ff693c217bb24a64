//! The committee's people: find them by name or phone, see their roles and
//! standing, deactivate or reactivate, hand out a reset code; and import a
//! grid's roster (CSV or Excel) — each row's problem shown before anything is
//! written, then the good rows in one go.

use frontend::api::Api;
use frontend::components::states::{error_text, loaded, Empty, Load};
use frontend::components::toast::use_toasts;
use frontend::i18n::{fill, use_i18n};
use leptos::prelude::*;
use shared::api::{ImportPreview, PersonPatch, PersonRow};
use wasm_bindgen::JsCast;

#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let q = RwSignal::new(String::new());
    // The community's grids, for making someone a grid worker of one.
    let grids = Grids(RwSignal::new(Vec::new()));
    provide_context(grids);
    leptos::task::spawn_local(async move {
        if let Ok(p) = api.places().await {
            let all = p
                .districts
                .into_iter()
                .flat_map(|d| d.streets)
                .flat_map(|s| s.communities)
                .flat_map(|c| c.grids)
                .map(|g| (g.id, g.name))
                .collect();
            grids.0.set(all);
        }
    });
    let people = Load::new(move || {
        let words = q.get();
        async move { api.people(&words).await }
    });
    view! {
        <h1>{w.people}</h1>
        <RosterImport done=Callback::new(move |()| people.refetch()) />
        <section class="people">
            <h2>{w.people_list}</h2>
            <input class="search" type="search" placeholder=w.people_search
                prop:value=q on:input=move |ev| q.set(event_target_value(&ev)) />
            {move || loaded(people.get(), Callback::new(move |()| people.refetch()), move |page| {
                if page.items.is_empty() {
                    return view! { <Empty message=w.no_people.to_string() /> }.into_any();
                }
                view! {
                    <table class="table people-table">
                        <thead><tr><th>{w.col_name}</th><th>{t.phone}</th><th>{w.col_roles}</th><th>{w.col_home}</th><th></th></tr></thead>
                        <tbody>
                            {page.items.into_iter().map(|p| view! { <PersonLine person=p done=Callback::new(move |()| people.refetch()) /> }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            })}
        </section>
    }
}

#[component]
fn PersonLine(person: PersonRow, done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let code = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let id = person.id;
    let active = person.active;
    let toggle = move |_| {
        leptos::task::spawn_local(async move {
            let patch = PersonPatch {
                active: Some(!active),
                ..Default::default()
            };
            match api.patch_person(id, &patch).await {
                Ok(_) => done.run(()),
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    let reset = move |_| {
        leptos::task::spawn_local(async move {
            match api.reset_code(id).await {
                Ok(c) => code.set(Some(c.code)),
                Err(e) => toasts.error(error_text(t, &e)),
            }
        });
    };
    // Volunteer or not, keeping the other roles the committee grants (and a
    // grid worker's grid); a committee member's and a unit's staff are not
    // the committee's to send.
    let held = person.roles.clone();
    let grid = person.grid.as_ref().map(|g| g.id);
    let volunteer = held.contains(&shared::Role::Volunteer);
    let toggle_volunteer = move |_| {
        let mut roles: Vec<shared::Role> = held
            .iter()
            .copied()
            .filter(|r| matches!(r, shared::Role::Resident | shared::Role::GridWorker))
            .collect();
        if !volunteer {
            roles.push(shared::Role::Volunteer);
        }
        leptos::task::spawn_local(async move {
            let patch = PersonPatch {
                roles: Some(roles),
                grid_id: grid,
                ..Default::default()
            };
            match api.patch_person(id, &patch).await {
                Ok(_) => done.run(()),
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    // A grid worker of a grid, or no longer.
    let held_gw = person.roles.clone();
    let grid_worker = held_gw.contains(&shared::Role::GridWorker);
    let chosen = RwSignal::new(None::<shared::GridId>);
    let toggle_grid_worker = move |_| {
        let mut roles: Vec<shared::Role> = held_gw
            .iter()
            .copied()
            .filter(|r| matches!(r, shared::Role::Resident | shared::Role::Volunteer))
            .collect();
        let grid_id = if grid_worker {
            None
        } else {
            let Some(g) = chosen.get_untracked() else {
                error.set(Some(w.choose_grid.to_string()));
                return;
            };
            roles.push(shared::Role::GridWorker);
            Some(g)
        };
        leptos::task::spawn_local(async move {
            let patch = PersonPatch {
                roles: Some(roles),
                grid_id,
                ..Default::default()
            };
            match api.patch_person(id, &patch).await {
                Ok(_) => done.run(()),
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    let grids = expect_context::<Grids>().0;
    let audit = RwSignal::new(None::<Vec<shared::api::AuditEntry>>);
    let show_audit = move |_| {
        leptos::task::spawn_local(async move {
            match api.person_audit(id).await {
                Ok(a) => audit.set(Some(a)),
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    let roles = person
        .roles
        .iter()
        .map(|r| (t.role)(*r))
        .chain(person.pending.iter().map(|_| w.waiting_role))
        .collect::<Vec<_>>()
        .join("、");
    let home = [person.building.map(|b| b.name), person.room]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    view! {
        <tr data-person=id.0 class:inactive=!active>
            <td>{person.name}</td>
            <td>{person.phone}</td>
            <td>{roles}</td>
            <td>{home}</td>
            <td class="person-actions">
                <button class="button secondary" data-action="reset-code" on:click=reset>{w.reset_code}</button>
                <button class="button secondary" data-action="toggle-volunteer" on:click=toggle_volunteer>
                    {if volunteer { w.not_volunteer } else { w.make_volunteer }}
                </button>
                {(!grid_worker).then(|| view! {
                    <select class="grid-choice" aria-label=w.choose_grid on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok().map(shared::GridId))>
                        <option value="">{w.choose_grid}</option>
                        {move || grids.get().into_iter().map(|(g, n)| view! { <option value=g.0>{n}</option> }).collect_view()}
                    </select>
                })}
                <button class="button secondary" data-action="toggle-grid-worker" on:click=toggle_grid_worker>
                    {if grid_worker { w.not_grid_worker } else { w.make_grid_worker }}
                </button>
                <button class="button secondary" data-action="audit" on:click=show_audit>{w.audit}</button>
                <button class="button secondary" data-action="toggle-active" on:click=toggle>
                    {if active { w.deactivate } else { w.reactivate }}
                </button>
                {move || code.get().map(|c| view! { <p class="reset-code" role="status">{fill(w.code_is, c)}</p> })}
                {move || audit.get().map(|entries| view! {
                    <ul class="audit">
                        {entries.into_iter().map(|e| view! {
                            <li>
                                {frontend::format::datetime(&e.at, i18n.lang())}" · "{(w.audit_action)(e.action)}
                                {e.actor.map(|a| format!(" · {}", a.name))}
                                {e.detail.map(|d| format!(" · {d}"))}
                            </li>
                        }).collect_view()}
                    </ul>
                })}
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            </td>
        </tr>
    }
}

/// Import a roster: pick the file, read each row's verdict, then commit.
#[component]
fn RosterImport(done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let preview = RwSignal::new(None::<ImportPreview>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match api.import_roster(&file).await {
                Ok(p) => preview.set(Some(p)),
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    let commit = move |_| {
        let Some(id) = preview.with_untracked(|p| p.as_ref().map(|p| p.id)) else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.commit_import(id).await {
                Ok(r) => {
                    preview.set(None);
                    toasts.success(two(w.imported_n, r.created, r.existing));
                    done.run(());
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card roster-import">
            <h2>{w.import_roster}</h2>
            <p class="muted">{w.import_hint}</p>
            <label class="button secondary">
                {w.choose_file}
                <input id="roster-file" type="file" accept=".csv,.xlsx" class="visually-hidden" on:change=pick />
            </label>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || preview.get().map(|p| {
                let good = p.rows.iter().filter(|r| r.ok).count();
                let bad = p.rows.len() - good;
                view! {
                    <p class="import-summary" role="status">{two(w.rows_good_bad, good, bad)}</p>
                    <table class="table import-rows">
                        <thead><tr><th>{w.col_row}</th><th>{w.col_name}</th><th>{w.col_problem}</th></tr></thead>
                        <tbody>
                            {p.rows.into_iter().map(|r| view! {
                                <tr class:bad=!r.ok data-row=r.row>
                                    <td>{r.row}</td>
                                    <td>{r.name.unwrap_or_default()}</td>
                                    <td>{r.error.unwrap_or_else(|| "✓".into())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <div class="form-actions">
                        <button class="button secondary" on:click=move |_| preview.set(None)>{w.cancel}</button>
                        <button class="button primary" data-action="commit-import" disabled=move || busy.get() || good == 0 on:click=commit>
                            {fill(w.import_n, good)}
                        </button>
                    </div>
                }
            })}
        </section>
    }
}

/// A template with two numbers, `{a}` and `{b}`.
fn two(template: &str, a: impl std::fmt::Display, b: impl std::fmt::Display) -> String {
    template
        .replace("{a}", &a.to_string())
        .replace("{b}", &b.to_string())
}

/// The community's grids, by id and name.
#[derive(Clone, Copy)]
struct Grids(RwSignal<Vec<(shared::GridId, String)>>);
