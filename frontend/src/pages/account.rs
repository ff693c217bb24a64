//! One's own account, in either app: a new password (the other sessions end)
//! and leaving — the account deleted, with what that means said plainly.

use crate::api::Api;
use crate::components::states::error_text;
use crate::components::toast::use_toasts;
use crate::i18n::use_i18n;
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::input::Password;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let session = expect_context::<Session>();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let old = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let confirm = RwSignal::new(String::new());
    let leave_error = RwSignal::new(None::<String>);
    let change = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if Password::parse_new(&new.get_untracked()).is_err() {
            error.set(Some(t.password_short.to_string()));
            return;
        }
        busy.set(true);
        let (o, n) = (old.get_untracked(), new.get_untracked());
        leptos::task::spawn_local(async move {
            match api.change_password(o, n).await {
                Ok(()) => {
                    error.set(None);
                    old.set(String::new());
                    new.set(String::new());
                    toasts.success(t.password_changed);
                }
                // The server refuses a wrong current password as invalid input.
                Err(e) if e.code == shared::ErrorCode::ValidationFailed => {
                    error.set(Some(t.wrong_password.to_string()))
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    let nav = navigate.clone();
    let leave = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let password = confirm.get_untracked();
        let nav = nav.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api.leave(password).await {
                Ok(()) => {
                    session.clear();
                    crate::paths::go(&crate::paths::login(), &nav, true);
                }
                Err(e) if e.code == shared::ErrorCode::ValidationFailed => {
                    leave_error.set(Some(t.wrong_password.to_string()))
                }
                Err(e) => leave_error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    view! {
        <h1>{t.account}</h1>
        <form class="card form" on:submit=change novalidate>
            <h2>{t.change_password}</h2>
            <label for="old-password">{t.current_password}</label>
            <input id="old-password" type="password" autocomplete="current-password"
                prop:value=old on:input=move |ev| old.set(event_target_value(&ev)) />
            <label for="new-password">{t.new_password}</label>
            <input id="new-password" type="password" autocomplete="new-password"
                prop:value=new on:input=move |ev| new.set(event_target_value(&ev)) />
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary" disabled=busy>{t.save}</button>
        </form>
        <form class="card form leave" on:submit=leave novalidate>
            <h2>{t.delete_account}</h2>
            <p>{t.delete_account_text}</p>
            <label for="leave-password">{t.current_password}</label>
            <input id="leave-password" type="password" autocomplete="current-password"
                prop:value=confirm on:input=move |ev| confirm.set(event_target_value(&ev)) />
            {move || leave_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button danger" data-action="delete-account" disabled=busy>{t.delete_account}</button>
        </form>
    }
}
