//! Partner keys, and the 12345 hotline's pushes. The rules are in
//! `services::partners`.

use super::created;
use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::orders::view::render_one;
use crate::services::orders::Reach;
use crate::services::partners::{self, hotline};
use crate::services::uploads::links::Links;
use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use sea_orm::EntityTrait;
use shared::api::{HotlineImportPreview, HotlineImportResult, Items, NewPartner, Partner};
use shared::PartnerId;

#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    request_body = NewPartner,
    responses(
        (status = 201, description = "The key and the hotline's secret, shown this once", body = shared::api::NewPartnerKey),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
    ),
)]
#[post("/partners")]
pub async fn create_partner(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<NewPartner>,
) -> ApiResult<HttpResponse> {
    Ok(created(
        partners::create(&db, &caller, body.into_inner(), clock.now()).await?,
    ))
}

#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = Items<Partner>),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
    ),
)]
#[get("/partners")]
pub async fn list_partners(
    db: web::Data<Db>,
    caller: Caller,
) -> ApiResult<web::Json<Items<Partner>>> {
    Ok(web::Json(partners::list(&db, &caller).await?))
}

#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    params(("id" = PartnerId, Path, description = "The key's id")),
    responses(
        (status = 204, description = "Revoked: the key stops at once"),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
    ),
)]
#[delete("/partners/{id}")]
pub async fn revoke_partner(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    id: web::Path<PartnerId>,
) -> ApiResult<HttpResponse> {
    partners::revoke(&db, &caller, id.into_inner(), clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

fn header<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

/// `POST /hotline/orders`: 201 with the new order, 200 with the one placed
/// before under the same hotline number. The answer is the order as someone
/// not serving it sees it: the hotline has the caller's details already.
#[utoipa::path(
    tag = "hotline",
    params(
        ("X-Linli-Key" = String, Header, description = "The hotline key"),
        ("X-Linli-Signature" = String, Header, description = "sha256=<hex HMAC-SHA256 of the raw body with the key's secret>"),
    ),
    request_body = shared::api::HotlineOrder,
    responses(
        (status = 201, description = "The new order, as a stranger sees it", body = shared::api::Order),
        (status = 200, description = "The order placed before under this hotline number", body = shared::api::Order),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/hotline/orders")]
pub async fn push_hotline_order(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    links: Links,
    req: HttpRequest,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let now = clock.now();
    let (order, made) = hotline::push(
        &db,
        header(&req, "X-Linli-Key"),
        header(&req, "X-Linli-Signature"),
        &body,
        now,
    )
    .await?;
    let nobody = Caller::nobody();
    let reach = Reach::of(&db.read, &nobody, now).await?;
    let category = crate::entities::category::Entity::find_by_id(order.category_id)
        .one(&db.read)
        .await?
        .ok_or_else(|| anyhow::anyhow!("order {} has no category", order.id))?;
    let order = render_one(&db.read, &reach, &links, (order, category)).await?;
    Ok(match made {
        true => created(order),
        false => HttpResponse::Ok().json(order),
    })
}

#[utoipa::path(
    tag = "partners",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = HotlineImportPreview),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/hotline/imports")]
pub async fn import_hotline(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    req: HttpRequest,
    payload: web::Payload,
) -> ApiResult<web::Json<HotlineImportPreview>> {
    let bytes = super::spreadsheet_file(&req, payload, "hotline spreadsheet").await?;
    Ok(web::Json(
        partners::imports::preview(&db, &caller, &bytes, clock.now()).await?,
    ))
}

#[utoipa::path(
    tag = "partners",
    params(("id" = i32, Path)),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = HotlineImportResult),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/hotline/imports/{id}/commit")]
pub async fn commit_hotline_import(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    id: web::Path<i32>,
) -> ApiResult<web::Json<HotlineImportResult>> {
    Ok(web::Json(
        partners::imports::commit(&db, &caller, id.into_inner(), clock.now()).await?,
    ))
}
