use frontend::components::icons::{icon, Icon};
use frontend::components::order_list::{OrderList, Source};
use frontend::i18n::use_i18n;
use frontend::session::{Hat, Session};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::{ListScope, OrderQuery};

/// The resident's home: the three ways to ask, and their latest orders.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let session = expect_context::<Session>();
    let navigate = use_navigate();
    // Other hats have their own home.
    Effect::new(move |_| {
        if let Some(hat) = session.hat().filter(|h| *h != Hat::Resident) {
            navigate(hat.home(), Default::default());
        }
    });
    let name = move || session.user().map(|u| u.name).unwrap_or_default();
    view! {
        <h1 class="greeting">{t.greeting}{name}</h1>
        <super::my_orders::ToRate />
        <div class="ask-grid">
            <a class="card ask ask-wish" href=frontend::paths::new_order(shared::OrderKind::MicroWish)>
                <span class="ask-icon">{icon(Icon::Heart)}</span>
                <strong>{t.ask_wish}</strong>
                <span class="muted">{t.ask_wish_hint}</span>
            </a>
            <a class="card ask ask-service" href=frontend::paths::new_order(shared::OrderKind::DoorService)>
                <span class="ask-icon">{icon(Icon::Tool)}</span>
                <strong>{t.ask_service}</strong>
                <span class="muted">{t.ask_service_hint}</span>
            </a>
            <a class="card ask ask-appeal" href=frontend::paths::new_order(shared::OrderKind::Appeal)>
                <span class="ask-icon">{icon(Icon::Megaphone)}</span>
                <strong>{t.ask_appeal}</strong>
                <span class="muted">{t.ask_appeal_hint}</span>
            </a>
        </div>
        <h2>{t.recent_orders}</h2>
        <OrderList
            source=Signal::derive(|| Source::Orders(OrderQuery {
                scope: Some(ListScope::Mine),
                ..OrderQuery::default()
            }.to_query()))
            empty=Signal::derive(move || t.empty_my_orders.to_string())
        />
    }
}
