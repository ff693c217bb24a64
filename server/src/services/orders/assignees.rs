//! Who an order is assigned to: an [`AssigneeRef`] in the code, two columns
//! in the table (`assignee_unit_id`, `assignee_user_id`).

use crate::entities::{order, unit, unit_registration, user, volunteer_profile};
use crate::error::{ApiError, ApiResult};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use shared::api::AssigneeRef;
use shared::{UnitId, UserId};

/// Whoever has the order now.
pub fn of(o: &order::Model) -> Option<AssigneeRef> {
    match (o.assignee_unit_id, o.assignee_user_id) {
        (Some(u), _) => Some(AssigneeRef::Unit(u)),
        (None, Some(v)) => Some(AssigneeRef::Volunteer(v)),
        (None, None) => None,
    }
}

/// The two columns an assignee (or nobody) is stored in.
pub fn columns(a: Option<AssigneeRef>) -> (Option<UnitId>, Option<UserId>) {
    match a {
        Some(AssigneeRef::Unit(u)) => (Some(u), None),
        Some(AssigneeRef::Volunteer(v)) => (None, Some(v)),
        None => (None, None),
    }
}

/// Who an order may be dispatched or reassigned to: someone serving its
/// community — a unit registered with it, or a volunteer registered in it —
/// and never the requester. Returns their name.
pub async fn check(db: &DatabaseConnection, o: &order::Model, a: AssigneeRef) -> ApiResult<String> {
    if a == AssigneeRef::Volunteer(o.requester_id) {
        return Err(ApiError::invalid(
            "the requester cannot serve their own order: choose someone else",
        ));
    }
    let community_id = o.community_id;
    match a {
        AssigneeRef::Unit(id) => unit_registration::Entity::find()
            .find_also_related(unit::Entity)
            .filter(unit_registration::Column::CommunityId.eq(community_id))
            .filter(unit_registration::Column::UnitId.eq(id))
            .one(db)
            .await?
            .and_then(|(_, u)| u)
            .map(|u| u.name)
            .ok_or_else(|| {
                ApiError::invalid(format!("unit {id} is not registered with this community"))
            }),
        AssigneeRef::Volunteer(id) => volunteer_profile::Entity::find()
            .find_also_related(user::Entity)
            .filter(volunteer_profile::Column::CommunityId.eq(community_id))
            .filter(volunteer_profile::Column::UserId.eq(id))
            .one(db)
            .await?
            .and_then(|(_, u)| u)
            .map(|u| u.name)
            .ok_or_else(|| {
                ApiError::invalid(format!("user {id} is not a volunteer of this community"))
            }),
    }
}

/// The name of whoever has an order now (for the reassignment's entry).
pub async fn name(db: &DatabaseConnection, a: AssigneeRef) -> ApiResult<String> {
    Ok(match a {
        AssigneeRef::Unit(id) => unit::Entity::find_by_id(id).one(db).await?.map(|u| u.name),
        AssigneeRef::Volunteer(id) => user::Entity::find_by_id(id).one(db).await?.map(|u| u.name),
    }
    .unwrap_or_default())
}
