//! Spreadsheets people upload (rosters, the hotline's work orders): their
//! cells as text, CSV or XLSX alike.

use crate::error::{ApiError, ApiResult};

/// The cells of a spreadsheet, as text, row by row with each row's number as
/// the spreadsheet shows it (blank lines count): XLSX by its content (a ZIP),
/// otherwise CSV in UTF-8 (with or without a byte-order mark).
pub fn cells(bytes: &[u8]) -> ApiResult<Vec<(u32, Vec<String>)>> {
    if bytes.starts_with(b"PK\x03\x04") {
        use calamine::Reader;
        let mut book =
            calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
                .map_err(|e| ApiError::invalid(format!("cannot read this Excel file: {e}")))?;
        let range = book
            .worksheet_range_at(0)
            .ok_or_else(|| ApiError::invalid("the Excel file has no sheet"))?
            .map_err(|e| ApiError::invalid(format!("cannot read the first sheet: {e}")))?;
        let first = range.start().map_or(0, |(r, _)| r);
        return Ok(range
            .rows()
            .enumerate()
            .map(|(i, r)| {
                let number = first + u32::try_from(i).unwrap_or(u32::MAX - first - 1) + 1;
                (number, r.iter().map(text_of).collect())
            })
            .collect());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        ApiError::invalid("the CSV is not UTF-8 text: save it as “CSV UTF-8” and send it again")
    })?;
    let text = text.trim_start_matches('\u{feff}');
    // Line by line, so that each row keeps the number the spreadsheet shows
    // (blank lines count); quoted commas within a line are read as CSV.
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(line.as_bytes());
        let cells = match reader.records().next() {
            None => Vec::new(),
            Some(record) => record
                .map_err(|e| ApiError::invalid(format!("cannot read the CSV, line {number}: {e}")))?
                .iter()
                .map(|c| c.trim().to_string())
                .collect(),
        };
        out.push((number, cells));
    }
    Ok(out)
}

/// A cell as text; a date as the sheet shows it (`2026-12-04 09:30:00`).
fn text_of(c: &calamine::Data) -> String {
    match c {
        calamine::Data::DateTime(d) => excel_moment(d.as_f64()).unwrap_or_else(|| c.to_string()),
        other => other.to_string().trim().to_string(),
    }
}

/// Excel's serial day (days since 1899-12-30, the time as its fraction) as
/// `YYYY-MM-DD HH:MM:SS`, to the nearest second.
pub fn excel_moment(serial: f64) -> Option<String> {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    let seconds = (serial * 86_400.0).round() as i64;
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let at = epoch.checked_add_signed(chrono::Duration::seconds(seconds))?;
    Some(at.format("%Y-%m-%d %H:%M:%S").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_are_the_days_excel_shows() {
        assert_eq!(
            excel_moment(46_360.395_833_333_3).as_deref(),
            Some("2026-12-04 09:30:00")
        );
        assert_eq!(excel_moment(1.0).as_deref(), Some("1899-12-31 00:00:00"));
        assert_eq!(excel_moment(f64::NAN), None);
        assert_eq!(excel_moment(-1.0), None);
    }
}
