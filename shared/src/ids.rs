//! Ids as types: an `OrderId` cannot be passed where a `UserId` is expected, on
//! the server or in the client. On the wire and in the database each is the
//! plain integer it wraps (`#[serde(transparent)]`; with the `db` feature a
//! sea-orm value type over the same `integer` column).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! id {
    ($($(#[$doc:meta])* $name:ident;)+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "db", derive(sea_orm::DeriveValueType))]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub struct $name(pub i32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        /// Lets the type be an entity's primary key (sea-orm reads the id of
        /// an inserted row as a `u64`).
        #[cfg(feature = "db")]
        impl sea_orm::TryFromU64 for $name {
            fn try_from_u64(n: u64) -> Result<Self, sea_orm::DbErr> {
                i32::try_from_u64(n).map($name)
            }
        }
    )+};
}

id! {
    /// An order (`orders.id`), not its human-readable number.
    OrderId;
    /// A person with an account: resident, volunteer, staff.
    UserId;
    /// A member unit (共建单位).
    UnitId;
    CommunityId;
    StreetId;
    DistrictId;
    GridId;
    BuildingId;
    /// A role someone holds or asks for in a community (`memberships.id`).
    MembershipId;
    CategoryId;
    RewardId;
    RedemptionId;
    /// A row of the points ledger.
    LedgerEntryId;
    /// A timeline entry of an order.
    EventId;
    /// An entry of someone's inbox.
    NotificationId;
    /// A photo someone uploaded (`POST /uploads`).
    UploadId;
    /// A partner system's key (Open311, the 12345 hotline).
    PartnerId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_its_integer_on_the_wire_and_in_text() {
        assert_eq!(
            serde_json::to_string(&OrderId(42)).ok().as_deref(),
            Some("42")
        );
        assert_eq!(serde_json::from_str::<UserId>("7").ok(), Some(UserId(7)));
        assert_eq!(OrderId(42).to_string(), "42");
        assert_eq!("42".parse::<OrderId>(), Ok(OrderId(42)));
        assert!("4x".parse::<OrderId>().is_err());
    }

    #[test]
    fn an_assignee_keeps_its_flat_wire_shape() {
        use crate::api::{Assignee, AssigneeRef};
        let a = AssigneeRef::Unit(UnitId(3));
        assert_eq!(
            serde_json::to_string(&a).ok().as_deref(),
            Some(r#"{"type":"unit","id":3}"#)
        );
        let back: Result<AssigneeRef, _> = serde_json::from_str(r#"{"type":"volunteer","id":5}"#);
        assert_eq!(back.ok(), Some(AssigneeRef::Volunteer(UserId(5))));
        let named = Assignee {
            who: a,
            name: "物业".into(),
        };
        assert_eq!(
            serde_json::to_string(&named).ok().as_deref(),
            Some(r#"{"type":"unit","id":3,"name":"物业"}"#)
        );
    }
}
