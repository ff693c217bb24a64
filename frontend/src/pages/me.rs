use super::hat::hat_label;
use super::login::LangSwitch;
use crate::api::Api;
use crate::i18n::use_i18n;
use crate::session::{hats, Session};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::Role;

#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let session = expect_context::<Session>();
    let api = expect_context::<Api>();
    let navigate = use_navigate();
    // Refresh the balance and roles shown here.
    leptos::task::spawn_local(async move {
        if let Ok(me) = api.me().await {
            session.set_user(me);
        }
    });
    let user = move || session.user();
    let several_hats = move || user().is_some_and(|u| hats(&u.roles).len() > 1);
    let nav = navigate.clone();
    view! {
        <h1>{t.tab_me}</h1>
        {move || user().map(|u| {
            let roles = u.roles.clone();
            view! {
                <div class="card profile">
                    <h2 class="profile-name">{u.name.clone()}</h2>
                    <p class="muted">{u.phone.clone()}</p>
                    <dl>
                        <dt>{t.roles}</dt>
                        <dd>{move || roles.iter().map(|r| (t.role)(*r)).collect::<Vec<_>>().join(" · ")}</dd>
                        {u.community.clone().map(|c| view! { <dt>{t.community}</dt><dd>{c.name}</dd> })}
                        {u.unit.clone().map(|c| view! { <dt>{t.unit}</dt><dd>{c.name}</dd> })}
                        <dt>{t.points_balance}</dt>
                        <dd>{u.points_balance}</dd>
                        <dt>{t.current_hat}</dt>
                        <dd>{move || session.hat().map(|h| hat_label(h, t)).unwrap_or_default()}</dd>
                    </dl>
                </div>
            }
        })}
        <div class="card settings">
            <h2>{t.language}</h2>
            <LangSwitch />
        </div>
        {move || user().map(|u| {
            // The committee's and admin's settings are desk pages.
            let desk = crate::paths::side() == crate::paths::Side::Desk;
            let committee = desk && u.roles.contains(&Role::Committee);
            let admin = desk && u.roles.contains(&Role::Admin);
            view! {
                {committee.then(|| view! { <a class="button secondary block" href=crate::paths::PEOPLE>{t.people_desk}</a> })}
                {(committee || admin).then(|| view! { <a class="button secondary block" href=crate::paths::PLACES>{t.places_link}</a> })}
                {committee.then(|| view! { <a class="button secondary block" href=crate::paths::UNITS>{t.units_link}</a> })}
                {committee.then(|| view! { <a class="button secondary block" href=crate::paths::SUPERMARKET>{t.supermarket_link}</a> })}
                {committee.then(|| view! { <a class="button secondary block" href=crate::paths::CATALOGUE>{t.catalogue}</a> })}
                {(committee || admin).then(|| view! { <a class="button secondary block" href=crate::paths::PARTNERS>{t.partners_link}</a> })}
                {admin.then(|| view! { <a class="button secondary block" href=crate::paths::CALENDAR>{t.calendar}</a> })}
            }
        })}
        <a class="button secondary block" href=crate::paths::account()>{t.account}</a>
        {move || user().filter(|u| crate::paths::side() == crate::paths::Side::Phone && u.roles.contains(&Role::Volunteer)).map(|_| view! {
            <a class="button secondary block" href=crate::paths::PROFILE>{t.my_profile}</a>
        })}
        {(crate::paths::side() == crate::paths::Side::Phone).then(|| view! {
            <a class="button secondary block" href=crate::paths::REPORT>{t.report_as_member}</a>
        })}
        <Show when=several_hats>
            <a class="button secondary block" href=crate::paths::hat()>{t.switch_hat}</a>
        </Show>
        <button class="button danger block" on:click=move |_| {
            let nav = nav.clone();
            leptos::task::spawn_local(async move {
                api.logout().await;
                crate::paths::go(&crate::paths::login(), &nav, false);
            });
        }>{t.sign_out}</button>
    }
}
