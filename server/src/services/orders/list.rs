//! Finding orders: one order, the lists (scopes, filters, search, sort,
//! pages) and the wish wall.

use super::access::Reach;
use super::store::visible_order;
use super::view::{render, render_one, with_categories};
use crate::auth::Caller;
use crate::entities::{category, order};
use crate::error::{ApiError, ApiResult};
use crate::services::uploads::links::Links;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, Func, LikeExpr, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select,
};
use shared::api::{ListScope, ListSort, Order, Page};
use shared::OrderId;
use shared::{DispatchMode, Level, OrderKind, OrderStatus, Role, Track};

pub const MAX_PER_PAGE: u64 = 100;

#[derive(Debug, Clone)]
pub struct ListQuery {
    pub scope: ListScope,
    pub status: Option<OrderStatus>,
    pub kind: Option<OrderKind>,
    /// A category code; orders of every community in reach that use it.
    pub category: Option<String>,
    /// Words to find: an order number, a phone, or part of a title or address.
    pub search: Option<String>,
    /// Only orders still open past their deadline.
    pub overdue: bool,
    /// Only orders on the revisit list (回头看).
    pub revisit: bool,
    /// Only orders of this triage track (`big`: the joint meeting's list).
    pub track: Option<Track>,
    /// Leave micro-wishes out (they wait for a claimer, not for dispatch).
    pub without_wishes: bool,
    /// Placed in `[placed_from, placed_to)`.
    pub placed_from: Option<DateTime<Utc>>,
    pub placed_to: Option<DateTime<Utc>>,
    pub sort: ListSort,
    pub page: u64,
    pub per_page: u64,
    /// Continue after this place in the list (a page's `next`).
    pub after: Option<String>,
}

pub async fn get(
    db: &DatabaseConnection,
    caller: &Caller,
    id: OrderId,
    now: DateTime<Utc>,
    links: &Links,
) -> ApiResult<Order> {
    let reach = Reach::of(db, caller, now).await?;
    let row = visible_order(db, &reach, id).await?;
    render_one(db, &reach, links, row).await
}

pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    q: ListQuery,
    now: DateTime<Utc>,
    links: &Links,
) -> ApiResult<Page<Order>> {
    let reach = Reach::of(db, caller, now).await?;
    let mut select = order::Entity::find();
    select = match q.scope {
        ListScope::Mine => select.filter(order::Column::RequesterId.eq(caller.user_id)),
        ListScope::Assigned => {
            let mut cond = Condition::any().add(order::Column::AssigneeUserId.eq(caller.user_id));
            if let (true, Some(unit)) = (caller.has(Role::UnitMember), caller.unit_id) {
                cond = cond.add(order::Column::AssigneeUnitId.eq(unit));
            }
            select.filter(cond)
        }
        ListScope::Community => match caller.community_id {
            Some(c) if caller.oversees(c) => select.filter(order::Column::CommunityId.eq(c)),
            _ if !reach.admin_communities.is_empty() => {
                select.filter(order::Column::CommunityId.is_in(reach.admin_communities.clone()))
            }
            _ => {
                return Err(ApiError::forbidden(
                    "only the committee and grid workers see all orders of a community",
                ))
            }
        },
        ListScope::Escalated => {
            let communities = if !reach.street_communities.is_empty() {
                reach.street_communities.clone()
            } else if !reach.admin_communities.is_empty() {
                reach.admin_communities.clone()
            } else {
                return Err(ApiError::forbidden(
                    "only street officers and admins have a list of escalated orders",
                ));
            };
            select
                .filter(order::Column::CommunityId.is_in(communities))
                .filter(order::Column::Level.is_in([Level::Street, Level::District]))
        }
        // The task hall: what the caller may claim now — the community's
        // wishes and grab orders nobody has yet, but their own.
        ListScope::Claimable => match caller.community_id {
            Some(c) if caller.serves_in(c) => select
                .filter(order::Column::CommunityId.eq(c))
                .filter(order::Column::Status.eq(OrderStatus::Pending))
                .filter(
                    Condition::any()
                        .add(order::Column::Kind.eq(OrderKind::MicroWish))
                        .add(order::Column::DispatchMode.eq(DispatchMode::Grab)),
                )
                .filter(order::Column::RequesterId.ne(caller.user_id)),
            _ => {
                return Err(ApiError::forbidden(
                    "only a community's volunteers and unit members claim orders",
                ))
            }
        },
    };
    if let Some(t) = q.track {
        select = select.filter(order::Column::Track.eq(t));
    }
    if let Some(s) = q.status {
        select = select.filter(order::Column::Status.eq(s));
    }
    if let Some(k) = q.kind {
        select = select.filter(order::Column::Kind.eq(k));
    }
    if let Some(code) = &q.category {
        select = select.filter(
            order::Column::CategoryId.in_subquery(
                Query::select()
                    .column(category::Column::Id)
                    .from(category::Entity)
                    .and_where(category::Column::Code.eq(code.as_str()))
                    .to_owned(),
            ),
        );
    }
    // SQLite reads a search of words from the index's hits (see `Pages`);
    // a number or a phone, and every search on PostgreSQL, go through the
    // condition.
    let backend = db.get_database_backend();
    let hits = q
        .search
        .as_deref()
        .filter(|_| backend == sea_orm::DatabaseBackend::Sqlite)
        .filter(|w| !shared::input::is_phone(w) && number_in(w).is_none())
        .and_then(super::search::fts_match);
    if let Some(words) = &q.search {
        select = select.filter(match hits {
            Some(_) => contains_words(backend, words),
            None => search(backend, words),
        });
    }
    if let Some(from) = q.placed_from {
        select = select.filter(order::Column::CreatedAt.gte(from));
    }
    if let Some(to) = q.placed_to {
        select = select.filter(order::Column::CreatedAt.lt(to));
    }
    if q.revisit {
        select = select.filter(order::Column::Revisit.eq(true));
    }
    if q.without_wishes {
        select = select.filter(order::Column::Kind.ne(OrderKind::MicroWish));
    }
    if q.overdue {
        select = select
            .filter(order::Column::Status.is_in(open_statuses()))
            .filter(order::Column::DueAt.lt(now));
    }
    let after = q.after.as_deref().map(Cursor::parse).transpose()?;
    let pages = Pages {
        sort: q.sort,
        page: q.page,
        per_page: q.per_page,
        after,
        hits,
    };
    page_of(db, &reach, links, select, pages).await
}

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
struct Pages {
    sort: ListSort,
    page: u64,
    per_page: u64,
    after: Option<Cursor>,
    /// SQLite: the search index's query for a search of words. Its total is
    /// counted from the hits (each order looked up by id, stopping at the
    /// cap), and so is its page when the hits are few; when they are many,
    /// the list is walked and the words checked until the page is full.
    hits: Option<String>,
}

/// Below this many hits a searched page is read from the hits and sorted;
/// above, they are dense enough to walk the list's index for.
const FEW_HITS: u64 = 5_000;

/// A place in a sorted list: the last order of a page, by the moment it is
/// sorted by and its id (`1764763200000000000.42`, nanoseconds).
#[derive(Debug, Clone, Copy)]
struct Cursor {
    at: DateTime<Utc>,
    id: OrderId,
}

