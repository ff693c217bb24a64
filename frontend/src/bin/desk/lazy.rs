//! The desk's lazy pages: every page but the sign-in and the dispatch desk
//! (the first page after it) is cut out of the main wasm by
//! `scripts/split-app` and fetched the first time it is opened, so that the
//! desk starts with only its shell and list, and a new page costs its own
//! module, not every user's first download (see
//! `frontend::components::lazy`).

use crate::pages::*;
use frontend::lazy_screens;
use frontend::pages::{account, hat, inbox, me, order};

lazy_screens! {
    hat_screen, hat => hat::HatPage;
    stats_screen, stats => stats::StatsPage;
    catalogue_screen, catalogue => catalogue::CataloguePage;
    calendar_screen, calendar => calendar::CalendarPage;
    approvals_screen, approvals => approvals::ApprovalsPage;
    people_screen, people => people::PeoplePage;
    places_screen, places => places::PlacesPage;
    units_screen, units => units::UnitsPage;
    supermarket_screen, supermarket => supermarket::SupermarketPage;
    partners_screen, partners => partners::PartnersPage;
    proxy_screen, proxy => proxy::ProxyOrderPage;
    order_screen, order => order::OrderPage;
    me_screen, me => me::MePage;
    account_screen, account => account::AccountPage;
    inbox_screen, inbox => inbox::InboxPage;
}
