//! The phone app, at `/`: residents, volunteers and unit members — home, the
//! three order forms, my orders, the wish wall, the task hall, my tasks,
//! points and the supermarket, the inbox and me. Made for phones and WeChat's
//! web-view: the first screen comes fast.

mod lazy;
mod pages;

use frontend::components::shell::Shell;
use frontend::pages::{login, not_found};
use frontend::paths::Side;
use lazy::*;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Routes};
use leptos_router::path;
use pages::home;

fn main() {
    frontend::app::start(Side::Phone, routes);
}

/// The phone app's routes. Paths are the `paths` constants' literals (`path!`
/// takes literals only); every signed-in page is a child of the shell. Home and
/// the sign-in come with the app; every other screen is a lazy route, its code
/// fetched when it is first opened (see `lazy`).
fn routes() -> AnyView {
    view! {
        <Routes fallback=|| ()>
            <Route path=path!("/login") view=login::LoginPage />
            <Route path=path!("/hat") view=hat_screen />
            <Route path=path!("/register") view=register_screen />
            <Route path=path!("/waiting") view=waiting_screen />
            <Route path=path!("/board/:id") view=board_screen />
            <ParentRoute path=path!("") view=Shell>
                <Route path=path!("") view=home::HomePage />
                <Route path=path!("new/:kind") view=new_order_screen />
                <Route path=path!("wall") view=wall_screen />
                <Route path=path!("orders/mine") view=my_orders_screen />
                <Route path=path!("orders/:id") view=order_screen />
                <Route path=path!("tasks") view=task_hall_screen />
                <Route path=path!("tasks/mine") view=my_tasks_screen />
                <Route path=path!("points") view=points_screen />
                <Route path=path!("me") view=me_screen />
                <Route path=path!("account") view=account_screen />
                <Route path=path!("report") view=report_screen />
                <Route path=path!("profile") view=profile_screen />
                <Route path=path!("inbox") view=inbox_screen />
                <Route path=path!("*any") view=not_found::NotFound />
            </ParentRoute>
        </Routes>
    }
    .into_any()
}
