//! Partner keys: what lets an Open311 client or the 12345 hotline in.
//!
//! A committee makes keys for its community, an admin for a street of its
//! district or the whole district. The key is shown once and kept as its
//! SHA-256 (keys are 160 random bits: a fast hash is enough, and the lookup
//! is one indexed read); the hotline's secret signs both ways, so it is kept.
//! Each request with a key is counted in a one-minute window by one
//! conditional write that also records the key's last use: several servers
//! on one PostgreSQL share the count, and beyond the key's rate it is 429.

pub mod hotline;
pub mod imports;
pub mod open311;

use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{community, district, order, partner, street};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::sea_query::{CaseStatement, Expr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use sha2::{Digest, Sha256};
use shared::api::{Items, NamedRef, NewPartner, NewPartnerKey, Partner, PartnerScope};
use shared::input::{callback_url, PartnerName};
use shared::{CommunityId, DistrictId, ErrorCode, PartnerId, PartnerKind, Role, StreetId};
use std::collections::HashMap;

/// Requests a minute a key gets unless its maker says otherwise.
pub const DEFAULT_RATE: u32 = 60;
const MAX_RATE: u32 = 6_000;

/// The key's scope in the caller's terms.
enum Scope {
    Community(CommunityId),
    Street(StreetId),
    District(DistrictId),
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

pub fn hash_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// `POST /partners`.
pub async fn create(
    db: &Db,
    caller: &Caller,
    req: NewPartner,
    now: DateTime<Utc>,
) -> ApiResult<NewPartnerKey> {
    let name = PartnerName::parse(&req.name)?.into_inner();
    let callback = match (req.kind, req.callback_url.as_deref()) {
        (_, None) => None,
        (_, Some(u)) if u.trim().is_empty() => None,
        (PartnerKind::Hotline, Some(u)) => Some(callback_url(u)?),
        (PartnerKind::Open311, Some(_)) => {
            return Err(ApiError::invalid(
                "callback_url is for hotline keys: Open311 clients ask for their requests",
            ))
        }
    };
    let rate = req.rate_per_minute.unwrap_or(DEFAULT_RATE);
    if !(1..=MAX_RATE).contains(&rate) {
        return Err(ApiError::invalid(format!(
            "rate_per_minute must be 1 to {MAX_RATE}"
        )));
    }
    let scope = scope_for_new(db, caller, req.street_id).await?;
    let key = format!("lk_{}", random_hex(20));
    let secret = (req.kind == PartnerKind::Hotline).then(|| format!("ls_{}", random_hex(32)));
    let (community_id, street_id, district_id) = match scope {
        Scope::Community(c) => (Some(c), None, None),
        Scope::Street(s) => (None, Some(s), None),
        Scope::District(d) => (None, None, Some(d)),
    };
    let made = partner::ActiveModel {
        name: Set(name),
        kind: Set(req.kind),
        key_hash: Set(hash_key(&key)),
        key_prefix: Set(key.chars().take(11).collect()),
        secret: Set(secret.clone()),
        community_id: Set(community_id),
        street_id: Set(street_id),
        district_id: Set(district_id),
        callback_url: Set(callback),
        rate_per_minute: Set(rate as i32),
        window_minute: Set(0),
        window_used: Set(0),
        created_by: Set(caller.user_id),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&db.write)
    .await?;
    tracing::info!(partner = %made.id, kind = %made.kind, by = %caller.user_id, "partner key created");
    let partner = render(&db.read, vec![made]).await?.remove(0);
    Ok(NewPartnerKey {
        id: partner.id,
        key,
        secret,
        partner,
    })
}

/// Where a new key of this caller serves: the committee's community; an
/// admin's street (of its district) or its district.
async fn scope_for_new(db: &Db, caller: &Caller, street: Option<StreetId>) -> ApiResult<Scope> {
    if let (true, Some(d)) = (caller.has(Role::Admin), caller.district_id) {
        return match street {
            None => Ok(Scope::District(d)),
            Some(s) => match street::Entity::find_by_id(s).one(&db.read).await? {
                Some(found) if found.district_id == d => Ok(Scope::Street(s)),
                _ => Err(ApiError::invalid(format!(
                    "street {s} is not a street of your district"
                ))),
            },
        };
    }
    match (caller.has(Role::Committee), caller.community_id) {
        (true, Some(_)) if street.is_some() => Err(ApiError::invalid(
            "a committee's keys serve its community: leave street_id out",
        )),
        (true, Some(c)) => Ok(Scope::Community(c)),
        _ => Err(ApiError::forbidden(
            "only the committee (for its community) or an admin (for a street or the district) manages partner keys",
        )),
    }
}

/// The keys this caller manages: a filter on `partners`.
async fn managed_by(db: &impl ConnectionTrait, caller: &Caller) -> ApiResult<Condition> {
    if let (true, Some(d)) = (caller.has(Role::Admin), caller.district_id) {
        let streets: Vec<StreetId> = street::Entity::find()
            .filter(street::Column::DistrictId.eq(d))
            .select_only()
            .column(street::Column::Id)
            .into_tuple()
            .all(db)
            .await?;
        let communities: Vec<CommunityId> = community::Entity::find()
            .filter(community::Column::StreetId.is_in(streets.clone()))
            .select_only()
            .column(community::Column::Id)
            .into_tuple()
            .all(db)
            .await?;
        return Ok(Condition::any()
            .add(partner::Column::DistrictId.eq(d))
            .add(partner::Column::StreetId.is_in(streets))
            .add(partner::Column::CommunityId.is_in(communities)));
    }
    match (caller.has(Role::Committee), caller.community_id) {
        (true, Some(c)) => Ok(Condition::all().add(partner::Column::CommunityId.eq(c))),
        _ => Err(ApiError::forbidden(
            "only the committee or an admin manages partner keys",
        )),
    }
}

/// `GET /partners`: the caller's keys, newest first, revoked ones too.
pub async fn list(db: &Db, caller: &Caller) -> ApiResult<Items<Partner>> {
    let scope = managed_by(&db.read, caller).await?;
    let rows = partner::Entity::find()
        .filter(scope)
        .order_by_desc(partner::Column::Id)
        .all(&db.read)
        .await?;
    Ok(Items {
        items: render(&db.read, rows).await?,
    })
}

/// `DELETE /partners/{id}`: the key stops working at once; its orders stay.
pub async fn revoke(db: &Db, caller: &Caller, id: PartnerId, now: DateTime<Utc>) -> ApiResult<()> {
    let scope = managed_by(&db.read, caller).await?;
    let found = partner::Entity::find_by_id(id)
        .filter(scope)
        .one(&db.read)
        .await?
        .ok_or_else(|| ApiError::not_found("partner key"))?;
    partner::Entity::update_many()
        .col_expr(partner::Column::RevokedAt, Expr::value(Some(now)))
        .filter(partner::Column::Id.eq(found.id))
        .filter(partner::Column::RevokedAt.is_null())
        .exec(&db.write)
        .await?;
    tracing::info!(partner = %found.id, by = %caller.user_id, "partner key revoked");
    Ok(())
}

/// The partner behind a key, counted against its rate: unknown or revoked →
/// 401, a key of the other kind → 403, beyond its rate this minute → 429.
pub async fn authenticate(
    db: &Db,
    key: &str,
    kind: PartnerKind,
    now: DateTime<Utc>,
) -> ApiResult<partner::Model> {
    let found = partner::Entity::find()
        .filter(partner::Column::KeyHash.eq(hash_key(key.trim())))
        .one(&db.read)
        .await?
        .filter(|p| p.revoked_at.is_none())
        .ok_or_else(|| ApiError::unauthorized("unknown or revoked partner key"))?;
    if found.kind != kind {
        return Err(ApiError::forbidden(format!(
            "this is a {} key, not a {kind} one",
            found.kind
        )));
    }
    let minute = now.timestamp().div_euclid(60);
    let counted = partner::Entity::update_many()
        .col_expr(
            partner::Column::WindowUsed,
            CaseStatement::new()
                .case(
                    partner::Column::WindowMinute.eq(minute),
                    Expr::col(partner::Column::WindowUsed).add(1),
                )
                .finally(Expr::value(1))
                .into(),
        )
        .col_expr(partner::Column::WindowMinute, Expr::value(minute))
        .col_expr(partner::Column::LastUsedAt, Expr::value(Some(now)))
        .filter(partner::Column::Id.eq(found.id))
        .filter(partner::Column::RevokedAt.is_null())
        .filter(
            Condition::any()
                .add(partner::Column::WindowMinute.ne(minute))
                .add(
                    Expr::col(partner::Column::WindowUsed)
                        .lt(Expr::col(partner::Column::RatePerMinute)),
                ),
        )
        .exec(&db.write)
        .await?;
    if counted.rows_affected == 0 {
        return Err(ApiError::new(
            ErrorCode::TooManyRequests,
            format!(
                "this key may make {} requests a minute; wait for the next minute",
                found.rate_per_minute
            ),
        ));
    }
    Ok(found)
}

/// The communities a key serves, by id.
pub async fn communities_of(
    db: &impl ConnectionTrait,
    p: &partner::Model,
) -> ApiResult<Vec<community::Model>> {
    let mut q = community::Entity::find().order_by_asc(community::Column::Id);
    if let Some(c) = p.community_id {
        q = q.filter(community::Column::Id.eq(c));
    } else if let Some(s) = p.street_id {
        q = q.filter(community::Column::StreetId.eq(s));
    } else if let Some(d) = p.district_id {
        let streets: Vec<StreetId> = street::Entity::find()
            .filter(street::Column::DistrictId.eq(d))
            .select_only()
            .column(street::Column::Id)
            .into_tuple()
            .all(db)
            .await?;
        q = q.filter(community::Column::StreetId.is_in(streets));
    } else {
        return Ok(vec![]);
    }
    Ok(q.all(db).await?)
}

/// The community a key's request is for: the key's own, or the one named
/// among the key's communities (required when it serves several).
pub async fn community_for(
    db: &impl ConnectionTrait,
    p: &partner::Model,
    asked: Option<CommunityId>,
) -> ApiResult<CommunityId> {
    if let (Some(c), None) = (p.community_id, asked) {
        return Ok(c);
    }
    let theirs = communities_of(db, p).await?;
    match asked {
        Some(a) if theirs.iter().any(|c| c.id == a) => Ok(a),
        Some(a) => Err(ApiError::not_found(&format!("community {a} of this key"))),
        None => Err(ApiError::invalid(
            "this key serves several communities: name one with community_id",
        )),
    }
}

/// Keys as the desk shows them, with their scopes' names and order counts.
async fn render(db: &impl ConnectionTrait, rows: Vec<partner::Model>) -> ApiResult<Vec<Partner>> {
    let ids: Vec<PartnerId> = rows.iter().map(|p| p.id).collect();
    let counts: HashMap<PartnerId, i64> = order::Entity::find()
        .filter(order::Column::PartnerId.is_in(ids))
        .select_only()
        .column(order::Column::PartnerId)
        .column_as(order::Column::Id.count(), "n")
        .group_by(order::Column::PartnerId)
        .into_tuple::<(PartnerId, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let names = |m: Vec<(i32, String)>| m.into_iter().collect::<HashMap<i32, String>>();
    let communities = names(
        community::Entity::find()
            .filter(community::Column::Id.is_in(rows.iter().filter_map(|p| p.community_id)))
            .select_only()
            .columns([community::Column::Id, community::Column::Name])
            .into_tuple::<(CommunityId, String)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, n)| (id.0, n))
            .collect(),
    );
    let streets = names(
        street::Entity::find()
            .filter(street::Column::Id.is_in(rows.iter().filter_map(|p| p.street_id)))
            .select_only()
            .columns([street::Column::Id, street::Column::Name])
            .into_tuple::<(StreetId, String)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, n)| (id.0, n))
            .collect(),
    );
    let districts = names(
        district::Entity::find()
            .filter(district::Column::Id.is_in(rows.iter().filter_map(|p| p.district_id)))
            .select_only()
            .columns([district::Column::Id, district::Column::Name])
            .into_tuple::<(DistrictId, String)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, n)| (id.0, n))
            .collect(),
    );
    let named = |map: &HashMap<i32, String>, id: i32| map.get(&id).cloned().unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|p| {
            let scope = match (p.community_id, p.street_id, p.district_id) {
                (Some(c), _, _) => PartnerScope::Community(NamedRef {
                    id: c,
                    name: named(&communities, c.0),
                }),
                (_, Some(s), _) => PartnerScope::Street(NamedRef {
                    id: s,
                    name: named(&streets, s.0),
                }),
                (_, _, d) => {
                    let d = d.unwrap_or(DistrictId(0));
                    PartnerScope::District(NamedRef {
                        id: d,
                        name: named(&districts, d.0),
                    })
                }
            };
            Partner {
                orders: counts.get(&p.id).copied().unwrap_or(0).max(0) as u64,
                id: p.id,
                name: p.name,
                kind: p.kind,
                key_prefix: p.key_prefix,
                scope,
                callback_url: p.callback_url,
                rate_per_minute: p.rate_per_minute.max(0) as u32,
                created_at: p.created_at,
                last_used_at: p.last_used_at,
                revoked_at: p.revoked_at,
            }
        })
        .collect())
}
