//! Every input rule, once: the server parses requests with these before
//! anything reaches the database, and the client's forms check the same rules
//! as people type ("parse, don't validate": a `Title` is a valid title).

use crate::ids::UploadId;
use std::fmt;

/// Why an input was refused, naming the field. The server sends the English
/// text; the client words it in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputError {
    Empty(&'static str),
    TooLong(&'static str, usize),
    /// Not of the right shape (a phone, a link, a rating).
    Invalid(&'static str),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Empty(field) => write!(f, "{field} must not be empty"),
            InputError::TooLong(field, max) => {
                write!(f, "{field} must be at most {max} characters")
            }
            InputError::Invalid("phone") => {
                f.write_str("phone must be a mobile number of 11 digits")
            }
            InputError::Invalid("rating") => {
                f.write_str("rating must be a whole number from 1 to 5")
            }
            InputError::Invalid("new_password") => {
                f.write_str("password must be at least 8 characters")
            }
            InputError::Invalid("skills") => {
                f.write_str("skills: at most 20, each at most 20 characters, without commas")
            }
            InputError::Invalid("photos") => f.write_str("photos: at most 9 uploads, none twice"),
            InputError::Invalid("cost") => {
                f.write_str("cost must be a whole number of points from 1 to 100000")
            }
            InputError::Invalid("stock") => {
                f.write_str("stock must be a whole number from 0 to 100000")
            }
            InputError::Invalid("code") => f.write_str("code must be the 6 digits shown at pickup"),
            InputError::Invalid("points") => {
                f.write_str("points must be a whole number from 1 to 100")
            }
            InputError::Invalid("hours") => {
                f.write_str("hours must be from 0.5 to 24, in half hours")
            }
            InputError::Invalid("callback_url") => {
                f.write_str("callback_url must be an http:// or https:// address without spaces")
            }
            InputError::Invalid(field @ ("received_at" | "deadline")) => write!(
                f,
                "{field} must be RFC 3339 (2026-12-04T09:30:00+08:00) or China time (2026-12-04 09:30)"
            ),
            InputError::Invalid(field) => write!(f, "{field} is not valid"),
        }
    }
}

impl std::error::Error for InputError {}

/// Trimmed, non-empty, at most `max` characters.
fn text(field: &'static str, value: &str, max: usize) -> Result<String, InputError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(InputError::Empty(field));
    }
    // Line breaks and tabs are text; other control characters (NUL, which
    // PostgreSQL refuses, among them) are not.
    if v.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(InputError::Invalid(field));
    }
    if v.chars().count() > max {
        return Err(InputError::TooLong(field, max));
    }
    Ok(v.to_string())
}

