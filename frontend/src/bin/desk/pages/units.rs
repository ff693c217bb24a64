//! Member units (报到单位) and their staff: register a unit with its kind and
//! skills (资源清单), add staff by phone — a new phone becomes an account that
//! sets its password with a reset code from the people page — and remove them.
//! Below them, the volunteers' own profiles (双向画像), as dispatch ranks them.

use frontend::api::Api;
use frontend::components::states::{error_text, loaded, Empty, Load};
use frontend::components::toast::use_toasts;
use frontend::i18n::use_i18n;
use leptos::prelude::*;
use shared::api::{NewUnitMember, UnitInput};
use shared::UnitId;

/// The kinds a unit can be, as the server names them.
const KINDS: [&str; 4] = ["government", "company", "property", "social_org"];

#[component]
pub fn UnitsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let session = expect_context::<frontend::session::Session>();
    let community = session.user().and_then(|u| u.community).map(|c| c.id);
    let units = Load::new(move || async move {
        match community {
            Some(c) => api.units(c).await,
            None => Ok(Vec::new()),
        }
    });
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(KINDS[0].to_string());
    let skills = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = UnitInput {
            name: Some(name.get_untracked()),
            kind: Some(kind.get_untracked()),
            skills: Some(split(&skills.get_untracked())),
        };
        leptos::task::spawn_local(async move {
            match api.create_unit(&req).await {
                Ok(u) => {
                    name.set(String::new());
                    skills.set(String::new());
                    error.set(None);
                    toasts.success(u.name);
                    units.refetch();
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    view! {
        <h1>{w.units}</h1>
        <form class="card form" on:submit=add novalidate>
            <h2>{w.new_unit}</h2>
            <label for="unit-name">{w.unit_name}</label>
            <input id="unit-name" maxlength="40" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
            <label for="unit-kind">{w.unit_kind}</label>
            <select id="unit-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                {KINDS.iter().map(|k| view! { <option value=*k>{(w.kind_name)(k)}</option> }).collect_view()}
            </select>
            <label for="unit-skills">{w.unit_skills}</label>
            <input id="unit-skills" prop:value=skills on:input=move |ev| skills.set(event_target_value(&ev)) />
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary">{w.new_unit}</button>
        </form>
        {move || loaded(units.get(), Callback::new(move |()| units.refetch()), move |list| {
            if list.is_empty() {
                return view! { <Empty message=w.no_units.to_string() /> }.into_any();
            }
            list.into_iter().map(|u| view! {
                <section class="card unit" data-unit=u.id.0>
                    <h2>{u.name}</h2>
                    <p class="muted">{(w.kind_name)(&u.kind)}</p>
                    <EditSkills unit=u.id skills=u.skills.join("，") />
                    <Staff unit=u.id />
                </section>
            }).collect_view().into_any()
        })}
        {community.map(|c| view! { <Volunteers community=c /> })}
    }
}

/// The community's volunteers as they describe themselves: skills, grid,
/// background, whether they take orders now and how many at once.
#[component]
fn Volunteers(community: shared::CommunityId) -> impl IntoView {
    let i18n = use_i18n();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let list = Load::new(move || api.volunteers(community));
    view! {
        <h2>{w.volunteer_profiles}</h2>
        {move || loaded(list.get(), Callback::new(move |()| list.refetch()), move |vs| {
            if vs.is_empty() {
                return view! { <Empty message=w.no_volunteers.to_string() /> }.into_any();
            }
            view! {
                <ul class="card volunteer-profiles">
                    {vs.into_iter().map(|v| view! {
                        <li data-volunteer=v.id.0>
                            <strong>{v.name}</strong>
                            {v.grid.map(|g| view! { " · " <span>{g}</span> })}
                            " · " <span class:muted=!v.available>{if v.available { w.taking_orders_now } else { w.not_taking_orders }}</span>
                            " · " <span>{frontend::i18n::fill(w.at_most_n, v.max_open)}</span>
                            <p class="muted">{v.skills.join(" · ")}</p>
                            {v.background.map(|b| view! { <p>{b}</p> })}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}

fn split(s: &str) -> Vec<String> {
    s.split([',', '，', '、', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// A unit's staff, with add by phone and remove.
#[component]
fn Staff(unit: UnitId) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let staff = Load::new(move || async move { api.unit_members(unit).await });
    let phone = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = NewUnitMember {
            phone: phone.get_untracked(),
            name: name.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api.add_unit_member(unit, &req).await {
                Ok(_) => {
                    phone.set(String::new());
                    name.set(String::new());
                    error.set(None);
                    staff.refetch();
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    view! {
        {move || loaded(staff.get(), Callback::new(move |()| staff.refetch()), move |list| {
            view! {
                <ul class="staff">
                    {list.into_iter().map(|m| {
                        let id = m.id;
                        view! {
                            <li>
                                {m.name}" "<span class="muted">{m.phone}</span>
                                {(!m.can_sign_in).then(|| view! { <span class="badge">{w.no_password_yet}</span> })}
                                <button class="button quiet" data-action="remove-staff" on:click=move |_| {
                                    leptos::task::spawn_local(async move {
                                        match api.remove_unit_member(unit, id).await {
                                            Ok(()) => staff.refetch(),
                                            Err(e) => error.set(Some(error_text(t, &e))),
                                        }
                                    });
                                }>{w.remove}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        })}
        <form class="add-place add-staff" on:submit=add novalidate>
            <input aria-label=t.phone placeholder=t.phone inputmode="numeric" maxlength="11" prop:value=phone on:input=move |ev| phone.set(event_target_value(&ev)) />
            <input aria-label=w.col_name placeholder=w.col_name maxlength="20" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
            <button type="submit" class="button secondary">{w.add_staff}</button>
        </form>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
    }
}

/// A unit's skills (资源清单), edited in place.
#[component]
fn EditSkills(unit: UnitId, skills: String) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let value = RwSignal::new(skills);
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = UnitInput {
            skills: Some(split(&value.get_untracked())),
            ..Default::default()
        };
        leptos::task::spawn_local(async move {
            match api.update_unit(unit, &req).await {
                Ok(u) => {
                    error.set(None);
                    toasts.success(u.name);
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    view! {
        <form class="add-place unit-skills" on:submit=save novalidate>
            <input aria-label=w.unit_skills placeholder=w.unit_skills prop:value=value on:input=move |ev| value.set(event_target_value(&ev)) />
            <button type="submit" class="button secondary">{t.save}</button>
            {move || error.get().map(|e| view! { <span class="form-error" role="alert">{e}</span> })}
        </form>
    }
}
