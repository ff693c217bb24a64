//! The 12345 citizen hotline: its work orders in (a signed push, or its
//! spreadsheet through the desk's import) and their results back (an outbox
//! sent by `jobs/hotline.rs`).
//!
//! Both ways are signed the same: `X-Linli-Signature: sha256=<hex HMAC-SHA256
//! of the raw body with the key's secret>`. A push is idempotent on the
//! hotline's number (a unique index on `orders.hotline_number`: two pushes of
//! one number at the same moment still make one order).

use crate::db::Db;
use crate::entities::{category, hotline_outbox, order, partner};
use crate::error::{ApiError, ApiResult};
use crate::services::orders::{place_incoming, Incoming};
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use sha2::Sha256;
use shared::api::HotlineOrder;
use shared::input::{self, Address, Description, HotlineNumber, PersonName, Phone, Title};
use shared::{Channel, CommunityId, ErrorCode, HotlineEvent, OrderKind, OrderStatus, PartnerKind};

/// The hotline's own category in every community (the demo's and the one a
/// committee is advised to keep), when its 诉求类型 names none of ours.
pub const HOTLINE_CATEGORY: &str = "hotline_12345";

/// `sha256=<hex>` of `body` with `secret`.
pub fn sign(secret: &str, body: &[u8]) -> String {
    format!(
        "sha256={}",
        hex::encode(mac(secret, body).finalize().into_bytes())
    )
}

fn mac(secret: &str, body: &[u8]) -> Hmac<Sha256> {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    m.update(body);
    m
}

/// Checks a signature header in constant time: missing or wrong → 401.
pub fn verify(secret: &str, body: &[u8], header: Option<&str>) -> ApiResult<()> {
    let given = header
        .and_then(|h| h.trim().strip_prefix("sha256="))
        .and_then(|h| hex::decode(h).ok())
        .ok_or_else(|| {
            ApiError::unauthorized("X-Linli-Signature must be sha256=<hex HMAC-SHA256 of the body>")
        })?;
    mac(secret, body)
        .verify_slice(&given)
        .map_err(|_| ApiError::unauthorized("the signature does not match the body"))
}

/// A work order's fields as the hotline gives them, pushed or in a row.
pub struct Fields<'a> {
    pub hotline_number: &'a str,
    pub received_at: &'a str,
    pub category: Option<&'a str>,
    pub title: &'a str,
    pub content: &'a str,
    pub address: Option<&'a str>,
    pub phone: &'a str,
    pub name: Option<&'a str>,
    pub deadline: Option<&'a str>,
}

/// A work order whose fields are all well-formed.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Checked {
    pub hotline_number: String,
    pub received_at: DateTime<Utc>,
    pub category: Option<String>,
    pub title: String,
    pub content: String,
    pub address: Option<String>,
    pub phone: String,
    pub name: Option<String>,
    pub deadline: Option<DateTime<Utc>>,
}

/// Each field by its rule; the first problem, worded for the person who
/// fixes the row.
pub fn check(f: Fields<'_>) -> Result<Checked, String> {
    let e = |e: input::InputError| e.to_string();
    let hotline_number = HotlineNumber::parse(f.hotline_number)
        .map_err(e)?
        .into_inner();
    let received_at = input::moment("received_at", f.received_at, false).map_err(e)?;
    let deadline = match f.deadline.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(input::moment("deadline", d, true).map_err(e)?),
        None => None,
    };
    if deadline.is_some_and(|d| d <= received_at) {
        return Err("deadline must be after received_at".into());
    }
    Ok(Checked {
        hotline_number,
        received_at,
        category: f
            .category
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string),
        title: Title::parse(f.title).map_err(e)?.into_inner(),
        content: Description::parse(f.content).map_err(e)?.into_inner(),
        address: Address::parse_opt(f.address)
            .map_err(e)?
            .map(Address::into_inner),
        phone: Phone::parse(f.phone).map_err(e)?.as_str().to_string(),
        name: PersonName::parse_opt(f.name)
            .map_err(e)?
            .map(PersonName::into_inner),
        deadline,
    })
}

