//! Dispatch that knows people. The ranking itself is pure
//! (`shared::ranking`); this module reads its inputs — profiles, the counters
//! of `stats.rs`, open orders — with a fixed number of indexed queries, and
//! holds what uses it: the candidates list, auto mode's next pick, triage and
//! meeting notes (`triage.rs`), bulk dispatch (`bulk.rs`) and volunteers'
//! profiles (`profile.rs`).

pub mod bulk;
pub mod profile;
pub mod stats;
pub mod triage;

use crate::auth::Caller;
use crate::entities::{
    candidate_stat, category, order, unit, unit_registration, user, volunteer_profile,
};
use crate::error::{ApiError, ApiResult};
use crate::services::orders::change::Change;
use crate::services::orders::{store::visible_order, Reach};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};
use shared::api::{AssigneeRef, CandidateView, SystemNote, SystemNoteCode};
use shared::ranking::{self, Candidate, Need, Ranked};
use shared::{CommunityId, OrderId, OrderStatus, UnitId, UserId};
use std::collections::HashMap;

/// Rejects older than this are forgotten (see `stats.rs`).
pub const REJECTS_FORGOTTEN_AFTER_DAYS: i64 = 30;

/// Everyone who could serve an order of `community`: its volunteers (active
/// accounts) and its registered units, with what ranking needs. Four queries,
/// whatever the number of past orders. An order's own requester is left out
/// by [`for_order`].
pub async fn candidates_of(
    db: &impl ConnectionTrait,
    community: CommunityId,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Candidate>> {
    let profiles = volunteer_profile::Entity::find()
        .find_also_related(user::Entity)
        .filter(volunteer_profile::Column::CommunityId.eq(community))
        .all(db)
        .await?;
    let units = unit_registration::Entity::find()
        .find_also_related(unit::Entity)
        .filter(unit_registration::Column::CommunityId.eq(community))
        .all(db)
        .await?;
    let counters: Vec<candidate_stat::Model> = candidate_stat::Entity::find()
        .filter(candidate_stat::Column::CommunityId.eq(community))
        .all(db)
        .await?;
    // Open orders per assignee: only the community's open ones are read
    // (idx_orders_community_status), never its history.
    let open: Vec<(Option<UnitId>, Option<UserId>, i64)> = order::Entity::find()
        .select_only()
        .column(order::Column::AssigneeUnitId)
        .column(order::Column::AssigneeUserId)
        .column_as(order::Column::Id.count(), "n")
        .filter(order::Column::CommunityId.eq(community))
        .filter(order::Column::Status.is_in([OrderStatus::Dispatched, OrderStatus::Accepted]))
        .group_by(order::Column::AssigneeUnitId)
        .group_by(order::Column::AssigneeUserId)
        .into_tuple()
        .all(db)
        .await?;
    let open: HashMap<AssigneeRef, u32> = open
        .into_iter()
        .filter_map(|(unit, user, n)| {
            let who = match (unit, user) {
                (Some(u), _) => AssigneeRef::Unit(u),
                (None, Some(v)) => AssigneeRef::Volunteer(v),
                (None, None) => return None,
            };
            Some((who, u32::try_from(n).unwrap_or(u32::MAX)))
        })
        .collect();
    let counted: HashMap<AssigneeRef, candidate_stat::Model> = counters
        .into_iter()
        .filter_map(|s| {
            let who = match (s.unit_id, s.user_id) {
                (Some(u), _) => AssigneeRef::Unit(u),
                (None, Some(v)) => AssigneeRef::Volunteer(v),
                (None, None) => return None,
            };
            Some((who, s))
        })
        .collect();
    let forget_before = now - Duration::days(REJECTS_FORGOTTEN_AFTER_DAYS);
    let with_counters = |mut c: Candidate| {
        c.open = open.get(&c.who).copied().unwrap_or(0);
        if let Some(s) = counted.get(&c.who) {
            c.rated = u32::try_from(s.rated).unwrap_or(0);
            c.rating_sum = u32::try_from(s.rating_sum).unwrap_or(0);
            c.response_minutes = (s.responses > 0).then_some(s.response_minutes);
            c.rejects = match s.rejects_at {
                Some(at) if at >= forget_before => s.rejects.round().max(0.0) as u32,
                _ => 0,
            };
        }
        c
    };
    let mut out = Vec::with_capacity(profiles.len() + units.len());
    for (p, u) in profiles {
        let Some(u) = u.filter(|u| u.active) else {
            continue;
        };
        out.push(with_counters(Candidate {
            who: AssigneeRef::Volunteer(u.id),
            name: u.name,
            skills: split(&p.skills),
            grid: p.grid_id,
            available: p.available,
            open: 0,
            cap: Some(u32::try_from(p.max_open.max(1)).unwrap_or(1)),
            unit_kind: None,
            rated: 0,
            rating_sum: 0,
            response_minutes: None,
            rejects: 0,
        }));
    }
    for (_, u) in units {
        let Some(u) = u else { continue };
        out.push(with_counters(Candidate {
            who: AssigneeRef::Unit(u.id),
            name: u.name,
            skills: split(&u.skills),
            grid: None,
            available: true,
            open: 0,
            cap: None,
            unit_kind: Some(u.kind),
            rated: 0,
            rating_sum: 0,
            response_minutes: None,
            rejects: 0,
        }));
    }
    Ok(out)
}

pub fn split(skills: &str) -> Vec<String> {
    skills
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The candidates of one order, best first.
pub async fn rank_order(
    db: &impl ConnectionTrait,
    o: &order::Model,
    category: &category::Model,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Ranked>> {
    let people = candidates_of(db, o.community_id, now).await?;
    let wanted = split(&category.skills);
    Ok(ranking::rank(&need(o, &wanted), &for_order(o, &people)))
}

/// The candidates who may serve this order: all but its requester.
pub fn for_order(o: &order::Model, people: &[Candidate]) -> Vec<Candidate> {
    people
        .iter()
        .filter(|c| c.who != AssigneeRef::Volunteer(o.requester_id))
        .cloned()
        .collect()
}

/// What an order asks of its candidates: its category's skills, its grid and
/// its triage track.
pub fn need<'a>(o: &order::Model, skills: &'a [String]) -> Need<'a> {
    Need {
        skills,
        grid: o.grid_id,
        track: o.track,
    }
}

pub fn view(r: Ranked) -> CandidateView {
    CandidateView {
        kind: r.who.kind(),
        id: r.who.number(),
        name: r.name,
        score: r.score,
        reasons: r.reasons,
        eligible: r.eligible,
    }
}

/// `GET /orders/{id}/candidates`: the committee and grid workers of the
/// order's community (others who may see it: 403; the rest: 404).
pub async fn candidates(
    db: &DatabaseConnection,
    caller: &Caller,
    id: OrderId,
    now: DateTime<Utc>,
) -> ApiResult<Vec<CandidateView>> {
    let reach = Reach::of(db, caller, now).await?;
    let (o, category) = visible_order(db, &reach, id).await?;
    if !caller.oversees(o.community_id) {
        return Err(ApiError::forbidden(
            "only the committee and grid workers of the order's community see its candidates",
        ));
    }
    Ok(rank_order(db, &o, &category, now)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

/// Who auto dispatch has tried for an order (`v12,u3`).
pub fn tried(o: &order::Model) -> Vec<AssigneeRef> {
    o.tried
        .split(',')
        .filter_map(|t| {
            let (kind, n) = t.split_at_checked(1)?;
            let n: i32 = n.parse().ok()?;
            match kind {
                "v" => Some(AssigneeRef::Volunteer(UserId(n))),
                "u" => Some(AssigneeRef::Unit(UnitId(n))),
                _ => None,
            }
        })
        .collect()
}

fn with_tried(o: &order::Model, who: AssigneeRef) -> String {
    let mark = match who {
        AssigneeRef::Volunteer(v) => format!("v{v}"),
        AssigneeRef::Unit(u) => format!("u{u}"),
    };
    if o.tried.is_empty() {
        mark
    } else {
        format!("{},{mark}", o.tried)
    }
}

/// Auto mode's next step for an order that waits (just placed, or just
/// rejected): the best candidate it may give it to and has not tried, or
/// nobody. `also_tried`: whoever just gave it back.
pub async fn next_pick(
    db: &impl ConnectionTrait,
    o: &order::Model,
    category: &category::Model,
    also_tried: Option<AssigneeRef>,
    now: DateTime<Utc>,
) -> ApiResult<Option<Ranked>> {
    let ranked = rank_order(db, o, category, now).await?;
    let mut tried = tried(o);
    tried.extend(also_tried);
    Ok(ranking::pick(&ranked, &tried).cloned())
}

/// The system's dispatch to auto mode's pick, as a change of an order that
/// waits (the writer guards it by version like any other).
pub fn auto_dispatch(
    o: &order::Model,
    pick: &Ranked,
    respond_by: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Change {
    let mut c = Change::to(OrderStatus::Dispatched);
    c.assignee = Some(Some(pick.who));
    c.accepted_at = Some(None);
    c.respond_by = Some(Some(respond_by));
    c.dispatched_at = Some(now);
    c.tried = Some(with_tried(o, pick.who));
    c.note = Some(format!("→ {}", pick.name));
    c
}

pub fn auto_note() -> SystemNote {
    SystemNote {
        code: SystemNoteCode::AutoDispatched,
        level: None,
        missed: None,
        days: None,
    }
}

/// Auto mode found nobody: the order stays on the committee's desk, with a
/// timeline note that says so.
pub fn nobody_left(o: &order::Model) -> (Change, SystemNote) {
    let system = SystemNote {
        code: SystemNoteCode::NobodyLeft,
        level: None,
        missed: None,
        days: None,
    };
    let mut c = Change::to(o.status);
    c.note = Some(crate::services::notifications::system_words(&system));
    (c, system)
}
