//! Places: the district's streets and communities (the admin's), and each
//! community's grids and buildings (its committee's too). Each level adds
//! its children by name; a name taken among siblings is said so.

use frontend::api::Api;
use frontend::components::states::{error_text, loaded, Load};
use frontend::components::toast::use_toasts;
use frontend::i18n::use_i18n;
use leptos::prelude::*;
use shared::Role;

/// Where a new place goes: the path it is posted to and what it is called.
#[derive(Clone)]
struct Under {
    path: String,
    label: &'static str,
    /// For a community: the street it is on.
    street: Option<i32>,
}

#[component]
pub fn PlacesPage() -> impl IntoView {
    let i18n = use_i18n();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let session = expect_context::<frontend::session::Session>();
    let admin = session
        .user()
        .is_some_and(|u| u.roles.contains(&Role::Admin));
    let tree = Load::new(move || async move { api.places().await });
    let again = Callback::new(move |()| tree.refetch());
    view! {
        <h1>{w.places}</h1>
        <p class="muted">{w.places_hint}</p>
        {move || loaded(tree.get(), again, move |p| {
            view! {
                <ul class="places">
                    {p.districts.into_iter().map(|d| view! {
                        <li>
                            <strong>{d.name}</strong>
                            {admin.then(|| view! { <AddPlace under=Under { path: "/streets".into(), label: w.add_street, street: None } done=again /> })}
                            <ul>
                                {d.streets.into_iter().map(|s| view! {
                                    <li data-place="street">
                                        {if admin { view! { <Rename path=format!("/streets/{}", s.id) name=s.name done=again /> }.into_any() } else { view! { <span>{s.name}</span> }.into_any() }}
                                        {admin.then(|| view! { <AddPlace under=Under { path: "/communities".into(), label: w.add_community, street: Some(s.id.0) } done=again /> })}
                                        <ul>
                                            {s.communities.into_iter().map(|c| view! {
                                                <li data-place="community">
                                                    {if admin { view! { <Rename path=format!("/communities/{}", c.id) name=c.name.clone() done=again /> }.into_any() } else { view! { <span>{c.name.clone()}</span> }.into_any() }}
                                                    <AddPlace under=Under { path: format!("/communities/{}/grids", c.id), label: w.add_grid, street: None } done=again />
                                                    {admin.then(|| view! { <Appoint community=c.id /> })}
                                                    <ul>
                                                        {c.grids.into_iter().map(|g| view! {
                                                            <li data-place="grid">
                                                                <Rename path=format!("/grids/{}", g.id) name=g.name done=again />
                                                                {g.buildings.into_iter().map(|b| view! {
                                                                    <Rename path=format!("/buildings/{}", b.id) name=b.name done=again />
                                                                }).collect_view()}
                                                                <AddPlace under=Under { path: format!("/grids/{}/buildings", g.id), label: w.add_building, street: None } done=again />
                                                            </li>
                                                        }).collect_view()}
                                                    </ul>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        })}
    }
}

/// A name and an add button under a place.
#[component]
fn AddPlace(under: Under, done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let label = under.label;
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let under = under.clone();
        let n = name.get_untracked();
        leptos::task::spawn_local(async move {
            match api.add_place(&under.path, n.clone(), under.street).await {
                Ok(()) => {
                    name.set(String::new());
                    error.set(None);
                    toasts.success(n);
                    done.run(());
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    view! {
        <form class="add-place" on:submit=add novalidate>
            <input aria-label=label placeholder=label maxlength="40" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
            <button type="submit" class="button secondary">{"+"}</button>
            {move || error.get().map(|e| view! { <span class="form-error" role="alert">{e}</span> })}
        </form>
    }
}

/// The admin appoints a community's committee member by phone; a new account
/// comes with a reset code to pass on.
#[component]
fn Appoint(community: shared::CommunityId) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let phone = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let said = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = shared::api::NewCommitteeMember {
            phone: phone.get_untracked(),
            name: name.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api.appoint(community, &req).await {
                Ok(a) => {
                    error.set(None);
                    said.set(Some(match a.reset_code {
                        Some(c) => format!(
                            "{} · {}",
                            a.member.name,
                            frontend::i18n::fill(w.code_is, c.code)
                        ),
                        None => a.member.name,
                    }));
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    view! {
        <form class="add-place appoint" on:submit=add novalidate>
            <input aria-label=t.phone placeholder=w.committee_phone inputmode="numeric" maxlength="11" prop:value=phone on:input=move |ev| phone.set(event_target_value(&ev)) />
            <input aria-label=w.col_name placeholder=w.col_name maxlength="20" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
            <button type="submit" class="button secondary">{w.appoint}</button>
            {move || said.get().map(|s| view! { <span class="reset-code" role="status">{s}</span> })}
            {move || error.get().map(|e| view! { <span class="form-error" role="alert">{e}</span> })}
        </form>
    }
}

/// A place's name, which becomes a field to rename it when pressed.
#[component]
fn Rename(path: String, name: String, done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let editing = RwSignal::new(false);
    let value = RwSignal::new(name.clone());
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let path = path.clone();
        leptos::task::spawn_local(async move {
            match api.rename_place(&path, value.get_untracked()).await {
                Ok(()) => {
                    editing.set(false);
                    done.run(());
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    view! {
        <Show when=move || editing.get() fallback=move || view! {
            <button type="button" class="place-name" title=w.rename on:click=move |_| editing.set(true)>{name.clone()}</button>
        }>
            <form class="add-place rename" on:submit=save.clone() novalidate>
                <input aria-label=w.rename maxlength="40" prop:value=value on:input=move |ev| value.set(event_target_value(&ev)) />
                <button type="submit" class="button secondary">{t.save}</button>
                {move || error.get().map(|e| view! { <span class="form-error" role="alert">{e}</span> })}
            </form>
        </Show>
    }
}