impl Cursor {
    fn parse(s: &str) -> ApiResult<Cursor> {
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
    let key =
        |at: SimpleExpr| Expr::tuple([at, Expr::col((order::Entity, order::Column::Id)).into()]);
    let place = |c: Cursor| Expr::tuple([Expr::val(c.at).into(), Expr::val(c.id).into()]);
    let created = || SimpleExpr::from(Expr::col((order::Entity, order::Column::CreatedAt)));
    match sort {
        ListSort::Newest => after
            .into_iter()
            .fold(select, |s, c| s.filter(key(created()).lt(place(c))))
            .order_by_desc(order::Column::CreatedAt)
            .order_by_desc(order::Column::Id),
        ListSort::Oldest => after
            .into_iter()
            .fold(select, |s, c| s.filter(key(created()).gt(place(c))))
            .order_by_asc(order::Column::CreatedAt)
            .order_by_asc(order::Column::Id),
        ListSort::Due => after
            .into_iter()
            .fold(select, |s, c| s.filter(key(deadline_now()).gt(place(c))))
            .order_by(deadline_now(), sea_orm::Order::Asc)
            .order_by_asc(order::Column::Id),
    }
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
        super::search::from_hits(&mut inner, m);
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
async fn page_of(
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
    let paged = sorted(select, sort, after).offset(offset).limit(per_page);
    let orders = match hits.filter(|_| total < FEW_HITS) {
        Some(m) => {
            let mut q = paged.into_query();
            super::search::from_hits(&mut q, &m);
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

fn open_statuses() -> Vec<OrderStatus> {
    OrderStatus::ALL
        .iter()
        .copied()
        .filter(|s| s.is_open())
        .collect()
}

/// What the desk's search box finds: an order number (`20261122-00042`, or
/// its id), the requester's orders by their phone, or words in the title or address (through
/// the search index).
fn search(backend: sea_orm::DatabaseBackend, words: &str) -> Condition {
    let mut any = Condition::any();
    if let Some(id) = number_in(words) {
        any = any.add(order::Column::Id.eq(id));
    }
    // A phone finds its resident's orders (its digits' pairs are in most
    // addresses: the index would not narrow).
    // `=` and not `IN`: the planner then reads the resident's own index.
    if shared::input::is_phone(words) {
        let sql = match backend {
            sea_orm::DatabaseBackend::Postgres => {
                r#""orders"."requester_id" = (SELECT "id" FROM "users" WHERE "phone" = $1)"#
            }
            _ => r#""orders"."requester_id" = (SELECT "id" FROM "users" WHERE "phone" = ?)"#,
        };
        return any.add(Expr::cust_with_values(sql, [words.to_string()]));
    }
    // The index finds the orders that have the words; the exact text is
    // checked on those alone.
    any.add(
        Condition::all()
            .add_option(super::search::having_words(backend, words))
            .add(contains_words(backend, words)),
    )
}

/// The order a search names by its number (`20261122-00042`) or id.
fn number_in(words: &str) -> Option<OrderId> {
    words.rsplit('-').next().unwrap_or(words).parse().ok()
}

/// The words in the title or the address, exactly (`%` and `_` typed by
/// the user are characters, not wildcards).
fn contains_words(backend: sea_orm::DatabaseBackend, words: &str) -> Condition {
    let escaped: String = words
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let pattern = format!("%{escaped}%");
    Condition::any()
        .add(contains(backend, order::Column::Title, &pattern))
        .add(contains(backend, order::Column::Address, &pattern))
}

/// `column LIKE pattern`, letters in any case (SQLite's `LIKE` already
/// ignores the case of Latin letters; PostgreSQL's `ILIKE`, whose escape
/// character is `\` as here).
fn contains(backend: sea_orm::DatabaseBackend, column: order::Column, pattern: &str) -> SimpleExpr {
    match backend {
        sea_orm::DatabaseBackend::Postgres => Expr::cust_with_values(
            format!(
                r#""orders"."{}" ILIKE $1"#,
                sea_orm::IdenStatic::as_str(&column)
            ),
            [pattern.to_string()],
        ),
        _ => Expr::col((order::Entity, column)).like(LikeExpr::new(pattern).escape('\\')),
    }
}

/// The wish wall: open micro-wishes of the caller's community, newest first.
pub async fn wishes(
    db: &DatabaseConnection,
    caller: &Caller,
    page: u64,
    per_page: u64,
    now: DateTime<Utc>,
    links: &Links,
) -> ApiResult<Page<Order>> {
    let Some(community_id) = caller.community_id else {
        let waiting = crate::services::people::join::pending_refusal(db, caller).await?;
        return Err(
            waiting.unwrap_or_else(|| ApiError::forbidden("you do not belong to a community"))
        );
    };
    let reach = Reach::of(db, caller, now).await?;
    let select = order::Entity::find()
        .filter(order::Column::CommunityId.eq(community_id))
        .filter(order::Column::Kind.eq(OrderKind::MicroWish))
        .filter(order::Column::Status.eq(OrderStatus::Pending));
    let pages = Pages {
        sort: ListSort::Newest,
        page,
        per_page,
        after: None,
        hits: None,
    };
    page_of(db, &reach, links, select, pages).await
}
