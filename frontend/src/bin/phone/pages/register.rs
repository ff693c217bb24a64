//! A newcomer registers as a resident: one question a screen, large and plain
//! (many are elderly), then the privacy terms in plain words. The answer signs
//! them in, and they wait for the committee (`waiting.rs`).

use frontend::api::Api;
use frontend::components::states::error_text;
use frontend::i18n::{fill, use_i18n};
use frontend::paths;
use frontend::session::Session;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::{CommunityNode, RegisterRequest};
use shared::input::{Password, PersonName, Phone};
use shared::{BuildingId, CommunityId};

/// The communities of the tree, with their buildings, to choose from.
fn communities(p: shared::api::Places) -> Vec<CommunityNode> {
    p.districts
        .into_iter()
        .flat_map(|d| d.streets)
        .flat_map(|s| s.communities)
        .collect()
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    let step = RwSignal::new(1u8);
    let phone = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let community = RwSignal::new(None::<CommunityId>);
    let building = RwSignal::new(None::<BuildingId>);
    let room = RwSignal::new(String::new());
    let agreed = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let places = RwSignal::new(Vec::<CommunityNode>::new());
    leptos::task::spawn_local(async move {
        match api.places().await {
            Ok(p) => places.set(communities(p)),
            Err(e) => error.set(Some(error_text(t, &e))),
        }
    });
    let nav = navigate.clone();
    Effect::new(move |_| {
        if session.signed_in() {
            paths::go(paths::WAITING, &nav, true);
        }
    });

    // What is wrong with this step's answer, if anything.
    let problem = move |s: u8| -> Option<&'static str> {
        match s {
            1 => Phone::parse(&phone.get()).err().map(|_| t.phone_invalid),
            2 => PersonName::parse(&name.get())
                .err()
                .map(|_| t.name_required),
            3 => Password::parse_new(&password.get())
                .err()
                .map(|_| t.password_short),
            4 => community.get().is_none().then_some(t.community_required),
            6 => (!agreed.get()).then_some(t.agree_required),
            _ => None,
        }
    };
    let send = move || {
        let req = RegisterRequest {
            phone: phone.get_untracked().trim().to_string(),
            password: Some(password.get_untracked()),
            registration_token: None,
            name: name.get_untracked().trim().to_string(),
            community_id: community.get_untracked().unwrap_or(CommunityId(0)),
            building_id: building.get_untracked(),
            room: Some(room.get_untracked()).filter(|r| !r.trim().is_empty()),
            consent: true,
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.register(&req).await {
                Ok(tokens) => session.sign_in(tokens),
                // The generic words for a conflict speak of orders.
                Err(e) if e.code == shared::ErrorCode::Conflict => {
                    error.set(Some(t.phone_taken.to_string()))
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = step.get_untracked();
        if let Some(p) = problem(s) {
            error.set(Some(p.to_string()));
            return;
        }
        error.set(None);
        if s == 6 {
            send();
        } else {
            step.set(s + 1);
        }
    };
    let buildings = move || {
        let c = community.get();
        places.with(|ps| {
            ps.iter()
                .filter(|p| Some(p.id) == c)
                .flat_map(|p| p.grids.iter().flat_map(|g| g.buildings.clone()))
                .collect::<Vec<_>>()
        })
    };
    let question = move || {
        match step.get() {
        1 => view! {
            <label for="reg-phone">{t.ask_phone}</label>
            <input id="reg-phone" type="tel" inputmode="numeric" autocomplete="tel" maxlength="11"
                prop:value=phone on:input=move |ev| phone.set(event_target_value(&ev)) />
        }
        .into_any(),
        2 => view! {
            <label for="reg-name">{t.ask_name}</label>
            <input id="reg-name" autocomplete="name" maxlength="20"
                prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
        }
        .into_any(),
        3 => view! {
            <label for="reg-password">{t.ask_password}</label>
            <input id="reg-password" type="password" autocomplete="new-password"
                prop:value=password on:input=move |ev| password.set(event_target_value(&ev)) />
        }
        .into_any(),
        4 => view! {
            <fieldset class="choices">
                <legend>{t.ask_community}</legend>
                {move || places.get().into_iter().map(|c| {
                    let id = c.id;
                    view! {
                        <label class="choice">
                            <input type="radio" name="community" data-name=c.name.clone()
                                prop:checked=move || community.get() == Some(id)
                                on:change=move |_| { community.set(Some(id)); building.set(None); } />
                            {c.name}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        }
        .into_any(),
        5 => view! {
            <label for="reg-building">{t.ask_home}</label>
            <select id="reg-building" on:change=move |ev| building.set(event_target_value(&ev).parse().ok().map(BuildingId))>
                <option value="">{t.skip_building}</option>
                {move || buildings().into_iter().map(|b| view! {
                    <option value=b.id.0 selected=move || building.get() == Some(b.id)>{b.name}</option>
                }).collect_view()}
            </select>
            <label for="reg-room">{t.room}</label>
            <input id="reg-room" maxlength="20" prop:value=room on:input=move |ev| room.set(event_target_value(&ev)) />
        }
        .into_any(),
        _ => view! {
            <h2>{t.privacy_title}</h2>
            <p class="privacy">{t.privacy_text}</p>
            <label class="choice">
                <input id="reg-agree" type="checkbox" prop:checked=agreed
                    on:change=move |ev| agreed.set(event_target_checked(&ev)) />
                {t.agree}
            </label>
        }
        .into_any(),
    }
    };
    view! {
        <div class="login register">
            <h1>{t.register_title}</h1>
            <p class="muted" aria-live="polite">{move || fill(t.step_n, step.get())}</p>
            <form class="card form" on:submit=next novalidate>
                {question}
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <div class="form-actions">
                    {move || (step.get() > 1).then(|| view! {
                        <button type="button" class="button secondary" on:click=move |_| { error.set(None); step.update(|s| *s -= 1); }>{t.step_back}</button>
                    })}
                    <button type="submit" class="button primary" disabled=busy>
                        {move || if step.get() == 6 { t.submit_register } else { t.next }}
                    </button>
                </div>
            </form>
            <p class="center"><a href=paths::login()>{t.sign_in}</a></p>
        </div>
    }
}
