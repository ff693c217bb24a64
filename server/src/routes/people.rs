//! People join, and are managed: places, registration and its approval, the
//! people desk, reset codes and passwords. The rules are in
//! `services::people`; here only HTTP.

use super::{empty_is_none, Paging};
use crate::auth::jwt::JwtKeys;
use crate::auth::throttle::LoginThrottle;
use crate::auth::Caller;
use crate::clock::Clock;
use crate::configuration::Settings;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::people::places::{self, Place};
use crate::services::people::{accounts, join, reporting, units};
use crate::services::sessions::Sessions;
use actix_web::{delete, get, patch, post, web, FromRequest, HttpRequest, HttpResponse};
use serde::Deserialize;
use shared::api::{
    AuditEntry, ChangePassword, Items, Membership, MembershipState, MembershipStatus, NamedRef,
    NewCommunity, NewUnitMember, NewVolunteerApplication, Page, PersonPatch, PersonRow, PlaceName,
    Places, Reason, RegisterRequest, Registered, ReportedByWorkUnit, ResetCode, ResetRequest,
    UnitInput, UnitMember, UnitSummary, VolunteerApplication,
};
use shared::{BuildingId, CommunityId, GridId, MembershipId, StreetId, UnitId, UserId};

/// `GET /places`: signed in, the caller's part of the tree; before signing
/// in (registration), every community's.
#[get("/places")]
pub async fn get_places(db: web::Data<Db>, req: HttpRequest) -> ApiResult<web::Json<Places>> {
    let caller = if req
        .headers()
        .contains_key(actix_web::http::header::AUTHORIZATION)
    {
        Some(Caller::extract(&req).await?)
    } else {
        None
    };
    Ok(web::Json(places::tree(&db.read, caller.as_ref()).await?))
}

#[post("/streets")]
pub async fn create_street(
    db: web::Data<Db>,
    caller: Caller,
    body: web::Json<PlaceName>,
) -> ApiResult<HttpResponse> {
    let s = places::create_street(&db, &caller, &body).await?;
    Ok(HttpResponse::Created().json(s))
}

#[post("/communities")]
pub async fn create_community(
    db: web::Data<Db>,
    caller: Caller,
    body: web::Json<NewCommunity>,
) -> ApiResult<HttpResponse> {
    let c = places::create_community(&db, &caller, &body).await?;
    Ok(HttpResponse::Created().json(c))
}

#[post("/communities/{id}/grids")]
pub async fn create_grid(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<CommunityId>,
    body: web::Json<PlaceName>,
) -> ApiResult<HttpResponse> {
    let g = places::create_grid(&db, &caller, path.into_inner(), &body).await?;
    Ok(HttpResponse::Created().json(g))
}

#[post("/grids/{id}/buildings")]
pub async fn create_building(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<GridId>,
    body: web::Json<PlaceName>,
) -> ApiResult<HttpResponse> {
    let b: NamedRef<BuildingId> =
        places::create_building(&db, &caller, path.into_inner(), &body).await?;
    Ok(HttpResponse::Created().json(b))
}

#[patch("/streets/{id}")]
pub async fn rename_street(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<StreetId>,
    body: web::Json<PlaceName>,
) -> ApiResult<web::Json<PlaceName>> {
    let place = Place::Street(path.into_inner());
    Ok(web::Json(places::rename(&db, &caller, place, &body).await?))
}

#[patch("/communities/{id}")]
pub async fn rename_community(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<CommunityId>,
    body: web::Json<PlaceName>,
) -> ApiResult<web::Json<PlaceName>> {
    let place = Place::Community(path.into_inner());
    Ok(web::Json(places::rename(&db, &caller, place, &body).await?))
}

#[patch("/grids/{id}")]
pub async fn rename_grid(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<GridId>,
    body: web::Json<PlaceName>,
) -> ApiResult<web::Json<PlaceName>> {
    let place = Place::Grid(path.into_inner());
    Ok(web::Json(places::rename(&db, &caller, place, &body).await?))
}

#[patch("/buildings/{id}")]
pub async fn rename_building(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<BuildingId>,
    body: web::Json<PlaceName>,
) -> ApiResult<web::Json<PlaceName>> {
    let place = Place::Building(path.into_inner());
    Ok(web::Json(places::rename(&db, &caller, place, &body).await?))
}

#[post("/auth/register")]
pub async fn register(
    db: web::Data<Db>,
    jwt: web::Data<JwtKeys>,
    settings: web::Data<Settings>,
    clock: web::Data<Clock>,
    body: web::Json<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    let s = Sessions {
        db: &db,
        jwt: &jwt,
        refresh_ttl_days: settings.refresh_ttl_days,
    };
    let r: Registered = join::register(s, body.into_inner(), clock.now()).await?;
    Ok(HttpResponse::Created().json(r))
}

