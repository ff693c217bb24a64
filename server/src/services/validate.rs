//! Checks on free text from clients, with messages that name the field.

use crate::error::{ApiError, ApiResult};

/// Trimmed, non-empty, at most `max` characters.
pub fn required_text(field: &str, value: &str, max: usize) -> ApiResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ApiError::invalid(format!("{field} must not be empty")));
    }
    if v.chars().count() > max {
        return Err(ApiError::invalid(format!(
            "{field} must be at most {max} characters"
        )));
    }
    Ok(v.to_string())
}

/// Like [`required_text`], but absent or blank becomes `None`.
pub fn optional_text(field: &str, value: Option<&str>, max: usize) -> ApiResult<Option<String>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => required_text(field, v, max).map(Some),
    }
}
