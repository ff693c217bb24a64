//! An assessment period (考核周期) as people name it: a year (`2026`), a
//! quarter (`2026-Q3`) or a month (`2026-11`) — whole China days.

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub from: NaiveDate,
    /// The day after the last.
    pub to: NaiveDate,
}

impl Period {
    /// `YYYY`, `YYYY-Qn` or `YYYY-MM`, years 2000–2100.
    pub fn parse(s: &str) -> Result<Period, String> {
        let bad =
            || format!("period {s:?}: use a year (2026), a quarter (2026-Q3) or a month (2026-11)");
        let s = s.trim();
        // By `get`, not `split_at`: a character across byte 4 is a bad
        // period, not a panic (Schemathesis sent "0𐀀").
        let (year, rest) = match (s.get(..4), s.get(4..)) {
            (Some(year), Some(rest)) => (year, rest),
            _ => (s, ""),
        };
        let year: i32 = year.parse().map_err(|_| bad())?;
        if !(2000..=2100).contains(&year) {
            return Err(bad());
        }
        let (first, months) = match rest {
            "" => (1, 12),
            r if r.starts_with("-Q") => match r[2..].parse::<u32>() {
                Ok(q @ 1..=4) if r.len() == 3 => (3 * q - 2, 3),
                _ => return Err(bad()),
            },
            r if r.starts_with('-') && r.len() == 3 => match r[1..].parse::<u32>() {
                Ok(m @ 1..=12) => (m, 1),
                _ => return Err(bad()),
            },
            _ => return Err(bad()),
        };
        let from = NaiveDate::from_ymd_opt(year, first, 1).ok_or_else(bad)?;
        let end = first + months;
        let to = if end > 12 {
            NaiveDate::from_ymd_opt(year + 1, end - 12, 1)
        } else {
            NaiveDate::from_ymd_opt(year, end, 1)
        }
        .ok_or_else(bad)?;
        Ok(Period { from, to })
    }

    /// The year a day falls in, named as [`Period::parse`] reads it.
    pub fn year_of(day: NaiveDate) -> String {
        day.year().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a day")
    }

    #[test]
    fn years_quarters_and_months_are_whole_days() {
        for (s, from, to) in [
            ("2026", d(2026, 1, 1), d(2027, 1, 1)),
            ("2026-Q1", d(2026, 1, 1), d(2026, 4, 1)),
            ("2026-Q4", d(2026, 10, 1), d(2027, 1, 1)),
            ("2026-02", d(2026, 2, 1), d(2026, 3, 1)),
            ("2026-12", d(2026, 12, 1), d(2027, 1, 1)),
            (" 2026-11 ", d(2026, 11, 1), d(2026, 12, 1)),
        ] {
            assert_eq!(Period::parse(s), Ok(Period { from, to }), "{s}");
        }
        for bad in [
            "",
            "26",
            "0\u{10000}",
            "2026\u{10000}",
            "２０２６",
            "2026-Q5",
            "2026-Q0",
            "2026-13",
            "2026-1",
            "2026-Q12",
            "1999",
            "2026/11",
            "abcd",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Period::year_of(d(2026, 12, 3)), "2026");
    }
}
