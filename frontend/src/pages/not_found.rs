use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="state state-empty">
            <p>{move || i18n.t().not_found_page}</p>
            <a class="button" href="/">{move || i18n.t().go_home}</a>
        </div>
    }
}
