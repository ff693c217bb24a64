use crate::components::order_list::{OrderList, Source};
use crate::i18n::use_i18n;
use leptos::prelude::*;

/// The task hall: what is dispatched to me and waits for an answer, and the wish wall.
#[component]
pub fn TaskHallPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    view! {
        <h1>{t.tab_task_hall}</h1>
        <h2>{t.assigned_to_me}</h2>
        <OrderList source=Signal::derive(|| Source::Orders("scope=assigned&status=dispatched".into()))
            empty=Signal::derive(move || t.empty_tasks.to_string()) />
        <h2>{t.open_wishes}</h2>
        <OrderList source=Signal::derive(|| Source::Wishes) empty=Signal::derive(move || t.empty_wall.to_string()) />
    }
}

#[component]
pub fn MyTasksPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let status = RwSignal::new(None);
    let source = Signal::derive(move || {
        Source::Orders(match status.get() {
            Some(s) => format!("scope=assigned&status={s}"),
            None => "scope=assigned".into(),
        })
    });
    view! {
        <h1>{t.tab_my_tasks}</h1>
        <super::my_orders::StatusChips selected=status />
        <OrderList source=source empty=Signal::derive(move || t.empty_tasks.to_string()) />
    }
}
