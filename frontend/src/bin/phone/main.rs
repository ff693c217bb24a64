//! The phone app, at `/`: residents, volunteers and unit members — home, the
//! three order forms, my orders, the wish wall, the task hall, my tasks,
//! points and the supermarket, the inbox and me. Made for phones and WeChat's
//! web-view: the first screen comes fast.

mod pages;

use frontend::components::shell::Shell;
use frontend::pages::{account, hat, inbox, login, me, not_found, order};
use frontend::paths::Side;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Routes};
use leptos_router::path;
use pages::*;

fn main() {
    frontend::app::start(Side::Phone, routes);
}

/// The phone app's routes. Paths are the `paths` constants' literals (`path!`
/// takes literals only); every signed-in page is a child of the shell.
fn routes() -> AnyView {
    view! {
        <Routes fallback=|| ()>
            <Route path=path!("/login") view=login::LoginPage />
            <Route path=path!("/hat") view=hat::HatPage />
            <Route path=path!("/register") view=register::RegisterPage />
            <Route path=path!("/waiting") view=waiting::WaitingPage />
            <ParentRoute path=path!("") view=Shell>
                <Route path=path!("") view=home::HomePage />
                <Route path=path!("new/:kind") view=new_order::NewOrderPage />
                <Route path=path!("wall") view=wall::WallPage />
                <Route path=path!("orders/mine") view=my_orders::MyOrdersPage />
                <Route path=path!("orders/:id") view=order::OrderPage />
                <Route path=path!("tasks") view=tasks::TaskHallPage />
                <Route path=path!("tasks/mine") view=tasks::MyTasksPage />
                <Route path=path!("points") view=points::PointsPage />
                <Route path=path!("me") view=me::MePage />
                <Route path=path!("account") view=account::AccountPage />
                <Route path=path!("report") view=report::ReportPage />
                <Route path=path!("inbox") view=inbox::InboxPage />
                <Route path=path!("*any") view=not_found::NotFound />
            </ParentRoute>
        </Routes>
    }
    .into_any()
}
