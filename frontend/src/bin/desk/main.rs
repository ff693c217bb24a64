//! The desk, at `/desk/`: the committee, grid workers, street officers and
//! admins — the dispatch desk, all orders, escalated orders, figures, the
//! service catalogue, the holiday calendar, the inbox and me. Made for long
//! lists, tables and figures on a desktop, still usable on a phone.

mod lazy;
mod pages;
mod words;

use frontend::components::shell::Shell;
use frontend::pages::{login, not_found, order};
use frontend::paths::Side;
use lazy::*;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Routes};
use leptos_router::path;
use pages::*;

fn main() {
    frontend::app::start(Side::Desk, routes);
}

/// The desk's routes, all under `/desk` (the `paths` constants' literals).
fn routes() -> AnyView {
    // The order page's dispatch and reassign panels pick from these.
    provide_context(order::AssigneePicker(assignees::picker));
    // Triage and notes under an order's buttons.
    provide_context(order::OrderTools(triage::tools));
    view! {
        <Routes fallback=|| ()>
            <Route path=path!("/desk/login") view=login::LoginPage />
            <Route path=path!("/desk/hat") view=hat_screen />
            <ParentRoute path=path!("/desk") view=Shell>
                <Route path=path!("") view=|| view! { <desk::DeskPage all=false /> } />
                <Route path=path!("all") view=|| view! { <desk::DeskPage all=true /> } />
                <Route path=path!("escalated") view=|| view! { <desk::DeskPage all=true escalated=true /> } />
                <Route path=path!("stats") view=stats_screen />
                <Route path=path!("catalogue") view=catalogue_screen />
                <Route path=path!("calendar") view=calendar_screen />
                <Route path=path!("approvals") view=approvals_screen />
                <Route path=path!("people") view=people_screen />
                <Route path=path!("places") view=places_screen />
                <Route path=path!("units") view=units_screen />
                <Route path=path!("supermarket") view=supermarket_screen />
                <Route path=path!("partners") view=partners_screen />
                <Route path=path!("new") view=proxy_screen />
                <Route path=path!("orders/:id") view=order_screen />
                <Route path=path!("me") view=me_screen />
                <Route path=path!("account") view=account_screen />
                <Route path=path!("inbox") view=inbox_screen />
                <Route path=path!("*any") view=not_found::NotFound />
            </ParentRoute>
        </Routes>
    }
    .into_any()
}
