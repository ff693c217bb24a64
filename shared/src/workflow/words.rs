//! The workflow's words: kinds, statuses, actions, roles, and what the ledger
//! and the timeline record. Each is a closed set of snake_case names, the same
//! in JSON, in URLs and (on the server, with the `db` feature) in the database.

use serde::{Deserialize, Serialize};

macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        // In the database (server only): a text column holding the same words.
        #[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "Text"))]
        pub enum $name { $(#[cfg_attr(feature = "db", sea_orm(string_value = $s))] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, String> {
                Self::parse(s).ok_or_else(|| {
                    let known: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                    format!("unknown {} {s:?}: use {}", stringify!($name), known.join(", "))
                })
            }
        }
    };
}
pub(crate) use str_enum;

str_enum!(
    /// What a resident asks for.
    OrderKind {
        MicroWish => "micro_wish",
        DoorService => "door_service",
        Appeal => "appeal",
    }
);

str_enum!(
    /// Where an order is in its life.
    OrderStatus {
        Pending => "pending",
        Dispatched => "dispatched",
        Accepted => "accepted",
        Completed => "completed",
        Evaluated => "evaluated",
        Closed => "closed",
        Cancelled => "cancelled",
    }
);

str_enum!(
    /// What someone can do to an order.
    Action {
        Dispatch => "dispatch",
        Claim => "claim",
        Accept => "accept",
        Reject => "reject",
        Complete => "complete",
        Evaluate => "evaluate",
        Cancel => "cancel",
        Reopen => "reopen",
        Close => "close",
        Release => "release",
        Reassign => "reassign",
        Urge => "urge",
    }
);

str_enum!(
    /// A hat a person wears in a community.
    Role {
        Resident => "resident",
        Volunteer => "volunteer",
        UnitMember => "unit_member",
        GridWorker => "grid_worker",
        Committee => "committee",
        StreetOfficer => "street_officer",
        Admin => "admin",
    }
);

str_enum!(
    /// Why a points ledger entry was written (`reward_refunded`: a reservation
    /// cancelled or expired gave its points back; `points_awarded`: the
    /// committee's, for community work; `points_withdrawn`: an award taken
    /// back by a compensating entry).
    LedgerReason {
        OrderCompleted => "order_completed",
        RewardRedeemed => "reward_redeemed",
        RewardRefunded => "reward_refunded",
        PointsAwarded => "points_awarded",
        PointsWithdrawn => "points_withdrawn",
    }
);

str_enum!(
    /// Where a reservation in the points supermarket stands: reserved until
    /// it is handed over by its pickup code, cancelled, or expired after 14 days.
    RedemptionStatus {
        Reserved => "reserved",
        Fulfilled => "fulfilled",
        Cancelled => "cancelled",
        Expired => "expired",
    }
);

str_enum!(
    /// What a timeline entry records: the order placed, or an action on it.
    TimelineAction {
        Create => "create",
        Dispatch => "dispatch",
        Claim => "claim",
        Accept => "accept",
        Reject => "reject",
        Complete => "complete",
        Evaluate => "evaluate",
        Cancel => "cancel",
        Reopen => "reopen",
        Close => "close",
        Release => "release",
        Reassign => "reassign",
        Urge => "urge",
        Escalate => "escalate",
        Triage => "triage",
        Note => "note",
    }
);

str_enum!(
    /// Who answers for an order now (四级吹哨): it starts at the community (or
    /// the grid, when a grid worker placed it) and goes up one level each time a
    /// deadline passes.
    Level {
        Grid => "grid",
        Community => "community",
        Street => "street",
        District => "district",
    }
);

impl Level {
    /// One level up; the district is the top.
    pub fn up(self) -> Level {
        match self {
            Level::Grid => Level::Community,
            Level::Community => Level::Street,
            Level::Street | Level::District => Level::District,
        }
    }

    /// Escalated past the community: the street's or the district's officers answer.
    pub fn is_escalated(self) -> bool {
        matches!(self, Level::Street | Level::District)
    }
}

str_enum!(
    /// How a category's limits are counted: every minute, or only working time
    /// (Monday–Friday 09:00–18:00 China time, per the calendar's 调休).
    ClockKind {
        Natural => "natural",
        Working => "working",
    }
);

str_enum!(
    /// How a category's orders reach someone: the committee dispatches
    /// (`manual`), the first to claim wins (`grab`), or the best candidate gets
    /// it (`auto`).
    DispatchMode {
        Manual => "manual",
        Grab => "grab",
        Auto => "auto",
    }
);

str_enum!(
    /// 三事分流: how a pending appeal is handled — a private matter (mediators
    /// first), a small one (the property unit first), or a big one for the
    /// joint meeting (联席会议) to decide before anyone is dispatched.
    Track {
        Private => "private",
        Small => "small",
        Big => "big",
    }
);

str_enum!(
    /// How an order came in: placed in the app by its requester, placed on a
    /// resident's behalf (代点单) by a grid worker or the committee, or (later)
    /// from the 12345 hotline or an Open311 client.
    Channel {
        App => "app",
        Proxy => "proxy",
        Hotline => "hotline",
        Open311 => "open311",
    }
);

str_enum!(
    /// What a partner key is for: an Open311 GeoReport v2 client, or the
    /// 12345 hotline (signed pushes in, results back).
    PartnerKind {
        Open311 => "open311",
        Hotline => "hotline",
    }
);

str_enum!(
    /// What the hotline is told about its work order.
    HotlineEvent {
        Accepted => "accepted",
        Completed => "completed",
        Evaluated => "evaluated",
        Cancelled => "cancelled",
    }
);

impl From<Action> for TimelineAction {
    fn from(a: Action) -> Self {
        match a {
            Action::Dispatch => TimelineAction::Dispatch,
            Action::Claim => TimelineAction::Claim,
            Action::Accept => TimelineAction::Accept,
            Action::Reject => TimelineAction::Reject,
            Action::Complete => TimelineAction::Complete,
            Action::Evaluate => TimelineAction::Evaluate,
            Action::Cancel => TimelineAction::Cancel,
            Action::Reopen => TimelineAction::Reopen,
            Action::Close => TimelineAction::Close,
            Action::Release => TimelineAction::Release,
            Action::Reassign => TimelineAction::Reassign,
            Action::Urge => TimelineAction::Urge,
        }
    }
}

impl OrderStatus {
    /// Still waiting on someone to do the work: these can run past their deadline.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            OrderStatus::Pending | OrderStatus::Dispatched | OrderStatus::Accepted
        )
    }
}
