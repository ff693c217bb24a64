//! The hotline's spreadsheet (CSV or XLSX, the columns 工单编号, 来电时间,
//! 诉求类型, 诉求标题, 诉求内容, 地址, 来电人, 联系电话, 办理时限), imported by the
//! committee: a preview that checks every row and writes nothing, then one
//! commit that places every good row in one transaction. A work order here
//! already (imported before, or pushed) is counted, not placed again.

use super::hotline::{self, Checked, Fields};
use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{hotline_import, order, partner};
use crate::error::{ApiError, ApiResult};
use crate::services::orders::{announce_placed, place_incoming_in, Incoming};
use crate::services::people::committee_community;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use shared::api::{HotlineImportPreview, HotlineImportResult, HotlineRowCheck};
use shared::input::{Address, Description, PersonName, Phone, Title};
use shared::{Channel, CommunityId, ErrorCode, OrderId, PartnerKind};
use std::collections::HashSet;

/// Rows beyond this are refused: a month of a busy community's hotline.
pub const MAX_ROWS: usize = 5_000;

const REQUIRED: [&str; 5] = ["工单编号", "来电时间", "诉求标题", "诉求内容", "联系电话"];

/// `POST /hotline/imports`.
pub async fn preview(
    db: &Db,
    caller: &Caller,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> ApiResult<HotlineImportPreview> {
    let c = committee_community(caller)?;
    let table = crate::services::spreadsheet::cells(bytes)?;
    let Some(((_, header), rows)) = table.split_first() else {
        return Err(ApiError::invalid(
            "the file is empty: the first row names the columns",
        ));
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    if REQUIRED.iter().any(|r| col(r).is_none()) {
        return Err(ApiError::invalid(
            "the first row must name the columns 工单编号, 来电时间, 诉求标题, 诉求内容, 联系电话 \
             (and 诉求类型, 地址, 来电人, 办理时限)",
        ));
    }
    if rows.len() > MAX_ROWS {
        return Err(ApiError::invalid(format!(
            "at most {MAX_ROWS} rows at once"
        )));
    }
    let cell = |r: &[String], name: &str| -> String {
        col(name)
            .and_then(|i| r.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let numbers: Vec<String> = rows.iter().map(|(_, r)| cell(r, "工单编号")).collect();
    let here: HashSet<String> = here_already(&db.read, &numbers).await?;
    let mut seen = HashSet::new();
    let mut checks = Vec::new();
    let mut good = Vec::new();
    for (number, r) in rows {
        if r.iter().all(String::is_empty) {
            continue;
        }
        let opt = |name: &str| Some(cell(r, name)).filter(|v| !v.is_empty());
        let (category, address, name, deadline) =
            (opt("诉求类型"), opt("地址"), opt("来电人"), opt("办理时限"));
        let fields = Fields {
            hotline_number: &cell(r, "工单编号"),
            received_at: &cell(r, "来电时间"),
            category: category.as_deref(),
            title: &cell(r, "诉求标题"),
            content: &cell(r, "诉求内容"),
            address: address.as_deref(),
            phone: &cell(r, "联系电话"),
            name: name.as_deref(),
            deadline: deadline.as_deref(),
        };
        let checked =
            hotline::check(fields).and_then(|row| match seen.insert(row.hotline_number.clone()) {
                true => Ok(row),
                false => Err("hotline_number appears twice in the file".to_string()),
            });
        match checked {
            Ok(row) => {
                let existing = here.contains(&row.hotline_number);
                checks.push(HotlineRowCheck {
                    row: *number,
                    ok: true,
                    hotline_number: Some(row.hotline_number.clone()),
                    error: None,
                    existing,
                });
                // Kept: the commit counts what is here by then.
                good.push(row);
            }
            Err(e) => checks.push(HotlineRowCheck {
                row: *number,
                ok: false,
                hotline_number: Some(cell(r, "工单编号")).filter(|n| !n.is_empty()),
                error: Some(e),
                existing: false,
            }),
        }
    }
    let rows_json = serde_json::to_string(&good).map_err(anyhow::Error::from)?;
    let saved = hotline_import::ActiveModel {
        community_id: Set(c),
        created_by: Set(caller.user_id),
        created_at: Set(now),
        rows: Set(rows_json),
        committed_at: Set(None),
        ..Default::default()
    }
    .insert(&db.write)
    .await?;
    Ok(HotlineImportPreview {
        id: saved.id,
        rows: checks,
    })
}

/// Which of these hotline numbers are orders already.
async fn here_already(db: &impl ConnectionTrait, numbers: &[String]) -> ApiResult<HashSet<String>> {
    let mut here = HashSet::new();
    for chunk in numbers.chunks(500) {
        let found: Vec<Option<String>> = order::Entity::find()
            .filter(order::Column::HotlineNumber.is_in(chunk.iter().cloned()))
            .select_only()
            .column(order::Column::HotlineNumber)
            .into_tuple()
            .all(db)
            .await?;
        here.extend(found.into_iter().flatten());
    }
    Ok(here)
}

/// The hotline key results of this community's imported orders go back
/// through: its newest active hotline key with a callback, of the community,
/// its street or its district.
async fn key_for(db: &impl ConnectionTrait, c: CommunityId) -> ApiResult<Option<partner::Model>> {
    let keys = partner::Entity::find()
        .filter(partner::Column::Kind.eq(PartnerKind::Hotline))
        .filter(partner::Column::RevokedAt.is_null())
        .filter(partner::Column::CallbackUrl.is_not_null())
        .order_by_desc(partner::Column::Id)
        .all(db)
        .await?;
    for k in keys {
        if super::communities_of(db, &k)
            .await?
            .iter()
            .any(|x| x.id == c)
        {
            return Ok(Some(k));
        }
    }
    Ok(None)
}

/// `POST /hotline/imports/{id}/commit`: every good row of the preview in one
/// transaction, once.
pub async fn commit(
    db: &Db,
    caller: &Caller,
    id: i32,
    now: DateTime<Utc>,
) -> ApiResult<HotlineImportResult> {
    let c = committee_community(caller)?;
    let import = hotline_import::Entity::find_by_id(id)
        .one(&db.read)
        .await?
        .filter(|i| i.community_id == c)
        .ok_or_else(|| ApiError::not_found("import"))?;
    let rows: Vec<Checked> = serde_json::from_str(&import.rows).map_err(anyhow::Error::from)?;
    let key = key_for(&db.read, c).await?;
    let numbers: Vec<String> = rows.iter().map(|r| r.hotline_number.clone()).collect();
    let mut categories = std::collections::HashMap::new();
    for r in &rows {
        let asked = r.category.clone().unwrap_or_default();
        if let std::collections::hash_map::Entry::Vacant(slot) = categories.entry(asked) {
            let found = hotline::category_for(&db.read, c, Some(slot.key())).await?;
            slot.insert(found);
        }
    }
    let txn = db.write.begin().await?;
    let done = hotline_import::Entity::update_many()
        .col_expr(hotline_import::Column::CommittedAt, Expr::value(Some(now)))
        .filter(hotline_import::Column::Id.eq(import.id))
        .filter(hotline_import::Column::CommittedAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(ApiError::conflict(
            ErrorCode::InvalidTransition,
            "this import was already committed",
        ));
    }
    // Here already (imported before, or pushed since): counted, not placed.
    let here = here_already(&txn, &numbers).await?;
    let mut placed = Vec::new();
    let mut existing = 0u64;
    for r in rows {
        if here.contains(&r.hotline_number) {
            existing += 1;
            continue;
        }
        let category = categories
            .get(&r.category.clone().unwrap_or_default())
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("a category went missing"))?;
        let incoming = Incoming {
            community: c,
            category,
            title: Title::parse(&r.title)?,
            description: Description::parse(&r.content)?,
            address: Address::parse_opt(r.address.as_deref())?,
            phone: Phone::parse(&r.phone)?,
            name: PersonName::parse_opt(r.name.as_deref())?,
            channel: Channel::Hotline,
            partner: key.clone(),
            by: caller.user_id,
            actor: Some(caller.user_id),
            note: format!("12345热线工单 {}（表格导入）", r.hotline_number),
            hotline_number: Some(r.hotline_number),
            due_at: r.deadline,
            location: None,
        };
        placed.push(place_incoming_in(db, &txn, incoming, now).await?);
    }
    txn.commit().await?;
    let orders: Vec<OrderId> = placed
        .into_iter()
        .map(|p| announce_placed(db, p, now).id)
        .collect();
    tracing::info!(
        import = id,
        created = orders.len(),
        existing,
        "hotline import committed"
    );
    Ok(HotlineImportResult {
        created: orders.len() as u64,
        existing,
        orders,
    })
}
