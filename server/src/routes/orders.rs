use super::{created, Paging};
use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::uploads::links::Links;
use shared::OrderId;

use crate::services::orders::{self, ListQuery};
use actix_web::{get, post, web, HttpResponse};
use shared::api::{ActionRequest, CreateOrder, ListScope, ListSort, Order, OrderQuery, Page};
use shared::input::SearchWords;
use shared::Role;

#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    request_body = CreateOrder,
    responses(
        (status = 201, description = "Created", body = shared::api::Order),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/orders")]
pub async fn create_order(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    links: Links,
    caller: Caller,
    body: web::Json<CreateOrder>,
) -> ApiResult<HttpResponse> {
    Ok(created(
        orders::create(&db, &caller, body.into_inner(), clock.now(), &links).await?,
    ))
}

#[utoipa::path(
    tag = "orders",
    params(OrderQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Page<Order>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/orders")]
pub async fn list_orders(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    links: Links,
    caller: Caller,
    q: web::Query<OrderQuery>,
) -> ApiResult<web::Json<Page<Order>>> {
    let q = q.into_inner();
    let (page, per_page) = Paging {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    // The committee's natural view is the whole community; everyone else's, their own.
    let scope = q.scope.unwrap_or(
        if caller.has(Role::Committee) || caller.has(Role::GridWorker) {
            ListScope::Community
        } else {
            ListScope::Mine
        },
    );
    let query = ListQuery {
        scope,
        status: q.status,
        kind: q.kind,
        category: q.category,
        search: SearchWords::parse_opt(q.q.as_deref())?.map(SearchWords::into_inner),
        overdue: q.overdue.unwrap_or(false),
        revisit: q.revisit.unwrap_or(false),
        track: q.track,
        channel: q.channel,
        partner: q.partner_id,
        without_wishes: q.wishes == Some(false),
        placed_from: super::parse_time("from", q.from.as_deref())?,
        placed_to: super::parse_time("to", q.to.as_deref())?,
        sort: q.sort.unwrap_or(ListSort::Newest),
        page,
        per_page,
        after: q.after,
    };
    Ok(web::Json(
        orders::list(&db.read, &caller, query, clock.now(), &links).await?,
    ))
}

#[utoipa::path(
    tag = "orders",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Order),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/orders/{id}")]
pub async fn get_order(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    links: Links,
    caller: Caller,
    id: web::Path<OrderId>,
) -> ApiResult<web::Json<Order>> {
    Ok(web::Json(
        orders::get(&db.read, &caller, id.into_inner(), clock.now(), &links).await?,
    ))
}

#[utoipa::path(
    tag = "orders",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    request_body = ActionRequest,
    responses(
        (status = 200, description = "OK", body = Order),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/orders/{id}/actions")]
pub async fn act_on_order(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    links: Links,
    caller: Caller,
    id: web::Path<OrderId>,
    body: web::Json<ActionRequest>,
) -> ApiResult<web::Json<Order>> {
    Ok(web::Json(
        orders::act(
            &db,
            &caller,
            id.into_inner(),
            body.into_inner(),
            clock.now(),
            &links,
        )
        .await?,
    ))
}

#[utoipa::path(
    tag = "orders",
    params(Paging),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Page<Order>),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/wishes")]
pub async fn list_wishes(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    links: Links,
    caller: Caller,
    q: web::Query<Paging>,
) -> ApiResult<web::Json<Page<Order>>> {
    let (page, per_page) = q.resolve()?;
    Ok(web::Json(
        orders::wishes(&db.read, &caller, page, per_page, clock.now(), &links).await?,
    ))
}
