//! A grid's roster from a spreadsheet (CSV or Excel: 姓名, 手机号, 网格, 楼栋,
//! 房号): first a preview that checks every row and writes nothing, then one
//! commit that writes every good row in one transaction. A phone already
//! known is not made twice, so importing the same roster again adds no one.

use super::{audit, committee_community};
use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{building, grid, membership, people_import, user};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use shared::api::{AuditAction, ImportPreview, ImportResult, ImportRowCheck, MembershipStatus};
use shared::input::{PersonName, Phone, Room};
use shared::{BuildingId, CommunityId, ErrorCode, Role};
use std::collections::{HashMap, HashSet};

/// Rows beyond this are refused: a roster is a grid's, not a city's.
pub const MAX_ROWS: usize = 5_000;

/// A good row, kept between the preview and the commit.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Good {
    name: String,
    phone: String,
    building: Option<BuildingId>,
    room: Option<String>,
}

/// `POST /people/imports`: checks every row against the rules and the
/// community's places, and keeps the good ones for the commit.
pub async fn preview(
    db: &Db,
    caller: &Caller,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> ApiResult<ImportPreview> {
    let c = committee_community(caller)?;
    let table = crate::services::spreadsheet::cells(bytes)?;
    let Some(((_, header), rows)) = table.split_first() else {
        return Err(ApiError::invalid(
            "the file is empty: the first row names the columns",
        ));
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(name_col), Some(phone_col)) = (col("姓名"), col("手机号")) else {
        return Err(ApiError::invalid(
            "the first row must name the columns 姓名, 手机号 (and 网格, 楼栋, 房号)",
        ));
    };
    let (grid_col, building_col, room_col) = (col("网格"), col("楼栋"), col("房号"));
    if rows.len() > MAX_ROWS {
        return Err(ApiError::invalid(format!(
            "at most {MAX_ROWS} rows at once"
        )));
    }
    let grids: HashMap<String, shared::GridId> = grid::Entity::find()
        .filter(grid::Column::CommunityId.eq(c))
        .all(&db.read)
        .await?
        .into_iter()
        .map(|g| (g.name, g.id))
        .collect();
    let buildings: HashMap<(shared::GridId, String), BuildingId> = building::Entity::find()
        .filter(building::Column::GridId.is_in(grids.values().copied()))
        .all(&db.read)
        .await?
        .into_iter()
        .map(|b| ((b.grid_id, b.name), b.id))
        .collect();
    let cell = |r: &Vec<String>, i: Option<usize>| -> String {
        i.and_then(|i| r.get(i)).cloned().unwrap_or_default()
    };
    let mut seen = HashSet::new();
    let mut checks = Vec::new();
    let mut good = Vec::new();
    for (number, r) in rows {
        let number = *number;
        if r.iter().all(String::is_empty) {
            continue;
        }
        let name = cell(r, Some(name_col));
        let checked = (|| -> Result<Good, String> {
            let name = PersonName::parse(&name).map_err(|e| format!("姓名: {e}"))?;
            let phone =
                Phone::parse(&cell(r, Some(phone_col))).map_err(|e| format!("手机号: {e}"))?;
            if !seen.insert(phone.as_str().to_string()) {
                return Err("手机号: appears twice in the file".into());
            }
            let (g, b) = (cell(r, grid_col), cell(r, building_col));
            let building = match (g.is_empty(), b.is_empty()) {
                (true, true) => None,
                (true, false) => return Err("网格: say which grid the building is in".into()),
                (false, _) => {
                    let grid = *grids
                        .get(&g)
                        .ok_or_else(|| format!("网格: no grid {g:?} in this community"))?;
                    if b.is_empty() {
                        None
                    } else {
                        Some(
                            *buildings
                                .get(&(grid, b.clone()))
                                .ok_or_else(|| format!("楼栋: no building {b:?} in grid {g:?}"))?,
                        )
                    }
                }
            };
            let room = Room::parse_opt(Some(&cell(r, room_col)))
                .map_err(|e| format!("房号: {e}"))?
                .map(Room::into_inner);
            Ok(Good {
                name: name.into_inner(),
                phone: phone.as_str().to_string(),
                building,
                room,
            })
        })();
        match checked {
            Ok(g) => {
                checks.push(ImportRowCheck {
                    row: number,
                    ok: true,
                    name: Some(g.name.clone()),
                    error: None,
                });
                good.push(g);
            }
            Err(e) => checks.push(ImportRowCheck {
                row: number,
                ok: false,
                name: Some(name).filter(|n| !n.is_empty()),
                error: Some(e),
            }),
        }
    }
    let rows_json = serde_json::to_string(&good).map_err(anyhow::Error::from)?;
    let saved = people_import::ActiveModel {
        community_id: Set(c),
        created_by: Set(caller.user_id),
        created_at: Set(now),
        rows: Set(rows_json),
        committed_at: Set(None),
        ..Default::default()
    }
    .insert(&db.write)
    .await?;
    Ok(ImportPreview {
        id: saved.id,
        rows: checks,
    })
}

/// `POST /people/imports/{id}/commit`: every good row of the preview, in one
/// transaction, once. New phones become residents without a password (they
/// set one with a reset code, or bind WeChat); known ones of this community
/// are left as they are, and counted as existing.
pub async fn commit(
    db: &Db,
    caller: &Caller,
    id: i32,
    now: DateTime<Utc>,
) -> ApiResult<ImportResult> {
    let c = committee_community(caller)?;
    let import = people_import::Entity::find_by_id(id)
        .one(&db.read)
        .await?
        .filter(|i| i.community_id == c)
        .ok_or_else(|| ApiError::not_found("import"))?;
    let good: Vec<Good> = serde_json::from_str(&import.rows).map_err(anyhow::Error::from)?;
    let txn = db.write.begin().await?;
    let done = people_import::Entity::update_many()
        .col_expr(people_import::Column::CommittedAt, Expr::value(Some(now)))
        .filter(people_import::Column::Id.eq(import.id))
        .filter(people_import::Column::CommittedAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(ApiError::conflict(
            ErrorCode::InvalidTransition,
            "this import was already committed",
        ));
    }
    let phones: Vec<String> = good.iter().map(|g| g.phone.clone()).collect();
    let known: HashMap<String, user::Model> = user::Entity::find()
        .filter(user::Column::Phone.is_in(phones))
        .all(&txn)
        .await?
        .into_iter()
        .map(|u| (u.phone.clone(), u))
        .collect();
    let (mut created, mut existing) = (0u64, 0u64);
    for g in good {
        match known.get(&g.phone) {
            Some(u) => {
                existing += 1;
                make_resident(&txn, u.id, c, caller, now).await?;
            }
            None => {
                created += 1;
                let u = user::ActiveModel {
                    phone: Set(g.phone),
                    name: Set(g.name),
                    password_hash: Set(None),
                    community_id: Set(Some(c)),
                    points_balance: Set(0),
                    created_at: Set(now),
                    building_id: Set(g.building),
                    room: Set(g.room),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                make_resident(&txn, u.id, c, caller, now).await?;
                audit(
                    &txn,
                    u.id,
                    Some(caller.user_id),
                    AuditAction::Created,
                    Some("import".into()),
                    now,
                )
                .await?;
            }
        }
    }
    txn.commit().await?;
    Ok(ImportResult { created, existing })
}

/// An active resident of the community, unless they are one already.
async fn make_resident(
    txn: &impl ConnectionTrait,
    user: shared::UserId,
    c: CommunityId,
    caller: &Caller,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let held = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user))
        .filter(membership::Column::CommunityId.eq(c))
        .filter(membership::Column::Role.eq(Role::Resident))
        .filter(membership::Column::Status.eq(MembershipStatus::Active))
        .one(txn)
        .await?;
    if held.is_some() {
        return Ok(());
    }
    super::grant(txn, user, Role::Resident, c, caller.user_id, now).await?;
    user::Entity::update_many()
        .col_expr(user::Column::CommunityId, Expr::value(Some(c)))
        .filter(user::Column::Id.eq(user))
        .filter(user::Column::CommunityId.is_null())
        .exec(txn)
        .await?;
    super::bump_epoch(txn, user).await
}
