//! Assessment from below (以下评上): per member unit and period — what it was
//! dispatched, how it answered (accepted, in time, rejected, whistled but did
//! not report), what is overdue, how often it was urged, how fast it
//! responded and finished, what the residents said — with the committee's
//! own score, ranked.
//!
//! Read from `unit_days` (kept by the database as orders change), the day
//! rows of `order_days` (times, ratings), `missed_reports` and the open
//! orders: never a scan of the period's orders.

use super::stats::{self, count, groups_of, scope, start_of};
use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{
    community, missed_report, order, unit, unit_assessment, unit_day, unit_registration,
};
use crate::error::{ApiError, ApiResult};
use crate::services::people::committee_community;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Set,
};
use shared::api::{Assessment, AssessmentScore, NamedRef, UnitAssessment};
use shared::input::Comment;
use shared::period::Period;
use shared::{CommunityId, OrderStatus, UnitId};
use std::collections::BTreeMap;

#[derive(Debug, FromQueryResult)]
struct Days {
    community_id: CommunityId,
    unit_id: i32,
    dispatched: i64,
    accepted: i64,
    accepted_on_time: i64,
    rejected: i64,
    urged: i64,
}

/// The period asked for, or this China year.
fn period_of(asked: Option<&str>, now: DateTime<Utc>) -> ApiResult<(String, Period)> {
    let name = match asked.map(str::trim).filter(|s| !s.is_empty()) {
        Some(p) => p.to_string(),
        None => Period::year_of(stats::day_of(now)),
    };
    let period = Period::parse(&name).map_err(ApiError::invalid)?;
    Ok((name, period))
}

/// Ranks by score (none last), then satisfaction, then accepted in time;
/// units equal in all three share a rank (1, 1, 3).
fn rank(items: &mut [UnitAssessment]) {
    let key = |u: &UnitAssessment| {
        (
            u.score.map_or(-1, i64::from),
            u.satisfaction_rate.map_or(-1, |r| (r * 1e6) as i64),
            u.accepted_on_time as i64,
        )
    };
    items.sort_by(|a, b| {
        key(b)
            .cmp(&key(a))
            .then(a.community.id.cmp(&b.community.id))
            .then(a.unit.name.cmp(&b.unit.name))
    });
    let mut previous = None;
    let mut rank = 0;
    for (i, item) in items.iter_mut().enumerate() {
        let k = key(item);
        if previous != Some(k) {
            rank = i as u32 + 1;
            previous = Some(k);
        }
        item.rank = rank;
    }
}

