//! Deadlines of orders: the working-day calendar kept by the admin, and an
//! order's `respond_by` and `due_at` from its category. The arithmetic is pure
//! and lives in `shared::deadlines`; this module only feeds it.

use crate::auth::Caller;
use crate::entities::{calendar_day, category};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use shared::api::CalendarYear;
use shared::deadlines::{china, deadline, Calendar};
use shared::Role;

/// Years a calendar may be declared for.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The calendar a category's limits need from `at`: none for a natural clock
/// (no query), the declared days around `at` for a working one.
pub async fn calendar_for(
    db: &impl ConnectionTrait,
    c: &category::Model,
    at: DateTime<Utc>,
) -> ApiResult<Calendar> {
    match c.clock {
        shared::ClockKind::Natural => Ok(Calendar::default()),
        shared::ClockKind::Working => calendar_around(db, at).await,
    }
}

/// The declared days around `at`: the year before, that year and the two after
/// (a limit of weeks placed in late December runs into the next year).
pub async fn calendar_around(db: &impl ConnectionTrait, at: DateTime<Utc>) -> ApiResult<Calendar> {
    let year = at.with_timezone(&china()).year();
    let days = calendar_day::Entity::find()
        .filter(calendar_day::Column::Year.between(year - 1, year + 2))
        .all(db)
        .await?;
    let (mut holidays, mut workdays) = (Vec::new(), Vec::new());
    for d in days {
        if let Ok(day) = NaiveDate::parse_from_str(&d.day, "%Y-%m-%d") {
            if d.workday {
                workdays.push(day);
            } else {
                holidays.push(day);
            }
        }
    }
    Ok(Calendar::new(holidays, workdays))
}

/// When someone must answer, and when it must be done, for an order of this
/// category counted from `from`.
pub fn limits(c: &category::Model, from: DateTime<Utc>, cal: &Calendar) -> Limits {
    Limits {
        respond_by: deadline(from, c.response_minutes.into(), c.clock, cal),
        due_at: deadline(from, c.completion_minutes.into(), c.clock, cal),
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub respond_by: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
}

pub async fn calendar_year(db: &impl ConnectionTrait, year: i32) -> ApiResult<CalendarYear> {
    check_year(year)?;
    let days = calendar_day::Entity::find()
        .filter(calendar_day::Column::Year.eq(year))
        .order_by_asc(calendar_day::Column::Day)
        .all(db)
        .await?;
    let mut out = CalendarYear {
        year,
        ..Default::default()
    };
    for d in days {
        if d.workday {
            out.workdays.push(d.day);
        } else {
            out.holidays.push(d.day);
        }
    }
    Ok(out)
}

fn check_year(year: i32) -> ApiResult<()> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(ApiError::invalid(format!(
            "year must be between {} and {}",
            YEARS.start(),
            YEARS.end()
        )))
    }
}

/// Replaces the year's declared days (admins). Every day must be of that
/// year and declared once; a make-up workday is a Saturday or Sunday.
pub async fn put_calendar_year(
    db: &impl TransactionTrait,
    caller: &Caller,
    year: i32,
    body: CalendarYear,
) -> ApiResult<CalendarYear> {
    if !caller.has(Role::Admin) {
        return Err(ApiError::forbidden("only an admin keeps the calendar"));
    }
    check_year(year)?;
    if body.year != 0 && body.year != year {
        return Err(ApiError::invalid(format!(
            "the body is for {} but the path says {year}",
            body.year
        )));
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut declared = Vec::new();
    for (text, workday) in body
        .holidays
        .iter()
        .map(|d| (d, false))
        .chain(body.workdays.iter().map(|d| (d, true)))
    {
        let day = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
            ApiError::invalid(format!("{text:?} is not a date: write it as 2026-10-01"))
        })?;
        declared.push((day, workday));
        if day.year() != year {
            return Err(ApiError::invalid(format!("{day} is not in {year}")));
        }
        if !seen.insert(day) {
            return Err(ApiError::invalid(format!("{day} is declared twice")));
        }
        let weekend = matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
        if workday && !weekend {
            return Err(ApiError::invalid(format!(
                "{day} is a weekday: only a Saturday or Sunday can be a make-up workday"
            )));
        }
    }
    let txn = db.begin().await?;
    calendar_day::Entity::delete_many()
        .filter(calendar_day::Column::Year.eq(year))
        .exec(&txn)
        .await?;
    let rows: Vec<calendar_day::ActiveModel> = declared
        .into_iter()
        .map(|(d, workday)| calendar_day::ActiveModel {
            day: Set(d.format("%Y-%m-%d").to_string()),
            year: Set(year),
            workday: Set(workday),
        })
        .collect();
    if !rows.is_empty() {
        calendar_day::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    let out = calendar_year(&txn, year).await?;
    txn.commit().await?;
    Ok(out)
}
