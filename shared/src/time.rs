//! Times on the wire: RFC 3339 as chrono writes them (`2026-11-22T08:30:00Z`),
//! read back with chrono's strict RFC 3339 parser. chrono's own `Deserialize`
//! goes through its general format parser, which costs the web client about
//! 6 KB of wasm for nothing. Use with `#[serde(with = "crate::time::rfc3339")]`
//! (or `rfc3339_opt` for an `Option`).

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

pub mod rfc3339 {
    use super::*;

    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        t.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        struct Rfc3339;
        impl Visitor<'_> for Rfc3339 {
            type Value = DateTime<Utc>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an RFC 3339 time")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime<Utc>, E> {
                DateTime::parse_from_rfc3339(v)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(E::custom)
            }
        }
        d.deserialize_str(Rfc3339)
    }
}

pub mod rfc3339_opt {
    use super::*;

    struct Wire(DateTime<Utc>);

    impl<'de> Deserialize<'de> for Wire {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Wire, D::Error> {
            rfc3339::deserialize(d).map(Wire)
        }
    }

    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        t.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Ok(Option::<Wire>::deserialize(d)?.map(|w| w.0))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct T {
        #[serde(with = "super::rfc3339")]
        at: DateTime<Utc>,
        #[serde(default, with = "super::rfc3339_opt")]
        by: Option<DateTime<Utc>>,
    }

    #[test]
    fn times_go_out_as_chrono_writes_them_and_come_back() {
        let at = Utc
            .with_ymd_and_hms(2026, 11, 22, 8, 30, 0)
            .single()
            .expect("a time");
        let t = T { at, by: Some(at) };
        let json = serde_json::to_string(&t).expect("serialises");
        assert_eq!(
            json,
            r#"{"at":"2026-11-22T08:30:00Z","by":"2026-11-22T08:30:00Z"}"#
        );
        assert_eq!(serde_json::from_str::<T>(&json).ok(), Some(t));
        let other: T = serde_json::from_str(r#"{"at":"2026-11-22T16:30:00.5+08:00","by":null}"#)
            .expect("an offset and a fraction");
        assert_eq!(other.at.timestamp_millis(), at.timestamp_millis() + 500);
        assert_eq!(other.by, None);
        assert_eq!(
            serde_json::from_str::<T>(r#"{"at":"2026-11-22T08:30:00Z"}"#)
                .map(|t| t.by)
                .ok(),
            Some(None)
        );
        assert!(serde_json::from_str::<T>(r#"{"at":"22/11/2026"}"#).is_err());
    }
}
