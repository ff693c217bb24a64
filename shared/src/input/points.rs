//! The points supermarket's and the ledger's numbers, and pickup codes.

use super::InputError;

/// What a reward costs, in points: 1 to 100,000.
pub fn reward_cost(value: i64) -> Result<i32, InputError> {
    match i32::try_from(value) {
        Ok(v @ 1..=100_000) => Ok(v),
        _ => Err(InputError::Invalid("cost")),
    }
}

/// How many of a reward are on the shelf: 0 to 100,000.
pub fn reward_stock(value: i64) -> Result<i32, InputError> {
    match i32::try_from(value) {
        Ok(v @ 0..=100_000) => Ok(v),
        _ => Err(InputError::Invalid("stock")),
    }
}

/// Points the committee awards for community work: 1 to 100.
pub fn award_points(value: i64) -> Result<i32, InputError> {
    match i32::try_from(value) {
        Ok(v @ 1..=100) => Ok(v),
        _ => Err(InputError::Invalid("points")),
    }
}

/// Volunteer hours given with a completion: 0.5 to 24, in half hours.
pub fn volunteer_hours(value: f64) -> Result<f64, InputError> {
    if (0.5..=24.0).contains(&value) && (value * 2.0).fract() == 0.0 {
        Ok(value)
    } else {
        Err(InputError::Invalid("hours"))
    }
}

/// A reservation's pickup code: six digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickupCode(String);

impl PickupCode {
    pub const LEN: usize = 6;

    pub fn parse(value: &str) -> Result<PickupCode, InputError> {
        let v = value.trim();
        if v.len() == Self::LEN && v.bytes().all(|b| b.is_ascii_digit()) {
            Ok(PickupCode(v.to_string()))
        } else {
            Err(InputError::Invalid("code"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
