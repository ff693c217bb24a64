//! The bulk district's people, made on the first run.

use super::{Place, RESIDENTS, VOLUNTEERS};
use crate::db::Db;
use crate::entities::{
    category, community, membership, unit_registration, user, volunteer_profile,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use shared::{CommunityId, Role, UserId};

/// The bulk district's people: made on the first run (phones 135… for
/// residents, 134… for volunteers, no password), read on later ones.
pub(super) async fn people(db: &Db, now: DateTime<Utc>) -> anyhow::Result<Vec<Place>> {
    // In id order: the first (the demo's 幸福社区) gets most of the orders.
    // Unordered, SQLite may read the ids from an index by street and name.
    let communities: Vec<CommunityId> = community::Entity::find()
        .select_only()
        .column(community::Column::Id)
        .order_by_asc(community::Column::Id)
        .into_tuple()
        .all(&db.read)
        .await?;
    anyhow::ensure!(!communities.is_empty(), "no communities to seed into");
    let made = user::Entity::find()
        .filter(user::Column::Phone.starts_with("135"))
        .count(&db.read)
        .await?;
    if made == 0 {
        let txn = db.write.begin().await?;
        for (prefix, count, volunteer) in [("135", RESIDENTS, false), ("134", VOLUNTEERS, true)] {
            for chunk in (0..count).collect::<Vec<_>>().chunks(500) {
                let rows = chunk.iter().map(|i| user::ActiveModel {
                    phone: Set(format!("{prefix}{i:08}")),
                    name: Set(format!("{}{i}", if volunteer { "志愿者" } else { "居民" })),
                    password_hash: Set(None),
                    wechat_openid: Set(None),
                    community_id: Set(Some(home(&communities, *i))),
                    points_balance: Set(0),
                    created_at: Set(now - Duration::days(400)),
                    ..Default::default()
                });
                let ids = user::Entity::insert_many(rows)
                    .exec_with_returning_keys(&txn)
                    .await?;
                let mut roles = Vec::new();
                let mut profiles = Vec::new();
                for (id, i) in ids.into_iter().zip(chunk) {
                    let c = home(&communities, *i);
                    for role in [Role::Resident, Role::Volunteer] {
                        if role == Role::Volunteer && !volunteer {
                            continue;
                        }
                        roles.push(membership::ActiveModel {
                            user_id: Set(id),
                            role: Set(role),
                            community_id: Set(Some(c)),
                            status: Set(shared::api::MembershipStatus::Active),
                            created_at: Set(Some(now - Duration::days(400))),
                            ..Default::default()
                        });
                    }
                    if volunteer {
                        profiles.push(volunteer_profile::ActiveModel {
                            user_id: Set(id),
                            community_id: Set(c),
                            grid_id: Set(None),
                            skills: Set(SKILLS[*i % SKILLS.len()].to_string()),
                            registered_at: Set(now - Duration::days(400)),
                            background: Set(None),
                            available: Set(i % 7 != 0),
                            max_open: Set(3),
                            ..Default::default()
                        });
                    }
                }
                membership::Entity::insert_many(roles)
                    .exec_without_returning(&txn)
                    .await?;
                if !profiles.is_empty() {
                    volunteer_profile::Entity::insert_many(profiles)
                        .exec_without_returning(&txn)
                        .await?;
                }
            }
        }
        txn.commit().await?;
    }

    let mut places = Vec::new();
    for c in communities {
        let categories = category::Entity::find()
            .filter(category::Column::CommunityId.eq(c))
            .filter(category::Column::Active.eq(true))
            .all(&db.read)
            .await?
            .into_iter()
            .map(|k| (k.id, k.kind, k.points))
            .collect();
        let members: Vec<(UserId, Role)> = membership::Entity::find()
            .select_only()
            .columns([membership::Column::UserId, membership::Column::Role])
            .filter(membership::Column::CommunityId.eq(c))
            .filter(membership::Column::Role.is_in([Role::Resident, Role::Volunteer]))
            .into_tuple()
            .all(&db.read)
            .await?;
        let volunteers: Vec<UserId> = members
            .iter()
            .filter(|(_, r)| *r == Role::Volunteer)
            .map(|(u, _)| *u)
            .collect();
        let residents = members
            .iter()
            .filter(|(u, r)| *r == Role::Resident && !volunteers.contains(u))
            .map(|(u, _)| *u)
            .collect();
        let units = unit_registration::Entity::find()
            .select_only()
            .column(unit_registration::Column::UnitId)
            .filter(unit_registration::Column::CommunityId.eq(c))
            .into_tuple()
            .all(&db.read)
            .await?;
        places.push(Place {
            id: c,
            categories,
            residents,
            volunteers,
            units,
        });
    }
    places.retain(|p| !p.categories.is_empty() && !p.residents.is_empty());
    anyhow::ensure!(
        !places.is_empty(),
        "no community has services and residents"
    );
    Ok(places)
}

const SKILLS: &[&str] = &[
    "家电维修",
    "水电维修",
    "义诊",
    "法律咨询",
    "矛盾调解",
    "理发",
    "助餐送餐",
    "代办跑腿",
    "陪伴探访",
    "心理疏导",
    "环境卫生",
    "设施报修",
];

/// Where the i-th bulk person lives: four in five in the first community (as
/// a district's busiest), the rest spread over the others.
fn home(communities: &[CommunityId], i: usize) -> CommunityId {
    if i % 5 != 4 || communities.len() == 1 {
        communities[0]
    } else {
        communities[1 + i % (communities.len() - 1)]
    }
}