/// The community's appeal category the hotline's 诉求类型 names (by code or
/// name), else its hotline category, else its first appeal category.
pub async fn category_for(
    db: &impl ConnectionTrait,
    community: CommunityId,
    asked: Option<&str>,
) -> ApiResult<category::Model> {
    let appeals = category::Entity::find()
        .filter(category::Column::CommunityId.eq(community))
        .filter(category::Column::Kind.eq(OrderKind::Appeal))
        .filter(category::Column::Active.eq(true))
        .order_by_asc(category::Column::Id)
        .all(db)
        .await?;
    let named = asked.and_then(|a| appeals.iter().find(|c| c.code == a || c.name == a));
    named
        .or_else(|| appeals.iter().find(|c| c.code == HOTLINE_CATEGORY))
        .or_else(|| appeals.first())
        .cloned()
        .ok_or_else(|| {
            ApiError::invalid(format!(
                "community {community} has no appeal category to place hotline orders in"
            ))
        })
}

/// The order of this hotline number, if it is here already — refused when
/// it belongs to a community this key does not serve.
pub async fn existing(
    db: &impl ConnectionTrait,
    communities: &[CommunityId],
    number: &str,
) -> ApiResult<Option<order::Model>> {
    let found = order::Entity::find()
        .filter(order::Column::HotlineNumber.eq(number))
        .one(db)
        .await?;
    match found {
        Some(o) if !communities.contains(&o.community_id) => Err(ApiError::conflict(
            ErrorCode::Conflict,
            format!("hotline number {number} is an order of a community this key does not serve"),
        )),
        other => Ok(other),
    }
}

