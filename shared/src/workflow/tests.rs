//! The workflow's table tests: every status × action pair, every actor.

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
    (S::Dispatched, A::Reassign, S::Dispatched),
    (S::Accepted, A::Reassign, S::Dispatched),
    (S::Pending, A::Urge, S::Pending),
    (S::Dispatched, A::Urge, S::Dispatched),
    (S::Accepted, A::Urge, S::Accepted),
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
                        !matches!(action, A::Claim | A::Release) || *kind == OrderKind::MicroWish
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
        officer: true,
        admin: true,
        proxy: true,
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
    let officer = Relation {
        officer: true,
        ..Relation::default()
    };
    let admin = Relation {
        admin: true,
        ..Relation::default()
    };
    let proxy = Relation {
        proxy: true,
        ..Relation::default()
    };
    let stranger = Relation::default();
    let who = |a: A| {
        [
            requester, assignee, committee, claimer, officer, admin, proxy, stranger,
        ]
        .iter()
        .map(|r| may(a, *r))
        .collect::<Vec<_>>()
    };
    // requester assignee committee claimer officer admin proxy stranger
    let f = false;
    assert_eq!(who(A::Dispatch), [f, f, true, f, f, f, f, f]);
    assert_eq!(who(A::Claim), [f, f, f, true, f, f, f, f]);
    assert_eq!(who(A::Accept), [f, true, f, f, f, f, f, f]);
    assert_eq!(who(A::Reject), [f, true, f, f, f, f, f, f]);
    assert_eq!(who(A::Complete), [f, true, f, f, f, f, f, f]);
    assert_eq!(who(A::Evaluate), [true, f, f, f, f, f, true, f]);
    assert_eq!(who(A::Cancel), [true, f, true, f, f, f, f, f]);
    assert_eq!(who(A::Reopen), [f, f, true, f, f, f, f, f]);
    assert_eq!(who(A::Close), [f, f, true, f, f, f, f, f]);
    assert_eq!(who(A::Release), [f, true, f, f, f, f, f, f]);
    assert_eq!(who(A::Reassign), [f, f, true, f, true, f, f, f]);
    assert_eq!(who(A::Urge), [true, f, f, f, true, true, f, f]);
}

#[test]
fn only_officers_urge_an_order_nobody_has_yet() {
    let requester = Relation {
        requester: true,
        ..Relation::default()
    };
    let officer = Relation {
        officer: true,
        ..Relation::default()
    };
    let k = OrderKind::Appeal;
    assert_eq!(
        decide(k, S::Pending, A::Urge, requester),
        Err(Denial::Conflict)
    );
    assert_eq!(decide(k, S::Pending, A::Urge, officer), Ok(S::Pending));
    assert_eq!(
        decide(k, S::Dispatched, A::Urge, requester),
        Ok(S::Dispatched)
    );
    assert_eq!(decide(k, S::Accepted, A::Urge, requester), Ok(S::Accepted));
    assert_eq!(
        decide(k, S::Completed, A::Urge, officer),
        Err(Denial::Conflict)
    );
    // Reassigning an accepted order hands it to someone who must accept again.
    assert_eq!(
        decide(k, S::Accepted, A::Reassign, officer),
        Ok(S::Dispatched)
    );
    assert_eq!(
        decide(k, S::Pending, A::Reassign, officer),
        Err(Denial::Conflict)
    );
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
        A::ALL.len() + 4,
        "create, every action, the system's escalate, and triage and notes (no status change)"
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

#[test]
fn a_grab_order_is_claimed_and_released_like_a_wish() {
    use crate::workflow::Subject;
    use crate::DispatchMode;
    for kind in [OrderKind::DoorService, OrderKind::Appeal] {
        let grab = Subject {
            kind,
            mode: DispatchMode::Grab,
        };
        assert_eq!(transition(grab, S::Pending, A::Claim), Some(S::Accepted));
        assert_eq!(transition(grab, S::Accepted, A::Release), Some(S::Pending));
        // It can still be dispatched by hand while nobody has grabbed it.
        assert_eq!(
            transition(grab, S::Pending, A::Dispatch),
            Some(S::Dispatched)
        );
        for mode in [DispatchMode::Manual, DispatchMode::Auto] {
            let other = Subject { kind, mode };
            assert_eq!(transition(other, S::Pending, A::Claim), None);
            assert_eq!(transition(other, S::Accepted, A::Release), None);
        }
    }
}

#[test]
fn who_placed_an_order_for_a_resident_records_their_evaluation() {
    let proxy = Relation {
        proxy: true,
        ..Relation::default()
    };
    let k = OrderKind::DoorService;
    assert_eq!(
        decide(k, S::Completed, A::Evaluate, proxy),
        Ok(S::Evaluated)
    );
    assert_eq!(
        decide(k, S::Completed, A::Close, proxy),
        Err(Denial::Forbidden)
    );
}
