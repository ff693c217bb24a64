//! The committee's service catalogue (服务目录): each service's limits, clock
//! and points, edited in place, and a form for a new one.

use frontend::api::Api;
use frontend::components::states::{error_text, loaded, Load};
use frontend::components::toast::use_toasts;
use frontend::format;
use frontend::i18n::{fill, use_i18n};
use leptos::prelude::*;
use shared::api::{Category, CategoryPatch, NewCategory};
use shared::{ClockKind, DispatchMode, OrderKind};

#[component]
pub fn CataloguePage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let list = Load::new(move || api.categories(None));
    let saved = Callback::new(move |_| list.refetch());
    view! {
        <h1>{t.catalogue}</h1>
        <p class="muted">{w.catalogue_hint}</p>
        {move || loaded(list.get(), saved, move |items| {
            items.into_iter().map(|c| view! { <CategoryForm existing=Some(c) saved=saved /> }).collect_view().into_any()
        })}
        <h2>{w.new_service}</h2>
        <CategoryForm existing=None saved=saved />
    }
}

/// A form field's text (the form is read once, on submit: no signal per field).
fn form_value(form: &web_sys::FormData, key: &str) -> String {
    form.get(key)
        .as_string()
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// One service: its limits in minutes, its clock and its points. For a new
/// one, its code, kind and name too.
#[component]
fn CategoryForm(existing: Option<Category>, saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let is_new = existing.is_none();
    let c = existing.unwrap_or(Category {
        code: String::new(),
        kind: OrderKind::DoorService,
        name: String::new(),
        response_minutes: 60,
        completion_minutes: 1440,
        points: 5,
        clock: ClockKind::Natural,
        hours: 1.0,
        dispatch_mode: DispatchMode::Manual,
        skills: Vec::new(),
    });
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let code = c.code.clone();
    let id = if is_new {
        "new".to_string()
    } else {
        c.code.clone()
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(element) = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlFormElement>(t).ok())
        else {
            return;
        };
        let Ok(form) = web_sys::FormData::new_with_form(&element) else {
            return;
        };
        let num = |k: &str| form_value(&form, k).parse::<i32>().ok();
        let (Some(r), Some(d), Some(p)) = (num("response"), num("completion"), num("points"))
        else {
            error.set(Some(w.whole_numbers.to_string()));
            return;
        };
        let clock = if form.has("working") {
            ClockKind::Working
        } else {
            ClockKind::Natural
        };
        let name = form_value(&form, "name");
        let code = if is_new {
            form_value(&form, "code")
        } else {
            code.clone()
        };
        let kind = OrderKind::parse(&form_value(&form, "kind")).unwrap_or(OrderKind::DoorService);
        let mode = DispatchMode::parse(&form_value(&form, "mode")).unwrap_or(DispatchMode::Manual);
        let skills: Vec<String> = form_value(&form, "skills")
            .split([',', '，', '、'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = if is_new {
                api.create_category(&NewCategory {
                    code,
                    kind,
                    name,
                    response_minutes: r,
                    completion_minutes: d,
                    points: p,
                    clock,
                    hours: 1.0,
                    dispatch_mode: mode,
                    skills,
                    community_id: None,
                })
                .await
            } else {
                api.update_category(
                    &code,
                    &CategoryPatch {
                        name: Some(name),
                        response_minutes: Some(r),
                        completion_minutes: Some(d),
                        points: Some(p),
                        clock: Some(clock),
                        dispatch_mode: Some(mode),
                        skills: Some(skills),
                        ..Default::default()
                    },
                )
                .await
            };
            busy.set(false);
            match result {
                Ok(c) => {
                    toasts.success(fill(w.saved_n, c.name));
                    // The new-service form empties for the next one.
                    if is_new {
                        element.reset();
                    }
                    saved.run(());
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    let field = |key: &'static str, label: &'static str, value: String| {
        let fid = format!("{key}-{id}");
        let mode = if key == "name" { "text" } else { "numeric" };
        view! {
            <label for=fid.clone()>{label}</label>
            <input id=fid name=key inputmode=mode value=value />
        }
    };
    // A limit typed in minutes, read back as people say it (7 天).
    let limit = |key: &'static str, label: &'static str, minutes: i32| {
        let fid = format!("{key}-{id}");
        let words = RwSignal::new(format::minutes(minutes.into(), t));
        view! {
            <label for=fid.clone()>{label}</label>
            <span class="with-hint">
                <input id=fid name=key inputmode="numeric" value=minutes.to_string()
                    on:input=move |ev| words.set(event_target_value(&ev).trim().parse::<i64>()
                        .map(|m| format::minutes(m, t)).unwrap_or_default()) />
                <span class="hint limit-words" data-for=key>{words}</span>
            </span>
        }
    };
    view! {
        <form class="card service-form" data-code=c.code.clone() on:submit=submit>
            {if is_new {
                view! {
                    <label for="code-new">{w.service_code}</label>
                    <input id="code-new" name="code" autocapitalize="off" />
                    <label for="kind-new">{w.filter_kind}</label>
                    <select id="kind-new" name="kind">
                        {OrderKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=*k == c.kind>{(t.kind)(*k)}</option> }).collect_view()}
                    </select>
                }.into_any()
            } else {
                view! { <h3 class="service-name">{c.name.clone()} <span class="muted">" · " {(t.kind)(c.kind)}</span></h3> }.into_any()
            }}
            {field("name", w.service_name, c.name.clone())}
            {limit("response", w.response_minutes, c.response_minutes)}
            {limit("completion", w.completion_minutes, c.completion_minutes)}
            {field("points", w.points_label, c.points.to_string())}
            <label class="check"><input type="checkbox" name="working" checked=c.clock == ClockKind::Working /> {w.working_clock}</label>
            // Wishes are always claimed from the wall: no mode to choose.
            {(is_new || c.kind != OrderKind::MicroWish).then(|| view! {
                <label for=format!("mode-{id}")>{w.dispatch_mode}</label>
                <select id=format!("mode-{id}") name="mode">
                    {DispatchMode::ALL.iter().map(|m| view! { <option value=m.as_str() selected=*m == c.dispatch_mode>{(w.mode_name)(*m)}</option> }).collect_view()}
                </select>
            })}
            <label for=format!("skills-{id}")>{w.category_skills}</label>
            <input id=format!("skills-{id}") name="skills" value=c.skills.join("，") />
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary" disabled=busy>{t.save}</button>
        </form>
    }
}
