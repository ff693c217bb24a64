//! The admin's working-day calendar (调休): a year's holidays and make-up
//! workdays, one date per line.

use frontend::api::Api;
use frontend::components::states::error_text;
use frontend::components::toast::use_toasts;
use frontend::i18n::{fill, use_i18n};
use leptos::prelude::*;
use shared::api::CalendarYear;

/// Dates written one per line (or separated by commas or spaces); the server
/// says which one is not a date.
fn dates(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == '，')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

#[component]
pub fn CalendarPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let w = crate::words::of(i18n.lang());
    let api = expect_context::<Api>();
    let toasts = use_toasts();
    let this_year = js_sys::Date::new_0().get_full_year() as i32;
    let year = RwSignal::new(this_year);
    let holidays = RwSignal::new(String::new());
    let workdays = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    Effect::new(move |_| {
        let y = year.get();
        leptos::task::spawn_local(async move {
            match api.calendar(y).await {
                Ok(c) => {
                    holidays.set(c.holidays.join("\n"));
                    workdays.set(c.workdays.join("\n"));
                    error.set(None);
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let body = CalendarYear {
            year: year.get_untracked(),
            holidays: dates(&holidays.get_untracked()),
            workdays: dates(&workdays.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            let result = api.put_calendar(&body).await;
            busy.set(false);
            match result {
                Ok(c) => {
                    error.set(None);
                    toasts.success(fill(w.saved_n, c.year));
                }
                Err(e) => error.set(Some(error_text(t, &e))),
            }
        });
    };
    view! {
        <h1>{t.calendar}</h1>
        <p class="muted">{w.calendar_hint}</p>
        <form class="card calendar-form" on:submit=save>
            <label for="year">{t.year}</label>
            <select id="year" on:change=move |ev| if let Ok(y) = event_target_value(&ev).parse() { year.set(y) }>
                {(this_year - 1..=this_year + 1).map(|y| view! { <option value=y selected=y == this_year>{y}</option> }).collect_view()}
            </select>
            <label for="holidays">{w.holidays}</label>
            <textarea id="holidays" rows="6" placeholder="2026-10-01" prop:value=holidays on:input=move |ev| holidays.set(event_target_value(&ev))></textarea>
            <label for="workdays">{w.makeup_workdays}</label>
            <textarea id="workdays" rows="3" placeholder="2026-10-10" prop:value=workdays on:input=move |ev| workdays.set(event_target_value(&ev))></textarea>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary" disabled=busy>{t.save}</button>
        </form>
    }
}
