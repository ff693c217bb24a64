//! Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/): a city
//! platform's or app's view of a community.
//!
//! `jurisdiction_id` is a community's id; its services are its active appeal
//! and door-service categories (`service_code` = the category's code). A
//! request filed with an Open311 key becomes an order with `channel:
//! open311` for the resident its phone names (found, or registered), and
//! runs the loop like any other. What anyone may read back (no key is needed
//! to read, as the standard has it) is what was filed through Open311, with
//! no name or phone of anyone: its status (`open` until completed, then
//! `closed`), the service, the words and place the reporter gave.

use crate::db::Db;
use crate::entities::{category, community, order, unit};
use crate::error::{ApiError, ApiResult};
use crate::services::orders::{place_incoming, Incoming};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::input::{Address, Description, PersonName, Phone, Title};
use shared::{Channel, CommunityId, ErrorCode, OrderId, OrderKind, OrderStatus, PartnerKind};
use std::collections::HashMap;

/// At most this many requests in one answer (newest first).
pub const MAX_REQUESTS: u64 = 1_000;

/// A service as GeoReport lists it.
pub struct Service {
    pub code: String,
    pub name: String,
    pub description: String,
    pub group: String,
}

/// A service request as GeoReport shows it.
pub struct Request {
    pub id: OrderId,
    pub token: String,
    pub status: &'static str,
    pub status_notes: String,
    pub service_name: String,
    pub service_code: String,
    pub description: String,
    pub agency_responsible: String,
    pub requested: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub expected: DateTime<Utc>,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
}

/// The community a `jurisdiction_id` names: missing → 400, unknown → 404.
pub async fn jurisdiction(
    db: &impl ConnectionTrait,
    id: Option<&str>,
) -> ApiResult<community::Model> {
    let id = id
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::invalid("jurisdiction_id is required: a community's id"))?;
    let found = match id.parse::<i32>() {
        Ok(n) => {
            community::Entity::find_by_id(CommunityId(n))
                .one(db)
                .await?
        }
        Err(_) => None,
    };
    found.ok_or_else(|| ApiError::not_found(&format!("jurisdiction {id:?}")))
}

async fn categories(db: &impl ConnectionTrait, c: CommunityId) -> ApiResult<Vec<category::Model>> {
    Ok(category::Entity::find()
        .filter(category::Column::CommunityId.eq(c))
        .filter(category::Column::Kind.is_in([OrderKind::Appeal, OrderKind::DoorService]))
        .filter(category::Column::Active.eq(true))
        .order_by_asc(category::Column::Id)
        .all(db)
        .await?)
}

fn group_of(kind: OrderKind) -> &'static str {
    match kind {
        OrderKind::Appeal => "诉求",
        OrderKind::DoorService => "上门服务",
        OrderKind::MicroWish => "微心愿",
    }
}

fn service_of(c: category::Model) -> Service {
    Service {
        description: format!("{}（{}）", c.name, group_of(c.kind)),
        group: group_of(c.kind).to_string(),
        code: c.code,
        name: c.name,
    }
}

/// `GET services`.
pub async fn services(db: &Db, jurisdiction: Option<&str>) -> ApiResult<Vec<Service>> {
    let c = self::jurisdiction(&db.read, jurisdiction).await?;
    Ok(categories(&db.read, c.id)
        .await?
        .into_iter()
        .map(service_of)
        .collect())
}

/// `GET services/{code}`: one service (its definition has no attributes).
pub async fn service(db: &Db, jurisdiction: Option<&str>, code: &str) -> ApiResult<Service> {
    let c = self::jurisdiction(&db.read, jurisdiction).await?;
    categories(&db.read, c.id)
        .await?
        .into_iter()
        .find(|s| s.code == code)
        .map(service_of)
        .ok_or_else(|| ApiError::not_found(&format!("service_code {code:?}")))
}

