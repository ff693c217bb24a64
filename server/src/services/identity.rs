//! Who a signed-in person is: the caller their tokens carry (active roles,
//! community, unit, street, district, epoch) and what `GET /me` tells them,
//! with every membership and where it stands.

use crate::auth::Caller;
use crate::entities::{community, membership, street, unit, unit_member, user};
use crate::error::{ApiError, ApiResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::api::{Me, MembershipStatus, MyMembership, NamedRef};
use shared::{Role, UserId};

/// The caller a user becomes when they sign in: their active roles, community
/// and unit. A membership waiting for approval gives nothing: a resident who
/// applied is no one's resident yet.
pub async fn caller_for(db: &impl ConnectionTrait, u: &user::Model) -> ApiResult<Caller> {
    let memberships = membership::Entity::find()
        .filter(membership::Column::UserId.eq(u.id))
        .filter(membership::Column::Status.eq(MembershipStatus::Active))
        .order_by_asc(membership::Column::Id)
        .all(db)
        .await?;
    let mut roles: Vec<Role> = memberships.iter().map(|m| m.role).collect();
    roles.sort_unstable();
    roles.dedup();
    let unit_id = unit_member::Entity::find()
        .filter(unit_member::Column::UserId.eq(u.id))
        .one(db)
        .await?
        .map(|m| m.unit_id);
    Ok(Caller {
        user_id: u.id,
        roles,
        community_id: memberships.iter().find_map(|m| m.community_id),
        district_id: memberships.iter().find_map(|m| m.district_id),
        street_id: memberships.iter().find_map(|m| m.street_id),
        unit_id,
        session: None,
        epoch: u.session_epoch,
        token_expires: None,
    })
}

pub async fn me(db: &impl ConnectionTrait, caller: &Caller) -> ApiResult<Me> {
    let u = user::Entity::find_by_id(caller.user_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::unauthorized("this account no longer exists"))?;
    me_of(db, &u, caller).await
}

pub(crate) async fn me_of(
    db: &impl ConnectionTrait,
    u: &user::Model,
    caller: &Caller,
) -> ApiResult<Me> {
    let community = match caller.community_id {
        Some(id) => community::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|c| NamedRef {
                id: c.id,
                name: c.name,
            }),
        None => None,
    };
    let unit = match caller.unit_id {
        Some(id) => unit::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|c| NamedRef {
                id: c.id,
                name: c.name,
            }),
        None => None,
    };
    let street = match caller.street_id {
        Some(id) => street::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|s| NamedRef {
                id: s.id,
                name: s.name,
            }),
        None => None,
    };
    let memberships = my_memberships(db, u.id).await?;
    Ok(Me {
        memberships,
        id: u.id,
        name: u.name.clone(),
        phone: u.phone.clone(),
        roles: caller.roles.clone(),
        community,
        unit,
        street,
        points_balance: u.points_balance,
    })
}

/// Every role the person holds or asked for, and where each stands.
async fn my_memberships(db: &impl ConnectionTrait, user: UserId) -> ApiResult<Vec<MyMembership>> {
    let rows = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user))
        .order_by_asc(membership::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<_> = rows.iter().filter_map(|m| m.community_id).collect();
    let names: std::collections::HashMap<_, _> = community::Entity::find()
        .filter(community::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|m| MyMembership {
            id: m.id,
            community: m.community_id.map(|id| NamedRef {
                id,
                name: names.get(&id).cloned().unwrap_or_default(),
            }),
            role: m.role,
            status: m.status,
            reason: m.reason,
        })
        .collect())
}