macro_rules! text_input {
    ($(#[$m:meta])* $name:ident, $field:literal, $max:literal) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub const FIELD: &'static str = $field;
            pub const MAX: usize = $max;

            /// Trimmed; refused when empty or longer than [`Self::MAX`] characters.
            pub fn parse(value: &str) -> Result<Self, InputError> {
                text($field, value, $max).map($name)
            }

            /// For optional fields: absent or blank is `None`.
            pub fn parse_opt(value: Option<&str>) -> Result<Option<Self>, InputError> {
                match value.map(str::trim).filter(|v| !v.is_empty()) {
                    None => Ok(None),
                    Some(v) => Self::parse(v).map(Some),
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> String {
                self.0
            }
        }
    };
}

mod partners;
mod points;

pub use partners::{callback_url, moment};
pub use points::{award_points, reward_cost, reward_stock, volunteer_hours, PickupCode};

text_input!(/// An order's one-line title.
    Title, "title", 100);
text_input!(/// What the resident describes.
    Description, "description", 2000);
text_input!(/// Where to go (optional on an order).
    Address, "address", 200);
text_input!(/// When the resident would like it (optional).
    PreferredTime, "preferred_time", 100);
text_input!(/// Why: rejecting, reopening (required); cancelling, giving back (optional).
    Reason, "reason", 500);
text_input!(/// A note with a dispatch or a close (optional).
    Note, "note", 500);
text_input!(/// What was done, when completing.
    CompletionNote, "note", 1000);
text_input!(/// The resident's words with a rating (optional).
    Comment, "comment", 500);
text_input!(/// What the desk searches for (optional).
    SearchWords, "q", 100);
text_input!(/// What a volunteer brings: profession, experience (optional).
    Background, "background", 500);
text_input!(/// A person's name, as their neighbours know it.
    PersonName, "name", 20);
text_input!(/// The name of a street, community, grid or building.
    PlaceName, "name", 40);
text_input!(/// A room in a building (optional on registration).
    Room, "room", 20);
text_input!(/// Where an in-service party member works (双报到).
    WorkUnit, "work_unit", 60);
text_input!(/// A reward on the points supermarket's shelf.
    RewardName, "name", 40);
text_input!(/// What a reward is, how to pick it up (optional).
    RewardDescription, "description", 500);
text_input!(/// Who gave a reward: a unit, a merchant (optional).
    Donor, "donor", 60);
text_input!(/// Why the committee awards or withdraws points.
    AwardReason, "reason", 200);
text_input!(/// The 12345 hotline's own number of a work order (工单编号).
    HotlineNumber, "hotline_number", 40);
text_input!(/// What a partner system is called on the desk (`12345热线`).
    PartnerName, "name", 40);

/// Skills (a volunteer's, a unit's): at most 20, each 1–20 characters, none
/// twice, no commas (they are kept comma-separated).
pub struct Skills;

impl Skills {
    pub const MAX: usize = 20;
    pub const MAX_CHARS: usize = 20;

    pub fn parse(skills: &[String]) -> Result<Vec<String>, InputError> {
        let mut out: Vec<String> = Vec::new();
        for s in skills {
            let s = s.trim();
            if s.is_empty() {
                continue;
            }
            if s.chars().count() > Self::MAX_CHARS || s.contains(',') || s.contains('，') {
                return Err(InputError::Invalid("skills"));
            }
            if !out.iter().any(|o| o == s) {
                out.push(s.to_string());
            }
        }
        if out.len() > Self::MAX {
            return Err(InputError::Invalid("skills"));
        }
        Ok(out)
    }
}

/// A rating: 1 to 5 stars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rating(u8);

impl Rating {
    pub fn parse(value: i64) -> Result<Rating, InputError> {
        match u8::try_from(value) {
            Ok(v @ 1..=5) => Ok(Rating(v)),
            _ => Err(InputError::Invalid("rating")),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// A mainland mobile number: 11 digits starting with 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(value: &str) -> Result<Phone, InputError> {
        let v = value.trim();
        if v.is_empty() {
            return Err(InputError::Empty("phone"));
        }
        if is_phone(v) {
            Ok(Phone(v.to_string()))
        } else {
            Err(InputError::Invalid("phone"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password as typed at sign-in: not empty, at most [`Password::MAX`]
/// characters (Argon2 hashes whatever it is given: an unbounded password is a
/// way to burn the server's CPU). Not trimmed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MAX: usize = 128;

    pub fn parse(value: &str) -> Result<Password, InputError> {
        if value.is_empty() {
            return Err(InputError::Empty("password"));
        }
        if value.chars().count() > Self::MAX {
            return Err(InputError::TooLong("password", Self::MAX));
        }
        Ok(Password(value.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl Password {
    /// The least a new password may be: 8 characters.
    pub const MIN_NEW: usize = 8;

    /// A password someone chooses (registering, resetting, changing): at
    /// least [`Self::MIN_NEW`] characters.
    pub fn parse_new(value: &str) -> Result<Password, InputError> {
        let p = Password::parse(value)?;
        if value.chars().count() < Self::MIN_NEW {
            return Err(InputError::Invalid("new_password"));
        }
        Ok(p)
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password([redacted])")
    }
}

/// The photos of a new order or a completion: at most 9 upload ids, none twice.
/// (Whose they are and whether they are free is the server's to check.)
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PhotoIds(Vec<UploadId>);

impl PhotoIds {
    pub const MAX: usize = 9;

    pub fn parse(ids: &[UploadId]) -> Result<PhotoIds, InputError> {
        let mut sorted = ids.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        if ids.len() > Self::MAX || sorted.len() != ids.len() {
            return Err(InputError::Invalid("photos"));
        }
        Ok(PhotoIds(ids.to_vec()))
    }

    pub fn ids(&self) -> &[UploadId] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A mainland mobile number: 11 digits starting with 1.
pub fn is_phone(s: &str) -> bool {
    s.len() == 11 && s.starts_with('1') && s.bytes().all(|b| b.is_ascii_digit())
}

/// A photo link an order may carry: `https` with a host, nothing else
/// (`javascript:`, `data:`, `file:` and plain `http` are refused). Completions
/// made before uploads existed carried such links; they are still shown.
pub fn is_photo_link(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && s.len() <= 500
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_refuse_control_characters_but_keep_line_breaks() {
        assert!(Title::parse("楼道\u{0}杂物").is_err());
        assert!(Title::parse("楼道\u{7}杂物").is_err());
        assert_eq!(
            Description::parse("第一行\n第二行\t完").map(Description::into_inner),
            Ok("第一行\n第二行\t完".to_string())
        );
    }

    #[test]
    fn phones_are_eleven_digits_starting_with_one() {
        assert!(is_phone("13900000001"));
        for bad in [
            "",
            "1390000000",
            "139000000011",
            "23900000001",
            "1390000000x",
            "１３９００００００01",
        ] {
            assert!(!is_phone(bad), "{bad:?}");
        }
        assert_eq!(
            Phone::parse(" 13900000001 ").map(|p| p.0),
            Ok("13900000001".into())
        );
        assert_eq!(Phone::parse(""), Err(InputError::Empty("phone")));
    }

    #[test]
    fn only_https_links_with_a_host_are_photos() {
        assert!(is_photo_link("https://img.example.cn/a.jpg"));
        for bad in [
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "file:///etc/passwd",
            "http://img.example.cn/a.jpg",
            "https://",
            "https:///a.jpg",
            "HTTPS://x/\" onerror=\"x",
            "https://x/a b.jpg",
        ] {
            assert!(!is_photo_link(bad), "{bad:?}");
        }
    }

    #[test]
    fn at_most_nine_photos_none_twice() {
        let ids = |n: i32| (1..=n).map(UploadId).collect::<Vec<_>>();
        assert_eq!(PhotoIds::parse(&ids(9)).map(|p| p.ids().len()), Ok(9));
        assert_eq!(
            PhotoIds::parse(&ids(10)),
            Err(InputError::Invalid("photos"))
        );
        assert_eq!(
            PhotoIds::parse(&[UploadId(3), UploadId(4), UploadId(3)]),
            Err(InputError::Invalid("photos"))
        );
        assert!(PhotoIds::parse(&[]).is_ok_and(|p| p.is_empty()));
    }

    #[test]
    fn texts_are_trimmed_required_and_limited_in_characters_not_bytes() {
        assert_eq!(
            Title::parse("  楼道灯不亮 ").map(Title::into_inner),
            Ok("楼道灯不亮".into())
        );
        assert_eq!(Title::parse("   "), Err(InputError::Empty("title")));
        assert!(
            Title::parse(&"灯".repeat(100)).is_ok(),
            "100 characters, 300 bytes"
        );
        assert_eq!(
            Title::parse(&"灯".repeat(101)),
            Err(InputError::TooLong("title", 100))
        );
        assert_eq!(Address::parse_opt(Some("  ")), Ok(None));
        assert_eq!(Address::parse_opt(None), Ok(None));
        assert_eq!(
            InputError::TooLong("title", 100).to_string(),
            "title must be at most 100 characters"
        );
    }

    #[test]
    fn ratings_are_one_to_five_and_passwords_bounded() {
        assert_eq!(Rating::parse(5).map(Rating::get), Ok(5));
        for bad in [0, 6, -1, 256] {
            assert_eq!(Rating::parse(bad), Err(InputError::Invalid("rating")));
        }
        assert!(Password::parse(&"x".repeat(128)).is_ok());
        assert!(Password::parse(&"x".repeat(129)).is_err());
        assert!(!format!("{:?}", Password::parse("hunter2")).contains("hunter2"));
    }
}
