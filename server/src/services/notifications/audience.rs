//! Who hears of an event on an order: its assignee, the committee, the
//! officers of the level it went up to — and which of them are bound to
//! WeChat.

use crate::entities::{community, membership, order, street, unit_member, user};
use crate::error::ApiResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use shared::api::NotificationKind;
use shared::{CommunityId, Level, Role, UserId};

/// Who hears of an event on an order.
async fn recipients(
    db: &impl ConnectionTrait,
    kind: NotificationKind,
    o: &order::Model,
) -> ApiResult<Vec<UserId>> {
    use NotificationKind as K;
    Ok(match kind {
        K::Dispatched => assignees(db, o).await?,
        K::Urged => {
            let who = assignees(db, o).await?;
            if who.is_empty() {
                // Nobody has it yet: 督办 presses the committee.
                committee(db, o.community_id).await?
            } else {
                who
            }
        }
        K::Accepted | K::Completed => vec![o.requester_id],
        K::Rejected | K::LowRating | K::Unassigned => committee(db, o.community_id).await?,
        // About a person, not an order: written by `notify_person`.
        K::MembershipApproved | K::MembershipRejected => Vec::new(),
        K::Escalated => {
            let mut who = committee(db, o.community_id).await?;
            who.extend(officers(db, o.community_id, o.level).await?);
            who
        }
    })
}

/// The volunteer an order is assigned to, or every member of its unit.
async fn assignees(db: &impl ConnectionTrait, o: &order::Model) -> ApiResult<Vec<UserId>> {
    if let Some(v) = o.assignee_user_id {
        return Ok(vec![v]);
    }
    let Some(unit) = o.assignee_unit_id else {
        return Ok(Vec::new());
    };
    Ok(unit_member::Entity::find()
        .select_only()
        .column(unit_member::Column::UserId)
        .filter(unit_member::Column::UnitId.eq(unit))
        .into_tuple()
        .all(db)
        .await?)
}

async fn committee(db: &impl ConnectionTrait, c: CommunityId) -> ApiResult<Vec<UserId>> {
    Ok(membership::Entity::find()
        .select_only()
        .column(membership::Column::UserId)
        .filter(membership::Column::Role.eq(Role::Committee))
        .filter(membership::Column::CommunityId.eq(c))
        .into_tuple()
        .all(db)
        .await?)
}

/// The officers of a level above the community: the street's officers, or
/// the district's admins.
async fn officers(
    db: &impl ConnectionTrait,
    c: CommunityId,
    level: Level,
) -> ApiResult<Vec<UserId>> {
    let Some(place) = community::Entity::find_by_id(c).one(db).await? else {
        return Ok(Vec::new());
    };
    let q = membership::Entity::find()
        .select_only()
        .column(membership::Column::UserId);
    let q = match level {
        Level::Street => q
            .filter(membership::Column::Role.eq(Role::StreetOfficer))
            .filter(membership::Column::StreetId.eq(place.street_id)),
        Level::District => {
            let Some(s) = street::Entity::find_by_id(place.street_id).one(db).await? else {
                return Ok(Vec::new());
            };
            q.filter(membership::Column::Role.eq(Role::Admin))
                .filter(membership::Column::DistrictId.eq(s.district_id))
        }
        Level::Grid | Level::Community => return Ok(Vec::new()),
    };
    Ok(q.into_tuple().all(db).await?)
}

/// Who hears of an event, and which of them are bound to WeChat: read once,
/// it may serve every order whose event reaches the same people (a job's
/// escalations of one community to one level).
#[derive(Debug, Clone, Default)]
pub struct Audience {
    pub(super) who: Vec<UserId>,
    pub(super) bound: Vec<(UserId, String)>,
}

/// Who hears of an event on `o` as it is after the change, but the person
/// who acted. Reads only.
pub async fn audience(
    db: &impl ConnectionTrait,
    kind: NotificationKind,
    o: &order::Model,
    actor: Option<UserId>,
) -> ApiResult<Audience> {
    let mut who = recipients(db, kind, o).await?;
    who.sort_unstable();
    who.dedup();
    who.retain(|u| Some(*u) != actor);
    if who.is_empty() {
        return Ok(Audience::default());
    }
    // Those bound to WeChat get a subscribe message too, from the outbox
    // (`jobs/wechat.rs`), written in the change's transaction: a crash loses none.
    let bound: Vec<(UserId, Option<String>)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::WechatOpenid)
        .filter(user::Column::Id.is_in(who.clone()))
        .filter(user::Column::WechatOpenid.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    let bound = bound
        .into_iter()
        .filter_map(|(user, openid)| Some((user, openid?)))
        .collect();
    Ok(Audience { who, bound })
}
