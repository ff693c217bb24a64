use super::my_orders::StatusChips;
use crate::api::Api;
use crate::components::order_list::{OrderList, Source};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use shared::{OrderKind, OrderStatus};

/// The committee's dispatch desk (pending first) and the list of all orders,
/// filtered by kind, status and category.
#[component]
pub fn DeskPage(all: bool) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let status = RwSignal::new((!all).then_some(OrderStatus::Pending));
    let kind = RwSignal::new(None::<OrderKind>);
    let category = RwSignal::new(String::new());
    let categories = LocalResource::new(move || api.categories(kind.get()));

    let source = Signal::derive(move || {
        let mut q = String::from("scope=community");
        if let Some(s) = status.get() {
            q.push_str(&format!("&status={s}"));
        }
        if let Some(k) = kind.get() {
            q.push_str(&format!("&kind={k}"));
        }
        let c = category.get();
        if !c.is_empty() {
            q.push_str(&format!("&category={c}"));
        }
        Source::Orders(q)
    });
    let kind_chip = move |k: Option<OrderKind>| {
        view! {
            <button class="chip" class:active=move || kind.get() == k aria-pressed=move || (kind.get() == k).to_string()
                on:click=move |_| { kind.set(k); category.set(String::new()); }>
                {move || match k { None => t.all, Some(k) => (t.kind)(k) }}
            </button>
        }
    };
    view! {
        <h1>{move || if all { t.tab_all_orders } else { t.tab_desk }}</h1>
        <div class="filters">
            <div class="chips" role="group" aria-label=t.filter_kind>
                {kind_chip(None)}
                {OrderKind::ALL.iter().map(|k| kind_chip(Some(*k))).collect_view()}
            </div>
            <StatusChips selected=status />
            <label class="inline-label" for="category-filter">{t.filter_category}</label>
            <select id="category-filter" prop:value=category on:change=move |ev| category.set(event_target_value(&ev))>
                <option value="">{t.all}</option>
                {move || categories.get().and_then(Result::ok).unwrap_or_default().into_iter()
                    .map(|c| view! { <option value=c.code.clone()>{c.name.clone()}</option> }).collect_view()}
            </select>
        </div>
        <OrderList source=source empty=Signal::derive(move || t.empty_desk.to_string()) show_total=true />
    }
}
