//! Turning order rows into what the API returns: names, assignee, timeline,
//! deadlines, the caller's allowed actions, and masking for those not serving.

use super::access::Reach;
use crate::entities::{category, community, order, order_event, unit, user};
use crate::error::ApiResult;
use crate::services::uploads::{self, links::Links};
use anyhow::anyhow;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::api::{
    Assignee, AssigneeRef, CategoryRef, NamedRef, Order, Person, Photo, TimelineEntry,
};
use shared::input::is_photo_link;
use shared::mask::mask_name;
use shared::workflow::allowed_actions;
use shared::{CommunityId, EventId, OrderId, Subject, TimelineAction, UnitId, UserId};
use std::collections::HashMap;

/// An order row and its category, as the order queries load them together.
pub type OrderRow = (order::Model, category::Model);

/// Pairs rows from `find_also_related(category::Entity)`; a missing category is a broken database.
pub fn with_categories(
    rows: Vec<(order::Model, Option<category::Model>)>,
) -> ApiResult<Vec<OrderRow>> {
    rows.into_iter()
        .map(|(o, c)| match c {
            Some(c) => Ok((o, c)),
            None => Err(anyhow!("order {} has no category", o.id).into()),
        })
        .collect()
}

/// Completions made before uploads existed carried `https` links (a JSON
/// list in the entry): shown as they are, both sizes the same.
fn legacy_links(json: Option<&str>) -> Vec<Photo> {
    json.and_then(|j| serde_json::from_str::<Vec<String>>(j).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|l| is_photo_link(l))
        .map(|l| Photo {
            url: l.clone(),
            thumbnail_url: l,
        })
        .collect()
}

pub async fn render_one(
    db: &impl ConnectionTrait,
    reach: &Reach<'_>,
    links: &Links,
    row: OrderRow,
) -> ApiResult<Order> {
    render(db, reach, links, vec![row])
        .await?
        .pop()
        .ok_or_else(|| anyhow!("rendering lost the order").into())
}

