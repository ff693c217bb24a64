//! Routes only: every page is wrapped in the shell that checks the session.

use crate::api::Api;
use crate::components::shell::Shell;
use crate::components::toast::{ToastView, Toasts};
use crate::i18n::{I18n, Lang};
use crate::pages::*;
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let lang = Lang::load();
    lang.save();
    let i18n = I18n(RwSignal::new(lang));
    provide_context(i18n);
    let session = Session::load();
    provide_context(session);
    provide_context(Api { session });
    provide_context(Toasts::new());

    view! {
        <Router>
            // Pages read their words once; a language switch re-mounts them.
            {move || {
                i18n.lang();
                view! { <AppRoutes /> }
            }}
        </Router>
        <ToastView />
    }
}

/// The route table. Paths are the `paths` constants' literals (`path!` takes
/// literals only); every link elsewhere uses the constants. Each signed-in
/// page is wrapped in the shell here rather than nested under a parent route:
/// `ParentRoute` + `Outlet` was measured at +2.6 KB gzipped, past the budget.
#[component]
fn AppRoutes() -> impl IntoView {
    view! {
            <Routes fallback=|| view! { <Shell><not_found::NotFound /></Shell> }>
                <Route path=path!("/login") view=login::LoginPage />
                <Route path=path!("/hat") view=hat::HatPage />
                <Route path=path!("/") view=|| view! { <Shell><home::HomePage /></Shell> } />
                <Route path=path!("/new/:kind") view=|| view! { <Shell><new_order::NewOrderPage /></Shell> } />
                <Route path=path!("/wall") view=|| view! { <Shell><wall::WallPage /></Shell> } />
                <Route path=path!("/orders/mine") view=|| view! { <Shell><my_orders::MyOrdersPage /></Shell> } />
                <Route path=path!("/orders/:id") view=|| view! { <Shell><order::OrderPage /></Shell> } />
                <Route path=path!("/tasks") view=|| view! { <Shell><tasks::TaskHallPage /></Shell> } />
                <Route path=path!("/tasks/mine") view=|| view! { <Shell><tasks::MyTasksPage /></Shell> } />
                <Route path=path!("/points") view=|| view! { <Shell><points::PointsPage /></Shell> } />
                <Route path=path!("/desk") view=|| view! { <Shell><desk::DeskPage all=false /></Shell> } />
                <Route path=path!("/desk/all") view=|| view! { <Shell><desk::DeskPage all=true /></Shell> } />
                <Route path=path!("/stats") view=|| view! { <Shell><stats::StatsPage /></Shell> } />
                <Route path=path!("/me") view=|| view! { <Shell><me::MePage /></Shell> } />
            </Routes>
    }
}
