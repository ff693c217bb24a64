//! What each export's rows are, read a page at a time.

use super::cells::{
    assessment_row, order_row, reason_words, t, when, Cell, OrderLine, ASSESSMENT_HEADER,
    ORDER_HEADER, POINTS_HEADER,
};
use super::{Request, Table};
use crate::auth::Caller;
use crate::entities::{
    category, community, membership, order, points_entry, redemption, reward, unit, user,
};
use crate::error::ApiResult;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use shared::api::{MembershipStatus, UnitAssessment};
use shared::{CategoryId, CommunityId, LedgerEntryId, OrderId, RedemptionId, UnitId, UserId};
use std::collections::HashMap;
use tokio::sync::mpsc;

pub(super) enum Source {
    Orders {
        db: DatabaseConnection,
        communities: Vec<CommunityId>,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        community_names: HashMap<CommunityId, String>,
        categories: HashMap<CategoryId, String>,
        units: HashMap<UnitId, String>,
    },
    Assessment(Vec<UnitAssessment>),
    Points {
        db: DatabaseConnection,
        communities: Vec<CommunityId>,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        community_names: HashMap<CommunityId, String>,
    },
}

async fn community_names(
    db: &DatabaseConnection,
    communities: &[CommunityId],
) -> ApiResult<HashMap<CommunityId, String>> {
    Ok(community::Entity::find()
        .filter(community::Column::Id.is_in(communities.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect())
}

async fn names_of(
    db: &DatabaseConnection,
    mut ids: Vec<UserId>,
) -> ApiResult<HashMap<UserId, String>> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Name)
        .filter(user::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

impl Source {
    pub(super) async fn open(
        db: &DatabaseConnection,
        caller: &Caller,
        communities: &[CommunityId],
        req: &Request<'_>,
        now: DateTime<Utc>,
    ) -> ApiResult<Source> {
        Ok(match req.table {
            Table::Orders => Source::Orders {
                db: db.clone(),
                communities: communities.to_vec(),
                from: req.from,
                to: req.to,
                now,
                community_names: community_names(db, communities).await?,
                categories: category::Entity::find()
                    .filter(category::Column::CommunityId.is_in(communities.iter().copied()))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|c| (c.id, c.name))
                    .collect(),
                units: unit::Entity::find()
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|u| (u.id, u.name))
                    .collect(),
            },
            Table::Assessment => Source::Assessment(
                crate::services::assessment::assess(db, caller, req.community_id, req.period, now)
                    .await?
                    .items,
            ),
            Table::Points => Source::Points {
                db: db.clone(),
                communities: communities.to_vec(),
                from: req.from,
                to: req.to,
                community_names: community_names(db, communities).await?,
            },
        })
    }

    pub(super) fn header(&self) -> Vec<&'static str> {
        match self {
            Source::Orders { .. } => ORDER_HEADER.to_vec(),
            Source::Assessment(_) => ASSESSMENT_HEADER.to_vec(),
            Source::Points { .. } => POINTS_HEADER.to_vec(),
        }
    }

    fn orders_of(
        c: CommunityId,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Select<order::Entity> {
        let mut q = order::Entity::find().filter(order::Column::CommunityId.eq(c));
        if let Some(from) = from {
            q = q.filter(order::Column::CreatedAt.gte(from));
        }
        if let Some(to) = to {
            q = q.filter(order::Column::CreatedAt.lt(to));
        }
        q
    }

    fn ledger_of(
        communities: &[CommunityId],
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Select<points_entry::Entity> {
        let members = Query::select()
            .column(membership::Column::UserId)
            .from(membership::Entity)
            .and_where(membership::Column::CommunityId.is_in(communities.iter().copied()))
            .and_where(membership::Column::Status.eq(MembershipStatus::Active))
            .to_owned();
        let mut q =
            points_entry::Entity::find().filter(points_entry::Column::UserId.in_subquery(members));
        if let Some(from) = from {
            q = q.filter(points_entry::Column::At.gte(from));
        }
        if let Some(to) = to {
            q = q.filter(points_entry::Column::At.lt(to));
        }
        q
    }

    /// How many rows the export will have.
    pub(super) async fn count(&self) -> ApiResult<u64> {
        Ok(match self {
            Source::Orders {
                db,
                communities,
                from,
                to,
                ..
            } => {
                let mut n = 0;
                for c in communities {
                    n += Self::orders_of(*c, *from, *to).count(db).await?;
                }
                n
            }
            Source::Assessment(items) => items.len() as u64,
            Source::Points {
                db,
                communities,
                from,
                to,
                ..
            } => Self::ledger_of(communities, *from, *to).count(db).await?,
        })
    }

    /// Reads the rows a page at a time and hands each page on; stops when
    /// the reader has gone (the download was abandoned).
    pub(super) async fn send_pages(
        self,
        tx: mpsc::Sender<Vec<Vec<Cell>>>,
        page: u64,
    ) -> anyhow::Result<()> {
        match self {
            Source::Assessment(items) => {
                let rows = items.into_iter().map(assessment_row).collect();
                let _ = tx.send(rows).await;
            }
            Source::Orders {
                db,
                communities,
                from,
                to,
                now,
                community_names,
                categories,
                units,
            } => {
                for c in communities {
                    let mut after: Option<(DateTime<Utc>, OrderId)> = None;
                    loop {
                        let mut q = Self::orders_of(c, from, to);
                        if let Some((at, id)) = after {
                            q = q.filter(
                                Expr::tuple([
                                    Expr::col(order::Column::CreatedAt).into(),
                                    Expr::col(order::Column::Id).into(),
                                ])
                                .gt(Expr::tuple([Expr::value(at), Expr::value(id)])),
                            );
                        }
                        let lines: Vec<OrderLine> = q
                            .select_only()
                            .columns([
                                order::Column::Id,
                                order::Column::CommunityId,
                                order::Column::Kind,
                                order::Column::CategoryId,
                                order::Column::Title,
                                order::Column::Status,
                                order::Column::RequesterId,
                                order::Column::AssigneeUnitId,
                                order::Column::AssigneeUserId,
                                order::Column::CreatedAt,
                                order::Column::AcceptedAt,
                                order::Column::CompletedAt,
                                order::Column::DueAt,
                                order::Column::Level,
                                order::Column::Rating,
                                order::Column::Comment,
                            ])
                            .order_by_asc(order::Column::CreatedAt)
                            .order_by_asc(order::Column::Id)
                            .limit(page)
                            .into_model()
                            .all(&db)
                            .await?;
                        let Some(last) = lines.last() else { break };
                        after = Some((last.created_at, last.id));
                        let full = lines.len() as u64 == page;
                        let ids: Vec<UserId> = lines
                            .iter()
                            .flat_map(|l| [Some(l.requester_id), l.assignee_user_id])
                            .flatten()
                            .collect();
                        let people = names_of(&db, ids).await?;
                        let rows = lines
                            .into_iter()
                            .map(|l| {
                                order_row(l, now, &community_names, &categories, &units, &people)
                            })
                            .collect();
                        if tx.send(rows).await.is_err() || !full {
                            break;
                        }
                    }
                }
            }
            Source::Points {
                db,
                communities,
                from,
                to,
                community_names,
            } => {
                let mut after: Option<LedgerEntryId> = None;
                loop {
                    let mut q = Self::ledger_of(&communities, from, to);
                    if let Some(id) = after {
                        q = q.filter(points_entry::Column::Id.gt(id));
                    }
                    let entries = q
                        .order_by_asc(points_entry::Column::Id)
                        .limit(page)
                        .all(&db)
                        .await?;
                    let Some(last) = entries.last() else { break };
                    after = Some(last.id);
                    let full = entries.len() as u64 == page;
                    let ids: Vec<UserId> = entries.iter().map(|e| e.user_id).collect();
                    let people = names_of(&db, ids).await?;
                    let orders: HashMap<OrderId, String> = order::Entity::find()
                        .filter(order::Column::Id.is_in(entries.iter().filter_map(|e| e.order_id)))
                        .all(&db)
                        .await?
                        .into_iter()
                        .map(|o| (o.id, o.number()))
                        .collect();
                    let rewards: HashMap<RedemptionId, String> = redemption::Entity::find()
                        .find_also_related(reward::Entity)
                        .filter(
                            redemption::Column::Id
                                .is_in(entries.iter().filter_map(|e| e.redemption_id)),
                        )
                        .all(&db)
                        .await?
                        .into_iter()
                        .filter_map(|(r, w)| w.map(|w| (r.id, w.name)))
                        .collect();
                    // A person's community: the first of theirs among these.
                    let homes: HashMap<UserId, CommunityId> = membership::Entity::find()
                        .select_only()
                        .column(membership::Column::UserId)
                        .column(membership::Column::CommunityId)
                        .filter(membership::Column::UserId.is_in(entries.iter().map(|e| e.user_id)))
                        .filter(membership::Column::CommunityId.is_in(communities.iter().copied()))
                        .into_tuple::<(UserId, Option<CommunityId>)>()
                        .all(&db)
                        .await?
                        .into_iter()
                        .filter_map(|(u, c)| Some((u, c?)))
                        .collect();
                    let rows = entries
                        .into_iter()
                        .map(|e| {
                            vec![
                                when(Some(e.at)),
                                t(people.get(&e.user_id).cloned().unwrap_or_default()),
                                Cell::Number(f64::from(e.delta)),
                                Cell::Number(e.hours),
                                t(reason_words(e.reason)),
                                t(e.note.unwrap_or_default()),
                                t(e.order_id
                                    .and_then(|o| orders.get(&o).cloned())
                                    .unwrap_or_default()),
                                t(e.redemption_id
                                    .and_then(|r| rewards.get(&r).cloned())
                                    .unwrap_or_default()),
                                t(homes
                                    .get(&e.user_id)
                                    .and_then(|c| community_names.get(c).cloned())
                                    .unwrap_or_default()),
                            ]
                        })
                        .collect();
                    if tx.send(rows).await.is_err() || !full {
                        break;
                    }
                }
            }
        }
        Ok(())
    }
}
