//! The order workflow: 居民点单 → 党委派单 → 党员/单位接单 → 群众评单.
//!
//! Pure code, no I/O. The server applies [`decide`] inside a transaction; the
//! client draws its buttons from [`allowed_actions`]. There is no second copy of
//! these rules anywhere.

use serde::{Deserialize, Serialize};

macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        // In the database (server only): a text column holding the same words.
        #[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
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
        Admin => "admin",
    }
);

str_enum!(
    /// Why a points ledger entry was written.
    LedgerReason {
        OrderCompleted => "order_completed",
        RewardRedeemed => "reward_redeemed",
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

/// How the caller stands to one order. Computed by the server from the caller's
/// token and the order; sent to nobody.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Relation {
    /// The resident who placed the order.
    pub requester: bool,
    /// The volunteer it is assigned to, or a member of the unit it is assigned to.
    pub assignee: bool,
    /// A committee member of the order's community.
    pub committee: bool,
    /// A volunteer or unit member of the order's community (may claim wishes).
    pub claimer: bool,
}

/// Why an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denial {
    /// The caller's relation to the order never allows this action (403).
    Forbidden,
    /// The caller could, but not in the order's current state (409).
    Conflict,
}

/// The state machine. Every (status, action) pair is spelled out: adding a
/// status or an action fails to compile until this table says what it does.
pub fn transition(kind: OrderKind, status: OrderStatus, action: Action) -> Option<OrderStatus> {
    use Action as A;
    use OrderStatus as S;
    match (status, action) {
        (S::Pending, A::Dispatch) => Some(S::Dispatched),
        (S::Pending, A::Claim) => (kind == OrderKind::MicroWish).then_some(S::Accepted),
        (S::Pending, A::Cancel) => Some(S::Cancelled),
        (
            S::Pending,
            A::Accept | A::Reject | A::Complete | A::Evaluate | A::Reopen | A::Close | A::Release,
        ) => None,

        (S::Dispatched, A::Accept) => Some(S::Accepted),
        (S::Dispatched, A::Reject) => Some(S::Pending),
        (S::Dispatched, A::Cancel) => Some(S::Cancelled),
        (
            S::Dispatched,
            A::Dispatch | A::Claim | A::Complete | A::Evaluate | A::Reopen | A::Close | A::Release,
        ) => None,

        (S::Accepted, A::Complete) => Some(S::Completed),
        // A volunteer who claimed a wish by mistake puts it back on the wall.
        (S::Accepted, A::Release) => (kind == OrderKind::MicroWish).then_some(S::Pending),
        (
            S::Accepted,
            A::Dispatch
            | A::Claim
            | A::Accept
            | A::Reject
            | A::Evaluate
            | A::Cancel
            | A::Reopen
            | A::Close,
        ) => None,

        (S::Completed, A::Evaluate) => Some(S::Evaluated),
        (S::Completed, A::Reopen) => Some(S::Pending),
        (S::Completed, A::Close) => Some(S::Closed),
        (
            S::Completed,
            A::Dispatch | A::Claim | A::Accept | A::Reject | A::Complete | A::Cancel | A::Release,
        ) => None,

        (S::Evaluated, A::Reopen) => Some(S::Pending),
        (S::Evaluated, A::Close) => Some(S::Closed),
        (
            S::Evaluated,
            A::Dispatch
            | A::Claim
            | A::Accept
            | A::Reject
            | A::Complete
            | A::Evaluate
            | A::Cancel
            | A::Release,
        ) => None,

        (
            S::Closed | S::Cancelled,
            A::Dispatch
            | A::Claim
            | A::Accept
            | A::Reject
            | A::Complete
            | A::Evaluate
            | A::Cancel
            | A::Reopen
            | A::Close
            | A::Release,
        ) => None,
    }
}

/// Whether the caller's relation to an order lets them take an action at all,
/// whatever state the order is in.
///
/// A requester never serves their own order: they may not claim, accept,
/// reject, complete or release it, even as a member of the assignee unit.
pub fn may(action: Action, rel: Relation) -> bool {
    match action {
        Action::Dispatch | Action::Reopen | Action::Close => rel.committee,
        Action::Claim => rel.claimer && !rel.requester,
        Action::Accept | Action::Reject | Action::Complete | Action::Release => {
            rel.assignee && !rel.requester
        }
        Action::Evaluate => rel.requester,
        Action::Cancel => rel.requester || rel.committee,
    }
}

/// The one decision the server makes for every action: the new status, or why not.
pub fn decide(
    kind: OrderKind,
    status: OrderStatus,
    action: Action,
    rel: Relation,
) -> Result<OrderStatus, Denial> {
    if !may(action, rel) {
        return Err(Denial::Forbidden);
    }
    transition(kind, status, action).ok_or(Denial::Conflict)
}