/// `GET /assessment?community_id=&period=`: the committee's community, the
/// street officer's street, the admin's district (or one community of it).
pub async fn assess(
    db: &DatabaseConnection,
    caller: &Caller,
    community_id: Option<CommunityId>,
    period: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<Assessment> {
    let communities = scope(db, caller, community_id).await?;
    let (name, period) = period_of(period, now)?;
    let (from, to) = (start_of(period.from), start_of(period.to));

    // Every unit registered with these communities, even one that did nothing.
    let registered: Vec<(CommunityId, UnitId)> = unit_registration::Entity::find()
        .select_only()
        .column(unit_registration::Column::CommunityId)
        .column(unit_registration::Column::UnitId)
        .filter(unit_registration::Column::CommunityId.is_in(communities.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let mut items: BTreeMap<(CommunityId, UnitId), UnitAssessment> = BTreeMap::new();
    let units = stats::unit_names(db, registered.iter().map(|r| r.1)).await?;
    let community_names: BTreeMap<CommunityId, String> = community::Entity::find()
        .filter(community::Column::Id.is_in(communities.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    for (c, u) in &registered {
        items.insert(
            (*c, *u),
            nothing_yet(
                NamedRef {
                    id: *u,
                    name: units.get(u).cloned().unwrap_or_default(),
                },
                NamedRef {
                    id: *c,
                    name: community_names.get(c).cloned().unwrap_or_default(),
                },
            ),
        );
    }

    // What the units did, day by day.
    let days = unit_day::Entity::find()
        .select_only()
        .column(unit_day::Column::CommunityId)
        .column(unit_day::Column::UnitId)
        .column_as(stats::sum("dispatched"), "dispatched")
        .column_as(stats::sum("accepted"), "accepted")
        .column_as(stats::sum("accepted_on_time"), "accepted_on_time")
        .column_as(stats::sum("rejected"), "rejected")
        .column_as(stats::sum("urged"), "urged")
        .filter(unit_day::Column::CommunityId.is_in(communities.clone()))
        .filter(unit_day::Column::Day.gte(period.from))
        .filter(unit_day::Column::Day.lt(period.to))
        .group_by(unit_day::Column::CommunityId)
        .group_by(unit_day::Column::UnitId)
        .into_model::<Days>()
        .all(db);

    // Whistled but did not report: one row per unit and order.
    let missed = missed_report::Entity::find()
        .select_only()
        .column(order::Column::CommunityId)
        .column(missed_report::Column::UnitId)
        .join(
            sea_orm::JoinType::InnerJoin,
            missed_report::Entity::belongs_to(order::Entity)
                .from(missed_report::Column::OrderId)
                .to(order::Column::Id)
                .into(),
        )
        .filter(order::Column::CommunityId.is_in(communities.clone()))
        .filter(missed_report::Column::At.gte(from))
        .filter(missed_report::Column::At.lt(to))
        .into_tuple::<(CommunityId, UnitId)>()
        .all(db);

    // Its orders of the period still open and past due now.
    let open = OrderStatus::ALL.iter().copied().filter(|s| s.is_open());
    let overdue = order::Entity::find()
        .select_only()
        .column(order::Column::CommunityId)
        .column(order::Column::AssigneeUnitId)
        .column_as(Expr::col(order::Column::Id).count(), "n")
        .filter(order::Column::CommunityId.is_in(communities.clone()))
        .filter(order::Column::Status.is_in(open))
        .filter(order::Column::DueAt.lt(now))
        .filter(order::Column::AssigneeUnitId.is_not_null())
        .filter(order::Column::CreatedAt.gte(from))
        .filter(order::Column::CreatedAt.lt(to))
        .group_by(order::Column::CommunityId)
        .group_by(order::Column::AssigneeUnitId)
        .into_tuple::<(CommunityId, Option<UnitId>, i64)>()
        .all(db);

    // Times and what residents said, of its orders placed in the period.
    let mut sums: BTreeMap<(CommunityId, UnitId), [i64; 7]> = BTreeMap::new();
    // The four reads at once, on the read pool's connections.
    let (days, missed, overdue, groups) = tokio::try_join!(
        async { days.await.map_err(ApiError::from) },
        async { missed.await.map_err(ApiError::from) },
        async { overdue.await.map_err(ApiError::from) },
        groups_of(db, &communities, Some(from), Some(to)),
    )?;
    for d in days {
        if let Some(item) = items.get_mut(&(d.community_id, UnitId(d.unit_id))) {
            item.dispatched = count(d.dispatched);
            item.accepted = count(d.accepted);
            item.accepted_on_time = count(d.accepted_on_time);
            item.rejected = count(d.rejected);
            item.urged = count(d.urged);
        }
    }
    for key in missed {
        if let Some(item) = items.get_mut(&key) {
            item.missed_reports += 1;
        }
    }
    for (c, u, n) in overdue {
        if let Some(item) = u.and_then(|u| items.get_mut(&(c, u))) {
            item.overdue = count(n);
        }
    }
    for g in groups {
        if g.unit_id == 0 {
            continue;
        }
        let s = sums.entry((g.community_id, UnitId(g.unit_id))).or_default();
        for (i, v) in [
            g.accepted,
            g.response_ms,
            g.completed,
            g.completion_ms,
            g.rated,
            g.rating_sum,
            g.satisfied,
        ]
        .into_iter()
        .enumerate()
        {
            s[i] += v;
        }
    }
    let per =
        |part: i64, whole: i64, scale: f64| (whole > 0).then(|| part as f64 / scale / whole as f64);
    for (key, [accepted, response_ms, completed, completion_ms, rated, rating_sum, satisfied]) in
        sums
    {
        if let Some(item) = items.get_mut(&key) {
            item.average_response_minutes = per(response_ms, accepted, 60_000.0);
            item.average_completion_minutes = per(completion_ms, completed, 60_000.0);
            item.average_rating = per(rating_sum, rated, 1.0);
            item.satisfaction_rate = per(satisfied, rated, 1.0);
        }
    }

    // The committee's scores for the period.
    let scores = unit_assessment::Entity::find()
        .filter(unit_assessment::Column::CommunityId.is_in(communities))
        .filter(unit_assessment::Column::Period.eq(name.as_str()))
        .all(db)
        .await?;
    for s in scores {
        if let Some(item) = items.get_mut(&(s.community_id, s.unit_id)) {
            item.score = Some(s.score);
            item.comment = s.comment;
        }
    }

    let mut items: Vec<UnitAssessment> = items.into_values().collect();
    rank(&mut items);
    Ok(Assessment {
        period: name,
        items,
    })
}

/// `PUT /assessment/{unit_id}`: the committee scores one of its units for a
/// period (again: the new score replaces the old).
pub async fn score(
    db: &Db,
    caller: &Caller,
    unit_id: UnitId,
    input: AssessmentScore,
    now: DateTime<Utc>,
) -> ApiResult<UnitAssessment> {
    let community = committee_community(caller)?;
    Period::parse(&input.period).map_err(ApiError::invalid)?;
    let score = match i32::try_from(input.score) {
        Ok(s @ 0..=100) => s,
        _ => {
            return Err(ApiError::invalid(
                "score must be a whole number from 0 to 100",
            ))
        }
    };
    let comment = Comment::parse_opt(input.comment.as_deref())?.map(Comment::into_inner);
    let registered = unit_registration::Entity::find()
        .filter(unit_registration::Column::CommunityId.eq(community))
        .filter(unit_registration::Column::UnitId.eq(unit_id))
        .one(&db.read)
        .await?;
    if registered.is_none()
        || unit::Entity::find_by_id(unit_id)
            .one(&db.read)
            .await?
            .is_none()
    {
        return Err(ApiError::not_found("unit"));
    }
    let period = input.period.trim().to_string();
    unit_assessment::Entity::insert(unit_assessment::ActiveModel {
        community_id: Set(community),
        unit_id: Set(unit_id),
        period: Set(period.clone()),
        score: Set(score),
        comment: Set(comment),
        by_user: Set(caller.user_id),
        at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            unit_assessment::Column::CommunityId,
            unit_assessment::Column::UnitId,
            unit_assessment::Column::Period,
        ])
        .update_columns([
            unit_assessment::Column::Score,
            unit_assessment::Column::Comment,
            unit_assessment::Column::ByUser,
            unit_assessment::Column::At,
        ])
        .to_owned(),
    )
    .exec_without_returning(&db.write)
    .await?;
    let all = assess(&db.write, caller, Some(community), Some(&period), now).await?;
    all.items
        .into_iter()
        .find(|i| i.unit.id == unit_id)
        .ok_or_else(|| ApiError::not_found("unit"))
}

/// A registered unit's row before anything it did is counted: every counter
/// 0, no averages, no score, unranked.
fn nothing_yet(unit: NamedRef<UnitId>, community: NamedRef<CommunityId>) -> UnitAssessment {
    UnitAssessment {
        unit,
        community,
        dispatched: 0,
        accepted: 0,
        accepted_on_time: 0,
        missed_reports: 0,
        rejected: 0,
        overdue: 0,
        urged: 0,
        average_response_minutes: None,
        average_completion_minutes: None,
        average_rating: None,
        satisfaction_rate: None,
        score: None,
        comment: None,
        rank: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(
        name: &str,
        score: Option<i32>,
        satisfaction: Option<f64>,
        on_time: u64,
    ) -> UnitAssessment {
        UnitAssessment {
            accepted_on_time: on_time,
            satisfaction_rate: satisfaction,
            score,
            ..nothing_yet(
                NamedRef {
                    id: UnitId(1),
                    name: name.into(),
                },
                NamedRef {
                    id: CommunityId(1),
                    name: "幸福社区".into(),
                },
            )
        }
    }

    #[test]
    fn scored_units_come_first_and_equals_share_a_rank() {
        let mut items = vec![
            item("乙", None, Some(1.0), 5),
            item("甲", Some(80), Some(0.5), 1),
            item("丙", Some(90), None, 0),
            item("丁", Some(80), Some(0.5), 1),
            item("戊", None, None, 0),
        ];
        rank(&mut items);
        let got: Vec<(&str, u32)> = items
            .iter()
            .map(|i| (i.unit.name.as_str(), i.rank))
            .collect();
        assert_eq!(got, [("丙", 1), ("丁", 2), ("甲", 2), ("乙", 4), ("戊", 5)]);
    }
}
