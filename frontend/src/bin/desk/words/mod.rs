//! The desk's own words, one file per language beside the library's
//! `Strings`: the phone app carries none of them. A word both apps show
//! belongs in `frontend::i18n`; one only the desk shows belongs here.

mod en;
mod zh;

use frontend::i18n::Lang;

pub fn of(lang: Lang) -> &'static DeskWords {
    match lang {
        Lang::Zh => &zh::ZH,
        Lang::En => &en::EN,
    }
}

pub struct DeskWords {
    pub residents_applying: &'static str,
    pub members_reporting: &'static str,
    pub approve: &'static str,
    pub reject: &'static str,
    pub reject_reason: &'static str,
    pub empty_applications: &'static str,
    pub reported_by_unit: &'static str,
    pub col_work_unit: &'static str,
    pub col_reported: &'static str,
    pub col_waiting: &'static str,
    pub party_member: &'static str,
    pub approved_n: &'static str,
    pub rejected_n: &'static str,
    pub period_7d: &'static str,
    pub period_30d: &'static str,
    pub period_year: &'static str,
    pub period_all: &'static str,
    pub stat_total: &'static str,
    pub stat_completion: &'static str,
    pub stat_satisfaction: &'static str,
    pub stat_rating: &'static str,
    pub stat_response: &'static str,
    pub stat_completion_time: &'static str,
    pub stat_overdue: &'static str,
    pub per_category: &'static str,
    pub col_orders: &'static str,
    pub col_done: &'static str,
    pub minutes_n: &'static str,
    pub hours_n: &'static str,
    pub empty_stats: &'static str,
    pub empty_desk: &'static str,
    pub filter_kind: &'static str,
    pub filter_category: &'static str,
    pub units: &'static str,
    pub volunteers: &'static str,
    pub search_hint: &'static str,
    pub sort: &'static str,
    pub sort_newest: &'static str,
    pub sort_oldest: &'static str,
    pub sort_due: &'static str,
    pub view_mode: &'static str,
    pub view_cards: &'static str,
    pub view_table: &'static str,
    pub overdue_only: &'static str,
    pub since_n: &'static str,
    pub revisit_only: &'static str,
    pub empty_escalated: &'static str,
    pub catalogue_hint: &'static str,
    pub new_service: &'static str,
    pub service_code: &'static str,
    pub service_name: &'static str,
    pub response_minutes: &'static str,
    pub completion_minutes: &'static str,
    pub points_label: &'static str,
    pub working_clock: &'static str,
    pub saved_n: &'static str,
    pub whole_numbers: &'static str,
    pub calendar_hint: &'static str,
    pub holidays: &'static str,
    pub makeup_workdays: &'static str,
    pub keys_hint: &'static str,
    pub clear_filters: &'static str,
    pub empty_filtered: &'static str,
}
