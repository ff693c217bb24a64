//! HTTP routes under `/api/v1`, plus `/healthz` and the web client.

mod auth;
mod catalog;
mod dispatch;
mod events;
mod exports;
mod health;
mod joining;
mod notifications;
mod open311;
mod openapi;
mod orders;
mod partners;
mod people;
mod places;
mod points;
mod stats;
mod units;
pub mod uploads;
mod web_client;

use crate::error::{ApiError, ApiResult};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::header;
use actix_web::{middleware, web, HttpRequest, HttpResponse};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Deserialize;
use std::path::PathBuf;

/// Largest JSON body accepted. Orders are a few hundred bytes.
pub const MAX_JSON_BYTES: usize = 64 * 1024;

pub fn configure(cfg: &mut web::ServiceConfig, static_dir: Option<PathBuf>) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(MAX_JSON_BYTES)
            .content_type_required(false)
            .error_handler(json_error),
    )
    .app_data(web::QueryConfig::default().error_handler(query_error))
    .app_data(web::PathConfig::default().error_handler(path_error))
    .app_data(web::PayloadConfig::default().limit(MAX_JSON_BYTES))
    .service(health::healthz)
    .service(openapi::docs())
    .route(
        "/api/docs",
        web::get().to(|| async {
            HttpResponse::PermanentRedirect()
                .insert_header((header::LOCATION, "/api/docs/"))
                .finish()
        }),
    )
    .service(
        web::scope("/api/v1")
            // Answers carry tokens and personal data: no cache may keep them.
            .wrap(middleware::DefaultHeaders::new().add((header::CACHE_CONTROL, "no-store")))
            .service(health::info)
            .service(auth::login)
            .service(auth::wechat)
            .service(auth::refresh)
            .service(auth::logout)
            .service(auth::me)
            .service(joining::register)
            .service(people::reset_password)
            .service(joining::apply)
            .service(people::change_password)
            .service(people::leave)
            .service(places::get_places)
            .service(places::create_street)
            .service(places::create_community)
            .service(places::create_grid)
            .service(places::add_committee_member)
            .service(places::create_building)
            .service(places::rename_street)
            .service(places::rename_community)
            .service(places::rename_grid)
            .service(places::rename_building)
            .service(joining::list_memberships)
            .service(joining::approve_membership)
            .service(joining::reject_membership)
            .service(people::import_people)
            .service(people::commit_import)
            .service(people::list_people)
            .service(people::get_person)
            .service(people::patch_person)
            .service(people::person_audit)
            .service(people::reset_code)
            .service(joining::apply_volunteer)
            .service(joining::volunteer_summary)
            .service(joining::list_volunteer_applications)
            .service(joining::approve_volunteer)
            .service(joining::reject_volunteer)
            .service(units::create_unit)
            .service(units::update_unit)
            .service(units::unit_members)
            .service(units::add_unit_member)
            .service(units::remove_unit_member)
            .service(dispatch::dispatch_plan)
            .service(dispatch::bulk_dispatch)
            .service(dispatch::candidates)
            .service(dispatch::triage_order)
            .service(dispatch::note_order)
            .service(dispatch::get_profile)
            .service(dispatch::put_profile)
            .service(dispatch::put_unit_skills)
            .service(orders::create_order)
            .service(orders::list_orders)
            .service(orders::get_order)
            .service(orders::act_on_order)
            .service(orders::list_wishes)
            .service(catalog::list_categories)
            .service(catalog::create_category)
            .service(catalog::update_category)
            .service(catalog::get_calendar)
            .service(catalog::put_calendar)
            .service(catalog::list_units)
            .service(catalog::list_volunteers)
            .service(points::get_points)
            .service(points::get_volunteer_year)
            .service(points::award_points)
            .service(points::withdraw_award)
            .service(points::list_rewards)
            .service(points::redeem_reward)
            .service(points::create_reward)
            .service(points::change_reward)
            .service(points::list_redemptions)
            .service(points::fulfil_redemption)
            .service(points::cancel_redemption)
            .service(stats::get_stats)
            .service(stats::get_trend)
            .service(stats::get_communities)
            .service(stats::get_assessment)
            .service(stats::put_assessment)
            .service(exports::orders)
            .service(exports::assessment)
            .service(exports::points)
            .service(stats::get_board)
            .service(stats::put_board)
            .service(stats::get_board_state)
            .service(notifications::list_notifications)
            .service(notifications::mark_read)
            .service(events::new_ticket)
            .service(events::open_stream)
            .service(partners::create_partner)
            .service(partners::list_partners)
            .service(partners::revoke_partner)
            .service(partners::push_hotline_order)
            .service(partners::import_hotline)
            .service(partners::commit_hotline_import)
            .service(uploads::upload)
            .service(uploads::show)
            .default_service(web::to(api_not_found)),
    )
    // Never let an API typo fall through to the web client's index.html.
    .service(web::scope("/api").default_service(web::to(api_not_found)));
    open311::configure(cfg);
    web_client::configure(cfg, static_dir);
}

