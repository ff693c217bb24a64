//! What partner systems send: where results go, and moments as they write them.

use super::InputError;

/// Where a partner receives results: an `http://` or `https://` address of at
/// most 500 characters, without spaces.
pub fn callback_url(value: &str) -> Result<String, InputError> {
    let v = value.trim();
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
        .unwrap_or("");
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || v.len() > 500 || v.chars().any(char::is_whitespace) {
        return Err(InputError::Invalid("callback_url"));
    }
    Ok(v.to_string())
}

/// A moment as partner systems write it: RFC 3339 (`2026-12-04T09:30:00+08:00`),
/// or China time as `2026-12-04 09:30[:00]` (also with `/`), or a day alone
/// (`2026-12-04`: its first moment, or with `end_of_day` its last — a deadline).
pub fn moment(
    field: &'static str,
    value: &str,
    end_of_day: bool,
) -> Result<chrono::DateTime<chrono::Utc>, InputError> {
    use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
    let v = value.trim().replace('/', "-");
    if v.is_empty() {
        return Err(InputError::Empty(field));
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&v) {
        return Ok(t.with_timezone(&Utc));
    }
    let china = crate::deadlines::china();
    let local = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&v, f).ok())
        .or_else(|| {
            let day = NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok()?;
            match end_of_day {
                true => day.succ_opt()?.and_hms_opt(0, 0, 0),
                false => day.and_hms_opt(0, 0, 0),
            }
        });
    match local.and_then(|t| china.from_local_datetime(&t).single()) {
        Some(t) => Ok(t.with_timezone(&Utc)),
        None => Err(InputError::Invalid(field)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partner_moments_are_rfc3339_or_china_time() {
        let at = |v: &str, end| moment("deadline", v, end).map(|t| t.to_rfc3339());
        let nine_thirty = Ok("2026-12-04T01:30:00+00:00".to_string());
        assert_eq!(at("2026-12-04T09:30:00+08:00", false), nine_thirty);
        assert_eq!(at("2026-12-04 09:30", false), nine_thirty);
        assert_eq!(at(" 2026/12/04 09:30:00 ", false), nine_thirty);
        assert_eq!(
            at("2026-12-04", false),
            Ok("2026-12-03T16:00:00+00:00".into())
        );
        assert_eq!(
            at("2026-12-04", true),
            Ok("2026-12-04T16:00:00+00:00".into())
        );
        for bad in [
            "",
            "tomorrow",
            "2026-13-01",
            "2026-12-04 25:00",
            "04.12.2026",
        ] {
            assert!(at(bad, false).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn callback_urls_are_http_addresses() {
        for good in [
            "https://hotline.example/results",
            "http://127.0.0.1:9000/cb?x=1",
        ] {
            assert_eq!(callback_url(good).as_deref(), Ok(good));
        }
        for bad in [
            "",
            "ftp://x",
            "https://",
            "https:///path",
            "https://a b",
            "javascript:alert(1)",
        ] {
            assert!(callback_url(bad).is_err(), "{bad:?}");
        }
    }
}
