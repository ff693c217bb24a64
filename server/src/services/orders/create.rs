//! Placing an order: checked input, the order and its first timeline entry in
//! one transaction.

use super::access::Reach;
use super::change::{apply, Entry};
use super::store::{record_event, Event};
use super::view::render_one;
use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{category, order};
use crate::error::{ApiError, ApiResult};
use crate::services::uploads::links::Links;
use crate::services::{deadlines, uploads};
use crate::services::{dispatch, notifications, people};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseTransaction;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use shared::api::{CreateOrder, Order};
use shared::api::{NotificationKind, OnBehalfOf};
use shared::input::{Address, Description, PhotoIds, PreferredTime, Title};
use shared::input::{PersonName, Phone};
use shared::{
    Channel, CommunityId, DispatchMode, ErrorCode, Level, OrderStatus, Role, TimelineAction, UserId,
};

pub async fn create(
    db: &Db,
    caller: &Caller,
    req: CreateOrder,
    now: DateTime<Utc>,
    links: &Links,
) -> ApiResult<Order> {
    let title = Title::parse(&req.title)?.into_inner();
    let description = Description::parse(&req.description)?.into_inner();
    let address = Address::parse_opt(req.address.as_deref())?.map(Address::into_inner);
    let preferred_time =
        PreferredTime::parse_opt(req.preferred_time.as_deref())?.map(PreferredTime::into_inner);
    let photos = PhotoIds::parse(&req.photos)?;
    let Some(community_id) = caller.community_id else {
        if let Some(waiting) =
            crate::services::people::join::pending_refusal(&db.read, caller).await?
        {
            return Err(waiting);
        }
        return Err(ApiError::forbidden(
            "you do not belong to a community, so you cannot place orders",
        ));
    };
    let category = category::Entity::find()
        .filter(category::Column::CommunityId.eq(community_id))
        .filter(category::Column::Code.eq(req.category.trim()))
        .filter(category::Column::Active.eq(true))
        .one(&db.read)
        .await?
        .ok_or_else(|| {
            ApiError::invalid(format!(
                "unknown category {:?} in your community",
                req.category
            ))
        })?;
    if category.kind != req.kind {
        return Err(ApiError::invalid(format!(
            "category {:?} is for {} orders, not {}",
            category.code, category.kind, req.kind
        )));
    }

    // 代点单: placed for a resident found by phone, or registered on the spot.
    let proxy = match &req.on_behalf_of {
        Some(who) => Some(for_resident(db, caller, community_id, who).await?),
        None => None,
    };
    let known = match &proxy {
        None => Some(caller.user_id),
        Some(ForResident::Known(id)) => Some(*id),
        Some(ForResident::New(..)) => None,
    };

    let calendar = deadlines::calendar_for(&db.read, &category, now).await?;
    let limits = deadlines::limits(&category, now, &calendar);
    // 小事不出网格: what a grid worker places starts with the grid.
    let level = if caller.has(Role::GridWorker) {
        Level::Grid
    } else {
        Level::Community
    };

    // The grid it comes from: the requester's home, if it is in this community.
    let home = match known {
        Some(id) => crate::entities::user::Entity::find_by_id(id)
            .one(&db.read)
            .await?
            .and_then(|u| u.building_id),
        None => None,
    };
    let grid_id = match home {
        Some(b) => crate::services::people::places::home_of(&db.read, b)
            .await?
            .filter(|(_, c)| *c == community_id)
            .map(|(g, _)| g),
        None => None,
    };

    let txn = db.write.begin().await?;
    let requester = match (known, proxy) {
        (Some(id), _) => id,
        (None, Some(ForResident::New(phone, name))) => {
            register(&txn, caller, community_id, &phone, name, now).await?
        }
        (None, _) => caller.user_id,
    };
    let created = order::ActiveModel {
        grid_id: Set(grid_id),
        community_id: Set(community_id),
        kind: Set(req.kind),
        category_id: Set(category.id),
        title: Set(title),
        description: Set(description),
        address: Set(address),
        preferred_time: Set(preferred_time),
        status: Set(OrderStatus::Pending),
        requester_id: Set(requester),
        placed_by: Set((requester != caller.user_id).then_some(caller.user_id)),
        channel: Set(if requester != caller.user_id {
            Channel::Proxy
        } else {
            Channel::App
        }),
        dispatch_mode: Set(category.dispatch_mode),
        track: Set(None),
        dispatched_at: Set(None),
        tried: Set(String::new()),
        assignee_unit_id: Set(None),
        assignee_user_id: Set(None),
        version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        due_at: Set(limits.due_at),
        respond_by: Set(Some(limits.respond_by)),
        level: Set(level),
        revisit: Set(false),
        accepted_at: Set(None),
        completed_at: Set(None),
        rating: Set(None),
        comment: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::search::index(&txn, &created).await?;
    let entry = record_event(
        &txn,
        Event {
            order_id: created.id,
            at: now,
            actor: Some(caller.user_id),
            action: TimelineAction::Create,
            from: None,
            to: OrderStatus::Pending,
            note: None,
            system: None,
        },
    )
    .await?;
    uploads::attach(&txn, caller, &photos, created.id, entry).await?;
    db.events
        .announce_in(&txn, created.id, "create", now)
        .await?;
    // Auto mode: dispatched at once to the best candidate who may take it,
    // by the system; nobody → it waits for the committee, which hears of it.
    let auto = match category.dispatch_mode {
        DispatchMode::Auto => {
            Some(auto_dispatch(db, &txn, &created, &category, limits.respond_by, now).await?)
        }
        DispatchMode::Manual | DispatchMode::Grab => None,
    };
    txn.commit().await?;
    db.events.committed(&created, "create", now);
    let created = match auto {
        Some((next, what)) => {
            db.events.committed(&next, what.as_str(), now);
            next
        }
        None => created,
    };

    let reach = Reach::of(&db.read, caller, now).await?;
    render_one(&db.read, &reach, links, (created, category)).await
}

/// The resident a grid worker or the committee places an order for: one of
/// the community's people found by phone, or someone to register on the spot.
enum ForResident {
    Known(UserId),
    New(Phone, String),
}

/// Who `on_behalf_of` names. A phone of another community, or an unknown
/// phone without a name: 400.
async fn for_resident(
    db: &Db,
    caller: &Caller,
    community: CommunityId,
    who: &OnBehalfOf,
) -> ApiResult<ForResident> {
    if !caller.oversees(community) {
        return Err(ApiError::forbidden(
            "only grid workers and the committee place orders for residents",
        ));
    }
    let phone = Phone::parse(&who.phone)?;
    let found = crate::entities::user::Entity::find()
        .filter(crate::entities::user::Column::Phone.eq(phone.as_str()))
        .one(&db.read)
        .await?;
    match found {
        Some(u) if u.id == caller.user_id => Err(ApiError::invalid(
            "this is your own phone: place your own orders without on_behalf_of",
        )),
        Some(u) if u.community_id == Some(community) && u.active => Ok(ForResident::Known(u.id)),
        Some(_) => Err(ApiError::invalid(
            "this phone belongs to someone who is not a resident of your community",
        )),
        None => match who.name.as_deref() {
            Some(name) => Ok(ForResident::New(
                phone,
                PersonName::parse(name)?.into_inner(),
            )),
            None => Err(ApiError::invalid(
                "nobody has this phone yet: give the resident's name to register them",
            )),
        },
    }
}

/// A resident registered on the spot, in the order's transaction: an account
/// without a password (signing in comes later, by a reset code or WeChat),
/// active in the community, with its audit row.
async fn register(
    txn: &DatabaseTransaction,
    caller: &Caller,
    community: CommunityId,
    phone: &Phone,
    name: String,
    now: DateTime<Utc>,
) -> ApiResult<UserId> {
    let (u, made) = people::account_for_phone(txn, phone, name, now).await?;
    if !made {
        return Err(ApiError::conflict(
            ErrorCode::Conflict,
            "this phone was registered at the same moment; try again",
        ));
    }
    let mut a: crate::entities::user::ActiveModel = u.into();
    a.community_id = Set(Some(community));
    let u = a.update(txn).await?;
    people::grant(txn, u.id, Role::Resident, community, caller.user_id, now).await?;
    people::audit(
        txn,
        u.id,
        Some(caller.user_id),
        shared::api::AuditAction::Created,
        Some("代点单登记".into()),
        now,
    )
    .await?;
    Ok(u.id)
}

/// Auto mode at placing, in the placing's transaction: the system's
/// dispatch to the best candidate, or a note and the committee told.
pub(super) async fn auto_dispatch(
    db: &Db,
    txn: &DatabaseTransaction,
    created: &crate::entities::order::Model,
    category: &category::Model,
    respond_by: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ApiResult<(crate::entities::order::Model, TimelineAction)> {
    let pick = dispatch::next_pick(txn, created, category, None, now).await?;
    let (change, entry, kind) = match &pick {
        Some(p) => (
            dispatch::auto_dispatch(created, p, respond_by, now),
            Entry {
                actor: None,
                action: TimelineAction::Dispatch,
                system: Some(dispatch::auto_note()),
            },
            NotificationKind::Dispatched,
        ),
        None => {
            let (change, system) = dispatch::nobody_left(created);
            (
                change,
                Entry {
                    actor: None,
                    action: TimelineAction::Note,
                    system: Some(system),
                },
                NotificationKind::Unassigned,
            )
        }
    };
    let what = entry.action;
    let system = entry.system.clone();
    let (next, _) = apply(txn, &db.events, created, &change, entry, now)
        .await?
        .ok_or_else(|| {
            ApiError::conflict(ErrorCode::Conflict, "the order changed as it was placed")
        })?;
    let detail = notifications::Detail {
        said: None,
        system,
        rating: None,
    };
    notifications::notify(txn, kind, &next, None, detail, now).await?;
    Ok((next, what))
}
