//! 系统对接: the keys partner systems connect with — the 12345 hotline
//! (signed pushes in, results back to its callback) and Open311 clients — made
//! by the committee for its community or by an admin for a street or the
//! district, each key shown once; and the hotline's spreadsheet imported by
//! the committee: every row checked first, then the good ones placed at once.

use frontend::api::Api;
use frontend::components::states::{error_text, loaded, Empty, Load};
use frontend::components::toast::use_toasts;
use frontend::i18n::{fill, use_i18n};
use leptos::prelude::*;
use shared::api::{HotlineImportPreview, NewPartner, NewPartnerKey, Partner, PartnerScope};
use shared::{PartnerId, PartnerKind, Role};
use wasm_bindgen::JsCast;

#[component]
pub fn PartnersPage() -> impl IntoView {
    let i18n = use_i18n();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let roles = expect_context::<frontend::session::Session>()
        .user()
        .map(|u| u.roles)
        .unwrap_or_default();
    let committee = roles.contains(&Role::Committee);
    let admin = roles.contains(&Role::Admin);
    let keys = Load::new(move || api.partners());
    let fresh = RwSignal::new(None::<NewPartnerKey>);
    view! {
        <h1>{w.partners}</h1>
        <p class="muted">{w.partners_hint}</p>
        <NewKey admin=admin made=Callback::new(move |k| { fresh.set(Some(k)); keys.refetch(); }) />
        {move || fresh.get().map(|k| view! {
            <section class="card fresh-key" role="status" data-testid="fresh-key">
                <h2>{w.key_shown_once}</h2>
                <p>{w.key_label} " " <code data-testid="key">{k.key}</code></p>
                {k.secret.map(|s| view! { <p>{w.secret_label} " " <code data-testid="secret">{s}</code></p> })}
                <button class="button secondary" on:click=move |_| fresh.set(None)>{w.key_copied}</button>
            </section>
        })}
        {move || loaded(keys.get(), Callback::new(move |()| keys.refetch()), move |list| {
            if list.is_empty() {
                return view! { <Empty message=w.no_keys.to_string() /> }.into_any();
            }
            view! { <KeyTable keys=list revoked=Callback::new(move |()| keys.refetch()) /> }.into_any()
        })}
        {committee.then(|| view! { <HotlineImport /> })}
    }
}

