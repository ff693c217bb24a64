//! A volunteer's own profile (双向画像): skills, background, available or
//! not, home grid, and how many open orders they take at once.

use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{grid, volunteer_profile as vp};
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use shared::api::{VolunteerProfile, DEFAULT_MAX_OPEN, MAX_OPEN_LIMIT};
use shared::input::{Background, Skills};
use shared::{CommunityId, Role};

fn community_of(caller: &Caller) -> ApiResult<CommunityId> {
    match caller.community_id {
        Some(c) if caller.has(Role::Volunteer) => Ok(c),
        _ => Err(ApiError::forbidden(
            "only a community's volunteers have a volunteer profile",
        )),
    }
}

fn view(p: vp::Model) -> VolunteerProfile {
    VolunteerProfile {
        skills: super::split(&p.skills),
        background: p.background,
        available: p.available,
        grid_id: p.grid_id,
        max_open: p.max_open,
    }
}

async fn mine(
    db: &impl ConnectionTrait,
    caller: &Caller,
    c: CommunityId,
) -> ApiResult<Option<vp::Model>> {
    Ok(vp::Entity::find()
        .filter(vp::Column::UserId.eq(caller.user_id))
        .filter(vp::Column::CommunityId.eq(c))
        .one(db)
        .await?)
}

/// `GET /me/profile`.
pub async fn get(db: &impl ConnectionTrait, caller: &Caller) -> ApiResult<VolunteerProfile> {
    let c = community_of(caller)?;
    Ok(match mine(db, caller, c).await? {
        Some(p) => view(p),
        None => VolunteerProfile {
            skills: Vec::new(),
            background: None,
            available: true,
            grid_id: None,
            max_open: DEFAULT_MAX_OPEN,
        },
    })
}

/// `PUT /me/profile`: the whole profile, checked.
pub async fn put(
    db: &Db,
    caller: &Caller,
    req: VolunteerProfile,
    now: DateTime<Utc>,
) -> ApiResult<VolunteerProfile> {
    let c = community_of(caller)?;
    let skills = Skills::parse(&req.skills)?.join(",");
    let background = Background::parse_opt(req.background.as_deref())?.map(Background::into_inner);
    if !(1..=MAX_OPEN_LIMIT).contains(&req.max_open) {
        return Err(ApiError::invalid(format!(
            "max_open must be between 1 and {MAX_OPEN_LIMIT}"
        )));
    }
    if let Some(g) = req.grid_id {
        let ours = grid::Entity::find_by_id(g)
            .one(&db.read)
            .await?
            .is_some_and(|g| g.community_id == c);
        if !ours {
            return Err(ApiError::invalid(format!(
                "grid {g} is not a grid of your community"
            )));
        }
    }
    let saved = match mine(&db.read, caller, c).await? {
        Some(p) => {
            let mut a: vp::ActiveModel = p.into();
            a.skills = Set(skills);
            a.background = Set(background);
            a.available = Set(req.available);
            a.grid_id = Set(req.grid_id);
            a.max_open = Set(req.max_open);
            a.update(&db.write).await?
        }
        None => {
            vp::ActiveModel {
                user_id: Set(caller.user_id),
                community_id: Set(c),
                grid_id: Set(req.grid_id),
                skills: Set(skills),
                registered_at: Set(now),
                background: Set(background),
                available: Set(req.available),
                max_open: Set(req.max_open),
                ..Default::default()
            }
            .insert(&db.write)
            .await?
        }
    };
    Ok(view(saved))
}
