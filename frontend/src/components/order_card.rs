use crate::components::icons::{icon, Icon};
use crate::format;
use crate::i18n::Strings;
use crate::i18n::{fill, use_i18n};
use leptos::prelude::*;
use shared::api::Order;
use shared::{Action, Level, OrderKind, OrderStatus};

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

/// A status in the words its reader expects: a wish nobody has taken yet is
/// waiting for a claimer (待认领), not for dispatch.
pub fn status_word(t: &Strings, kind: OrderKind, status: OrderStatus) -> &'static str {
    if kind == OrderKind::MicroWish && status == OrderStatus::Pending {
        t.status_unclaimed
    } else {
        (t.status)(status)
    }
}

/// A status in words and colour (never colour alone).
///
/// Late, or escalated past the community (四级吹哨), shows in red with the
/// level that answers for it now.
#[component]
pub fn StatusBadge(
    status: OrderStatus,
    kind: OrderKind,
    #[prop(optional)] overdue: bool,
    #[prop(optional)] level: Option<Level>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let level = level.filter(|l| l.is_escalated() && status.is_open());
    let red = overdue || level.is_some();
    view! {
        <span class=status_class(status) data-status=status.as_str()>{status_word(t, kind, status)}</span>
        {red.then(|| view! {
            <span class="badge badge-overdue" data-level=level.map(|l| l.as_str())>
                {icon(Icon::Clock)} {if overdue { t.overdue } else { t.escalated }}
                {level.map(|l| format!(" · {}", (t.level_name)(l)))}
            </span>
        })}
    }
}

/// "还剩 2 小时" or "已超时 1 天", counted from now.
#[component]
pub fn DeadlineWords(at: chrono::DateTime<chrono::Utc>) -> impl IntoView {
    let i18n = use_i18n();
    let (words, late) = format::time_left(&at, i18n.t());
    view! { <span class="deadline nowrap" class:late=late>{words}</span> }
}

#[component]
pub fn OrderCard(
    order: Order,
    /// Just arrived on a live list: marked for a moment.
    #[prop(optional)]
    fresh: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let href = crate::paths::order(order.id);
    let kind = order.kind;
    let created = order.created_at;
    let assignee = order.assignee.as_ref().map(|a| a.name.clone());
    let to_rate = order.allowed_actions.contains(&Action::Evaluate);
    let points = (kind == OrderKind::MicroWish
        && order.status == OrderStatus::Pending
        && order.category.points > 0)
        .then_some(order.category.points);
    let deadline = order.deadline_now();
    let resident =
        expect_context::<crate::session::Session>().hat() == Some(crate::session::Hat::Resident);
    let open = order.status.is_open();
    // Escalated (四级吹哨): why it went up, for those who answer for it.
    let why = (open && order.level.is_escalated()).then(|| {
        if order.respond_by.is_some() {
            t.why_not_taken
        } else {
            t.why_not_done
        }
    });
    let due = order.due_at;
    view! {
        <a class="card order-card" class:to-rate=to_rate class:fresh=fresh href=href data-order-id=order.id.0>
            <span class="order-number nowrap">{order.number.clone()}</span>
            <div class="order-card-top">
                {order.community_name.clone().map(|c| view! { <span class="community-name">{c}</span> })}
                <span class="kind">{(t.kind)(kind)} " · " {order.category.name.clone()}</span>
                {to_rate.then(|| view! { <span class="badge badge-action">{t.to_evaluate}</span> })}
                <StatusBadge status=order.status kind=kind overdue=order.overdue level=order.level />
            </div>
            <h3 class="order-title">{order.title.clone()}</h3>
            <div class="order-card-meta">
                <span class="requester-name">{order.requester.name.clone()}</span>
                {assignee.map(|a| view! { <span class="assignee-name">"→ " {a}</span> })}
                {points.map(|p| view! { <span class="points-hint" data-points=p>{fill(t.wish_points, p)}</span> })}
                <span class="muted placed">{format::relative(&created, t, i18n.lang())}</span>
                {match (open, resident) {
                    (true, true) => Some(view! { <span class="deadline">{fill(t.expected_by, format::date(&due, i18n.lang()))}</span> }.into_any()),
                    (true, false) => Some(view! { <DeadlineWords at=deadline /> }.into_any()),
                    _ => None,
                }}
            </div>
            {why.filter(|_| !resident).map(|w| view! { <p class="why-escalated">{icon(Icon::Clock)} {w}</p> })}
        </a>
    }
}