#[post("/me/memberships")]
pub async fn apply(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<shared::api::ApplyRequest>,
) -> ApiResult<HttpResponse> {
    let m: MembershipState = join::apply_again(&db, &caller, &body, clock.now()).await?;
    Ok(HttpResponse::Created().json(m))
}

#[derive(Debug, Deserialize)]
pub struct MembershipQuery {
    #[serde(default, deserialize_with = "empty_is_none")]
    status: Option<MembershipStatus>,
    #[serde(default, deserialize_with = "empty_is_none")]
    page: Option<u64>,
    #[serde(default, deserialize_with = "empty_is_none")]
    per_page: Option<u64>,
}

#[get("/memberships")]
pub async fn list_memberships(
    db: web::Data<Db>,
    caller: Caller,
    q: web::Query<MembershipQuery>,
) -> ApiResult<web::Json<Page<Membership>>> {
    let (page, per_page) = Paging {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    Ok(web::Json(
        join::list(&db.read, &caller, q.status, page, per_page).await?,
    ))
}

#[post("/memberships/{id}/approve")]
pub async fn approve_membership(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<MembershipId>,
) -> ApiResult<web::Json<MembershipState>> {
    let m = join::decide(&db, &caller, path.into_inner(), None, clock.now()).await?;
    Ok(web::Json(m))
}

#[post("/memberships/{id}/reject")]
pub async fn reject_membership(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<MembershipId>,
    body: web::Json<Reason>,
) -> ApiResult<web::Json<MembershipState>> {
    let m = join::decide(&db, &caller, path.into_inner(), Some(&body), clock.now()).await?;
    Ok(web::Json(m))
}

#[get("/people")]
pub async fn list_people(
    db: web::Data<Db>,
    caller: Caller,
    q: web::Query<accounts::PeopleQuery>,
) -> ApiResult<web::Json<Page<PersonRow>>> {
    let (page, per_page) = Paging {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    Ok(web::Json(
        accounts::list(&db.read, &caller, &q, page, per_page).await?,
    ))
}

#[get("/people/{id}")]
pub async fn get_person(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<UserId>,
) -> ApiResult<web::Json<PersonRow>> {
    Ok(web::Json(
        accounts::get(&db.read, &caller, path.into_inner()).await?,
    ))
}

#[patch("/people/{id}")]
pub async fn patch_person(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<UserId>,
    body: web::Json<PersonPatch>,
) -> ApiResult<web::Json<PersonRow>> {
    Ok(web::Json(
        accounts::patch(&db, &caller, path.into_inner(), &body, clock.now()).await?,
    ))
}

#[get("/people/{id}/audit")]
pub async fn person_audit(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<UserId>,
) -> ApiResult<web::Json<Items<AuditEntry>>> {
    let items = accounts::audit_of(&db.read, &caller, path.into_inner()).await?;
    Ok(web::Json(Items { items }))
}

#[post("/people/{id}/reset-code")]
pub async fn reset_code(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<UserId>,
) -> ApiResult<HttpResponse> {
    let code: ResetCode =
        accounts::reset_code(&db, &caller, path.into_inner(), clock.now()).await?;
    Ok(HttpResponse::Created().json(code))
}

#[post("/auth/reset")]
pub async fn reset_password(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    throttle: web::Data<LoginThrottle>,
    req: HttpRequest,
    body: web::Json<ResetRequest>,
) -> ApiResult<HttpResponse> {
    let client = req.peer_addr().map(|a| a.ip());
    accounts::reset(&db, &throttle, &body, client, clock.now()).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({})))
}

