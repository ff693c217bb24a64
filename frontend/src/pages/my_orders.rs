use crate::components::order_list::{OrderList, Source};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use shared::OrderStatus;

/// Status filter chips; `None` is "all".
#[component]
pub fn StatusChips(selected: RwSignal<Option<OrderStatus>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let chip = move |s: Option<OrderStatus>| {
        view! {
            <button class="chip" class:active=move || selected.get() == s aria-pressed=move || (selected.get() == s).to_string()
                on:click=move |_| selected.set(s)>
                {move || match s { None => t.all, Some(s) => (t.status)(s) }}
            </button>
        }
    };
    view! {
        <div class="chips" role="group" aria-label=t.filter_status>
            {chip(None)}
            {OrderStatus::ALL.iter().map(|s| chip(Some(*s))).collect_view()}
        </div>
    }
}

#[component]
pub fn MyOrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let status = RwSignal::new(None::<OrderStatus>);
    let source = Signal::derive(move || {
        Source::Orders(match status.get() {
            Some(s) => format!("scope=mine&status={s}"),
            None => "scope=mine".into(),
        })
    });
    view! {
        <h1>{t.tab_my_orders}</h1>
        <StatusChips selected=status />
        {move || view! {
            <OrderList source=source empty=Signal::derive(move || t.empty_my_orders.to_string())
                empty_action=("/".to_string(), t.go_order.to_string()) />
        }}
    }
}
