//! 台账 downloads: `GET /exports/orders|assessment|points?format=csv|xlsx
//! &from=&to=&community_id=&period=`. The rules are in `services::exports`.

use super::{empty_is_none, parse_time};
use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::exports::{self, Format, Request, Table};
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{get, web, HttpResponse};
use serde::Deserialize;
use shared::CommunityId;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    #[serde(default, deserialize_with = "empty_is_none")]
    format: Option<String>,
    #[serde(default, deserialize_with = "empty_is_none")]
    from: Option<String>,
    #[serde(default, deserialize_with = "empty_is_none")]
    to: Option<String>,
    #[serde(default, deserialize_with = "empty_is_none")]
    community_id: Option<CommunityId>,
    #[serde(default, deserialize_with = "empty_is_none")]
    period: Option<String>,
}

async fn download(
    db: &Db,
    clock: &Clock,
    caller: &Caller,
    table: Table,
    q: &ExportParams,
) -> ApiResult<HttpResponse> {
    let req = Request {
        table,
        format: Format::parse(q.format.as_deref())?,
        from: parse_time("from", q.from.as_deref())?,
        to: parse_time("to", q.to.as_deref())?,
        community_id: q.community_id,
        period: q.period.as_deref(),
    };
    let export = exports::export(&db.read, caller, req, clock.now()).await?;
    let mut res = HttpResponse::Ok();
    res.content_type(export.format.content_type())
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(export.file_name)],
        })
        .insert_header(("X-Linli-Rows", export.rows.to_string()))
        .insert_header((header::ACCESS_CONTROL_EXPOSE_HEADERS, "X-Linli-Rows"));
    if let Some(length) = export.length {
        // Zipped already: sent as it is, with its length for the progress bar.
        res.insert_header((header::CONTENT_ENCODING, "identity"));
        res.no_chunking(length);
    }
    Ok(res.streaming(export.body))
}

#[utoipa::path(
    tag = "exports",
    params(ExportParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The orders: CSV (UTF-8 with a BOM) or XLSX, streamed"),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/exports/orders")]
pub async fn orders(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    q: web::Query<ExportParams>,
) -> ApiResult<HttpResponse> {
    download(&db, &clock, &caller, Table::Orders, &q).await
}

#[utoipa::path(
    tag = "exports",
    params(ExportParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The assessment: CSV or XLSX"),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/exports/assessment")]
pub async fn assessment(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    q: web::Query<ExportParams>,
) -> ApiResult<HttpResponse> {
    download(&db, &clock, &caller, Table::Assessment, &q).await
}

#[utoipa::path(
    tag = "exports",
    params(ExportParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The points ledger: CSV or XLSX"),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[get("/exports/points")]
pub async fn points(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    q: web::Query<ExportParams>,
) -> ApiResult<HttpResponse> {
    download(&db, &clock, &caller, Table::Points, &q).await
}