async fn api_not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(
        shared::ErrorCode::NotFound,
        format!("no API endpoint {} {}", req.method(), req.path()),
    ))
}

fn json_error(err: JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    let api = match &err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::new(
                shared::ErrorCode::PayloadTooLarge,
                format!(
                    "the request body is larger than {} KB",
                    MAX_JSON_BYTES / 1024
                ),
            )
        }
        JsonPayloadError::Payload(p) if crate::body_timeout::is_timeout(p) => ApiError::new(
            shared::ErrorCode::RequestTimeout,
            "the request body did not arrive in time; send it again",
        ),
        JsonPayloadError::Deserialize(e) if e.is_data() => ApiError::malformed(format!(
            "the request body has a wrong or missing field: {e}"
        )),
        JsonPayloadError::Deserialize(e) => {
            ApiError::malformed(format!("the request body is not valid JSON: {e}"))
        }
        other => ApiError::malformed(format!("cannot read the request body: {other}")),
    };
    api.into()
}

fn query_error(err: QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::malformed(format!("invalid query parameters: {err}")).into()
}

/// A path id that is not a number names no object.
fn path_error(_: PathError, _: &HttpRequest) -> actix_web::Error {
    ApiError::not_found("object").into()
}

/// `?page=&per_page=`, checked.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    #[serde(default, deserialize_with = "empty_is_none")]
    pub page: Option<u64>,
    #[serde(default, deserialize_with = "empty_is_none")]
    pub per_page: Option<u64>,
}

/// Pages beyond this are refused: their offset would not fit the databases'
/// 64-bit OFFSET, and no list is that long.
pub const MAX_PAGE: u64 = 1_000_000_000;

impl Paging {
    pub fn resolve(&self) -> Result<(u64, u64), ApiError> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(20);
        if !(1..=MAX_PAGE).contains(&page) {
            return Err(ApiError::invalid(format!(
                "page must be from 1 to {MAX_PAGE}"
            )));
        }
        if !(1..=crate::services::orders::MAX_PER_PAGE).contains(&per_page) {
            return Err(ApiError::invalid(format!(
                "per_page must be from 1 to {}",
                crate::services::orders::MAX_PER_PAGE
            )));
        }
        Ok((page, per_page))
    }
}

pub use shared::api::empty_is_none;

/// A time in a query: `2026-11-01` (midnight China time, as the contract says) or a full RFC 3339 time.
pub fn parse_time(field: &str, v: Option<&str>) -> ApiResult<Option<DateTime<Utc>>> {
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(Some(t.with_timezone(&Utc)));
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        // China Standard Time: UTC+8 all year.
        .and_then(|t| {
            FixedOffset::east_opt(8 * 3600).and_then(|tz| t.and_local_timezone(tz).single())
        })
        .map(|t| Some(t.with_timezone(&Utc)))
        .ok_or_else(|| {
            ApiError::invalid(format!(
                "{field} must be a date like 2026-11-01 or an RFC 3339 time"
            ))
        })
}

pub fn created<T: serde::Serialize>(body: T) -> HttpResponse {
    HttpResponse::Created().json(body)
}

/// Largest spreadsheet accepted (a roster, the hotline's work orders).
const MAX_SPREADSHEET_BYTES: usize = 2 << 20;

/// The spreadsheet (CSV or XLSX) sent as multipart field `file`, at most
/// 2 MB; `what` names it in the errors (`roster`).
pub(crate) async fn spreadsheet_file(
    req: &HttpRequest,
    payload: web::Payload,
    what: &str,
) -> ApiResult<Vec<u8>> {
    use futures_util::StreamExt;
    let too_large = || {
        ApiError::new(
            shared::ErrorCode::PayloadTooLarge,
            format!("a {what} may be at most 2 MB"),
        )
    };
    let broken = |e: actix_multipart::MultipartError| {
        if let actix_multipart::MultipartError::Payload(actix_web::error::PayloadError::Overflow) =
            &e
        {
            return too_large();
        }
        ApiError::malformed(format!(
            "send the {what} as multipart/form-data field \"file\": {e}"
        ))
    };
    let mut read = 0usize;
    let limited = payload.map(move |chunk| {
        let chunk = chunk?;
        read += chunk.len();
        if read > MAX_SPREADSHEET_BYTES + 64 * 1024 {
            return Err(actix_web::error::PayloadError::Overflow);
        }
        Ok(chunk)
    });
    let mut form = actix_multipart::Multipart::new(req.headers(), limited);
    while let Some(field) = form.next().await {
        let mut field = field.map_err(broken)?;
        let is_file = field.name() == Some("file");
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(broken)?;
            if bytes.len() + chunk.len() > MAX_SPREADSHEET_BYTES {
                return Err(too_large());
            }
            if is_file {
                bytes.extend_from_slice(&chunk);
            }
        }
        if is_file && !bytes.is_empty() {
            return Ok(bytes);
        }
    }
    Err(ApiError::malformed(format!(
        "send the {what} (CSV or XLSX) as multipart/form-data field \"file\""
    )))
}
