//! Deadline arithmetic: when a limit of N minutes, counted from a moment,
//! runs out. Pure code with table tests, like the workflow.
//!
//! A `natural` clock counts every minute. A `working` clock counts only working
//! time: Monday–Friday 09:00–18:00 China time (UTC+8, no daylight saving),
//! minus the calendar's holidays, plus its make-up workdays (调休: a Saturday or
//! Sunday declared a working day).

use crate::workflow::ClockKind;
use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc, Weekday,
};
use std::collections::BTreeSet;

/// Working hours, China time.
const OPENS: u32 = 9;
const CLOSES: u32 = 18;

/// China time: UTC+8 all year.
pub fn china() -> FixedOffset {
    const CHINA: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
        Some(tz) => tz,
        None => panic!("UTC+8 is a valid offset"),
    };
    CHINA
}

/// The declared exceptions to Monday–Friday, for any number of years.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

impl Calendar {
    pub fn new(
        holidays: impl IntoIterator<Item = NaiveDate>,
        workdays: impl IntoIterator<Item = NaiveDate>,
    ) -> Calendar {
        Calendar {
            holidays: holidays.into_iter().collect(),
            workdays: workdays.into_iter().collect(),
        }
    }

    /// A day people work: a declared workday, or a weekday that is no holiday.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.workdays.contains(&day) {
            return true;
        }
        !self.holidays.contains(&day) && !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
    }
}

/// The moment `minutes` after `start`, counted by `clock`.
pub fn deadline(
    start: DateTime<Utc>,
    minutes: i64,
    clock: ClockKind,
    calendar: &Calendar,
) -> DateTime<Utc> {
    match clock {
        ClockKind::Natural => start + Duration::minutes(minutes),
        ClockKind::Working if minutes <= 0 => start,
        ClockKind::Working => working_deadline(start, minutes, calendar),
    }
}

fn at(day: NaiveDate, hour: u32) -> DateTime<FixedOffset> {
    let time = NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN);
    day.and_time(time)
        .and_local_timezone(china())
        .single()
        .unwrap_or_else(|| china().from_utc_datetime(&day.and_time(time)))
}

fn working_deadline(start: DateTime<Utc>, minutes: i64, calendar: &Calendar) -> DateTime<Utc> {
    let mut now = start.with_timezone(&china());
    let mut left = Duration::minutes(minutes);
    // A limit of years is nonsense, but must not loop for ever: 40 years of days.
    for _ in 0..15_000 {
        let day = now.date_naive();
        if calendar.is_working_day(day) {
            let (opens, closes) = (at(day, OPENS), at(day, CLOSES));
            if now < opens {
                now = opens;
            }
            if now < closes {
                let today = closes - now;
                if left <= today {
                    return (now + left).with_timezone(&Utc);
                }
                left -= today;
            }
        }
        now = at(day.succ_opt().unwrap_or(day), OPENS);
    }
    (now + left).with_timezone(&Utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
    }

    /// China time, "YYYY-MM-DD HH:MM".
    fn t(s: &str) -> DateTime<Utc> {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
            .expect("a time")
            .and_local_timezone(china())
            .single()
            .expect("one instant")
            .with_timezone(&Utc)
    }

    /// A National Day week as the State Council declares them: Oct 1–7 off,
    /// made up on the Sunday before and the Saturday after; New Year's Day.
    fn calendar() -> Calendar {
        Calendar::new(
            [
                "2026-10-01",
                "2026-10-02",
                "2026-10-05",
                "2026-10-06",
                "2026-10-07",
                "2026-01-01",
            ]
            .map(d),
            ["2026-09-27", "2026-10-10"].map(d),
        )
    }

    #[test]
    fn deadlines_by_the_table() {
        use ClockKind::{Natural, Working};
        let cases: &[(&str, i64, ClockKind, &str, &str)] = &[
            (
                "2026-11-23 10:00",
                90,
                Natural,
                "2026-11-23 11:30",
                "natural: every minute",
            ),
            (
                "2026-11-21 23:30",
                60,
                Natural,
                "2026-11-22 00:30",
                "natural: nights and weekends too",
            ),
            (
                "2026-11-23 10:00",
                60,
                Working,
                "2026-11-23 11:00",
                "within a working day",
            ),
            (
                "2026-11-23 17:30",
                60,
                Working,
                "2026-11-24 09:30",
                "across a night",
            ),
            (
                "2026-11-23 07:00",
                30,
                Working,
                "2026-11-23 09:30",
                "before opening",
            ),
            (
                "2026-11-23 20:00",
                30,
                Working,
                "2026-11-24 09:30",
                "after closing",
            ),
            (
                "2026-11-20 17:00",
                120,
                Working,
                "2026-11-23 10:00",
                "across a weekend",
            ),
            (
                "2026-11-21 10:00",
                60,
                Working,
                "2026-11-23 10:00",
                "placed on a Saturday",
            ),
            (
                "2026-11-23 09:00",
                540,
                Working,
                "2026-11-23 18:00",
                "a whole day ends at closing",
            ),
            (
                "2026-11-23 09:00",
                541,
                Working,
                "2026-11-24 09:01",
                "a minute more is tomorrow",
            ),
            (
                "2026-09-30 17:00",
                120,
                Working,
                "2026-10-08 10:00",
                "across the holiday week",
            ),
            (
                "2026-09-25 17:00",
                120,
                Working,
                "2026-09-27 10:00",
                "a Sunday make-up day works",
            ),
            (
                "2026-10-09 17:00",
                120,
                Working,
                "2026-10-10 10:00",
                "a Saturday make-up day works",
            ),
            (
                "2025-12-31 17:00",
                120,
                Working,
                "2026-01-02 10:00",
                "the turn of the year, a holiday",
            ),
            (
                "2026-11-23 10:00",
                0,
                Working,
                "2026-11-23 10:00",
                "no time at all",
            ),
            (
                "2026-11-21 10:00",
                0,
                Working,
                "2026-11-21 10:00",
                "no time is no time, even at a weekend",
            ),
        ];
        let cal = calendar();
        for (start, minutes, clock, want, why) in cases {
            assert_eq!(
                deadline(t(start), *minutes, *clock, &cal),
                t(want),
                "{why}: {start} + {minutes} min"
            );
        }
    }

    #[test]
    fn a_week_of_working_time_is_five_days() {
        let cal = Calendar::default();
        assert_eq!(
            deadline(t("2026-11-23 09:00"), 5 * 540, ClockKind::Working, &cal),
            t("2026-11-27 18:00")
        );
    }

    #[test]
    fn declared_days_override_the_weekday() {
        let cal = calendar();
        assert!(!cal.is_working_day(d("2026-10-01")), "a holiday Thursday");
        assert!(cal.is_working_day(d("2026-10-10")), "a make-up Saturday");
        assert!(!cal.is_working_day(d("2026-10-11")), "an ordinary Sunday");
        assert!(cal.is_working_day(d("2026-10-08")), "an ordinary Thursday");
    }
}
