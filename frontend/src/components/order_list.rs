use crate::api::{Api, ApiResult};
use crate::components::live::Live;
use crate::components::order_card::OrderCard;
use crate::components::states::{loaded, Empty, Load};
use crate::components::toast::use_toasts;
use crate::i18n::{fill, use_i18n};
use leptos::prelude::*;
use shared::api::{Order, Page};
use shared::OrderId;

pub const PER_PAGE: u64 = 20;

/// Where a list's orders come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// `GET /orders?…` with this query (without paging).
    Orders(String),
    /// `GET /wishes`: the wall.
    Wishes,
}

async fn fetch(api: Api, source: Source, page: u64) -> ApiResult<Page<Order>> {
    match source {
        Source::Orders(q) => {
            api.orders(&format!("{q}&page={page}&per_page={PER_PAGE}"))
                .await
        }
        Source::Wishes => api.wishes(page).await,
    }
}

/// The page being shown, when its owner keeps it (e.g. in the URL).
#[derive(Clone, Copy)]
pub struct Paging {
    pub page: Signal<u64>,
    pub set_page: Callback<u64>,
}

fn scroll_key() -> Option<String> {
    let loc = web_sys::window()?.location();
    Some(format!(
        "linli.scroll:{}{}",
        loc.pathname().ok()?,
        loc.search().ok()?
    ))
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Remembers how far down the list was scrolled when an order is opened, so
/// that coming back lands where one left.
fn remember_scroll() {
    if let (Some(w), Some(key), Some(s)) = (web_sys::window(), scroll_key(), session_storage()) {
        let y = w.scroll_y().unwrap_or(0.0) as i64;
        let _ = s.set_item(&key, &y.to_string());
    }
}

fn restore_scroll() {
    let (Some(key), Some(s)) = (scroll_key(), session_storage()) else {
        return;
    };
    if let Some(y) = s
        .get_item(&key)
        .ok()
        .flatten()
        .and_then(|v| v.parse::<i32>().ok())
    {
        let _ = s.remove_item(&key);
        request_animation_frame(move || {
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, f64::from(y));
            }
        });
    }
}

/// Whether to show a table, and how to draw one page of it.
pub type TableView = (Signal<bool>, Callback<Vec<Order>, AnyView>);

/// A paged list of orders — cards, or the desk's table — with loading, empty
/// and error states.
#[component]
pub fn OrderList(
    #[prop(into)] source: Signal<Source>,
    #[prop(into)] empty: Signal<String>,
    /// A link offered on the empty list (its href and words), if any.
    #[prop(optional, into)]
    empty_action: MaybeProp<(String, String)>,
    #[prop(optional)] show_total: bool,
    /// Kept by the caller; otherwise the list keeps its own page.
    #[prop(optional)]
    paging: Option<Paging>,
    /// The desk's table instead of cards, while `table` holds: the desk
    /// passes its renderer (so the phone app carries none of it).
    #[prop(optional)]
    table: Option<TableView>,
    /// Says so when a new order arrives, and marks its card for a moment.
    #[prop(optional)]
    announce: bool,
) -> impl IntoView {
    let api = expect_context::<Api>();
    let i18n = use_i18n();
    let t = i18n.t();
    let paging = paging.unwrap_or_else(|| {
        let own = RwSignal::new(1u64);
        // A new filter starts again at page 1.
        Effect::new(move |prev: Option<Source>| {
            let now = source.get();
            if prev.is_some_and(|p| p != now) {
                own.set(1);
            }
            now
        });
        Paging {
            page: own.into(),
            set_page: Callback::new(move |p| own.set(p)),
        }
    });
    let (table, table_view) = match table {
        Some((on, view)) => (on, Some(view)),
        None => (Signal::derive(|| false), None),
    };
    let data = Load::new(move || fetch(api, source.get(), paging.page.get()));
    let retry = Callback::new(move |_| data.refetch());
    // Live: reloaded in place on each change its reader may see.
    let fresh = RwSignal::new(None::<OrderId>);
    let toasts = use_toasts();
    expect_context::<Live>().on_change(move |change| {
        if announce && change.action == "create" {
            fresh.set(Some(change.id));
            toasts.about(t.new_order_arrived, change.id);
        }
        data.refetch();
    });
    Effect::new(move |_| {
        // Looks, without cloning the page.
        if data.with(|d| matches!(d, Some(Ok(_)))) {
            restore_scroll();
        }
    });

    view! {
        <div class="order-list" on:click=move |_| remember_scroll()>
            {move || {
                let empty_action = empty_action.get();
                loaded(data.get(), retry, move |v| match v {
                p if p.items.is_empty() && p.page == 1 => {
                    view! { <Empty message=empty action=empty_action.unwrap_or_default() /> }.into_any()
                }
                p => {
                    let pages = p.total.div_ceil(PER_PAGE).max(1);
                    // Past 10,000 the server stops counting: "10000+".
                    let plus = if p.total_capped { "+" } else { "" };
                    let current = p.page;
                    let items = match table_view.filter(|_| table.get_untracked()) {
                        Some(rows) => rows.run(p.items),
                        None => view! {
                            <div class="cards">
                                {p.items.into_iter().map(|o| {
                                    let fresh = fresh.get_untracked() == Some(o.id);
                                    view! { <OrderCard order=o fresh=fresh /> }
                                }).collect_view()}
                            </div>
                        }
                        .into_any(),
                    };
                    view! {
                        {show_total.then(|| view! { <p class="muted list-total">{move || fill(t.total_n, format!("{}{plus}", p.total))}</p> })}
                        {items}
                        {(pages > 1).then(|| view! {
                            <nav class="pager" aria-label="pages">
                                <button class="button secondary" disabled={current <= 1} on:click=move |_| paging.set_page.run(current - 1)>"‹"</button>
                                <span class="nowrap">{format!("{current} / {pages}{plus}")}</span>
                                <button class="button secondary" disabled={current >= pages && plus.is_empty()} on:click=move |_| paging.set_page.run(current + 1)>"›"</button>
                            </nav>
                        })}
                    }.into_any()
                }
            })
            }}
        </div>
    }
}
