use crate::api::Api;
use crate::components::states::error_text;
use crate::i18n::{use_i18n, Lang};
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use shared::input::{Password, Phone};

#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    view! {
        <div class="lang-switch" role="group" aria-label=t.language>
            <button class="chip" class:active=move || i18n.lang() == Lang::Zh on:click=move |_| i18n.set(Lang::Zh)>"中文"</button>
            <button class="chip" class:active=move || i18n.lang() == Lang::En on:click=move |_| i18n.set(Lang::En)>"English"</button>
        </div>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    // What was typed before the app arrived (the first screen of index.html).
    let first = use_context::<crate::app::FirstScreen>().unwrap_or_default();
    let phone = RwSignal::new(first.phone.clone());
    let password = RwSignal::new(first.password.clone());
    let touched = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The demo password is shown only by a server that runs the demo.
    let demo = RwSignal::new(false);
    leptos::task::spawn_local(async move { demo.set(api.info().await.is_ok_and(|i| i.demo)) });

    // Already signed in: go home.
    let nav = navigate.clone();
    Effect::new(move |_| {
        if session.signed_in() {
            let to = session
                .hat()
                .map_or_else(crate::paths::hat, |h| h.home().to_string());
            crate::paths::go(&to, &nav, true);
        }
    });

    let phone_error =
        move || (touched.get() && Phone::parse(&phone.get()).is_err()).then_some(t.phone_invalid);
    let password_error = move || {
        (touched.get() && Password::parse(&password.get()).is_err()).then_some(t.password_required)
    };

    let send = move || {
        touched.set(true);
        if busy.get_untracked() || phone_error().is_some() || password_error().is_some() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (p, pw) = (
            phone.get_untracked().trim().to_string(),
            password.get_untracked(),
        );
        leptos::task::spawn_local(async move {
            match api.login(p, pw).await {
                Ok(tokens) => session.sign_in(tokens),
                Err(e) => error.set(Some(error_text(t, &e))),
            }
            busy.set(false);
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send();
    };
    // 登录 was pressed before the app arrived: sign in now.
    if first.submitted && !session.signed_in() {
        send();
    }

    view! {
        <div class="login">
            <LangSwitch />
            <div class="login-brand">
                <h1>{t.app_name}</h1>
                <p class="muted">{t.tagline}</p>
            </div>
            {move || session.expired().then(|| view! { <p class="form-notice" role="status">{t.session_expired}</p> })}
            <form class="card form" on:submit=submit novalidate>
                <label for="phone">{t.phone}</label>
                <input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="username" maxlength="11"
                    prop:value=phone on:input=move |ev| phone.set(event_target_value(&ev))
                    aria-invalid=move || phone_error().is_some().to_string() />
                <p class="field-error">{phone_error}</p>
                <label for="password">{t.password}</label>
                <input id="password" name="password" type="password" autocomplete="current-password"
                    prop:value=password on:input=move |ev| password.set(event_target_value(&ev))
                    aria-invalid=move || password_error().is_some().to_string() />
                <p class="field-error">{password_error}</p>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button primary block" disabled=busy>
                    {move || if busy.get() { t.signing_in } else { t.sign_in }}
                </button>
            </form>
            <p class="center"><a class="register-link" href=crate::paths::REGISTER>{t.register_link}</a></p>
            {move || demo.get().then(|| view! { <p class="muted center" data-testid="demo-hint">{t.demo_hint}</p> })}
        </div>
    }
}
