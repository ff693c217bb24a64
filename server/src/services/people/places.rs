//! The places tree: district → streets → communities → grids → buildings.
//! The admin sets up streets and communities; the admin or the community's
//! committee its grids and buildings. Names are unique among siblings (a
//! unique index: a duplicate, even from two requests at once, is 409).

use crate::auth::Caller;
use crate::db::Db;
use crate::entities::{building, community, district, grid, street};
use crate::error::{ApiError, ApiResult};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use shared::api::{
    CommunityNode, DistrictNode, GridNode, NamedRef, NewCommunity, PlaceName, Places, StreetNode,
};
use shared::input::PlaceName as Name;
use shared::{BuildingId, CommunityId, GridId, Role, StreetId};

/// Which part of the tree a caller sees.
enum Scope {
    All,
    District(shared::DistrictId),
    Street(StreetId),
    Community(CommunityId),
}

fn scope_of(caller: Option<&Caller>) -> Option<Scope> {
    let Some(c) = caller else {
        // Before signing up: every community, to choose one's home.
        return Some(Scope::All);
    };
    if let (true, Some(d)) = (c.has(Role::Admin), c.district_id) {
        return Some(Scope::District(d));
    }
    if let (true, Some(s)) = (c.has(Role::StreetOfficer), c.street_id) {
        return Some(Scope::Street(s));
    }
    match c.community_id {
        Some(id) => Some(Scope::Community(id)),
        // Signed in but no one's member yet (an applicant): the whole tree,
        // as before signing up, to apply again.
        None => Some(Scope::All),
    }
}

/// `GET /places`: the caller's part of the tree (all of it before sign-in,
/// for choosing one's home), each level by name.
pub async fn tree(db: &impl ConnectionTrait, caller: Option<&Caller>) -> ApiResult<Places> {
    let Some(scope) = scope_of(caller) else {
        return Ok(Places { districts: vec![] });
    };
    let mut communities = community::Entity::find().order_by_asc(community::Column::Name);
    let mut streets = street::Entity::find().order_by_asc(street::Column::Name);
    match &scope {
        Scope::All => {}
        Scope::District(d) => streets = streets.filter(street::Column::DistrictId.eq(*d)),
        Scope::Street(s) => {
            streets = streets.filter(street::Column::Id.eq(*s));
            communities = communities.filter(community::Column::StreetId.eq(*s));
        }
        Scope::Community(id) => communities = communities.filter(community::Column::Id.eq(*id)),
    }
    let streets = streets.all(db).await?;
    let street_ids: Vec<StreetId> = streets.iter().map(|s| s.id).collect();
    let communities: Vec<community::Model> = communities
        .filter(community::Column::StreetId.is_in(street_ids))
        .all(db)
        .await?;
    let community_ids: Vec<CommunityId> = communities.iter().map(|c| c.id).collect();
    let grids = grid::Entity::find()
        .filter(grid::Column::CommunityId.is_in(community_ids))
        .order_by_asc(grid::Column::Name)
        .all(db)
        .await?;
    let grid_ids: Vec<GridId> = grids.iter().map(|g| g.id).collect();
    let buildings = building::Entity::find()
        .filter(building::Column::GridId.is_in(grid_ids))
        .order_by_asc(building::Column::Name)
        .all(db)
        .await?;
    let district_ids: Vec<_> = streets.iter().map(|s| s.district_id).collect();
    let districts = district::Entity::find()
        .filter(district::Column::Id.is_in(district_ids))
        .order_by_asc(district::Column::Name)
        .all(db)
        .await?;
    let keep_street = |s: &street::Model| match scope {
        // A committee sees only the street of its community.
        Scope::Community(_) => communities.iter().any(|c| c.street_id == s.id),
        _ => true,
    };
    Ok(Places {
        districts: districts
            .into_iter()
            .map(|d| DistrictNode {
                streets: streets
                    .iter()
                    .filter(|s| s.district_id == d.id && keep_street(s))
                    .map(|s| StreetNode {
                        communities: communities
                            .iter()
                            .filter(|c| c.street_id == s.id)
                            .map(|c| CommunityNode {
                                grids: grids
                                    .iter()
                                    .filter(|g| g.community_id == c.id)
                                    .map(|g| GridNode {
                                        buildings: buildings
                                            .iter()
                                            .filter(|b| b.grid_id == g.id)
                                            .map(|b| NamedRef {
                                                id: b.id,
                                                name: b.name.clone(),
                                            })
                                            .collect(),
                                        id: g.id,
                                        name: g.name.clone(),
                                    })
                                    .collect(),
                                id: c.id,
                                name: c.name.clone(),
                            })
                            .collect(),
                        id: s.id,
                        name: s.name.clone(),
                    })
                    .collect(),
                id: d.id,
                name: d.name,
            })
            .collect(),
    })
}

fn admin_district(caller: &Caller) -> ApiResult<shared::DistrictId> {
    match (caller.has(Role::Admin), caller.district_id) {
        (true, Some(d)) => Ok(d),
        _ => Err(ApiError::forbidden(
            "only the district's admin sets up streets and communities",
        )),
    }
}

/// The street, if it is in the admin's district.
async fn street_of_admin(db: &Db, caller: &Caller, id: StreetId) -> ApiResult<street::Model> {
    let d = admin_district(caller)?;
    street::Entity::find_by_id(id)
        .one(&db.read)
        .await?
        .filter(|s| s.district_id == d)
        .ok_or_else(|| ApiError::not_found("street"))
}