/// Places a checked work order in a community; `false` with the order that
/// was here when the number was seen before (also when another push of it
/// won the race).
pub async fn place(
    db: &Db,
    p: &partner::Model,
    communities: &[CommunityId],
    community: CommunityId,
    row: Checked,
    now: DateTime<Utc>,
) -> ApiResult<(order::Model, bool)> {
    if let Some(o) = existing(&db.read, communities, &row.hotline_number).await? {
        return Ok((o, false));
    }
    let category = category_for(&db.read, community, row.category.as_deref()).await?;
    let number = row.hotline_number.clone();
    let incoming = Incoming {
        community,
        category,
        title: Title::parse(&row.title)?,
        description: Description::parse(&row.content)?,
        address: Address::parse_opt(row.address.as_deref())?,
        phone: Phone::parse(&row.phone)?,
        name: PersonName::parse_opt(row.name.as_deref())?,
        channel: Channel::Hotline,
        partner: Some(p.clone()),
        by: p.created_by,
        actor: None,
        note: format!("12345热线工单 {number}"),
        hotline_number: Some(row.hotline_number),
        due_at: row.deadline,
        location: None,
    };
    match place_incoming(db, incoming, now).await {
        Ok(o) => {
            tracing::info!(order = %o.id, hotline_number = %number, partner = %p.id, "hotline order placed");
            Ok((o, true))
        }
        Err(e) if e.code() == ErrorCode::Conflict => {
            match existing(&db.write, communities, &number).await? {
                Some(o) => Ok((o, false)),
                None => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

/// `POST /hotline/orders`: the key, then its signature, then the body.
pub async fn push(
    db: &Db,
    key: Option<&str>,
    signature: Option<&str>,
    body: &[u8],
    now: DateTime<Utc>,
) -> ApiResult<(order::Model, bool)> {
    let key = key.ok_or_else(|| ApiError::unauthorized("X-Linli-Key is missing"))?;
    let p = super::authenticate(db, key, PartnerKind::Hotline, now).await?;
    let secret = p
        .secret
        .as_deref()
        .ok_or_else(|| ApiError::unauthorized("this key has no secret to check signatures with"))?;
    verify(secret, body, signature)?;
    let req: HotlineOrder = serde_json::from_slice(body)
        .map_err(|e| ApiError::new(ErrorCode::BadRequest, format!("invalid JSON: {e}")))?;
    let row = check(Fields {
        hotline_number: &req.hotline_number,
        received_at: &req.received_at,
        category: req.category.as_deref(),
        title: &req.title,
        content: &req.content,
        address: req.address.as_deref(),
        phone: &req.caller.phone,
        name: req.caller.name.as_deref(),
        deadline: req.deadline.as_deref(),
    })
    .map_err(ApiError::invalid)?;
    let community = super::community_for(&db.read, &p, req.community_id).await?;
    let communities: Vec<CommunityId> = super::communities_of(&db.read, &p)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    place(db, &p, &communities, community, row, now).await
}

/// What the hotline hears of a change of its order, if anything.
fn event_of(to: OrderStatus) -> Option<HotlineEvent> {
    match to {
        OrderStatus::Accepted => Some(HotlineEvent::Accepted),
        OrderStatus::Completed => Some(HotlineEvent::Completed),
        OrderStatus::Evaluated => Some(HotlineEvent::Evaluated),
        OrderStatus::Cancelled => Some(HotlineEvent::Cancelled),
        OrderStatus::Pending | OrderStatus::Dispatched | OrderStatus::Closed => None,
    }
}

/// Called by the one writer of an order's changes, in its transaction: a
/// hotline order's accept, completion, evaluation or cancellation becomes a
/// row of the outbox, so the result goes back once the change has committed,
/// and only then. Other orders cost nothing here (no statement).
pub async fn enqueue(
    txn: &impl ConnectionTrait,
    before: &order::Model,
    after: &order::Model,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let (Channel::Hotline, Some(partner), Some(number)) = (
        after.channel,
        after.partner_id,
        after.hotline_number.as_ref(),
    ) else {
        return Ok(());
    };
    let Some(event) = event_of(after.status).filter(|_| before.status != after.status) else {
        return Ok(());
    };
    let (rating, note) = match event {
        HotlineEvent::Evaluated => (after.rating, after.comment.clone()),
        _ => (None, note.map(str::to_string)),
    };
    hotline_outbox::ActiveModel {
        partner_id: Set(partner),
        order_id: Set(after.id),
        hotline_number: Set(number.clone()),
        event: Set(event),
        at: Set(now),
        note: Set(note),
        rating: Set(rating),
        state: Set("pending".into()),
        tries: Set(0),
        next_at: Set(now),
        claimed_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Sends results to hotlines.
pub struct HotlineClient {
    http: reqwest::Client,
}

/// How one send went.
pub enum Sent {
    Yes,
    Failed(String),
}

impl HotlineClient {
    pub fn new() -> anyhow::Result<HotlineClient> {
        Ok(HotlineClient {
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .connect_timeout(std::time::Duration::from_secs(5))
                .build()?,
        })
    }

    /// `POST url` with the body signed by `secret`; `X-Linli-Delivery` is the
    /// outbox row's id, the same on every retry, so that the hotline can tell
    /// a retry of a result it already has (after a crash between its answer
    /// and our record of it) from a new one.
    pub async fn send(&self, url: &str, secret: &str, delivery: i32, body: Vec<u8>) -> Sent {
        let sent = self
            .http
            .post(url)
            .header("Content-Type", "application/json")
            .header("X-Linli-Signature", sign(secret, &body))
            .header("X-Linli-Delivery", delivery.to_string())
            .body(body)
            .send()
            .await;
        match sent {
            Ok(r) if r.status().is_success() => Sent::Yes,
            Ok(r) => Sent::Failed(format!("the hotline answered {}", r.status())),
            Err(e) => Sent::Failed(format!("the hotline could not be reached: {e}")),
        }
    }
}

/// The waiting time after the `tries`-th failed send: 30 s doubling to an
/// hour, then hourly.
pub fn backoff(tries: i32) -> Duration {
    let doubling = 30_i64 << (tries.clamp(1, 8) - 1);
    Duration::seconds(doubling.min(3600))
}
