use crate::api::{Api, ApiResult};
use crate::components::order_card::OrderCard;
use crate::components::states::{Empty, ErrorState, Loading};
use crate::i18n::{fill, use_i18n};
use leptos::prelude::*;
use shared::api::{Order, Page};

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

/// A paged list of order cards with loading, empty and error states.
#[component]
pub fn OrderList(
    #[prop(into)] source: Signal<Source>,
    #[prop(into)] empty: Signal<String>,
    #[prop(optional)] empty_action: Option<(String, String)>,
    #[prop(optional)] show_total: bool,
) -> impl IntoView {
    let api = expect_context::<Api>();
    let i18n = use_i18n();
    let t = i18n.t();
    let page = RwSignal::new(1u64);
    // A new filter starts again at page 1.
    Effect::new(move |prev: Option<Source>| {
        let now = source.get();
        if prev.is_some_and(|p| p != now) {
            page.set(1);
        }
        now
    });
    let data = LocalResource::new(move || fetch(api, source.get(), page.get()));
    let retry = Callback::new(move |_| data.refetch());

    view! {
        <div class="order-list">
            {move || match data.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorState error=e retry=retry /> }.into_any(),
                Some(Ok(p)) if p.items.is_empty() && p.page == 1 => {
                    view! { <Empty message=empty action=empty_action.clone().unwrap_or_default() /> }.into_any()
                }
                Some(Ok(p)) => {
                    let pages = p.total.div_ceil(PER_PAGE).max(1);
                    let current = p.page;
                    view! {
                        {show_total.then(|| view! { <p class="muted list-total">{move || fill(t.total_n, p.total)}</p> })}
                        <div class="cards">
                            {p.items.into_iter().map(|o| view! { <OrderCard order=o /> }).collect_view()}
                        </div>
                        {(pages > 1).then(|| view! {
                            <div class="pager">
                                <button class="button secondary" disabled={current <= 1} on:click=move |_| page.update(|p| *p -= 1)>"‹"</button>
                                <span>{current} " / " {pages}</span>
                                <button class="button secondary" disabled={current >= pages} on:click=move |_| page.update(|p| *p += 1)>"›"</button>
                            </div>
                        })}
                    }.into_any()
                }
            }}
        </div>
    }
}
