//! Times as people read them: "11月22日 14:30" / "22 Nov 14:30", and "3小时前" in lists.

use crate::i18n::{fill, Lang, Strings};
use chrono::{DateTime, Utc};
use wasm_bindgen::JsValue;

fn local(at: &DateTime<Utc>) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64))
}

pub fn datetime(at: &DateTime<Utc>, lang: Lang) -> String {
    let d = local(at);
    let t = lang.strings();
    let month = t.months[(d.get_month() as usize).min(11)];
    match lang {
        Lang::Zh => format!(
            "{month}{}日 {:02}:{:02}",
            d.get_date(),
            d.get_hours(),
            d.get_minutes()
        ),
        Lang::En => format!(
            "{} {month} {:02}:{:02}",
            d.get_date(),
            d.get_hours(),
            d.get_minutes()
        ),
    }
}

/// The day alone: "12月3日" / "3 Dec".
pub fn date(at: &DateTime<Utc>, lang: Lang) -> String {
    let d = local(at);
    let month = lang.strings().months[(d.get_month() as usize).min(11)];
    match lang {
        Lang::Zh => format!("{month}{}日", d.get_date()),
        Lang::En => format!("{} {month}", d.get_date()),
    }
}

/// A limit in minutes as people read it: 30 分钟, 2 小时, 7 天 (the largest
/// unit it is a whole number of).
pub fn minutes(m: i64, t: &Strings) -> String {
    match m {
        m if m > 0 && m % (24 * 60) == 0 => fill(t.n_days, m / (24 * 60)),
        m if m > 0 && m % 60 == 0 => fill(t.n_hours, m / 60),
        m => fill(t.n_minutes, m),
    }
}

pub fn relative(at: &DateTime<Utc>, t: &Strings, lang: Lang) -> String {
    let minutes = ((js_sys::Date::now() - at.timestamp_millis() as f64) / 60_000.0).floor() as i64;
    match minutes {
        m if m < 1 => t.just_now.to_string(),
        m if m < 60 => fill(t.minutes_ago, m),
        m if m < 24 * 60 => fill(t.hours_ago, m / 60),
        m if m < 7 * 24 * 60 => fill(t.days_ago, m / (24 * 60)),
        _ => datetime(at, lang),
    }
}

/// How long until `at`, or how late it is, in the largest whole unit: "还剩 2 小时",
/// "已超时 1 天". The flag says it is late.
pub fn time_left(at: &DateTime<Utc>, t: &Strings) -> (String, bool) {
    let minutes = ((at.timestamp_millis() as f64 - js_sys::Date::now()) / 60_000.0).floor() as i64;
    let late = minutes < 0;
    let m = minutes.abs();
    let span = match m {
        m if m < 60 => fill(t.n_minutes, m.max(1)),
        m if m < 24 * 60 => fill(t.n_hours, m / 60),
        m => fill(t.n_days, m / (24 * 60)),
    };
    (fill(if late { t.late_by } else { t.time_left }, span), late)
}
