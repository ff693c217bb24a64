use crate::format;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use shared::api::Order;
use shared::OrderStatus;

pub fn status_class(s: OrderStatus) -> &'static str {
    match s {
        OrderStatus::Pending => "badge status-pending",
        OrderStatus::Dispatched => "badge status-dispatched",
        OrderStatus::Accepted => "badge status-accepted",
        OrderStatus::Completed => "badge status-completed",
        OrderStatus::Evaluated | OrderStatus::Closed => "badge status-done",
        OrderStatus::Cancelled => "badge status-cancelled",
    }
}

/// A status in words and colour (never colour alone).
#[component]
pub fn StatusBadge(status: OrderStatus, #[prop(optional)] overdue: bool) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    view! {
        <span class=status_class(status) data-status=status.as_str()>{(t.status)(status)}</span>
        {overdue.then(|| view! { <span class="badge badge-overdue">"⏰ " {t.overdue}</span> })}
    }
}

#[component]
pub fn OrderCard(order: Order) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let href = format!("/orders/{}", order.id);
    let kind = order.kind;
    let created = order.created_at;
    let assignee = order.assignee.as_ref().map(|a| a.name.clone());
    view! {
        <a class="card order-card" href=href data-order-id=order.id>
            <div class="order-card-top">
                <span class="kind">{(t.kind)(kind)} " · " {order.category.name.clone()}</span>
                <StatusBadge status=order.status overdue=order.overdue />
            </div>
            <h3 class="order-title">{order.title.clone()}</h3>
            <div class="order-card-meta">
                <span>{order.requester.name.clone()}</span>
                {assignee.map(|a| view! { <span>"→ " {a}</span> })}
                <span class="muted">{format::relative(&created, t, i18n.lang())}</span>
            </div>
        </a>
    }
}
