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

/// What a page loads from the server: `None` until the first answer, then the
/// latest one (kept while a reload is under way, so a list never blanks).
/// It loads again whenever a signal `fetch` reads changes, or on
/// [`Load::refetch`]; an answer overtaken by a newer request is dropped. A
/// lean stand-in for `LocalResource`, whose async machinery cost about 3 KB of
/// wasm per use.
pub struct Load<T: 'static> {
    state: RwSignal<Option<Result<T, ApiError>>>,
    again: Trigger,
}

impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Load<T> {}

impl<T: Clone + Send + Sync + 'static> Load<T> {
    pub fn new<F>(fetch: impl Fn() -> F + 'static) -> Load<T>
    where
        F: std::future::Future<Output = Result<T, ApiError>> + 'static,
    {
        let state = RwSignal::new(None);
        let again = Trigger::new();
        let latest = std::rc::Rc::new(std::cell::Cell::new(0u32));
        Effect::new(move |_| {
            again.track();
            let answer = fetch();
            let n = latest.get().wrapping_add(1);
            latest.set(n);
            let latest = latest.clone();
            leptos::task::spawn_local(async move {
                let answer = answer.await;
                if latest.get() == n {
                    // The page may be gone by now: then nothing to show.
                    let _ = state.try_set(Some(answer));
                }
            });
        });
        Load { state, again }
    }

    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.state.get()
    }

    pub fn with<R>(&self, f: impl FnOnce(&Option<Result<T, ApiError>>) -> R) -> R {
        self.state.with(f)
    }

    /// Shows this answer now (one the server gave back to an action).
    pub fn set(&self, answer: Option<Result<T, ApiError>>) {
        self.state.set(answer)
    }

    pub fn refetch(&self) {
        self.again.notify()
    }
}