/// What `POST requests` carries.
#[derive(Default)]
pub struct NewRequest {
    pub api_key: Option<String>,
    pub jurisdiction_id: Option<String>,
    pub service_code: Option<String>,
    pub lat: Option<String>,
    pub long: Option<String>,
    pub address_string: Option<String>,
    pub description: Option<String>,
    pub media_url: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn degrees(field: &str, v: &str, limit: f64) -> ApiResult<f64> {
    v.parse::<f64>()
        .ok()
        .filter(|d| d.is_finite() && d.abs() <= limit)
        .ok_or_else(|| ApiError::invalid(format!("{field} must be degrees (WGS84), not {v:?}")))
}

/// `POST requests`: a bad key → 403, the standard's way; a missing or bad
/// field → 400; an unknown service → 400.
pub async fn file(db: &Db, req: NewRequest, now: DateTime<Utc>) -> ApiResult<(OrderId, String)> {
    let key = given(&req.api_key).ok_or_else(|| ApiError::forbidden("api_key is required"))?;
    let p = match super::authenticate(db, key, PartnerKind::Open311, now).await {
        Err(e) if e.code() == ErrorCode::Unauthorized => {
            return Err(ApiError::forbidden("api_key is not valid"))
        }
        other => other?,
    };
    let c = jurisdiction(&db.read, given(&req.jurisdiction_id)).await?;
    let theirs = super::communities_of(&db.read, &p).await?;
    if !theirs.iter().any(|x| x.id == c.id) {
        return Err(ApiError::forbidden(
            "this api_key does not serve this jurisdiction",
        ));
    }
    let code =
        given(&req.service_code).ok_or_else(|| ApiError::invalid("service_code is required"))?;
    let category = categories(&db.read, c.id)
        .await?
        .into_iter()
        .find(|s| s.code == code)
        .ok_or_else(|| {
            ApiError::invalid(format!(
                "service_code {code:?} is not a service of this jurisdiction"
            ))
        })?;
    let location = match (given(&req.lat), given(&req.long)) {
        (Some(lat), Some(long)) => {
            Some((degrees("lat", lat, 90.0)?, degrees("long", long, 180.0)?))
        }
        (None, None) => None,
        _ => return Err(ApiError::invalid("lat and long come together")),
    };
    let address = Address::parse_opt(given(&req.address_string))?;
    if location.is_none() && address.is_none() {
        return Err(ApiError::invalid("give lat and long, or address_string"));
    }
    let description = Description::parse(given(&req.description).unwrap_or_default())?;
    let phone = Phone::parse(given(&req.phone).ok_or_else(|| {
        ApiError::invalid("phone is required: requests are placed for the resident it names")
    })?)?;
    let name = match (given(&req.last_name), given(&req.first_name)) {
        (None, None) => None,
        (last, first) => Some(PersonName::parse(&format!(
            "{}{}",
            last.unwrap_or_default(),
            first.unwrap_or_default()
        ))?),
    };
    let title: String = description.as_str().chars().take(Title::MAX).collect();
    let title = Title::parse(title.lines().next().unwrap_or(&title))?;
    let mut note = format!("Open311 · {}", p.name);
    if let Some(m) = given(&req.media_url) {
        note.push_str(&format!(" · 图片 {m}"));
    }
    let placed = place_incoming(
        db,
        Incoming {
            community: c.id,
            category,
            title,
            description,
            address,
            phone,
            name,
            channel: Channel::Open311,
            partner: Some(p.clone()),
            by: p.created_by,
            actor: None,
            note,
            hotline_number: None,
            due_at: None,
            location,
        },
        now,
    )
    .await?;
    tracing::info!(order = %placed.id, partner = %p.id, "Open311 request filed");
    Ok((placed.id, placed.number()))
}

/// What `GET requests` asks for.
#[derive(Default)]
pub struct Filter {
    pub jurisdiction_id: Option<String>,
    pub service_request_id: Option<String>,
    pub service_code: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub status: Option<String>,
}

fn w3_time(field: &str, v: &str) -> ApiResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(v)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            ApiError::invalid(format!(
                "{field} must be a w3 datetime like 2026-12-01T00:00:00Z"
            ))
        })
}

fn statuses_of(word: &str) -> ApiResult<Vec<OrderStatus>> {
    match word {
        "open" => Ok(vec![
            OrderStatus::Pending,
            OrderStatus::Dispatched,
            OrderStatus::Accepted,
        ]),
        "closed" => Ok(vec![
            OrderStatus::Completed,
            OrderStatus::Evaluated,
            OrderStatus::Closed,
            OrderStatus::Cancelled,
        ]),
        other => Err(ApiError::invalid(format!(
            "status must be open or closed, not {other:?}"
        ))),
    }
}