#[post("/me/password")]
pub async fn change_password(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<ChangePassword>,
) -> ApiResult<HttpResponse> {
    accounts::change_password(&db, &caller, &body, clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[post("/volunteer-applications")]
pub async fn apply_volunteer(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<NewVolunteerApplication>,
) -> ApiResult<HttpResponse> {
    let a = reporting::apply(&db, &caller, &body, clock.now()).await?;
    Ok(HttpResponse::Created().json(a))
}

#[get("/volunteer-applications")]
pub async fn list_volunteer_applications(
    db: web::Data<Db>,
    caller: Caller,
    q: web::Query<MembershipQuery>,
) -> ApiResult<web::Json<Page<VolunteerApplication>>> {
    let (page, per_page) = Paging {
        page: q.page,
        per_page: q.per_page,
    }
    .resolve()?;
    Ok(web::Json(
        reporting::list(&db.read, &caller, q.status, page, per_page).await?,
    ))
}

#[get("/volunteer-applications/summary")]
pub async fn volunteer_summary(
    db: web::Data<Db>,
    caller: Caller,
) -> ApiResult<web::Json<Items<ReportedByWorkUnit>>> {
    let items = reporting::summary(&db.read, &caller).await?;
    Ok(web::Json(Items { items }))
}

#[post("/volunteer-applications/{id}/approve")]
pub async fn approve_volunteer(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<i32>,
) -> ApiResult<HttpResponse> {
    let a = reporting::decide(&db, &caller, path.into_inner(), None, clock.now()).await?;
    Ok(HttpResponse::Ok().json(a))
}

#[post("/volunteer-applications/{id}/reject")]
pub async fn reject_volunteer(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<i32>,
    body: web::Json<Reason>,
) -> ApiResult<HttpResponse> {
    let a = reporting::decide(&db, &caller, path.into_inner(), Some(&body), clock.now()).await?;
    Ok(HttpResponse::Ok().json(a))
}

#[post("/units")]
pub async fn create_unit(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: web::Json<UnitInput>,
) -> ApiResult<HttpResponse> {
    let u = units::create(&db, &caller, &body, clock.now()).await?;
    Ok(HttpResponse::Created().json(u))
}

#[patch("/units/{id}")]
pub async fn update_unit(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<UnitId>,
    body: web::Json<UnitInput>,
) -> ApiResult<web::Json<UnitSummary>> {
    Ok(web::Json(
        units::update(&db, &caller, path.into_inner(), &body).await?,
    ))
}

#[get("/units/{id}/members")]
pub async fn unit_members(
    db: web::Data<Db>,
    caller: Caller,
    path: web::Path<UnitId>,
) -> ApiResult<web::Json<Items<UnitMember>>> {
    let items = units::members(&db.read, &caller, path.into_inner()).await?;
    Ok(web::Json(Items { items }))
}

#[post("/units/{id}/members")]
pub async fn add_unit_member(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<UnitId>,
    body: web::Json<NewUnitMember>,
) -> ApiResult<HttpResponse> {
    let m = units::add_member(&db, &caller, path.into_inner(), &body, clock.now()).await?;
    Ok(HttpResponse::Created().json(m))
}

#[delete("/units/{id}/members/{user_id}")]
pub async fn remove_unit_member(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<(UnitId, UserId)>,
) -> ApiResult<HttpResponse> {
    let (unit, user) = path.into_inner();
    units::remove_member(&db, &caller, unit, user, clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[delete("/me")]
pub async fn leave(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    body: Option<web::Json<shared::api::LeaveRequest>>,
) -> ApiResult<HttpResponse> {
    let req = body.map(|b| b.into_inner()).unwrap_or_default();
    crate::services::people::leaving::leave(&db, &caller, &req, clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Largest roster file accepted.
const MAX_ROSTER_BYTES: usize = 2 << 20;

#[post("/people/imports")]
pub async fn import_people(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    req: HttpRequest,
    payload: web::Payload,
) -> ApiResult<web::Json<shared::api::ImportPreview>> {
    use futures_util::StreamExt;
    let mut read = 0usize;
    let limited = payload.map(move |chunk| {
        let chunk = chunk?;
        read += chunk.len();
        if read > MAX_ROSTER_BYTES + 64 * 1024 {
            return Err(actix_web::error::PayloadError::Overflow);
        }
        Ok(chunk)
    });
    let mut form = actix_multipart::Multipart::new(req.headers(), limited);
    let mut file = None;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(roster_error)?;
        let is_file = field.name() == Some("file");
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(roster_error)?;
            if bytes.len() + chunk.len() > MAX_ROSTER_BYTES {
                return Err(roster_too_large());
            }
            if is_file {
                bytes.extend_from_slice(&chunk);
            }
        }
        if is_file {
            file = Some(bytes);
            break;
        }
    }
    let bytes = file.filter(|b| !b.is_empty()).ok_or_else(|| {
        crate::error::ApiError::malformed(
            "send the roster (CSV or XLSX) as multipart/form-data field \"file\"",
        )
    })?;
    Ok(web::Json(
        crate::services::people::imports::preview(&db, &caller, &bytes, clock.now()).await?,
    ))
}

fn roster_too_large() -> crate::error::ApiError {
    crate::error::ApiError::new(
        shared::ErrorCode::PayloadTooLarge,
        "a roster may be at most 2 MB",
    )
}

fn roster_error(e: actix_multipart::MultipartError) -> crate::error::ApiError {
    if let actix_multipart::MultipartError::Payload(actix_web::error::PayloadError::Overflow) = &e {
        return roster_too_large();
    }
    crate::error::ApiError::malformed(format!(
        "send the roster as multipart/form-data field \"file\": {e}"
    ))
}

#[post("/people/imports/{id}/commit")]
pub async fn commit_import(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<i32>,
) -> ApiResult<web::Json<shared::api::ImportResult>> {
    Ok(web::Json(
        crate::services::people::imports::commit(&db, &caller, path.into_inner(), clock.now())
            .await?,
    ))
}

#[post("/communities/{id}/committee")]
pub async fn add_committee_member(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
    path: web::Path<CommunityId>,
    body: web::Json<shared::api::NewCommitteeMember>,
) -> ApiResult<HttpResponse> {
    let added =
        accounts::add_committee_member(&db, &caller, path.into_inner(), &body, clock.now()).await?;
    Ok(HttpResponse::Created().json(added))
}
