//! Finding orders: one order, the lists (scopes, filters, search, sort,
//! pages) and the wish wall.

use super::access::Reach;
use super::store::visible_order;
use super::view::{render, render_one, with_categories};
use crate::auth::Caller;
use crate::entities::{category, order, user};
use crate::error::{ApiError, ApiResult};
use crate::services::uploads::links::Links;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func, LikeExpr, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
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
    if let Some(words) = &q.search {
        select = select.filter(search(words));
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
    let select = match q.sort {
        ListSort::Newest => select
            .order_by_desc(order::Column::CreatedAt)
            .order_by_desc(order::Column::Id),
        ListSort::Oldest => select
            .order_by_asc(order::Column::CreatedAt)
            .order_by_asc(order::Column::Id),
        // The deadline that matters now: the response limit while nobody has
        // it yet, then the completion deadline.
        ListSort::Due => select
            .order_by(
                Expr::expr(Func::coalesce([
                    Expr::col((order::Entity, order::Column::RespondBy)).into(),
                    Expr::col((order::Entity, order::Column::DueAt)).into(),
                ])),
                sea_orm::Order::Asc,
            )
            .order_by_asc(order::Column::Id),
    };
    page_of(db, &reach, links, select, q.page, q.per_page).await
}

/// One page of a filtered, sorted list, rendered for the caller, with the
/// list's total.
async fn page_of(
    db: &DatabaseConnection,
    reach: &Reach<'_>,
    links: &Links,
    select: Select<order::Entity>,
    page: u64,
    per_page: u64,
) -> ApiResult<Page<Order>> {
    let total = select.clone().count(db).await?;
    // The page's orders alone, then their categories: a join in the paged
    // query would be made for every order the offset skips (at page 20,000
    // of a million orders, a second instead of milliseconds on SQLite).
    let orders = select
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
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
/// its id), the requester's phone, or words in the title or address.
fn search(words: &str) -> Condition {
    let mut any = Condition::any();
    let id_part = words.rsplit('-').next().unwrap_or(words);
    if let Ok(id) = id_part.parse::<OrderId>() {
        any = any.add(order::Column::Id.eq(id));
    }
    if shared::input::is_phone(words) {
        any = any.add(
            order::Column::RequesterId.in_subquery(
                Query::select()
                    .column(user::Column::Id)
                    .from(user::Entity)
                    .and_where(user::Column::Phone.eq(words))
                    .to_owned(),
            ),
        );
    }
    // `%` and `_` typed by the user are literal characters, not wildcards.
    let escaped: String = words
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let pattern = format!("%{escaped}%");
    any.add(
        Expr::col((order::Entity, order::Column::Title)).like(LikeExpr::new(&pattern).escape('\\')),
    )
    .add(
        Expr::col((order::Entity, order::Column::Address))
            .like(LikeExpr::new(&pattern).escape('\\')),
    )
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
        .filter(order::Column::Status.eq(OrderStatus::Pending))
        .order_by_desc(order::Column::CreatedAt)
        .order_by_desc(order::Column::Id);
    page_of(db, &reach, links, select, page, per_page).await
}