/// A new key: its name, what it is for, where results go (the hotline's),
/// its rate and, for an admin, which street (or the district).
#[component]
fn NewKey(admin: bool, made: Callback<NewPartnerKey>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(PartnerKind::Hotline);
    let callback = RwSignal::new(String::new());
    let rate = RwSignal::new("60".to_string());
    let street = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let streets = Load::new(move || async move {
        if !admin {
            return Ok(Vec::new());
        }
        let places = api.places().await?;
        Ok(places
            .districts
            .into_iter()
            .flat_map(|d| d.streets)
            .map(|s| (s.id, s.name))
            .collect::<Vec<_>>())
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(rate) = rate.get_untracked().trim().parse::<u32>() else {
            error.set(Some(w.rate_whole_number.to_string()));
            return;
        };
        let req = NewPartner {
            name: name.get_untracked(),
            kind: kind.get_untracked(),
            callback_url: Some(callback.get_untracked()).filter(|c| !c.trim().is_empty()),
            street_id: street.get_untracked().parse().ok().map(shared::StreetId),
            rate_per_minute: Some(rate),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.create_partner(&req).await {
                Ok(k) => {
                    name.set(String::new());
                    callback.set(String::new());
                    error.set(None);
                    made.run(k);
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card form" on:submit=submit novalidate data-testid="new-key">
            <h2>{w.new_key}</h2>
            <label for="key-name">{w.key_name}</label>
            <input id="key-name" maxlength="40" placeholder="12345热线" prop:value=name
                on:input=move |ev| name.set(event_target_value(&ev)) />
            <label for="key-kind">{w.key_kind}</label>
            <select id="key-kind" on:change=move |ev| {
                kind.set(PartnerKind::parse(&event_target_value(&ev)).unwrap_or(PartnerKind::Hotline))
            }>
                <option value="hotline">{w.kind_hotline}</option>
                <option value="open311">{w.kind_open311}</option>
            </select>
            <Show when=move || kind.get() == PartnerKind::Hotline>
                <label for="key-callback">{w.callback_url}</label>
                <input id="key-callback" type="url" inputmode="url" placeholder="https://" prop:value=callback
                    on:input=move |ev| callback.set(event_target_value(&ev)) />
            </Show>
            <label for="key-rate">{w.rate_per_minute}</label>
            <input id="key-rate" type="number" min="1" max="6000" inputmode="numeric" prop:value=rate
                on:input=move |ev| rate.set(event_target_value(&ev)) />
            {admin.then(|| view! {
                <label for="key-street">{w.key_scope}</label>
                <select id="key-street" on:change=move |ev| street.set(event_target_value(&ev))>
                    <option value="">{w.whole_district}</option>
                    {move || streets.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|(id, n)| view! {
                        <option value=id.0.to_string()>{n}</option>
                    }).collect_view()}
                </select>
            })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary" disabled=busy>{w.new_key}</button>
        </form>
    }
}

fn scope_name(s: &PartnerScope) -> String {
    match s {
        PartnerScope::Community(c) => c.name.clone(),
        PartnerScope::Street(s) => s.name.clone(),
        PartnerScope::District(d) => d.name.clone(),
    }
}

/// The keys: what each is, where it serves, its rate, last use and orders;
/// revoking asks once more.
#[component]
fn KeyTable(keys: Vec<Partner>, revoked: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let asking = RwSignal::new(None::<PartnerId>);
    let revoke = move |id: PartnerId| {
        leptos::task::spawn_local(async move {
            match api.revoke_partner(id).await {
                Ok(()) => {
                    toasts.success(w.key_revoked.to_string());
                    revoked.run(());
                }
                Err(e) => toasts.error(error_text(t, &e)),
            }
            asking.set(None);
        });
    };
    let lang = i18n.lang();
    view! {
        <div class="card table-card">
            <table class="table partner-keys">
                <thead><tr>
                    <th>{w.key_name}</th><th>{w.key_kind}</th><th>{w.key_scope}</th><th>{w.key_label}</th>
                    <th>{w.rate_per_minute}</th><th>{w.last_used}</th><th>{w.col_orders}</th><th></th>
                </tr></thead>
                <tbody>
                    {keys.into_iter().map(|k| {
                        let id = k.id;
                        let live = k.revoked_at.is_none();
                        view! {
                            <tr data-key=id.0 class:muted=!live>
                                <td>{k.name}</td>
                                <td>{match k.kind { PartnerKind::Hotline => w.kind_hotline, PartnerKind::Open311 => w.kind_open311 }}</td>
                                <td>{scope_name(&k.scope)}</td>
                                <td><code>{k.key_prefix} "…"</code></td>
                                <td class="num">{k.rate_per_minute}</td>
                                <td>{k.last_used_at.map(|at| frontend::format::datetime(&at, lang)).unwrap_or_else(|| "—".into())}</td>
                                <td class="num">{k.orders}</td>
                                <td class="actions">
                                    {if live {
                                        view! {
                                            <Show when=move || asking.get() == Some(id)
                                                fallback=move || view! {
                                                    <button class="button secondary" data-action="revoke" on:click=move |_| asking.set(Some(id))>{w.revoke}</button>
                                                }>
                                                <button class="button danger" data-confirm="revoke" on:click=move |_| revoke(id)>{w.revoke_sure}</button>
                                            </Show>
                                        }.into_any()
                                    } else {
                                        view! { <span class="badge">{w.key_revoked}</span> }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The hotline's spreadsheet: pick the file, read each row's verdict, then
/// place the good ones.
#[component]
fn HotlineImport() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let preview = RwSignal::new(None::<HotlineImportPreview>);
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
            match api.import_hotline(&file).await {
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
            match api.commit_hotline_import(id).await {
                Ok(r) => {
                    preview.set(None);
                    toasts.success(
                        w.hotline_imported
                            .replace("{a}", &r.created.to_string())
                            .replace("{b}", &r.existing.to_string()),
                    );
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card roster-import hotline-import">
            <h2>{w.hotline_import}</h2>
            <p class="muted">{w.hotline_import_hint}</p>
            <label class="button secondary">
                {w.choose_file}
                <input id="hotline-file" type="file" accept=".csv,.xlsx" class="visually-hidden" on:change=pick />
            </label>
            {move || busy.get().then(|| view! { <p class="muted" role="status">{t.loading}</p> })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || preview.get().map(|p| {
                let new = p.rows.iter().filter(|r| r.ok && !r.existing).count();
                let bad = p.rows.iter().filter(|r| !r.ok).count();
                view! {
                    <p class="import-summary" role="status">
                        {w.rows_good_bad.replace("{a}", &new.to_string()).replace("{b}", &bad.to_string())}
                    </p>
                    <div class="table-card">
                        <table class="table import-rows">
                            <thead><tr><th>{w.col_row}</th><th>{w.hotline_number}</th><th>{w.col_problem}</th></tr></thead>
                            <tbody>
                                {p.rows.into_iter().map(|r| view! {
                                    <tr class:bad=!r.ok data-row=r.row>
                                        <td>{r.row}</td>
                                        <td>{r.hotline_number.unwrap_or_default()}</td>
                                        <td>{match (r.error, r.existing) {
                                            (Some(e), _) => e,
                                            (None, true) => w.already_here.to_string(),
                                            (None, false) => "✓".to_string(),
                                        }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <div class="form-actions">
                        <button class="button secondary" on:click=move |_| preview.set(None)>{w.cancel}</button>
                        <button class="button primary" data-action="commit-hotline" disabled=move || busy.get() || new == 0 on:click=commit>
                            {fill(w.import_n, new)}
                        </button>
                    </div>
                }
            })}
        </section>
    }
}
