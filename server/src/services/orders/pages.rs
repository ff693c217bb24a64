//! One page of a list of orders: sorted, started at a cursor or a page
//! number, its total counted no further than 10,000, and (on SQLite) read
//! from the search index's hits when a search has few.

use super::access::Reach;
use super::search;
use super::view::{render, with_categories};
use crate::entities::{category, order};
use crate::error::{ApiError, ApiResult};
use crate::services::uploads::links::Links;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, Func, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Select,
};
use shared::api::{ListSort, Order, Page};
use shared::OrderId;

/// The deadline that matters now: the response limit while nobody has the
/// order yet, then the completion deadline (`sort=due`; an index holds it).
fn deadline_now() -> SimpleExpr {
    Expr::expr(Func::coalesce([
        Expr::col((order::Entity, order::Column::RespondBy)).into(),
        Expr::col((order::Entity, order::Column::DueAt)).into(),
    ]))
    .into()
}

/// Which page of a list: by number, or after a place in it.
pub(super) struct Pages {
    pub sort: ListSort,
    pub page: u64,
    pub per_page: u64,
    pub after: Option<Cursor>,
    /// SQLite: the search index's query for a search of words. Its total is
    /// counted from the hits (each order looked up by id, stopping at the
    /// cap), and so is its page when the hits are few; when they are many,
    /// the list is walked and the words checked until the page is full.
    pub hits: Option<String>,
}

/// From this offset on, a page by number reads its ids first.
const DEEP: u64 = 1_000;

/// Below this many hits a searched page is read from the hits and sorted;
/// above, they are dense enough to walk the list's index for.
const FEW_HITS: u64 = 5_000;

/// A place in a sorted list: the last order of a page, by the moment it is
/// sorted by and its id (`1764763200000000000.42`, nanoseconds).
#[derive(Debug, Clone, Copy)]
pub(super) struct Cursor {
    at: DateTime<Utc>,
    id: OrderId,
}

impl Cursor {
    pub fn parse(s: &str) -> ApiResult<Cursor> {
        let bad = || ApiError::invalid("after must be the next of an earlier page");
        let (at, id) = s.split_once('.').ok_or_else(bad)?;
        Ok(Cursor {
            at: at
                .parse::<i64>()
                .map(DateTime::from_timestamp_nanos)
                .map_err(|_| bad())?,
            id: id.parse().map_err(|_| bad())?,
        })
    }

    fn of(o: &order::Model, sort: ListSort) -> String {
        let at = match sort {
            ListSort::Newest | ListSort::Oldest => o.created_at,
            ListSort::Due => o.respond_by.unwrap_or(o.due_at),
        };
        // Nanoseconds: a time is kept as precisely as it was given.
        format!("{}.{}", at.timestamp_nanos_opt().unwrap_or(i64::MAX), o.id)
    }
}

/// Orders a list and, after a cursor, starts it there: an index seek, so a
/// deep page costs what the first does.
fn sorted(
    select: Select<order::Entity>,
    sort: ListSort,
    after: Option<Cursor>,
) -> Select<order::Entity> {
    let (at, order) = match sort {
        ListSort::Newest => (created_at(), sea_orm::Order::Desc),
        ListSort::Oldest => (created_at(), sea_orm::Order::Asc),
        ListSort::Due => (deadline_now(), sea_orm::Order::Asc),
    };
    let select = match after {
        Some(c) => {
            let key = Expr::tuple([
                at.clone(),
                Expr::col((order::Entity, order::Column::Id)).into(),
            ]);
            let place = Expr::tuple([Expr::val(c.at).into(), Expr::val(c.id).into()]);
            select.filter(match order {
                sea_orm::Order::Desc => key.lt(place),
                _ => key.gt(place),
            })
        }
        None => select,
    };
    select
        .order_by(at, order.clone())
        .order_by(order::Column::Id, order)
}

fn created_at() -> SimpleExpr {
    Expr::col((order::Entity, order::Column::CreatedAt)).into()
}

/// Totals are counted up to this many; beyond, a list says "10,000+".
pub const TOTAL_CAP: u64 = 10_000;

/// How many orders a list has, counted no further than [`TOTAL_CAP`] (and
/// whether there are more): a count of every order of a community would
/// read 800,000 index entries for each page.
async fn capped_total(
    db: &DatabaseConnection,
    select: &Select<order::Entity>,
    hits: Option<&str>,
) -> ApiResult<(u64, bool)> {
    let mut inner = select
        .clone()
        .select_only()
        .column(order::Column::Id)
        .limit(TOTAL_CAP + 1)
        .into_query();
    if let Some(m) = hits {
        search::from_hits(&mut inner, m);
    }
    let q = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(inner, Alias::new("capped"))
        .to_owned();
    let n: i64 = match db.query_one(db.get_database_backend().build(&q)).await? {
        Some(row) => row.try_get_by_index(0)?,
        None => 0,
    };
    let n = u64::try_from(n).unwrap_or(0);
    Ok((n.min(TOTAL_CAP), n > TOTAL_CAP))
}

/// One page of a filtered, sorted list, rendered for the caller, with the
/// list's total.
pub(super) async fn page_of(
    db: &DatabaseConnection,
    reach: &Reach<'_>,
    links: &Links,
    select: Select<order::Entity>,
    Pages {
        sort,
        page,
        per_page,
        after,
        hits,
    }: Pages,
) -> ApiResult<Page<Order>> {
    let (total, total_capped) = capped_total(db, &select, hits.as_deref()).await?;
    // The page's orders alone, then their categories: a join in the paged
    // query would be made for every order the offset skips (at page 20,000
    // of a million orders, a second instead of milliseconds on SQLite).
    let offset = if after.is_some() {
        0
    } else {
        (page - 1) * per_page
    };
    let paged = if offset >= DEEP && hits.is_none() {
        // A deep page by number: the ids it skips are read from the list's
        // index alone, and only the page's own rows from the table.
        // PostgreSQL otherwise fetches every skipped row (168 ms at page
        // 20,000 of a million orders).
        let ids = sorted(select.select_only(), sort, None)
            .column(order::Column::Id)
            .offset(offset)
            .limit(per_page)
            .into_query();
        let page = order::Entity::find().filter(order::Column::Id.in_subquery(ids));
        sorted(page, sort, None).limit(per_page)
    } else {
        sorted(select, sort, after).offset(offset).limit(per_page)
    };
    let orders = match hits.filter(|_| total < FEW_HITS) {
        Some(m) => {
            let mut q = paged.into_query();
            search::from_hits(&mut q, &m);
            let stmt = db.get_database_backend().build(&q);
            order::Entity::find().from_raw_sql(stmt).all(db).await?
        }
        None => paged.all(db).await?,
    };
    let next = orders
        .last()
        .filter(|_| orders.len() as u64 == per_page)
        .map(|o| Cursor::of(o, sort));
    let mut ids: Vec<_> = orders.iter().map(|o| o.category_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let categories: std::collections::HashMap<_, _> = category::Entity::find()
        .filter(category::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let rows = with_categories(
        orders
            .into_iter()
            .map(|o| {
                let c = categories.get(&o.category_id).cloned();
                (o, c)
            })
            .collect(),
    )?;
    Ok(Page {
        items: render(db, reach, links, rows).await?,
        total,
        page,
        per_page,
        total_capped,
        next,
    })
}