/// The community, if the caller is its committee or the admin of its district.
pub(crate) async fn community_managed(
    db: &Db,
    caller: &Caller,
    id: CommunityId,
) -> ApiResult<community::Model> {
    let c = community::Entity::find_by_id(id)
        .one(&db.read)
        .await?
        .ok_or_else(|| ApiError::not_found("community"))?;
    if caller.is_committee_of(c.id) {
        return Ok(c);
    }
    if caller.has(Role::Admin) {
        let s = street::Entity::find_by_id(c.street_id)
            .one(&db.read)
            .await?;
        if s.is_some_and(|s| Some(s.district_id) == caller.district_id) {
            return Ok(c);
        }
    }
    Err(ApiError::not_found("community"))
}

async fn grid_managed(db: &Db, caller: &Caller, id: GridId) -> ApiResult<grid::Model> {
    let g = grid::Entity::find_by_id(id)
        .one(&db.read)
        .await?
        .ok_or_else(|| ApiError::not_found("grid"))?;
    community_managed(db, caller, g.community_id)
        .await
        .map_err(|_| ApiError::not_found("grid"))?;
    Ok(g)
}

pub async fn create_street(
    db: &Db,
    caller: &Caller,
    req: &PlaceName,
) -> ApiResult<NamedRef<StreetId>> {
    let district_id = admin_district(caller)?;
    let name = Name::parse(&req.name)?.into_inner();
    let s = street::ActiveModel {
        district_id: Set(district_id),
        name: Set(name),
        ..Default::default()
    }
    .insert(&db.write)
    .await
    .map_err(taken)?;
    Ok(NamedRef {
        id: s.id,
        name: s.name,
    })
}

pub async fn create_community(
    db: &Db,
    caller: &Caller,
    req: &NewCommunity,
) -> ApiResult<NamedRef<CommunityId>> {
    let name = Name::parse(&req.name)?.into_inner();
    let s = street_of_admin(db, caller, req.street_id).await?;
    let c = community::ActiveModel {
        board_enabled: Set(false),
        street_id: Set(s.id),
        name: Set(name),
        ..Default::default()
    }
    .insert(&db.write)
    .await
    .map_err(taken)?;
    Ok(NamedRef {
        id: c.id,
        name: c.name,
    })
}

pub async fn create_grid(
    db: &Db,
    caller: &Caller,
    community: CommunityId,
    req: &PlaceName,
) -> ApiResult<NamedRef<GridId>> {
    let name = Name::parse(&req.name)?.into_inner();
    let c = community_managed(db, caller, community).await?;
    let g = grid::ActiveModel {
        community_id: Set(c.id),
        name: Set(name),
        ..Default::default()
    }
    .insert(&db.write)
    .await
    .map_err(taken)?;
    Ok(NamedRef {
        id: g.id,
        name: g.name,
    })
}

pub async fn create_building(
    db: &Db,
    caller: &Caller,
    grid: GridId,
    req: &PlaceName,
) -> ApiResult<NamedRef<BuildingId>> {
    let name = Name::parse(&req.name)?.into_inner();
    let g = grid_managed(db, caller, grid).await?;
    let b = building::ActiveModel {
        grid_id: Set(g.id),
        name: Set(name),
        ..Default::default()
    }
    .insert(&db.write)
    .await
    .map_err(taken)?;
    Ok(NamedRef {
        id: b.id,
        name: b.name,
    })
}

/// Which place a `PATCH` renames.
#[derive(Debug, Clone, Copy)]
pub enum Place {
    Street(StreetId),
    Community(CommunityId),
    Grid(GridId),
    Building(BuildingId),
}

/// Renames a place; the same people who may create it may rename it.
pub async fn rename(
    db: &Db,
    caller: &Caller,
    place: Place,
    req: &PlaceName,
) -> ApiResult<PlaceName> {
    let name = Name::parse(&req.name)?.into_inner();
    match place {
        Place::Street(id) => {
            let s = street_of_admin(db, caller, id).await?;
            let mut a: street::ActiveModel = s.into();
            a.name = Set(name.clone());
            a.update(&db.write).await.map_err(taken)?;
        }
        Place::Community(id) => {
            admin_district(caller)?;
            let c = community_managed(db, caller, id).await?;
            let mut a: community::ActiveModel = c.into();
            a.name = Set(name.clone());
            a.update(&db.write).await.map_err(taken)?;
        }
        Place::Grid(id) => {
            let g = grid_managed(db, caller, id).await?;
            let mut a: grid::ActiveModel = g.into();
            a.name = Set(name.clone());
            a.update(&db.write).await.map_err(taken)?;
        }
        Place::Building(id) => {
            let b = building::Entity::find_by_id(id)
                .one(&db.read)
                .await?
                .ok_or_else(|| ApiError::not_found("building"))?;
            grid_managed(db, caller, b.grid_id)
                .await
                .map_err(|_| ApiError::not_found("building"))?;
            let mut a: building::ActiveModel = b.into();
            a.name = Set(name.clone());
            a.update(&db.write).await.map_err(taken)?;
        }
    }
    Ok(PlaceName { name })
}

/// A name already taken among the place's siblings: 409 in words.
fn taken(e: sea_orm::DbErr) -> ApiError {
    let e = ApiError::from(e);
    if e.code() == shared::ErrorCode::Conflict {
        return ApiError::conflict(
            shared::ErrorCode::Conflict,
            "this name is already taken here: choose another",
        );
    }
    e
}

/// The grid a building stands in, and the community of that grid.
pub async fn home_of(
    db: &impl ConnectionTrait,
    building: BuildingId,
) -> ApiResult<Option<(GridId, CommunityId)>> {
    let Some(b) = building::Entity::find_by_id(building).one(db).await? else {
        return Ok(None);
    };
    let g = grid::Entity::find_by_id(b.grid_id).one(db).await?;
    Ok(g.map(|g| (g.id, g.community_id)))
}
