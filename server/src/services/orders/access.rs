//! Who may see an order, how they stand to it, and whether they serve it (and so
//! may see the requester's name, phone and address).

use crate::auth::Caller;
use crate::entities::{community, street};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use shared::{CommunityId, DistrictId, StreetId};
use shared::{DispatchMode, Level, OrderKind, Relation, Role};

use crate::entities::order;

/// What the caller can reach beyond their own orders, resolved once per request.
pub struct Reach<'a> {
    pub caller: &'a Caller,
    /// "Now" for this request, from the app's clock: what is overdue.
    pub now: DateTime<Utc>,
    /// Communities of an admin's district; empty for everyone else.
    pub admin_communities: Vec<CommunityId>,
    /// Communities of a street officer's street; empty for everyone else.
    pub street_communities: Vec<CommunityId>,
}

impl<'a> Reach<'a> {
    pub async fn of(
        db: &impl ConnectionTrait,
        caller: &'a Caller,
        now: DateTime<Utc>,
    ) -> Result<Reach<'a>, DbErr> {
        let admin_communities = match (caller.has(Role::Admin), caller.district_id) {
            (true, Some(district)) => district_communities(db, district).await?,
            _ => Vec::new(),
        };
        let street_communities = match (caller.has(Role::StreetOfficer), caller.street_id) {
            (true, Some(street)) => street_communities(db, street).await?,
            _ => Vec::new(),
        };
        Ok(Reach {
            caller,
            now,
            admin_communities,
            street_communities,
        })
    }

    pub fn relation(&self, o: &order::Model) -> Relation {
        let c = self.caller;
        Relation {
            requester: o.requester_id == c.user_id,
            assignee: is_assignee(c, o),
            committee: c.is_committee_of(o.community_id),
            claimer: c.serves_in(o.community_id),
            proxy: o.placed_by == Some(c.user_id),
            officer: self.escalated_to_me(o),
            admin: self.admin_communities.contains(&o.community_id),
        }
    }

    /// The order is escalated to the caller: a street officer of its street
    /// once it is at `street` or `district`, or an admin of its district at
    /// `district` (at that level the district's admins are its officers).
    pub fn escalated_to_me(&self, o: &order::Model) -> bool {
        (o.level.is_escalated() && self.street_communities.contains(&o.community_id))
            || (o.level == Level::District && self.admin_communities.contains(&o.community_id))
    }

    /// Serving the order: may see who placed it and where.
    pub fn serves(&self, o: &order::Model) -> bool {
        o.requester_id == self.caller.user_id
            || o.placed_by == Some(self.caller.user_id)
            || is_assignee(self.caller, o)
            || self.caller.oversees(o.community_id)
            || self.admin_communities.contains(&o.community_id)
            || self.escalated_to_me(o)
    }

    /// May see the order at all. Anyone else gets 404, so that ids of other
    /// communities' orders leak nothing.
    pub fn sees(&self, o: &order::Model) -> bool {
        self.serves(o) || self.wish_of_my_community(o) || self.grab_of_my_community(o)
    }

    /// Grab orders wait in the task hall of the community's volunteers and
    /// unit members (masked, like wishes), and stay visible to them once
    /// taken so that a late claimer learns it was.
    fn grab_of_my_community(&self, o: &order::Model) -> bool {
        o.dispatch_mode == DispatchMode::Grab && self.caller.serves_in(o.community_id)
    }

    /// Wishes are posted publicly to the community's wall (masked), and stay
    /// visible once claimed so that a late claimer learns it was taken.
    fn wish_of_my_community(&self, o: &order::Model) -> bool {
        o.kind == OrderKind::MicroWish && self.caller.community_id == Some(o.community_id)
    }
}

pub fn is_assignee(c: &Caller, o: &order::Model) -> bool {
    o.assignee_user_id == Some(c.user_id)
        || (o.assignee_unit_id.is_some()
            && o.assignee_unit_id == c.unit_id
            && c.has(Role::UnitMember))
}

pub async fn district_communities(
    db: &impl ConnectionTrait,
    district_id: DistrictId,
) -> Result<Vec<CommunityId>, DbErr> {
    let streets: Vec<StreetId> = street::Entity::find()
        .select_only()
        .column(street::Column::Id)
        .filter(street::Column::DistrictId.eq(district_id))
        .into_tuple()
        .all(db)
        .await?;
    community::Entity::find()
        .select_only()
        .column(community::Column::Id)
        .filter(community::Column::StreetId.is_in(streets))
        .into_tuple()
        .all(db)
        .await
}

pub async fn street_communities(
    db: &impl ConnectionTrait,
    street_id: StreetId,
) -> Result<Vec<CommunityId>, DbErr> {
    community::Entity::find()
        .select_only()
        .column(community::Column::Id)
        .filter(community::Column::StreetId.eq(street_id))
        .into_tuple()
        .all(db)
        .await
}
