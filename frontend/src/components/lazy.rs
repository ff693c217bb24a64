//! Screens fetched when first opened, for both apps: each app marks its lazy
//! routes with [`lazy_screens!`], and `scripts/split-app` cuts their code out
//! of the app's main wasm into a module of its own, fetched the first time the
//! screen is opened (and prefetched once the app has started). While a
//! screen's code comes, the spinner; when the line fails, the error in words
//! with a retry — the app stays up. (Leptos' own `Lazy<T>` routes cannot fail
//! softly: a failed fetch panics, and with `panic = "abort"` the whole app
//! stops. Hence `fallible` and `lazily`.)

use crate::api::ApiError;
use crate::components::states::loaded;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;

/// A route's view that fetches its screen's code, then shows the screen.
pub fn lazily<F>(load: fn() -> F) -> AnyView
where
    F: Future<Output = Result<AnyView, SplitLoaderError>> + 'static,
{
    let screen = StoredValue::new_local(None::<AnyView>);
    let state = RwSignal::new(None::<Result<(), ApiError>>);
    let owner = Owner::current().unwrap_or_default();
    let fetch = move || {
        state.set(None);
        // Scoped to this route's owner (a retry's click has none of its own):
        // the screen is built with the route's context, and forgotten if the
        // route is left before its code has come.
        owner.with(|| {
            spawn_local_scoped_with_cancellation(async move {
                let answer = match load().await {
                    Ok(view) => {
                        screen.set_value(Some(view));
                        Ok(())
                    }
                    Err(e) => Err(ApiError::network(e)),
                };
                state.set(Some(answer));
            })
        });
    };
    fetch();
    let retry = Callback::new(move |()| fetch());
    (move || {
        loaded(state.get(), retry, |()| {
            screen
                .try_update_value(Option::take)
                .flatten()
                .unwrap_or_else(|| ().into_any())
        })
    })
    .into_any()
}

/// One split module per screen: `$split` names it, `$route` is the route's
/// view (`view=$route`) and `$page` the page component it shows.
#[macro_export]
macro_rules! lazy_screens {
    ($($route:ident, $split:ident => $page:expr;)*) => {$(
        pub fn $route() -> ::leptos::prelude::AnyView {
            #[::leptos::wasm_split::wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn screen() -> Result<
                ::leptos::prelude::AnyView,
                ::leptos::wasm_split::SplitLoaderError,
            > {
                Ok(::leptos::prelude::IntoAny::into_any($page()))
            }
            $crate::components::lazy::lazily(screen)
        }
    )*};
}
