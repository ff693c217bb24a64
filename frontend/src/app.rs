//! Routes only: every signed-in page is a child of the shell that checks the session.

use crate::api::Api;
use crate::components::shell::Shell;
use crate::components::toast::{ToastView, Toasts};
use crate::i18n::{I18n, Lang};
use crate::pages::*;
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
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
    provide_context(crate::components::shell::Unread(RwSignal::new(0)));
    provide_context(crate::components::live::Live(RwSignal::new(None)));
    provide_context(crate::components::wechat::Moment(RwSignal::new(None)));

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
/// literals only); every link elsewhere uses the constants. Every signed-in
/// page is a child of the shell (top bar, tabs, the guard that sends strangers
/// to sign in), which stays mounted while its `Outlet` changes page.
#[component]
fn AppRoutes() -> impl IntoView {
    view! {
            <Routes fallback=|| ()>
                <Route path=path!("/login") view=login::LoginPage />
                <Route path=path!("/hat") view=hat::HatPage />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=home::HomePage />
                    <Route path=path!("new/:kind") view=new_order::NewOrderPage />
                    <Route path=path!("wall") view=wall::WallPage />
                    <Route path=path!("orders/mine") view=my_orders::MyOrdersPage />
                    <Route path=path!("orders/:id") view=order::OrderPage />
                    <Route path=path!("tasks") view=tasks::TaskHallPage />
                    <Route path=path!("tasks/mine") view=tasks::MyTasksPage />
                    <Route path=path!("points") view=points::PointsPage />
                    <Route path=path!("desk") view=|| view! { <desk::DeskPage all=false /> } />
                    <Route path=path!("desk/all") view=|| view! { <desk::DeskPage all=true /> } />
                    <Route path=path!("escalated") view=|| view! { <desk::DeskPage all=true escalated=true /> } />
                    <Route path=path!("stats") view=stats::StatsPage />
                    <Route path=path!("me") view=me::MePage />
                    <Route path=path!("catalogue") view=catalogue::CataloguePage />
                    <Route path=path!("calendar") view=calendar::CalendarPage />
                    <Route path=path!("inbox") view=inbox::InboxPage />
                    <Route path=path!("*any") view=not_found::NotFound />
                </ParentRoute>
            </Routes>
    }
}
