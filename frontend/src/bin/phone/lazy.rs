//! The phone app's lazy screens: every screen but home and the sign-in is cut
//! out of the main wasm by `scripts/split-phone` and fetched the first time it
//! is opened (a few KB on a phone's line), so that a resident's first screen
//! waits only for the shell. While a screen's code comes, the spinner; when the
//! line fails, the error in words with a retry — the app stays up. (Leptos'
//! own `Lazy<T>` routes cannot fail softly: a failed fetch panics, and with
//! `panic = "abort"` the whole app stops. Hence `fallible` and `lazily`.)

use crate::pages::*;
use frontend::api::ApiError;
use frontend::components::states::loaded;
use frontend::pages::{account, hat, inbox, me, order};
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use std::future::Future;

/// A route's view that fetches its screen's code, then shows the screen.
fn lazily<F>(load: fn() -> F) -> AnyView
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
macro_rules! lazy_screens {
    ($($route:ident, $split:ident => $page:expr;)*) => {$(
        pub fn $route() -> AnyView {
            #[wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn screen() -> Result<AnyView, SplitLoaderError> {
                Ok($page().into_any())
            }
            lazily(screen)
        }
    )*};
}

lazy_screens! {
    register_screen, register => register::RegisterPage;
    waiting_screen, waiting => waiting::WaitingPage;
    hat_screen, hat => hat::HatPage;
    new_order_screen, new_order => new_order::NewOrderPage;
    wall_screen, wall => wall::WallPage;
    my_orders_screen, my_orders => my_orders::MyOrdersPage;
    order_screen, order => order::OrderPage;
    task_hall_screen, task_hall => tasks::TaskHallPage;
    my_tasks_screen, my_tasks => tasks::MyTasksPage;
    points_screen, points => points::PointsPage;
    me_screen, me => me::MePage;
    account_screen, account => account::AccountPage;
    report_screen, report => report::ReportPage;
    profile_screen, profile => profile::ProfilePage;
    inbox_screen, inbox => inbox::InboxPage;
    board_screen, board => board::BoardPage;
}
