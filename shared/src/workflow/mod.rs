//! The order workflow: 居民点单 → 党委派单 → 党员/单位接单 → 群众评单.
//!
//! Pure code, no I/O. The server applies [`decide`] inside a transaction; the
//! client draws its buttons from [`allowed_actions`]. There is no second copy of
//! these rules anywhere.

#[cfg(test)]
mod tests;
mod words;

pub(crate) use words::str_enum;
pub use words::{
    Action, Channel, ClockKind, DispatchMode, HotlineEvent, LedgerReason, Level, OrderKind,
    OrderStatus, PartnerKind, RedemptionStatus, Role, TimelineAction, Track,
};

/// What the workflow needs to know of an order besides its status: its kind,
/// and how its category reaches someone (a `grab` order is claimed like a
/// wish). An [`OrderKind`] alone is a manually dispatched order of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    pub kind: OrderKind,
    pub mode: DispatchMode,
}

impl Subject {
    /// Waits for the first volunteer or unit member to claim it: a wish on
    /// the wall, or an order of a `grab` category in the task hall.
    pub fn claimable(self) -> bool {
        self.kind == OrderKind::MicroWish || self.mode == DispatchMode::Grab
    }
}

impl From<OrderKind> for Subject {
    fn from(kind: OrderKind) -> Subject {
        Subject {
            kind,
            mode: DispatchMode::Manual,
        }
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
    /// A volunteer or unit member of the order's community (may claim wishes
    /// and grab orders).
    pub claimer: bool,
    /// Placed the order on the requester's behalf (代点单: a grid worker or a
    /// committee member): may record the requester's evaluation, given by phone.
    pub proxy: bool,
    /// An officer the order is escalated to: the street officer of its street
    /// at level `street` or `district`, or an admin of its district at
    /// `district` (may urge and reassign).
    pub officer: bool,
    /// An admin of the order's district (may urge at any level).
    pub admin: bool,
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
pub fn transition(
    subject: impl Into<Subject>,
    status: OrderStatus,
    action: Action,
) -> Option<OrderStatus> {
    use Action as A;
    use OrderStatus as S;
    let claimable = subject.into().claimable();
    match (status, action) {
        (S::Pending, A::Dispatch) => Some(S::Dispatched),
        (S::Pending, A::Claim) => claimable.then_some(S::Accepted),
        (S::Pending, A::Cancel) => Some(S::Cancelled),
        // 督办: an officer presses the committee to dispatch (see `decide`).
        (S::Pending, A::Urge) => Some(S::Pending),
        (
            S::Pending,
            A::Accept
            | A::Reject
            | A::Complete
            | A::Evaluate
            | A::Reopen
            | A::Close
            | A::Release
            | A::Reassign,
        ) => None,

        (S::Dispatched, A::Accept) => Some(S::Accepted),
        (S::Dispatched, A::Reject) => Some(S::Pending),
        (S::Dispatched, A::Cancel) => Some(S::Cancelled),
        (S::Dispatched, A::Reassign) => Some(S::Dispatched),
        (S::Dispatched, A::Urge) => Some(S::Dispatched),
        (
            S::Dispatched,
            A::Dispatch | A::Claim | A::Complete | A::Evaluate | A::Reopen | A::Close | A::Release,
        ) => None,

        (S::Accepted, A::Complete) => Some(S::Completed),
        // A volunteer who claimed a wish (or a grab order) by mistake puts it
        // back on the wall (or in the task hall).
        (S::Accepted, A::Release) => claimable.then_some(S::Pending),
        // 改派: to someone else, who must accept it again.
        (S::Accepted, A::Reassign) => Some(S::Dispatched),
        (S::Accepted, A::Urge) => Some(S::Accepted),
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
            A::Dispatch
            | A::Claim
            | A::Accept
            | A::Reject
            | A::Complete
            | A::Cancel
            | A::Release
            | A::Reassign
            | A::Urge,
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
            | A::Release
            | A::Reassign
            | A::Urge,
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
            | A::Release
            | A::Reassign
            | A::Urge,
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
        Action::Evaluate => rel.requester || rel.proxy,
        Action::Cancel => rel.requester || rel.committee,
        Action::Reassign => rel.committee || rel.officer,
        Action::Urge => rel.requester || rel.officer || rel.admin,
    }
}

/// The one decision the server makes for every action: the new status, or why not.
pub fn decide(
    kind: impl Into<Subject>,
    status: OrderStatus,
    action: Action,
    rel: Relation,
) -> Result<OrderStatus, Denial> {
    if !may(action, rel) {
        return Err(Denial::Forbidden);
    }
    // A requester urges whoever has the order; before anyone has it, only the
    // officers above may press the committee.
    if action == Action::Urge && status == OrderStatus::Pending && !(rel.officer || rel.admin) {
        return Err(Denial::Conflict);
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
/// closes what nobody evaluated and dispatches by rule (auto mode); an import only places
/// orders, which is not a transition.
fn may_unattended(action: Action, actor: Actor) -> bool {
    match actor {
        Actor::System => matches!(action, Action::Close | Action::Dispatch),
        Actor::Import | Actor::Person(_) => false,
    }
}

/// [`decide`] for any actor, people and jobs alike.
pub fn decide_as(
    kind: impl Into<Subject>,
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
pub fn allowed_actions(
    kind: impl Into<Subject>,
    status: OrderStatus,
    rel: Relation,
) -> Vec<Action> {
    let kind = kind.into();
    Action::ALL
        .iter()
        .copied()
        .filter(|a| decide(kind, status, *a, rel).is_ok())
        .collect()
}
