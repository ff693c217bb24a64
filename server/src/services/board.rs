//! The public notice board (公示栏): a community's figures for this month and
//! this year, its units' ranking and the wishes fulfilled, for anyone without
//! signing in, once its committee has switched it on. Read from the day rows
//! like `/stats`; nothing of any resident is in it.

use super::people::places::community_managed;
use super::stats::{count, groups_of, is_done, start_of, unit_names, Tally};
use crate::auth::Caller;
use crate::db::Db;
use crate::entities::community;
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use shared::api::{Board, BoardCommunity, BoardFigures, BoardSwitch, BoardUnit};
use shared::{CommunityId, OrderKind, UnitId};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// `PUT /communities/{id}/board`: the community's committee or its
/// district's admin switches the board on or off.
pub async fn switch(
    db: &Db,
    caller: &Caller,
    id: CommunityId,
    req: BoardSwitch,
) -> ApiResult<BoardSwitch> {
    let c = community_managed(db, caller, id).await?;
    let mut a: community::ActiveModel = c.into();
    a.board_enabled = Set(req.enabled);
    let c = a.update(&db.write).await?;
    Ok(BoardSwitch {
        enabled: c.board_enabled,
    })
}

/// `GET /communities/{id}/board`: whether the board is on, for those who
/// may switch it.
pub async fn state(db: &Db, caller: &Caller, id: CommunityId) -> ApiResult<BoardSwitch> {
    let c = community_managed(db, caller, id).await?;
    Ok(BoardSwitch {
        enabled: c.board_enabled,
    })
}

/// How long a board's figures are served before they are counted again: as
/// long as browsers and proxies keep it (`max-age`).
pub const FRESH_SECONDS: i64 = 60;

/// The boards counted lately, by community, with when: a crowd reading a
/// board costs one count a minute per server.
#[derive(Default)]
pub struct BoardCache(Mutex<HashMap<CommunityId, (DateTime<Utc>, Board)>>);

impl BoardCache {
    fn get(&self, id: CommunityId, now: DateTime<Utc>) -> Option<Board> {
        let boards = self.0.lock().unwrap_or_else(|e| e.into_inner());
        boards
            .get(&id)
            .filter(|(at, _)| *at <= now && now - *at < Duration::seconds(FRESH_SECONDS))
            .map(|(_, b)| b.clone())
    }

    fn put(&self, id: CommunityId, now: DateTime<Utc>, board: Board) {
        let mut boards = self.0.lock().unwrap_or_else(|e| e.into_inner());
        boards.insert(id, (now, board));
    }
}

/// `GET /public/communities/{id}/board`: 404 while the board is off (read
/// every time, so switching it off takes effect at once on every server);
/// the figures are counted at most once a minute.
pub async fn board(
    db: &DatabaseConnection,
    cache: &BoardCache,
    id: CommunityId,
    now: DateTime<Utc>,
) -> ApiResult<Board> {
    let c = community::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| c.board_enabled)
        .ok_or_else(|| ApiError::not_found("notice board"))?;
    if let Some(b) = cache.get(id, now) {
        return Ok(b);
    }
    let b = count_board(db, c, now).await?;
    cache.put(id, now, b.clone());
    Ok(b)
}

async fn count_board(
    db: &DatabaseConnection,
    c: community::Model,
    now: DateTime<Utc>,
) -> ApiResult<Board> {
    let id = c.id;
    let today = now.with_timezone(&shared::deadlines::china()).date_naive();
    let first = |month: u32| NaiveDate::from_ymd_opt(today.year(), month, 1).unwrap_or(today);
    let (new_year, this_month) = (start_of(first(1)), start_of(first(today.month())));
    // The month's day rows once: the year is the months before it and it.
    let month = groups_of(db, &[id], Some(this_month), None).await?;
    let mut year = if new_year < this_month {
        groups_of(db, &[id], Some(new_year), Some(this_month)).await?
    } else {
        Vec::new()
    };
    year.extend(month.iter().cloned());

    let mut per_unit: BTreeMap<UnitId, Tally> = BTreeMap::new();
    let mut wishes_fulfilled = 0;
    for g in &year {
        if g.unit_id != 0 {
            per_unit.entry(UnitId(g.unit_id)).or_default().add(g);
        }
        if g.kind == OrderKind::MicroWish && is_done(g.status) {
            wishes_fulfilled += count(g.orders);
        }
    }
    let names = unit_names(db, per_unit.keys().copied()).await?;
    let units = ranked(
        per_unit
            .iter()
            .map(|(id, t)| BoardUnit {
                name: names.get(id).cloned().unwrap_or_default(),
                rank: 0,
                satisfaction_rate: t.satisfaction_rate(),
                completed: t.done,
            })
            .collect(),
    );
    Ok(Board {
        community: BoardCommunity {
            id: c.id,
            name: c.name,
        },
        month: figures(&month),
        year: figures(&year),
        units,
        wishes_fulfilled,
    })
}

fn figures(groups: &[super::stats::Group]) -> BoardFigures {
    let mut t = Tally::default();
    for g in groups {
        t.add(g);
    }
    BoardFigures {
        placed: t.orders,
        completed: t.done,
        completion_rate: t.completion_rate(),
        satisfaction_rate: t.satisfaction_rate(),
        average_rating: t.average_rating(),
    }
}

/// Best first: by satisfaction rate (none last), then by orders completed,
/// then by name; units equal in both share a rank (1, 1, 3).
fn ranked(mut units: Vec<BoardUnit>) -> Vec<BoardUnit> {
    let better = |a: &BoardUnit, b: &BoardUnit| -> Ordering {
        let rate = |u: &BoardUnit| u.satisfaction_rate.unwrap_or(-1.0);
        rate(b)
            .total_cmp(&rate(a))
            .then(b.completed.cmp(&a.completed))
    };
    units.sort_by(|a, b| better(a, b).then_with(|| a.name.cmp(&b.name)));
    let mut rank = 0;
    for i in 0..units.len() {
        if i == 0 || better(&units[i - 1], &units[i]) != Ordering::Equal {
            rank = i as u32 + 1;
        }
        units[i].rank = rank;
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, rate: Option<f64>, completed: u64) -> BoardUnit {
        BoardUnit {
            name: name.into(),
            rank: 0,
            satisfaction_rate: rate,
            completed,
        }
    }

    #[test]
    fn units_rank_by_satisfaction_then_completed_and_ties_share_a_rank() {
        let r = ranked(vec![
            unit("丁", None, 50),
            unit("乙", Some(0.9), 3),
            unit("甲", Some(0.9), 3),
            unit("丙", Some(0.9), 10),
            unit("戊", Some(1.0), 1),
        ]);
        let got: Vec<(&str, u32)> = r.iter().map(|u| (u.name.as_str(), u.rank)).collect();
        assert_eq!(got, [("戊", 1), ("丙", 2), ("乙", 3), ("甲", 3), ("丁", 5)]);
    }
}
