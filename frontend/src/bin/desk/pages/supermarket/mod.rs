//! The committee's points supermarket (积分超市): reservations handed over by
//! the code the resident shows, or cancelled; the shelf (rewards donated by
//! units and merchants, with stock and a picture, on or off the shelf); and
//! points awarded for community work, withdrawn by a compensating entry.

mod awards;
mod reservations;
mod shelf;

use frontend::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn SupermarketPage() -> impl IntoView {
    let w = crate::words::of(use_i18n().lang());
    view! {
        <h1>{w.supermarket}</h1>
        <reservations::Reservations />
        <shelf::Shelf />
        <awards::Awards />
    }
}
