//! The query of `GET /orders`: whose orders, which, in what order.

use crate::workflow::{OrderKind, OrderStatus};
use serde::{Deserialize, Serialize};

crate::workflow::str_enum!(
    /// Whose orders a list shows: the ones I placed, the ones assigned to me or
    /// my unit, or every order of my community (committee, grid worker) or
    /// district (admin), or the orders escalated to me (street officers: my
    /// street's at level street or district; admins: the district's above
    /// community), or what I may claim now (the task hall: wishes and grab
    /// orders of my community).
    ListScope {
        Mine => "mine",
        Assigned => "assigned",
        Community => "community",
        Escalated => "escalated",
        Claimable => "claimable",
    }
);

crate::workflow::str_enum!(
    /// The order of a list: most recently placed first (the default), longest
    /// waiting first (the desk's way to reach the oldest pending orders), or
    /// the nearest deadline first (the most overdue at the top).
    ListSort {
        Newest => "newest",
        Oldest => "oldest",
        Due => "due",
    }
);

/// The query of `GET /orders`: the client builds it with [`OrderQuery::to_query`],
/// the server reads it with serde. An empty value is the same as an absent one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct OrderQuery {
    #[serde(default, deserialize_with = "empty_is_none")]
    pub scope: Option<ListScope>,
    #[serde(default, deserialize_with = "empty_is_none")]
    pub status: Option<OrderStatus>,
    #[serde(default, deserialize_with = "empty_is_none")]
    pub kind: Option<OrderKind>,
    /// A category `code`.
    #[serde(default, deserialize_with = "empty_is_none")]
    pub category: Option<String>,
    /// An order number or id, a phone, or words of a title or address.
    #[serde(default, deserialize_with = "empty_is_none")]
    pub q: Option<String>,
    #[serde(default, deserialize_with = "empty_is_none")]
    pub sort: Option<ListSort>,
    /// Only open orders past their deadline.
    #[serde(default, deserialize_with = "empty_is_none")]
    pub overdue: Option<bool>,
    /// Only orders on the revisit list (rated 1–2, not yet reopened or closed).
    #[serde(default, deserialize_with = "empty_is_none")]
    pub revisit: Option<bool>,
    /// `false`: without micro-wishes (the dispatch desk's 待派单: wishes wait on
    /// the wall for a claimer, not for dispatch).
    #[serde(default, deserialize_with = "empty_is_none")]
    pub wishes: Option<bool>,
    /// Only orders of this triage track (`big`: the joint meeting's list).
    #[serde(default, deserialize_with = "empty_is_none")]
    pub track: Option<crate::workflow::Track>,
    /// Only orders that came in this way (`hotline`, `open311`, `proxy`, `app`).
    #[serde(default, deserialize_with = "empty_is_none")]
    pub channel: Option<crate::workflow::Channel>,
    /// Only orders a partner key placed (the desk's 系统对接 counts them).
    #[serde(default, deserialize_with = "empty_is_none")]
    pub partner_id: Option<crate::ids::PartnerId>,
    /// Placed in `[from, to)`: `YYYY-MM-DD` (China time) or RFC 3339.
    #[serde(default, deserialize_with = "empty_is_none")]
    pub from: Option<String>,
    #[serde(default, deserialize_with = "empty_is_none")]
    pub to: Option<String>,
    #[serde(default, deserialize_with = "empty_is_none")]
    pub page: Option<u64>,
    #[serde(default, deserialize_with = "empty_is_none")]
    pub per_page: Option<u64>,
    /// Continue after this place (a page's `next`), whatever `page` says.
    #[serde(default, deserialize_with = "empty_is_none")]
    pub after: Option<String>,
}

impl OrderQuery {
    /// `key=value&…` of the parameters that are set, values percent-encoded.
    pub fn to_query(&self) -> String {
        let mut q = String::new();
        let mut put = |key: &str, value: &str| {
            if !q.is_empty() {
                q.push('&');
            }
            q.push_str(key);
            q.push('=');
            percent_encode(value, &mut q);
        };
        if let Some(v) = self.scope {
            put("scope", v.as_str());
        }
        if let Some(v) = self.status {
            put("status", v.as_str());
        }
        if let Some(v) = self.kind {
            put("kind", v.as_str());
        }
        for (key, v) in [
            ("category", &self.category),
            ("q", &self.q),
            ("after", &self.after),
        ] {
            if let Some(v) = v {
                put(key, v);
            }
        }
        if let Some(v) = self.sort {
            put("sort", v.as_str());
        }
        if self.overdue == Some(true) {
            put("overdue", "true");
        }
        if self.revisit == Some(true) {
            put("revisit", "true");
        }
        if self.wishes == Some(false) {
            put("wishes", "false");
        }
        if let Some(v) = self.track {
            put("track", v.as_str());
        }
        if let Some(v) = self.channel {
            put("channel", v.as_str());
        }
        if let Some(v) = self.partner_id {
            put("partner_id", &v.to_string());
        }
        for (key, v) in [("from", &self.from), ("to", &self.to)] {
            if let Some(v) = v {
                put(key, v);
            }
        }
        for (key, v) in [("page", self.page), ("per_page", self.per_page)] {
            if let Some(v) = v {
                put(key, &v.to_string());
            }
        }
        q
    }
}

/// URL query encoding: letters, digits and `-._~` as they are, every other
/// byte as `%XX`.
pub fn percent_encode(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// For query parameters: an empty value (`?page=`) means the parameter is
/// absent, as the contract says; anything else must parse.
pub fn empty_is_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let v: Option<String> = Option::deserialize(d)?;
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_query_round_trips_through_its_query_string() {
        let q = OrderQuery {
            scope: Some(ListScope::Community),
            status: Some(OrderStatus::Pending),
            q: Some("东门 100%&x=1".into()),
            sort: Some(ListSort::Oldest),
            overdue: Some(true),
            page: Some(2),
            ..OrderQuery::default()
        };
        let s = q.to_query();
        assert_eq!(
            s,
            "scope=community&status=pending&q=%E4%B8%9C%E9%97%A8%20100%25%26x%3D1&sort=oldest&overdue=true&page=2"
        );
        assert_eq!(OrderQuery::default().to_query(), "");
    }
}