/// Renders many orders with a fixed number of queries, whatever their count.
pub async fn render(
    db: &impl ConnectionTrait,
    reach: &Reach<'_>,
    links: &Links,
    rows: Vec<OrderRow>,
) -> ApiResult<Vec<Order>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<OrderId> = rows.iter().map(|(o, _)| o.id).collect();
    // The timeline with its actors in one query; the requester and assignee are
    // usually among them, so the second query is often skipped.
    let events = order_event::Entity::find()
        .find_also_related(user::Entity)
        .filter(order_event::Column::OrderId.is_in(ids))
        .order_by_asc(order_event::Column::Id)
        .all(db)
        .await?;
    let mut users: HashMap<UserId, user::Model> = HashMap::new();
    let events: Vec<order_event::Model> = events
        .into_iter()
        .map(|(e, actor)| {
            if let Some(a) = actor {
                users.entry(a.id).or_insert(a);
            }
            e
        })
        .collect();
    let mut missing: Vec<UserId> = rows
        .iter()
        .flat_map(|(o, _)| [Some(o.requester_id), o.assignee_user_id])
        .flatten()
        .filter(|id| !users.contains_key(id))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    if !missing.is_empty() {
        for u in user::Entity::find()
            .filter(user::Column::Id.is_in(missing))
            .all(db)
            .await?
        {
            users.insert(u.id, u);
        }
    }

    let unit_ids: Vec<UnitId> = rows
        .iter()
        .filter_map(|(o, _)| o.assignee_unit_id)
        .collect();
    let units: HashMap<UnitId, String> = if unit_ids.is_empty() {
        HashMap::new()
    } else {
        unit::Entity::find()
            .filter(unit::Column::Id.is_in(unit_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect()
    };

    // Who oversees several communities reads which one each order is of.
    let communities: HashMap<CommunityId, String> =
        if reach.street_communities.is_empty() && reach.admin_communities.is_empty() {
            HashMap::new()
        } else {
            let mut ids: Vec<CommunityId> = rows.iter().map(|(o, _)| o.community_id).collect();
            ids.sort_unstable();
            ids.dedup();
            community::Entity::find()
                .filter(community::Column::Id.is_in(ids))
                .all(db)
                .await?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect()
        };

    // Who does not serve an order sees every person on it masked (王**) but
    // themself: the requester's name must not leak through the timeline.
    let serving: HashMap<OrderId, bool> =
        rows.iter().map(|(o, _)| (o.id, reach.serves(o))).collect();
    let me = reach.caller.user_id;
    let name_for = |u: &user::Model, serving: bool| {
        if serving || u.id == me {
            u.name.clone()
        } else {
            mask_name(&u.name)
        }
    };
    // Photos are personal data too: only for those serving the order.
    let served: Vec<OrderId> = serving
        .iter()
        .filter(|(_, s)| **s)
        .map(|(id, _)| *id)
        .collect();
    let mut photos: HashMap<EventId, Vec<Photo>> = HashMap::new();
    for (upload, event) in uploads::of_orders(db, &served).await? {
        photos.entry(event).or_default().push(links.photo(upload));
    }
    let mut placed_with: HashMap<OrderId, Vec<Photo>> = HashMap::new();
    let mut timelines: HashMap<OrderId, Vec<TimelineEntry>> = HashMap::new();
    for e in events {
        let serves = serving.get(&e.order_id).copied().unwrap_or(false);
        let mut entry_photos = photos.remove(&e.id).unwrap_or_default();
        if serves {
            entry_photos.extend(legacy_links(e.photos.as_deref()));
        }
        if e.action == TimelineAction::Create && !entry_photos.is_empty() {
            placed_with.insert(e.order_id, entry_photos.clone());
        }
        let entry = TimelineEntry {
            at: e.at,
            actor: e.actor_id.and_then(|id| users.get(&id)).map(|u| NamedRef {
                id: u.id,
                name: name_for(u, serves),
            }),
            action: e.action.as_str().to_string(),
            from: e.from_status,
            to: e.to_status,
            note: e.note,
            photos: entry_photos,
            system: e
                .system
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok()),
        };
        timelines.entry(e.order_id).or_default().push(entry);
    }

    let now = reach.now;
    rows.into_iter()
        .map(|(o, category)| {
            let (kind, status) = (o.kind, o.status);
            let serving = reach.serves(&o);
            let requester = users
                .get(&o.requester_id)
                .ok_or_else(|| anyhow!("order {} has no requester", o.id))?;
            let requester = Person {
                id: requester.id,
                name: name_for(requester, serving),
                phone: serving.then(|| requester.phone.clone()),
            };
            let assignee = super::assignees::of(&o).map(|who| Assignee {
                name: match who {
                    AssigneeRef::Unit(id) => units.get(&id).cloned(),
                    AssigneeRef::Volunteer(id) => users.get(&id).map(|u| name_for(u, serving)),
                }
                .unwrap_or_default(),
                who,
            });
            let category = CategoryRef {
                code: category.code,
                name: category.name,
                points: category.points,
            };
            Ok(Order {
                number: o.number(),
                allowed_actions: allowed_actions(
                    Subject {
                        kind,
                        mode: o.dispatch_mode,
                    },
                    status,
                    reach.relation(&o),
                ),
                placed_by: o
                    .placed_by
                    .filter(|_| serving)
                    .and_then(|id| users.get(&id))
                    .map(|u| NamedRef {
                        id: u.id,
                        name: u.name.clone(),
                    }),
                dispatch_mode: o.dispatch_mode,
                track: o.track,
                channel: o.channel,
                hotline_number: o.hotline_number,
                partner_id: o.partner_id.filter(|_| serving),
                location: match (o.latitude, o.longitude) {
                    (Some(lat), Some(long)) if serving => Some(shared::api::Location { lat, long }),
                    _ => None,
                },
                timeline: timelines.remove(&o.id).unwrap_or_default(),
                overdue: status.is_open() && now > o.due_at,
                address: if serving { o.address } else { None },
                id: o.id,
                kind,
                category,
                title: o.title,
                description: o.description,
                preferred_time: o.preferred_time,
                photos: placed_with.remove(&o.id).unwrap_or_default(),
                status,
                community_id: o.community_id,
                community_name: communities.get(&o.community_id).cloned(),
                requester,
                assignee,
                created_at: o.created_at,
                updated_at: o.updated_at,
                due_at: o.due_at,
                respond_by: o.respond_by,
                level: o.level,
                revisit: o.revisit,
                grid_id: o.grid_id,
                rating: o.rating,
                comment: o.comment,
            })
        })
        .collect()
}
