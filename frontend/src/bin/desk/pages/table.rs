//! The desk's orders as a table: one row per order under column headers, as a
//! ticket desk reads (on a wide screen; phones keep the cards). Each row's
//! number is a link, so the keyboard moves through them (↑ ↓) and opens one
//! (Enter); a click anywhere on a row opens it too.

use frontend::components::order_card::{status_word, DeadlineWords, StatusBadge};
use frontend::i18n::use_i18n;
use frontend::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::Order;

#[component]
pub fn OrderTable(orders: Vec<Order>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let navigate = use_navigate();
    // On the dispatch desk, rows can be ticked for a bulk dispatch.
    let selection = use_context::<super::bulk::Selection>();
    view! {
        <table class="orders-table">
            <thead>
                <tr>
                    {selection.map(|_| view! { <th scope="col" class="tick"><span class="visually-hidden">{w.select_order}</span></th> })}
                    <th scope="col">{t.order_no}</th>
                    <th scope="col">{w.filter_kind}</th>
                    <th scope="col">{w.filter_category}</th>
                    <th scope="col">{t.title}</th>
                    <th scope="col">{t.requester}</th>
                    <th scope="col">{t.filter_status}</th>
                    <th scope="col">{t.level}</th>
                    <th scope="col">{t.deadline_now}</th>
                    <th scope="col">{t.assignee}</th>
                </tr>
            </thead>
            <tbody>
                {orders.into_iter().map(|o| {
                    let href = paths::order(o.id);
                    let open = {
                        let (navigate, href) = (navigate.clone(), href.clone());
                        move |_| navigate(&href, Default::default())
                    };
                    let deadline = o.deadline_now();
                    let open_order = o.status.is_open();
                    let (id, label) = (o.id, format!("{} {}", o.number, o.title));
                    let tick = selection.filter(|_| o.status == shared::OrderStatus::Pending).map(|sel| view! {
                        <td class="tick" on:click=|ev| ev.stop_propagation()>
                            <input type="checkbox" aria-label=w.select_order data-select=id.0
                                prop:checked=move || sel.has(id) on:change=move |_| sel.toggle(id, label.clone()) />
                        </td>
                    });
                    let empty_tick = (selection.is_some() && o.status != shared::OrderStatus::Pending).then(|| view! { <td class="tick"></td> });
                    view! {
                        <tr data-order-id=o.id.0 data-status=o.status.as_str() on:click=open>
                            {tick}
                            {empty_tick}
                            <td class="nowrap"><a class="row-link" href=href>{o.number.clone()}</a></td>
                            <td class="nowrap">{(t.kind)(o.kind)}</td>
                            <td>{o.category.name.clone()}</td>
                            <td class="cell-title">{o.title.clone()}</td>
                            <td>{o.requester.name.clone()}</td>
                            <td class="nowrap" title=status_word(t, o.kind, o.status)>
                                <StatusBadge status=o.status kind=o.kind overdue=o.overdue />
                            </td>
                            <td class="nowrap" data-level=o.level.as_str()>{(t.level_name)(o.level)}</td>
                            <td class="nowrap">{open_order.then(|| view! { <DeadlineWords at=deadline /> })}</td>
                            <td>{o.assignee.map(|a| a.name)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
