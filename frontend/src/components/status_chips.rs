//! The status filter: a labelled row of chips, on the phone's lists and the desk.

use crate::i18n::use_i18n;
use leptos::prelude::*;
use shared::OrderStatus;

/// Status filter chips; `None` is "all".
#[component]
pub fn StatusChips(
    selected: RwSignal<Option<OrderStatus>>,
    /// The id of a visible label for the row; otherwise it is labelled invisibly.
    #[prop(optional)]
    labelled_by: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let chip = move |s: Option<OrderStatus>| {
        view! {
            <button class="chip" class:active=move || selected.get() == s aria-pressed=move || (selected.get() == s).to_string()
                data-status=s.map_or("all", |s| s.as_str())
                on:click=move |_| selected.set(s)>
                {move || match s { None => t.all, Some(s) => (t.status)(s) }}
            </button>
        }
    };
    view! {
        <div class="chips" role="group" aria-label=labelled_by.is_none().then_some(t.filter_status)
            aria-labelledby=labelled_by>
            {chip(None)}
            {OrderStatus::ALL.iter().map(|s| chip(Some(*s))).collect_view()}
        </div>
    }
}
