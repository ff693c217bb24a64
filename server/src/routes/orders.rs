use super::{created, parse_opt, Paging};
use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::{ApiError, ApiResult};

use crate::services::orders::{self, ListQuery, Scope, Sort};
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use shared::api::{ActionRequest, CreateOrder, Order, Page};
use shared::{OrderKind, OrderStatus, Role};

#[post("/orders")]
pub async fn create_order(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<CreateOrder>,
) -> ApiResult<HttpResponse> {
    Ok(created(
        orders::create(&db, &caller, body.into_inner(), clock.now()).await?,
    ))
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    status: Option<String>,
    kind: Option<String>,
    /// A category `code`.
    category: Option<String>,
    scope: Option<String>,
    /// An order number, a phone, or words of a title or address.
    q: Option<String>,
    /// Placed in `[from, to)`: dates (China time) or RFC 3339 times.
    from: Option<String>,
    to: Option<String>,
    /// `newest` (default), `oldest` or `due`.
    sort: Option<String>,
    /// `true`: only open orders past their deadline.
    #[serde(default, deserialize_with = "super::empty_is_none")]
    overdue: Option<bool>,
    // Not `#[serde(flatten)] Paging`: flattening breaks numbers in query strings.
    #[serde(default, deserialize_with = "super::empty_is_none")]
    page: Option<u64>,
    #[serde(default, deserialize_with = "super::empty_is_none")]
    per_page: Option<u64>,
}

#[get("/orders")]
pub async fn list_orders(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    q: web::Query<ListParams>,
) -> ApiResult<web::Json<Page<Order>>> {
    let (page, per_page) = Paging {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    let scope = match q.scope.as_deref().filter(|s| !s.is_empty()) {
        Some("mine") => Scope::Mine,
        Some("assigned") => Scope::Assigned,
        Some("community") => Scope::Community,
        Some(other) => {
            return Err(ApiError::invalid(format!(
                "unknown scope {other:?}: use mine, assigned or community"
            )))
        }
        // The committee's natural view is the whole community; everyone else's, their own.
        None if caller.has(Role::Committee) || caller.has(Role::GridWorker) => Scope::Community,
        None => Scope::Mine,
    };
    let status = parse_opt(q.status.as_deref(), "status", OrderStatus::parse)?;
    let kind = parse_opt(q.kind.as_deref(), "kind", OrderKind::parse)?;
    let category = q.category.clone().filter(|c| !c.trim().is_empty());
    let search = q.q.clone().filter(|w| !w.trim().is_empty());
    if search.as_ref().is_some_and(|w| w.chars().count() > 100) {
        return Err(ApiError::invalid("q must be at most 100 characters"));
    }
    let sort = parse_opt(q.sort.as_deref(), "sort", Sort::parse)?.unwrap_or_default();
    let query = ListQuery {
        scope,
        status,
        kind,
        category,
        search,
        overdue: q.overdue.unwrap_or(false),
        placed_from: super::parse_time("from", q.from.as_deref())?,
        placed_to: super::parse_time("to", q.to.as_deref())?,
        sort,
        page,
        per_page,
    };
    Ok(web::Json(
        orders::list(&db.read, &caller, query, clock.now()).await?,
    ))
}

#[get("/orders/{id}")]
pub async fn get_order(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<Order>> {
    Ok(web::Json(
        orders::get(&db.read, &caller, id.into_inner(), clock.now()).await?,
    ))
}

#[post("/orders/{id}/actions")]
pub async fn act_on_order(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    id: web::Path<i32>,
    body: web::Json<ActionRequest>,
) -> ApiResult<web::Json<Order>> {
    Ok(web::Json(
        orders::act(
            &db,
            &caller,
            id.into_inner(),
            body.into_inner(),
            clock.now(),
        )
        .await?,
    ))
}

#[get("/wishes")]
pub async fn list_wishes(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    q: web::Query<Paging>,
) -> ApiResult<web::Json<Page<Order>>> {
    let (page, per_page) = q.resolve()?;
    Ok(web::Json(
        orders::wishes(&db.read, &caller, page, per_page, clock.now()).await?,
    ))
}
