use crate::i18n::use_i18n;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    view! {
        <div class="state state-empty">
            <p>{t.not_found_page}</p>
            <a class="button" href="/">{t.go_home}</a>
        </div>
    }
}
