//! 代点单: a grid worker (on the street, on a phone) or the committee places an
//! order for a resident who cannot — found by phone, or registered on the spot
//! by name and phone. The resident then finds it under 我的工单.

use frontend::api::Api;
use frontend::components::states::{error_text, loaded, Load};
use frontend::components::toast::use_toasts;
use frontend::i18n::{input_error, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::api::{CreateOrder, OnBehalfOf};
use shared::input::{Address, Description, PersonName, Phone, Title};
use shared::OrderKind;

#[component]
pub fn ProxyOrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let kind = RwSignal::new(OrderKind::DoorService);
    let categories = Load::new(move || api.categories(Some(kind.get())));
    let phone = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let server_error = RwSignal::new(None::<String>);

    let shown = move |e: Option<String>| e.filter(|_| touched.get());
    let phone_error = move || shown(Phone::parse(&phone.get()).err().map(|e| input_error(t, e)));
    let name_error = move || {
        shown(
            PersonName::parse_opt(Some(&name.get()))
                .err()
                .map(|e| input_error(t, e)),
        )
    };
    let category_error = move || {
        shown(
            category
                .get()
                .is_empty()
                .then(|| t.choose_category.to_string()),
        )
    };
    let title_error = move || shown(Title::parse(&title.get()).err().map(|e| input_error(t, e)));
    let description_error = move || {
        shown(
            Description::parse(&description.get())
                .err()
                .map(|e| input_error(t, e)),
        )
    };
    let address_error = move || {
        Address::parse_opt(Some(&address.get()))
            .err()
            .map(|e| input_error(t, e))
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        if phone_error().is_some()
            || name_error().is_some()
            || category_error().is_some()
            || title_error().is_some()
            || description_error().is_some()
            || address_error().is_some()
            || busy.get_untracked()
        {
            return;
        }
        let opt = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_string()).filter(|s| !s.is_empty())
        };
        let req = CreateOrder {
            kind: kind.get_untracked(),
            category: category.get_untracked(),
            title: title.get_untracked().trim().to_string(),
            description: description.get_untracked().trim().to_string(),
            address: opt(address),
            preferred_time: None,
            photos: Vec::new(),
            on_behalf_of: Some(OnBehalfOf {
                phone: phone.get_untracked().trim().to_string(),
                name: opt(name),
            }),
        };
        busy.set(true);
        server_error.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api.create_order(req).await {
                Ok(order) => {
                    toasts.success(w.proxy_placed);
                    navigate(&frontend::paths::order(order.id), Default::default());
                }
                Err(e) => {
                    server_error.set(Some(if e.message.is_empty() {
                        error_text(t, &e)
                    } else {
                        format!("{} ({})", error_text(t, &e), e.message)
                    }));
                    busy.set(false);
                }
            }
        });
    };

    let kind_chip = move |k: OrderKind| {
        view! {
            <button type="button" class="chip" class:active=move || kind.get() == k
                aria-pressed=move || (kind.get() == k).to_string() data-kind=k.as_str()
                on:click=move |_| { kind.set(k); category.set(String::new()); }>{(t.kind)(k)}</button>
        }
    };
    view! {
        <h1>{w.proxy_order}</h1>
        <p class="muted">{w.proxy_hint}</p>
        <form class="card form proxy-form" on:submit=submit novalidate>
            <label for="proxy-phone">{w.resident_phone}</label>
            <input id="proxy-phone" type="tel" inputmode="numeric" autocomplete="off" maxlength="11"
                prop:value=phone on:input=move |ev| phone.set(event_target_value(&ev))
                aria-invalid=move || phone_error().is_some().to_string() />
            <p class="field-error">{phone_error}</p>
            <label for="proxy-name">{w.resident_name}</label>
            <input id="proxy-name" autocomplete="off" placeholder=w.resident_name_hint
                prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
            <p class="field-error">{name_error}</p>

            <span class="label" id="proxy-kind">{w.filter_kind}</span>
            <div class="chips" role="group" aria-labelledby="proxy-kind">
                {kind_chip(OrderKind::DoorService)}
                {kind_chip(OrderKind::Appeal)}
                {kind_chip(OrderKind::MicroWish)}
            </div>
            <label for="proxy-category">{t.category}</label>
            {move || loaded(categories.get(), Callback::new(move |_| categories.refetch()), move |list| view! {
                <select id="proxy-category" on:change=move |ev| category.set(event_target_value(&ev))
                    prop:value=category aria-invalid=move || category_error().is_some().to_string()>
                    <option value="">{t.choose_category}</option>
                    {list.into_iter().map(|c| view! { <option value=c.code.clone()>{c.name.clone()}</option> }).collect_view()}
                </select>
            }.into_any())}
            <p class="field-error">{category_error}</p>

            <label for="proxy-title">{t.title}</label>
            <input id="proxy-title" placeholder=t.title_hint prop:value=title
                on:input=move |ev| title.set(event_target_value(&ev)) />
            <p class="field-error">{title_error}</p>
            <label for="proxy-description">{t.description}</label>
            <textarea id="proxy-description" rows="3" placeholder=t.description_hint prop:value=description
                on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            <p class="field-error">{description_error}</p>
            <label for="proxy-address">{t.address}</label>
            <input id="proxy-address" placeholder=t.address_hint prop:value=address
                on:input=move |ev| address.set(event_target_value(&ev)) />
            <p class="field-error">{address_error}</p>

            {move || server_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary block" disabled=busy>
                {move || if busy.get() { t.submitting } else { t.submit }}
            </button>
        </form>
    }
}
