//! Finding orders: one order, the lists (scopes and filters; the search is
//! `search`, sorting and paging `pages`) and the wish wall.

use super::access::Reach;
use super::pages::{page_of, Cursor, Pages};
use super::search;
use super::store::visible_order;
use super::view::render_one;
use crate::auth::Caller;
use crate::entities::{category, order};
use crate::error::{ApiError, ApiResult};
use crate::services::uploads::links::Links;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
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
    /// Only orders that came in this way.
    pub channel: Option<shared::Channel>,
    /// Only orders this partner key placed.
    pub partner: Option<shared::PartnerId>,
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
    if let Some(c) = q.channel {
        select = select.filter(order::Column::Channel.eq(c));
    }
    if let Some(p) = q.partner {
        select = select.filter(order::Column::PartnerId.eq(p));
    }
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
    let backend = db.get_database_backend();
    let hits = q.search.as_deref().and_then(|w| search::hits(backend, w));
    if let Some(words) = &q.search {
        select = select.filter(match hits {
            Some(_) => search::contains_words(backend, words),
            None => search::condition(backend, words),
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

fn open_statuses() -> Vec<OrderStatus> {
    OrderStatus::ALL
        .iter()
        .copied()
        .filter(|s| s.is_open())
        .collect()
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
