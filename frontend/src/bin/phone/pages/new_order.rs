use frontend::api::Api;
use frontend::components::photos::PhotoPicker;
use frontend::components::states::{error_text, loaded, Load};
use frontend::components::toast::use_toasts;
use frontend::components::wechat::{Moment, REQUESTER_KINDS};
use frontend::i18n::{input_error, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use shared::api::CreateOrder;
use shared::input::{Address, Description, InputError, PreferredTime, Title};
use shared::OrderKind;

/// None when fine, else what is wrong; "required" only once the field was
/// touched, "too long" at once.
fn check<T>(
    parsed: Result<T, InputError>,
    show_required: bool,
    t: &frontend::i18n::Strings,
) -> Option<String> {
    match parsed {
        Ok(_) => None,
        Err(InputError::Empty(_)) if !show_required => None,
        Err(e) => Some(input_error(t, e)),
    }
}

/// Posting a wish, booking a service, or reporting a problem: one short form.
#[component]
pub fn NewOrderPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let params = use_params_map();
    let photos = RwSignal::new(Vec::<shared::api::Upload>::new());
    let moment = expect_context::<Moment>();
    let kind = Memo::new(move |_| {
        params
            .read()
            .get("kind")
            .and_then(|k| OrderKind::parse(&k))
            .unwrap_or(OrderKind::Appeal)
    });
    let categories = Load::new(move || api.categories(Some(kind.get())));

    let category = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let preferred = RwSignal::new(String::new());
    // Each field is checked once it has been edited, and all of them on submit.
    let touched = RwSignal::new(false);
    let edited = RwSignal::new([false; 3]);
    let shown = move |i: usize| touched.get() || edited.get()[i];
    let edit = move |i: usize| edited.update(|e| e[i] = true);
    let busy = RwSignal::new(false);
    let server_error = RwSignal::new(None::<String>);

    let category_error =
        move || (shown(0) && category.get().is_empty()).then(|| t.choose_category.to_string());
    let title_error = move || check(Title::parse(&title.get()), shown(1), t);
    let description_error = move || check(Description::parse(&description.get()), shown(2), t);
    let address_error = move || check(Address::parse_opt(Some(&address.get())), false, t);
    let preferred_error = move || check(PreferredTime::parse_opt(Some(&preferred.get())), false, t);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        let invalid = category_error().is_some()
            || title_error().is_some()
            || description_error().is_some()
            || address_error().is_some()
            || preferred_error().is_some();
        if invalid || busy.get_untracked() {
            return;
        }
        busy.set(true);
        server_error.set(None);
        let opt = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_string()).filter(|s| !s.is_empty())
        };
        let req = CreateOrder {
            kind: kind.get_untracked(),
            category: category.get_untracked(),
            title: title.get_untracked().trim().to_string(),
            description: description.get_untracked().trim().to_string(),
            address: opt(address),
            preferred_time: opt(preferred),
            photos: photos.with_untracked(|p| p.iter().map(|u| u.id).collect()),
            on_behalf_of: None,
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api.create_order(req).await {
                Ok(order) => {
                    toasts.success(t.order_placed);
                    // Inside WeChat: offer to hear of it there.
                    moment.arrived(order.id, REQUESTER_KINDS);
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

    let heading = move || match kind.get() {
        OrderKind::MicroWish => t.ask_wish,
        OrderKind::DoorService => t.ask_service,
        OrderKind::Appeal => t.ask_appeal,
    };
    view! {
        <a class="back" href="/">"‹ " {t.back}</a>
        <h1>{heading}</h1>
        <form class="card form" on:submit=submit novalidate>
            <label for="category">{t.category}</label>
            {move || loaded(categories.get(), Callback::new(move |_| categories.refetch()), move |v| match v {
                list if list.is_empty() => view! { <p class="muted">{t.no_categories}</p> }.into_any(),
                list => view! {
                    <select id="category" name="category" on:change=move |ev| { category.set(event_target_value(&ev)); edit(0); }
                        prop:value=category aria-invalid=move || category_error().is_some().to_string()>
                        <option value="">{t.choose_category}</option>
                        {list.into_iter().map(|c| view! { <option value=c.code.clone()>{c.name.clone()}</option> }).collect_view()}
                    </select>
                }.into_any(),
            })}
            <p class="field-error">{category_error}</p>

            <label for="title">{t.title}</label>
            <input id="title" name="title" placeholder=t.title_hint
                prop:value=title on:input=move |ev| { title.set(event_target_value(&ev)); edit(1); }
                aria-invalid=move || title_error().is_some().to_string() />
            <p class="field-error">{title_error}</p>

            <label for="description">{t.description}</label>
            <textarea id="description" name="description" rows="4" placeholder=t.description_hint
                prop:value=description on:input=move |ev| { description.set(event_target_value(&ev)); edit(2); }
                aria-invalid=move || description_error().is_some().to_string()></textarea>
            <p class="field-error">{description_error}</p>

            <label for="address">{t.address}</label>
            <input id="address" name="address" placeholder=t.address_hint autocomplete="street-address"
                prop:value=address on:input=move |ev| address.set(event_target_value(&ev)) />
            <p class="field-error">{address_error}</p>

            <span class="label">{t.photos_label}</span>
            <PhotoPicker photos=photos />

            <Show when=move || kind.get() == OrderKind::DoorService>
                <label for="preferred">{t.preferred_time}</label>
                <input id="preferred" name="preferred_time" placeholder=t.preferred_time_hint
                    prop:value=preferred on:input=move |ev| preferred.set(event_target_value(&ev)) />
                <p class="field-error">{preferred_error}</p>
            </Show>

            {move || server_error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary block" disabled=busy>
                {move || if busy.get() { t.submitting } else { t.submit }}
            </button>
        </form>
    }
}
