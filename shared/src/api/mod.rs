//! Requests and responses of the HTTP API under `/api/v1`, one file per area.

mod auth;
mod catalog;
mod dispatch;
mod lists;
mod notifications;
mod orders;
mod partners;
mod people;
mod points;
mod stats;
mod uploads;

pub use auth::*;
pub use catalog::*;
pub use dispatch::*;
pub use lists::*;
pub use notifications::*;
pub use orders::*;
pub use partners::*;
pub use people::*;
pub use points::*;
pub use stats::*;
pub use uploads::*;

use serde::{Deserialize, Serialize};

/// What the sign-in page may know before anyone signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServerInfo {
    /// The server runs with the demo data (`--demo`): the sign-in page may
    /// show the demo password.
    pub demo: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many there are in all; with `total_capped`, at least this many
    /// (lists of orders stop counting at 10,000: "10,000+").
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub total_capped: bool,
    /// Where the next page begins (`after=`), when there may be one: deep
    /// pages read that way as fast as the first (lists of orders).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Items<T> {
    pub items: Vec<T>,
}

/// A field of a `PATCH` body that may be absent (leave it), `null` (remove
/// it) or a value: `Option<Option<T>>` with `#[serde(default, with =
/// "present", skip_serializing_if = "Option::is_none")]`.
pub mod present {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        v: &Option<Option<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(inner) => inner.serialize(s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}