/// `GET requests`: what was filed through Open311 in the jurisdiction; by
/// ids (which overrides the rest), or by service, status and time (the last
/// 90 days unless said), newest first, at most [`MAX_REQUESTS`].
pub async fn requests(db: &Db, f: Filter, now: DateTime<Utc>) -> ApiResult<Vec<Request>> {
    let c = jurisdiction(&db.read, given(&f.jurisdiction_id)).await?;
    // Through the index of the keys' orders: a community's millions of app
    // orders are never walked for a crowd reading Open311.
    let keys: Vec<shared::PartnerId> = crate::entities::partner::Entity::find()
        .filter(crate::entities::partner::Column::Kind.eq(PartnerKind::Open311))
        .select_only()
        .column(crate::entities::partner::Column::Id)
        .into_tuple()
        .all(&db.read)
        .await?;
    let mut q = order::Entity::find()
        .filter(order::Column::PartnerId.is_in(keys))
        .filter(order::Column::CommunityId.eq(c.id))
        .filter(order::Column::Channel.eq(Channel::Open311));
    if let Some(ids) = given(&f.service_request_id) {
        let ids: Vec<OrderId> = ids
            .split(',')
            .map(|i| i.trim().parse().map(OrderId))
            .collect::<Result<_, _>>()
            .map_err(|_| ApiError::invalid("service_request_id must be ids, comma delimited"))?;
        q = q.filter(order::Column::Id.is_in(ids));
    } else {
        let end = match given(&f.end_date) {
            Some(e) => w3_time("end_date", e)?,
            None => now,
        };
        let start = match given(&f.start_date) {
            Some(s) => w3_time("start_date", s)?,
            None => end - Duration::days(90),
        };
        q = q
            .filter(order::Column::CreatedAt.gte(start))
            .filter(order::Column::CreatedAt.lte(end));
        if let Some(codes) = given(&f.service_code) {
            let codes: Vec<&str> = codes.split(',').map(str::trim).collect();
            let ids: Vec<shared::CategoryId> = category::Entity::find()
                .filter(category::Column::CommunityId.eq(c.id))
                .filter(category::Column::Code.is_in(codes))
                .select_only()
                .column(category::Column::Id)
                .into_tuple()
                .all(&db.read)
                .await?;
            q = q.filter(order::Column::CategoryId.is_in(ids));
        }
        if let Some(words) = given(&f.status) {
            let mut wanted = Vec::new();
            for w in words.split(',') {
                wanted.extend(statuses_of(w.trim())?);
            }
            q = q.filter(order::Column::Status.is_in(wanted));
        }
    }
    // Newest first by when placed (the index's order): by id, PostgreSQL
    // would walk the primary key through every order to find a thousand.
    let rows = q
        .order_by_desc(order::Column::CreatedAt)
        .order_by_desc(order::Column::Id)
        .limit(MAX_REQUESTS)
        .all(&db.read)
        .await?;
    render(&db.read, rows).await
}

/// `GET requests/{id}`: one, or 404.
pub async fn request(db: &Db, jurisdiction: Option<&str>, id: &str) -> ApiResult<Request> {
    let c = self::jurisdiction(&db.read, jurisdiction).await?;
    let found = match id.parse::<i32>() {
        Ok(n) => {
            order::Entity::find_by_id(OrderId(n))
                .filter(order::Column::CommunityId.eq(c.id))
                .filter(order::Column::Channel.eq(Channel::Open311))
                .one(&db.read)
                .await?
        }
        Err(_) => None,
    };
    let o = found.ok_or_else(|| ApiError::not_found(&format!("service request {id:?}")))?;
    render(&db.read, vec![o])
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("service request"))
}

/// `GET tokens/{token}`: the request a token (the order's number) stands for.
pub async fn token(
    db: &Db,
    jurisdiction: Option<&str>,
    token: &str,
) -> ApiResult<(OrderId, String)> {
    let id = token.rsplit('-').next().unwrap_or_default();
    let r = request(db, jurisdiction, id.trim_start_matches('0'))
        .await
        .ok()
        .filter(|r| r.token == token)
        .ok_or_else(|| ApiError::not_found(&format!("token {token:?}")))?;
    Ok((r.id, r.token))
}

fn status_words(s: OrderStatus) -> (&'static str, &'static str) {
    match s {
        OrderStatus::Pending => ("open", "已受理，待派单"),
        OrderStatus::Dispatched => ("open", "已派单，待接单"),
        OrderStatus::Accepted => ("open", "处理中"),
        OrderStatus::Completed => ("closed", "已办结，待评价"),
        OrderStatus::Evaluated => ("closed", "已办结，已评价"),
        OrderStatus::Closed => ("closed", "已办结"),
        OrderStatus::Cancelled => ("closed", "已取消"),
    }
}

async fn render(db: &impl ConnectionTrait, rows: Vec<order::Model>) -> ApiResult<Vec<Request>> {
    let categories: HashMap<shared::CategoryId, category::Model> = category::Entity::find()
        .filter(category::Column::Id.is_in(rows.iter().map(|o| o.category_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let units: HashMap<shared::UnitId, String> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(rows.iter().filter_map(|o| o.assignee_unit_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|o| {
            let (status, notes) = status_words(o.status);
            let category = categories.get(&o.category_id);
            Request {
                token: o.number(),
                id: o.id,
                status,
                status_notes: notes.to_string(),
                service_name: category.map(|c| c.name.clone()).unwrap_or_default(),
                service_code: category.map(|c| c.code.clone()).unwrap_or_default(),
                description: o.description,
                // A unit is an organisation; a volunteer is a person, named to nobody here.
                agency_responsible: o
                    .assignee_unit_id
                    .and_then(|u| units.get(&u).cloned())
                    .unwrap_or_else(|| "社区党委".to_string()),
                requested: o.created_at,
                updated: o.updated_at,
                expected: o.due_at,
                address: o.address,
                lat: o.latitude,
                long: o.longitude,
            }
        })
        .collect())
}
