//! All user-facing words, one file per language. `Strings` is a plain struct, so
//! a string missing from either language is a compile error.

mod en;
mod zh;

use leptos::prelude::*;
use shared::{Action, ErrorCode, OrderKind, OrderStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

const KEY: &str = "linli.lang";

impl Lang {
    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Zh => &zh::ZH,
            Lang::En => &en::EN,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn load() -> Lang {
        let saved = crate::session::storage().and_then(|s| s.get_item(KEY).ok().flatten());
        match saved.as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    pub fn save(self) {
        if let Some(s) = crate::session::storage() {
            let _ = s.set_item(KEY, self.code());
        }
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = el.set_attribute("lang", self.code());
        }
    }
}

/// The current language, provided at the root.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

impl I18n {
    pub fn t(&self) -> &'static Strings {
        self.0.get().strings()
    }

    pub fn lang(&self) -> Lang {
        self.0.get()
    }

    pub fn set(&self, lang: Lang) {
        lang.save();
        self.0.set(lang);
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

pub struct Strings {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub phone: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub signing_in: &'static str,
    pub phone_invalid: &'static str,
    pub password_required: &'static str,
    pub demo_hint: &'static str,
    pub language: &'static str,
    pub choose_hat: &'static str,
    pub choose_hat_hint: &'static str,
    pub hat_resident: &'static str,
    pub hat_worker: &'static str,
    pub hat_committee: &'static str,
    pub switch_hat: &'static str,
    pub sign_out: &'static str,
    pub session_expired: &'static str,
    // tabs
    pub tab_home: &'static str,
    pub tab_wall: &'static str,
    pub tab_my_orders: &'static str,
    pub tab_me: &'static str,
    pub tab_task_hall: &'static str,
    pub tab_my_tasks: &'static str,
    pub tab_points: &'static str,
    pub tab_desk: &'static str,
    pub tab_all_orders: &'static str,
    pub tab_stats: &'static str,
    // home and forms
    pub greeting: &'static str,
    pub ask_wish: &'static str,
    pub ask_wish_hint: &'static str,
    pub ask_service: &'static str,
    pub ask_service_hint: &'static str,
    pub ask_appeal: &'static str,
    pub ask_appeal_hint: &'static str,
    pub recent_orders: &'static str,
    pub category: &'static str,
    pub choose_category: &'static str,
    pub title: &'static str,
    pub title_hint: &'static str,
    pub description: &'static str,
    pub description_hint: &'static str,
    pub address: &'static str,
    pub address_hint: &'static str,
    pub preferred_time: &'static str,
    pub preferred_time_hint: &'static str,
    pub submit: &'static str,
    pub submitting: &'static str,
    pub required: &'static str,
    pub invalid_input: &'static str,
    pub too_long: &'static str,
    pub order_placed: &'static str,
    pub no_categories: &'static str,
    // lists
    pub all: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub empty_my_orders: &'static str,
    pub go_order: &'static str,
    pub empty_wall: &'static str,
    pub empty_tasks: &'static str,
    pub empty_ledger: &'static str,
    pub empty_rewards: &'static str,
    pub assigned_to_me: &'static str,
    pub filter_status: &'static str,
    pub total_n: &'static str,
    // order page
    pub order_no: &'static str,
    pub requester: &'static str,
    pub assignee: &'static str,
    pub unassigned: &'static str,
    pub due: &'static str,
    pub overdue: &'static str,
    pub rating: &'static str,
    pub timeline: &'static str,
    pub created_entry: &'static str,
    pub back: &'static str,
    pub hidden_for_privacy: &'static str,
    pub no_actions: &'static str,
    // action dialogs
    pub choose_assignee: &'static str,
    pub note_optional: &'static str,
    pub reason: &'static str,
    pub reason_optional: &'static str,
    pub completion_note: &'static str,
    pub stars: &'static str,
    pub comment_optional: &'static str,
    pub confirm: &'static str,
    pub cancel_dialog: &'static str,
    pub working: &'static str,
    pub done_toast: &'static str,
    pub confirm_action: &'static str,
    // points
    pub balance: &'static str,
    pub ledger: &'static str,
    pub rewards: &'static str,
    pub cost: &'static str,
    pub stock: &'static str,
    pub redeem: &'static str,
    pub redeemed: &'static str,
    pub reason_completed: &'static str,
    pub reason_redeemed: &'static str,
    // me
    pub roles: &'static str,
    pub community: &'static str,
    pub unit: &'static str,
    pub points_balance: &'static str,
    pub not_found_page: &'static str,
    pub go_home: &'static str,
    // enums
    pub kind: fn(OrderKind) -> &'static str,
    pub status: fn(OrderStatus) -> &'static str,
    pub action: fn(Action) -> &'static str,
    pub role: fn(shared::Role) -> &'static str,
    pub error: fn(ErrorCode) -> &'static str,
    // time
    pub status_unclaimed: &'static str,
    pub unclaimed: &'static str,
    pub address_empty: &'static str,
    pub current_hat: &'static str,
    pub to_evaluate: &'static str,
    pub to_evaluate_n: &'static str,
    pub go_evaluate: &'static str,
    pub earned_points: &'static str,
    pub wish_points: &'static str,
    pub confirm_redeem: &'static str,
    pub cannot_afford: &'static str,
    pub out_of_stock: &'static str,
    pub search: &'static str,
    pub clear: &'static str,
    pub reason_redeemed_n: &'static str,
    pub hours_total: &'static str,
    pub hours_n: &'static str,
    pub my_redemptions: &'static str,
    pub pickup_code: &'static str,
    pub pickup_hint: &'static str,
    pub cancel_redemption: &'static str,
    pub confirm_cancel_redemption: &'static str,
    pub redemption_cancelled: &'static str,
    pub status_reserved: &'static str,
    pub status_fulfilled: &'static str,
    pub status_cancelled_r: &'static str,
    pub status_expired: &'static str,
    pub reason_refunded_n: &'static str,
    pub reason_awarded: &'static str,
    pub reason_withdrawn: &'static str,
    pub withdrawn_mark: &'static str,
    pub donated_by: &'static str,
    pub year_certificate: &'static str,
    pub cert_title: &'static str,
    pub cert_orders: &'static str,
    pub cert_rating: &'static str,
    pub cert_points: &'static str,
    pub redeemed_code: &'static str,
    pub new_order_arrived: &'static str,
    pub wechat_subscribe_hint: &'static str,
    pub wechat_subscribe: &'static str,
    pub not_now: &'static str,
    pub photo_not_image: &'static str,
    pub photo_too_large: &'static str,
    pub photos_today_full: &'static str,
    pub photo_n: &'static str,
    pub photo: &'static str,
    pub photos_label: &'static str,
    pub take_photo: &'static str,
    pub choose_photos: &'static str,
    pub remove_photo: &'static str,
    pub uploading: &'static str,
    /// 1–5 stars in words.
    pub rating_word: fn(i64) -> &'static str,
    pub just_now: &'static str,
    pub minutes_ago: &'static str,
    pub hours_ago: &'static str,
    pub days_ago: &'static str,
    pub months: [&'static str; 12],
    // deadlines and the four-level whistle
    pub respond_by: &'static str,
    pub level: &'static str,
    pub level_name: fn(shared::Level) -> &'static str,
    pub escalated: &'static str,
    pub escalated_entry: &'static str,
    pub time_left: &'static str,
    pub late_by: &'static str,
    pub n_minutes: &'static str,
    pub n_hours: &'static str,
    pub n_days: &'static str,
    pub tab_escalated: &'static str,
    pub hat_officer: &'static str,
    pub urge_wait: &'static str,
    pub inbox: &'static str,
    pub inbox_n: &'static str,
    pub mark_all_read: &'static str,
    pub inbox_empty: &'static str,
    pub next_page: &'static str,
    pub catalogue: &'static str,
    pub save: &'static str,
    pub calendar: &'static str,
    pub year: &'static str,
    pub deadline_now: &'static str,
    pub notice_title: fn(shared::api::NotificationKind) -> &'static str,
    pub missed: fn(shared::api::Missed) -> &'static str,
    pub raised_to: &'static str,
    pub auto_closed: &'static str,
    pub requester_left: &'static str,
    pub auto_dispatched: &'static str,
    pub nobody_left: &'static str,
    pub triage_entry: &'static str,
    pub note_entry: &'static str,
    pub by_proxy: &'static str,
    pub track_name: fn(shared::Track) -> &'static str,
    pub register_link: &'static str,
    pub register_title: &'static str,
    pub step_n: &'static str,
    pub ask_phone: &'static str,
    pub ask_name: &'static str,
    pub ask_password: &'static str,
    pub ask_community: &'static str,
    pub ask_home: &'static str,
    pub building: &'static str,
    pub room: &'static str,
    pub skip_building: &'static str,
    pub privacy_title: &'static str,
    pub privacy_text: &'static str,
    pub agree: &'static str,
    pub step_back: &'static str,
    pub people_desk: &'static str,
    pub account: &'static str,
    pub change_password: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    pub password_changed: &'static str,
    pub delete_account: &'static str,
    pub delete_account_text: &'static str,
    pub report_as_member: &'static str,
    pub work_unit: &'static str,
    pub party_member_q: &'static str,
    pub skills_hint: &'static str,
    pub background: &'static str,
    pub my_profile: &'static str,
    pub profile_hint: &'static str,
    pub profile_saved: &'static str,
    pub taking_orders: &'static str,
    pub my_skills: &'static str,
    pub other_skills: &'static str,
    pub home_grid: &'static str,
    pub no_grid: &'static str,
    pub max_open_label: &'static str,
    pub claimable_now: &'static str,
    pub empty_claimable: &'static str,
    pub report_send: &'static str,
    pub report_sent: &'static str,
    pub places_link: &'static str,
    pub units_link: &'static str,
    pub supermarket_link: &'static str,
    pub partners_link: &'static str,
    pub phone_taken: &'static str,
    pub wrong_password: &'static str,
    pub next: &'static str,
    pub submit_register: &'static str,
    pub name_required: &'static str,
    pub password_short: &'static str,
    pub community_required: &'static str,
    pub agree_required: &'static str,
    pub waiting_title: &'static str,
    pub waiting_text: &'static str,
    pub rejected_title: &'static str,
    pub reason_is: &'static str,
    pub apply_again: &'static str,
    pub check_again: &'static str,
    pub tab_approvals: &'static str,

    pub new_task_toast: &'static str,
    pub being_arranged: &'static str,
    pub expected: &'static str,
    pub expected_by: &'static str,
    pub why_not_taken: &'static str,
    pub why_not_done: &'static str,
    pub close: &'static str,
}

/// A note the system wrote (an escalation, a closing), in the reader's words.
pub fn system_note(t: &Strings, n: &shared::api::SystemNote) -> String {
    use shared::api::SystemNoteCode;
    match n.code {
        SystemNoteCode::Escalated => {
            let level = n.level.map(t.level_name).unwrap_or_default();
            let mut words = fill(t.raised_to, level);
            if let Some(m) = n.missed {
                words.push_str(" · ");
                words.push_str((t.missed)(m));
            }
            words
        }
        SystemNoteCode::AutoClosed => fill(t.auto_closed, n.days.unwrap_or(1)),
        SystemNoteCode::RequesterLeft => t.requester_left.to_string(),
        SystemNoteCode::AutoDispatched => t.auto_dispatched.to_string(),
        SystemNoteCode::NobodyLeft => t.nobody_left.to_string(),
    }
}

/// A notification's title and body in the reader's words, from its facts
/// (the server's Chinese words for one written before facts existed).
pub fn notice_words(t: &Strings, n: &shared::api::Notification) -> (String, String) {
    let Some(f) = &n.facts else {
        return (n.title.clone(), n.body.clone());
    };
    let mut body = format!("{} {}", f.number, f.title);
    let detail = f
        .system
        .as_ref()
        .map(|s| system_note(t, s))
        .or_else(|| f.said.clone());
    if let Some(r) = f.rating {
        body.push_str(&format!(" · {r}★"));
    }
    if let Some(d) = detail {
        body.push_str(" · ");
        body.push_str(&d);
    }
    ((t.notice_title)(n.kind).to_string(), body)
}

/// Replace `{n}` in a template.
/// A broken input rule (`shared::input`), in the reader's words.
pub fn input_error(t: &Strings, e: shared::input::InputError) -> String {
    use shared::input::InputError;
    match e {
        InputError::Empty(_) => t.required.to_string(),
        InputError::TooLong(_, max) => fill(t.too_long, max),
        InputError::Invalid("phone") => t.phone_invalid.to_string(),
        InputError::Invalid(_) => t.invalid_input.to_string(),
    }
}

pub fn fill(template: &str, n: impl std::fmt::Display) -> String {
    template.replace("{n}", &n.to_string())
}
