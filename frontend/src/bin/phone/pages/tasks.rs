use frontend::components::order_list::{OrderList, Source};
use frontend::i18n::use_i18n;
use leptos::prelude::*;
use shared::api::{ListScope, OrderQuery};
use shared::OrderStatus;

/// The task hall: what is dispatched to me and waits for an answer, and the wish wall.
#[component]
pub fn TaskHallPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    view! {
        <h1>{t.tab_task_hall}</h1>
        <h2>{t.assigned_to_me}</h2>
        <OrderList source=Signal::derive(|| Source::Orders(OrderQuery {
                scope: Some(ListScope::Assigned),
                status: Some(OrderStatus::Dispatched),
                ..OrderQuery::default()
            }.to_query()))
            empty=Signal::derive(move || t.empty_tasks.to_string()) />
        <h2>{t.claimable_now}</h2>
        <OrderList source=Signal::derive(|| Source::Orders(OrderQuery {
                scope: Some(ListScope::Claimable),
                ..OrderQuery::default()
            }.to_query()))
            empty=Signal::derive(move || t.empty_claimable.to_string()) />
    }
}

#[component]
pub fn MyTasksPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let status = RwSignal::new(None);
    let source = Signal::derive(move || {
        Source::Orders(
            OrderQuery {
                scope: Some(ListScope::Assigned),
                status: status.get(),
                ..OrderQuery::default()
            }
            .to_query(),
        )
    });
    view! {
        <h1>{t.tab_my_tasks}</h1>
        <frontend::components::status_chips::StatusChips selected=status />
        <OrderList source=source empty=Signal::derive(move || t.empty_tasks.to_string()) />
    }
}
