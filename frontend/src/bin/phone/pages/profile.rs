//! A volunteer's own profile (双向画像): what they can do (picked from the
//! suggestions or typed), what they bring, whether they take orders now, their
//! home grid and how many open orders they take at once. The committee's
//! dispatch ranks by it.

use frontend::api::Api;
use frontend::components::states::{error_text, loaded, Load};
use frontend::components::toast::use_toasts;
use frontend::i18n::use_i18n;
use leptos::prelude::*;
use shared::api::{VolunteerProfile, MAX_OPEN_LIMIT, SUGGESTED_SKILLS};
use shared::GridId;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let session = expect_context::<frontend::session::Session>();
    let community = session.user().and_then(|u| u.community).map(|c| c.id);
    let data = Load::new(move || async move {
        let profile = api.profile().await?;
        // The grids of the volunteer's community, to choose a home grid from.
        let grids: Vec<(GridId, String)> = api
            .places()
            .await
            .map(|p| {
                p.districts
                    .into_iter()
                    .flat_map(|d| d.streets)
                    .flat_map(|s| s.communities)
                    .filter(|c| Some(c.id) == community)
                    .flat_map(|c| c.grids)
                    .map(|g| (g.id, g.name))
                    .collect()
            })
            .unwrap_or_default();
        Ok((profile, grids))
    });
    view! {
        <h1>{t.my_profile}</h1>
        <p class="muted">{t.profile_hint}</p>
        {move || loaded(data.get(), Callback::new(move |_| data.refetch()), |(profile, grids)| {
            view! { <ProfileForm profile=profile grids=grids /> }.into_any()
        })}
    }
}

#[component]
fn ProfileForm(profile: VolunteerProfile, grids: Vec<(GridId, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    // Suggested skills are toggled; the rest are typed, separated by commas.
    let chosen = RwSignal::new(
        profile
            .skills
            .iter()
            .filter(|s| SUGGESTED_SKILLS.contains(&s.as_str()))
            .cloned()
            .collect::<Vec<_>>(),
    );
    let own = RwSignal::new(
        profile
            .skills
            .iter()
            .filter(|s| !SUGGESTED_SKILLS.contains(&s.as_str()))
            .cloned()
            .collect::<Vec<_>>()
            .join("，"),
    );
    let background = RwSignal::new(profile.background.clone().unwrap_or_default());
    let available = RwSignal::new(profile.available);
    let grid = RwSignal::new(profile.grid_id);
    let max_open = RwSignal::new(profile.max_open);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let toggle = move |s: &'static str| {
        chosen.update(|c| {
            if let Some(i) = c.iter().position(|x| x == s) {
                c.remove(i);
            } else {
                c.push(s.to_string());
            }
        })
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut skills = chosen.get_untracked();
        skills.extend(
            own.get_untracked()
                .split([',', '，', '、'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from),
        );
        let p = VolunteerProfile {
            skills,
            background: Some(background.get_untracked()).filter(|b| !b.trim().is_empty()),
            available: available.get_untracked(),
            grid_id: grid.get_untracked(),
            max_open: max_open.get_untracked(),
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match api.put_profile(&p).await {
                Ok(_) => toasts.success(t.profile_saved),
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card form profile-form" on:submit=save novalidate>
            <label class="choice available">
                <input id="profile-available" type="checkbox" prop:checked=available
                    on:change=move |ev| available.set(event_target_checked(&ev)) />
                {t.taking_orders}
            </label>
            <span class="label" id="skills-label">{t.my_skills}</span>
            <div class="chips wrap" role="group" aria-labelledby="skills-label">
                {SUGGESTED_SKILLS.iter().map(|s| {
                    let s: &'static str = s;
                    view! {
                        <button type="button" class="chip" data-skill=s
                            class:active=move || chosen.with(|c| c.iter().any(|x| x == s))
                            aria-pressed=move || chosen.with(|c| c.iter().any(|x| x == s)).to_string()
                            on:click=move |_| toggle(s)>{s}</button>
                    }
                }).collect_view()}
            </div>
            <label for="profile-own">{t.other_skills}</label>
            <input id="profile-own" prop:value=own on:input=move |ev| own.set(event_target_value(&ev)) />
            <label for="profile-background">{t.background}</label>
            <textarea id="profile-background" rows="3" maxlength="500" prop:value=background
                on:input=move |ev| background.set(event_target_value(&ev))></textarea>
            <label for="profile-grid">{t.home_grid}</label>
            <select id="profile-grid" on:change=move |ev| grid.set(event_target_value(&ev).parse().ok().map(GridId))>
                <option value="" selected=grid.get_untracked().is_none()>{t.no_grid}</option>
                {grids.into_iter().map(|(id, name)| view! {
                    <option value=id.0 selected=grid.get_untracked() == Some(id)>{name}</option>
                }).collect_view()}
            </select>
            <label for="profile-max">{t.max_open_label}</label>
            <div class="stepper">
                <button type="button" class="button secondary" aria-label="−"
                    on:click=move |_| max_open.update(|m| *m = (*m - 1).max(1))>"−"</button>
                <output id="profile-max" aria-live="polite">{max_open}</output>
                <button type="button" class="button secondary" aria-label="+"
                    on:click=move |_| max_open.update(|m| *m = (*m + 1).min(MAX_OPEN_LIMIT))>"+"</button>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary block" disabled=busy>{t.save}</button>
        </form>
    }
}
