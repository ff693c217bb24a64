//! Orders from outside: pushed by the 12345 hotline, imported from its
//! spreadsheet, filed through Open311 — placed for the resident the phone
//! names (found, or registered on the spot), alone or many in one
//! transaction.

use super::create::auto_dispatch;
use super::store::{record_event, Event};
use crate::db::Db;
use crate::entities::{category, order};
use crate::error::ApiResult;
use crate::services::{deadlines, people};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, EntityTrait, Set, TransactionTrait};
use shared::input::{Address, Description, PersonName, Phone, Title};
use shared::{
    Channel, CommunityId, DispatchMode, Level, OrderStatus, Role, TimelineAction, UserId,
};

/// An order a partner system brings in (the 12345 hotline, an Open311
/// client) or the committee imports from the hotline's spreadsheet: for the
/// resident its phone names — found, or registered in the community on the
/// spot — with a first timeline entry that says where it came from.
pub struct Incoming {
    pub community: CommunityId,
    pub category: category::Model,
    pub title: Title,
    pub description: Description,
    pub address: Option<Address>,
    pub phone: Phone,
    pub name: Option<PersonName>,
    pub channel: Channel,
    /// The key it came with (results go back through it), if any.
    pub partner: Option<crate::entities::partner::Model>,
    /// Who answers for it: the key's maker, or the committee member importing.
    pub by: UserId,
    /// The timeline's actor: the committee member importing; none for a key.
    pub actor: Option<UserId>,
    /// Where it came from, in its first timeline entry.
    pub note: String,
    pub hotline_number: Option<String>,
    /// The partner's own deadline (the hotline's 办理时限), which governs.
    pub due_at: Option<DateTime<Utc>>,
    pub location: Option<(f64, f64)>,
}

/// Places one incoming order in its own transaction (see [`place_incoming_in`]).
pub async fn place_incoming(
    db: &Db,
    incoming: Incoming,
    now: DateTime<Utc>,
) -> ApiResult<order::Model> {
    let txn = db.write.begin().await?;
    let placed = place_incoming_in(db, &txn, incoming, now).await?;
    txn.commit().await?;
    Ok(announce_placed(db, placed, now))
}

/// What placing left to say once its transaction commits.
pub struct Placed {
    created: order::Model,
    auto: Option<(order::Model, TimelineAction)>,
}

/// Tells the live board of placed orders, after their transaction
/// committed; the order as it is now.
pub fn announce_placed(db: &Db, placed: Placed, now: DateTime<Utc>) -> order::Model {
    db.events.committed(&placed.created, "create", now);
    match placed.auto {
        Some((next, what)) => {
            db.events.committed(&next, what.as_str(), now);
            next
        }
        None => placed.created,
    }
}

/// Places an incoming order in the caller's transaction, as [`create`] does
/// a person's: the requester, the order, its search words, its entry, auto
/// dispatch. Many go in one transaction when the committee imports a file.
pub async fn place_incoming_in(
    db: &Db,
    txn: &DatabaseTransaction,
    incoming: Incoming,
    now: DateTime<Utc>,
) -> ApiResult<Placed> {
    let Incoming {
        community,
        category,
        title,
        description,
        address,
        phone,
        name,
        channel,
        partner,
        by,
        actor,
        note,
        hotline_number,
        due_at,
        location,
    } = incoming;
    let calendar = deadlines::calendar_for(txn, &category, now).await?;
    let limits = deadlines::limits(&category, now, &calendar);
    let due_at = due_at.unwrap_or(limits.due_at);
    let respond_by = limits.respond_by.min(due_at);
    let registrar = partner
        .as_ref()
        .map_or_else(|| "12345热线".to_string(), |p| p.name.clone());
    let requester = resident_by_phone(txn, &registrar, by, community, &phone, name, now).await?;
    let home = crate::entities::user::Entity::find_by_id(requester)
        .one(txn)
        .await?
        .and_then(|u| u.building_id);
    let grid_id = match home {
        Some(b) => crate::services::people::places::home_of(txn, b)
            .await?
            .filter(|(_, c)| *c == community)
            .map(|(g, _)| g),
        None => None,
    };
    let created = order::ActiveModel {
        grid_id: Set(grid_id),
        community_id: Set(community),
        kind: Set(category.kind),
        category_id: Set(category.id),
        title: Set(title.into_inner()),
        description: Set(description.into_inner()),
        address: Set(address.map(Address::into_inner)),
        preferred_time: Set(None),
        status: Set(OrderStatus::Pending),
        requester_id: Set(requester),
        placed_by: Set(None),
        channel: Set(channel),
        partner_id: Set(partner.as_ref().map(|p| p.id)),
        hotline_number: Set(hotline_number),
        latitude: Set(location.map(|l| l.0)),
        longitude: Set(location.map(|l| l.1)),
        dispatch_mode: Set(category.dispatch_mode),
        track: Set(None),
        dispatched_at: Set(None),
        tried: Set(String::new()),
        assignee_unit_id: Set(None),
        assignee_user_id: Set(None),
        version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        due_at: Set(due_at),
        respond_by: Set(Some(respond_by)),
        level: Set(Level::Community),
        revisit: Set(false),
        accepted_at: Set(None),
        completed_at: Set(None),
        rating: Set(None),
        comment: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    super::search::index(txn, &created).await?;
    record_event(
        txn,
        Event {
            order_id: created.id,
            at: now,
            actor,
            action: TimelineAction::Create,
            from: None,
            to: OrderStatus::Pending,
            note: Some(note),
            system: None,
        },
    )
    .await?;
    db.events
        .announce_in(txn, created.id, "create", now)
        .await?;
    let auto = match category.dispatch_mode {
        DispatchMode::Auto => {
            Some(auto_dispatch(db, txn, &created, &category, respond_by, now).await?)
        }
        DispatchMode::Manual | DispatchMode::Grab => None,
    };
    Ok(Placed { created, auto })
}

/// The resident behind a partner's phone: whoever has it, or an account
/// registered now in the community (no password: signing in comes later, by
/// a reset code or WeChat), with its audit row naming the partner.
async fn resident_by_phone(
    txn: &DatabaseTransaction,
    registrar: &str,
    by: UserId,
    community: CommunityId,
    phone: &Phone,
    name: Option<PersonName>,
    now: DateTime<Utc>,
) -> ApiResult<UserId> {
    let name = name.map_or_else(|| "热线来电人".to_string(), PersonName::into_inner);
    let (u, made) = people::account_for_phone(txn, phone, name, now).await?;
    if !made {
        return Ok(u.id);
    }
    let mut a: crate::entities::user::ActiveModel = u.into();
    a.community_id = Set(Some(community));
    let u = a.update(txn).await?;
    people::grant(txn, u.id, Role::Resident, community, by, now).await?;
    people::audit(
        txn,
        u.id,
        None,
        shared::api::AuditAction::Created,
        Some(format!("{registrar}登记")),
        now,
    )
    .await?;
    Ok(u.id)
}
