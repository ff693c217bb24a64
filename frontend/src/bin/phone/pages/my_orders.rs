use frontend::api::Api;
use frontend::components::order_list::{OrderList, Source};
use frontend::components::states::Load;
use frontend::components::status_chips::StatusChips;
use frontend::i18n::fill;
use frontend::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::api::{ListScope, OrderQuery};
use shared::OrderStatus;

#[component]
pub fn MyOrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    // `?status=completed` from the "to rate" banner.
    let initial = use_query_map()
        .get_untracked()
        .get("status")
        .and_then(|s| OrderStatus::parse(&s));
    let status = RwSignal::new(initial);
    let source = Signal::derive(move || {
        Source::Orders(
            OrderQuery {
                scope: Some(ListScope::Mine),
                status: status.get(),
                ..OrderQuery::default()
            }
            .to_query(),
        )
    });
    view! {
        <h1>{t.tab_my_orders}</h1>
        <ToRate />
        <StatusChips selected=status />
        {move || view! {
            <OrderList source=source empty=Signal::derive(move || t.empty_my_orders.to_string())
                empty_action=("/".to_string(), t.go_order.to_string()) />
        }}
    }
}

/// What waits for the resident: completed orders to rate, in one line with a
/// way there. Nothing when there are none.
#[component]
pub fn ToRate() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    // The same resource type as the lists': no new generic code in the wasm.
    let waiting = Load::new(move || {
        let q = OrderQuery {
            scope: Some(ListScope::Mine),
            status: Some(OrderStatus::Completed),
            per_page: Some(1),
            ..OrderQuery::default()
        };
        async move { api.orders(&q.to_query()).await }
    });
    move || {
        waiting.get().and_then(Result::ok).map(|p| p.total).filter(|n| *n > 0).map(|n| {
            view! {
                <a class="card banner" href=format!("{}?status=completed", frontend::paths::MY_ORDERS) data-testid="to-rate">
                    <span>{fill(t.to_evaluate_n, n)}</span>
                    <strong>{t.go_evaluate} " ›"</strong>
                </a>
            }
        })
    }
}
