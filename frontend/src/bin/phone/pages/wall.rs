use frontend::components::order_list::{OrderList, Source};
use frontend::i18n::use_i18n;
use leptos::prelude::*;

/// 心愿墙: the community's open micro-wishes, names masked.
#[component]
pub fn WallPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    view! {
        <h1>{t.tab_wall}</h1>
        <OrderList source=Signal::derive(|| Source::Wishes) empty=Signal::derive(move || t.empty_wall.to_string()) />
    }
}
