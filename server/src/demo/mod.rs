//! The demo data of CONTRACT.md: three communities on two streets of one district, every demo
//! account, a service catalogue for all three kinds, rewards with limited stock,
//! and some history made through the real workflow so timelines and points add up.

pub mod bulk;
mod catalogue;
mod history;
mod people;
mod places;

use crate::auth::password;
use crate::db::Db;
use crate::entities::*;
use crate::error::ApiResult;
use chrono::Utc;
use sea_orm::{EntityTrait, PaginatorTrait};
use shared::CommunityId;

pub const DEMO_PASSWORD: &str = "demo1234";

/// Seeds only an empty database. Returns whether it seeded.
/// Seeds the demo into an empty database, its history spread over the days
/// before `now`.
pub async fn seed_if_empty(db: &Db, now: chrono::DateTime<Utc>) -> anyhow::Result<bool> {
    if user::Entity::find().count(&db.read).await? > 0 {
        return Ok(false);
    }
    seed(db, now)
        .await
        .map_err(|e| anyhow::anyhow!("seeding demo data failed: {e:?}"))?;
    Ok(true)
}

struct Ids {
    xingfu: CommunityId,
    hexie: CommunityId,
    pingan: CommunityId,
}

async fn seed(db: &Db, now: chrono::DateTime<Utc>) -> ApiResult<()> {
    let hash = password::hash(DEMO_PASSWORD)?;
    let places = places::seed(db).await?;
    let (users, units) = people::seed(db, &places, &hash, now).await?;
    catalogue::seed(db, &places.ids).await?;
    history::seed(db, &users, &units, now).await
}
