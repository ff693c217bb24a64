//! The points supermarket's shelf (积分超市): the rewards a community's
//! committee puts up — donated by units and merchants, with stock, a picture
//! from the photo uploads, on or off the shelf.

use crate::auth::Caller;
use crate::db::Db;
use crate::entities::reward;
use crate::error::{ApiError, ApiResult};
use crate::services::people::committee_community;
use crate::services::uploads::{self, links::Links};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use shared::api::{NewReward, Reward, RewardChange};
use shared::input::{reward_cost, reward_stock, Donor, RewardDescription, RewardName};
use shared::RewardId;

pub fn view(r: reward::Model, links: &Links) -> Reward {
    Reward {
        id: r.id,
        name: r.name,
        cost: r.cost,
        stock: r.stock,
        description: r.description,
        donor: r.donor,
        photo: r.photo_id.map(|p| links.photo(p)),
        on_shelf: r.on_shelf,
    }
}

/// The caller's community's rewards, cheapest first: what is on the shelf,
/// or, for its committee with `all`, everything.
pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    all: bool,
    links: &Links,
) -> ApiResult<Vec<Reward>> {
    let Some(c) = caller.community_id else {
        return Ok(Vec::new());
    };
    let mut q = reward::Entity::find().filter(reward::Column::CommunityId.eq(c));
    if !(all && caller.has(shared::Role::Committee)) {
        q = q.filter(reward::Column::OnShelf.eq(true));
    }
    Ok(q.order_by_asc(reward::Column::Cost)
        .order_by_asc(reward::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|r| view(r, links))
        .collect())
}

/// `POST /rewards`: the committee puts a reward on its community's shelf.
pub async fn create(
    db: &Db,
    caller: &Caller,
    input: NewReward,
    links: &Links,
) -> ApiResult<Reward> {
    let community = committee_community(caller)?;
    let name = RewardName::parse(&input.name)?;
    let cost = reward_cost(input.cost)?;
    let stock = reward_stock(input.stock)?;
    let description = RewardDescription::parse_opt(input.description.as_deref())?;
    let donor = Donor::parse_opt(input.donor.as_deref())?;
    let txn = db.write.begin().await?;
    let row = reward::ActiveModel {
        community_id: Set(community),
        name: Set(name.into_inner()),
        cost: Set(cost),
        stock: Set(stock),
        description: Set(description.map(RewardDescription::into_inner)),
        donor: Set(donor.map(Donor::into_inner)),
        photo_id: Set(input.photo_id),
        on_shelf: Set(true),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(photo) = input.photo_id {
        uploads::attach_to_reward(&txn, caller, photo, row.id).await?;
    }
    txn.commit().await?;
    Ok(view(row, links))
}

/// `PATCH /rewards/{id}`: what is given changes; `stock` is what is on the
/// shelf from now on.
pub async fn change(
    db: &Db,
    caller: &Caller,
    id: RewardId,
    input: RewardChange,
    links: &Links,
) -> ApiResult<Reward> {
    let community = committee_community(caller)?;
    let txn = db.write.begin().await?;
    let found = reward::Entity::find_by_id(id)
        .filter(reward::Column::CommunityId.eq(community))
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("reward"))?;
    let old_photo = found.photo_id;
    let mut row: reward::ActiveModel = found.into();
    if let Some(name) = &input.name {
        row.name = Set(RewardName::parse(name)?.into_inner());
    }
    if let Some(cost) = input.cost {
        row.cost = Set(reward_cost(cost)?);
    }
    if let Some(stock) = input.stock {
        row.stock = Set(reward_stock(stock)?);
    }
    if let Some(description) = &input.description {
        row.description = Set(RewardDescription::parse_opt(description.as_deref())?
            .map(RewardDescription::into_inner));
    }
    if let Some(donor) = &input.donor {
        row.donor = Set(Donor::parse_opt(donor.as_deref())?.map(Donor::into_inner));
    }
    if let Some(on_shelf) = input.on_shelf {
        row.on_shelf = Set(on_shelf);
    }
    if let Some(photo) = input.photo_id {
        if photo != old_photo {
            if let Some(old) = old_photo {
                uploads::detach_from_reward(&txn, old, id).await?;
            }
            if let Some(new) = photo {
                uploads::attach_to_reward(&txn, caller, new, id).await?;
            }
            row.photo_id = Set(photo);
        }
    }
    let row = row.update(&txn).await?;
    txn.commit().await?;
    Ok(view(row, links))
}