/// Who takes an action: a person, by how they stand to the order, or nobody by
/// hand — the system (background jobs: auto-close, auto-dispatch, and the
/// deadlines' escalation to come) or an import (orders from a hotline or a
/// partner system). Their timeline entries have no actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Person(Relation),
    System,
    Import,
}

/// Whether an actor that is not a person may take an action at all. The system
/// closes what nobody evaluated and dispatches by rule; an import only places
/// orders, which is not a transition.
fn may_unattended(action: Action, actor: Actor) -> bool {
    match actor {
        Actor::System => matches!(action, Action::Close | Action::Dispatch),
        Actor::Import | Actor::Person(_) => false,
    }
}

/// [`decide`] for any actor, people and jobs alike.
pub fn decide_as(
    kind: OrderKind,
    status: OrderStatus,
    action: Action,
    actor: Actor,
) -> Result<OrderStatus, Denial> {
    match actor {
        Actor::Person(rel) => decide(kind, status, action, rel),
        Actor::System | Actor::Import => {
            if !may_unattended(action, actor) {
                return Err(Denial::Forbidden);
            }
            transition(kind, status, action).ok_or(Denial::Conflict)
        }
    }
}

/// What the caller may do to the order right now, in the order buttons should appear.
pub fn allowed_actions(kind: OrderKind, status: OrderStatus, rel: Relation) -> Vec<Action> {
    Action::ALL
        .iter()
        .copied()
        .filter(|a| decide(kind, status, *a, rel).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use OrderStatus as S;

    /// The whole table, written out by hand: (status, action) → status for a
    /// micro-wish. Anything not listed is illegal.
    const LEGAL: &[(S, A, S)] = &[
        (S::Pending, A::Dispatch, S::Dispatched),
        (S::Pending, A::Claim, S::Accepted),
        (S::Pending, A::Cancel, S::Cancelled),
        (S::Dispatched, A::Accept, S::Accepted),
        (S::Dispatched, A::Reject, S::Pending),
        (S::Dispatched, A::Cancel, S::Cancelled),
        (S::Accepted, A::Complete, S::Completed),
        (S::Accepted, A::Release, S::Pending),
        (S::Completed, A::Evaluate, S::Evaluated),
        (S::Completed, A::Reopen, S::Pending),
        (S::Completed, A::Close, S::Closed),
        (S::Evaluated, A::Reopen, S::Pending),
        (S::Evaluated, A::Close, S::Closed),
    ];

    #[test]
    fn every_status_and_action_pair_matches_the_table() {
        for kind in OrderKind::ALL {
            for status in S::ALL {
                for action in A::ALL {
                    let expected = LEGAL
                        .iter()
                        .find(|(s, a, _)| s == status && a == action)
                        .map(|(_, _, to)| *to)
                        .filter(|_| {
                            !matches!(action, A::Claim | A::Release)
                                || *kind == OrderKind::MicroWish
                        });
                    assert_eq!(
                        transition(*kind, *status, *action),
                        expected,
                        "{kind} {status} + {action}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_system_closes_and_dispatches_and_an_import_moves_nothing() {
        for kind in OrderKind::ALL {
            for status in S::ALL {
                for action in A::ALL {
                    let legal = transition(*kind, *status, *action);
                    let system = decide_as(*kind, *status, *action, Actor::System);
                    let expected = match (action, legal) {
                        (A::Close | A::Dispatch, Some(to)) => Ok(to),
                        (A::Close | A::Dispatch, None) => Err(Denial::Conflict),
                        _ => Err(Denial::Forbidden),
                    };
                    assert_eq!(system, expected, "system: {kind} {status} + {action}");
                    assert_eq!(
                        decide_as(*kind, *status, *action, Actor::Import),
                        Err(Denial::Forbidden),
                        "import: {kind} {status} + {action}"
                    );
                }
            }
        }
        // Auto-close: a completed order nobody evaluated.
        assert_eq!(
            decide_as(
                OrderKind::DoorService,
                S::Completed,
                A::Close,
                Actor::System
            ),
            Ok(S::Closed)
        );
        // A person is decided as before.
        let committee = Relation {
            committee: true,
            ..Relation::default()
        };
        assert_eq!(
            decide_as(
                OrderKind::Appeal,
                S::Pending,
                A::Dispatch,
                Actor::Person(committee)
            ),
            decide(OrderKind::Appeal, S::Pending, A::Dispatch, committee)
        );
    }

    #[test]
    fn only_micro_wishes_can_be_claimed() {
        assert_eq!(
            transition(OrderKind::MicroWish, S::Pending, A::Claim),
            Some(S::Accepted)
        );
        assert_eq!(
            transition(OrderKind::DoorService, S::Pending, A::Claim),
            None
        );
        assert_eq!(transition(OrderKind::Appeal, S::Pending, A::Claim), None);
    }

    #[test]
    fn terminal_statuses_allow_nothing() {
        let everyone = Relation {
            requester: true,
            assignee: true,
            committee: true,
            claimer: true,
        };
        for status in [S::Closed, S::Cancelled] {
            assert!(allowed_actions(OrderKind::MicroWish, status, everyone).is_empty());
        }
    }

    #[test]
    fn each_action_belongs_to_its_role() {
        let requester = Relation {
            requester: true,
            ..Relation::default()
        };
        let assignee = Relation {
            assignee: true,
            ..Relation::default()
        };
        let committee = Relation {
            committee: true,
            ..Relation::default()
        };
        let claimer = Relation {
            claimer: true,
            ..Relation::default()
        };
        let stranger = Relation::default();
        let who = |a: A| {
            [requester, assignee, committee, claimer, stranger]
                .iter()
                .map(|r| may(a, *r))
                .collect::<Vec<_>>()
        };
        //                              requester assignee committee claimer stranger
        assert_eq!(who(A::Dispatch), [false, false, true, false, false]);
        assert_eq!(who(A::Claim), [false, false, false, true, false]);
        assert_eq!(who(A::Accept), [false, true, false, false, false]);
        assert_eq!(who(A::Reject), [false, true, false, false, false]);
        assert_eq!(who(A::Complete), [false, true, false, false, false]);
        assert_eq!(who(A::Evaluate), [true, false, false, false, false]);
        assert_eq!(who(A::Cancel), [true, false, true, false, false]);
        assert_eq!(who(A::Reopen), [false, false, true, false, false]);
        assert_eq!(who(A::Close), [false, false, true, false, false]);
        assert_eq!(who(A::Release), [false, true, false, false, false]);
    }

    #[test]
    fn a_requester_never_serves_their_own_order() {
        // A member of the assignee unit who placed the order themself.
        let rel = Relation {
            requester: true,
            assignee: true,
            claimer: true,
            ..Relation::default()
        };
        for (status, action) in [
            (S::Dispatched, A::Accept),
            (S::Dispatched, A::Reject),
            (S::Accepted, A::Complete),
            (S::Accepted, A::Release),
            (S::Pending, A::Claim),
        ] {
            assert_eq!(
                decide(OrderKind::MicroWish, status, action, rel),
                Err(Denial::Forbidden),
                "{status} + {action}"
            );
        }
        // What is theirs as the requester stays.
        assert_eq!(
            allowed_actions(OrderKind::MicroWish, S::Completed, rel),
            vec![A::Evaluate]
        );
    }

    #[test]
    fn only_a_claimed_wish_can_be_released() {
        let assignee = Relation {
            assignee: true,
            ..Relation::default()
        };
        assert_eq!(
            decide(OrderKind::MicroWish, S::Accepted, A::Release, assignee),
            Ok(S::Pending)
        );
        assert_eq!(
            decide(OrderKind::DoorService, S::Accepted, A::Release, assignee),
            Err(Denial::Conflict)
        );
        assert_eq!(
            decide(OrderKind::MicroWish, S::Completed, A::Release, assignee),
            Err(Denial::Conflict)
        );
    }

    #[test]
    fn a_volunteer_cannot_claim_their_own_wish() {
        let rel = Relation {
            requester: true,
            claimer: true,
            ..Relation::default()
        };
        assert_eq!(
            decide(OrderKind::MicroWish, S::Pending, A::Claim, rel),
            Err(Denial::Forbidden)
        );
    }

    #[test]
    fn wrong_state_is_a_conflict_and_wrong_role_is_forbidden() {
        let requester = Relation {
            requester: true,
            ..Relation::default()
        };
        assert_eq!(
            decide(OrderKind::Appeal, S::Accepted, A::Cancel, requester),
            Err(Denial::Conflict)
        );
        assert_eq!(
            decide(OrderKind::Appeal, S::Pending, A::Dispatch, requester),
            Err(Denial::Forbidden)
        );
    }

    #[test]
    fn committee_sees_dispatch_and_cancel_on_a_pending_order() {
        let committee = Relation {
            committee: true,
            ..Relation::default()
        };
        assert_eq!(
            allowed_actions(OrderKind::DoorService, S::Pending, committee),
            vec![A::Dispatch, A::Cancel]
        );
    }

    #[test]
    fn every_action_has_its_timeline_entry_of_the_same_name() {
        for a in A::ALL {
            assert_eq!(TimelineAction::from(*a).as_str(), a.as_str());
        }
        assert_eq!(
            TimelineAction::ALL.len(),
            A::ALL.len() + 1,
            "create, and every action"
        );
    }

    #[test]
    fn names_round_trip() {
        for s in S::ALL {
            assert_eq!(S::parse(s.as_str()), Some(*s));
            assert_eq!(
                serde_json::to_string(s).ok(),
                Some(format!("\"{}\"", s.as_str()))
            );
        }
        for a in A::ALL {
            assert_eq!(A::parse(a.as_str()), Some(*a));
        }
        assert_eq!(OrderKind::parse("nope"), None);
    }
}
