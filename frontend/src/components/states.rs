use crate::api::ApiError;
use crate::i18n::{use_i18n, Strings};
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    view! {
        <div class="state state-loading" aria-busy="true">
            <span class="spinner"></span>
            {t.loading}
        </div>
    }
}

#[component]
pub fn Empty(
    #[prop(into)] message: Signal<String>,
    #[prop(optional, into)] action: Option<(String, String)>,
) -> impl IntoView {
    view! {
        <div class="state state-empty">
            <p>{move || message.get()}</p>
            {action
                .filter(|(href, _)| !href.is_empty())
                .map(|(href, label)| view! { <a class="button" href=href>{label}</a> })}
        </div>
    }
}

/// What went wrong, in words, and a retry.
#[component]
pub fn ErrorState(error: ApiError, retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let code = error.code;
    view! {
        <div class="state state-error" role="alert">
            <p>{(t.error)(code)}</p>
            <button class="button secondary" on:click=move |_| retry.run(())>{t.retry}</button>
        </div>
    }
}

/// The message a failed call shows to a person. Takes the strings rather than
/// looking them up, because it runs in async tasks outside any component.
pub fn error_text(t: &Strings, error: &ApiError) -> String {
    (t.error)(error.code).to_string()
}

/// The one match every view of loaded data needs: a spinner while loading, the
/// error in words with a retry, or the view of what arrived.
pub fn loaded<T>(
    state: Option<Result<T, ApiError>>,
    retry: Callback<()>,
    ready: impl FnOnce(T) -> AnyView,
) -> AnyView {
    match state {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <ErrorState error=e retry=retry /> }.into_any(),
        Some(Ok(v)) => ready(v),
    }
}
