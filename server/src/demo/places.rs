//! The demo's places: one district, two streets, three communities, three
//! grids with two buildings each.

use super::Ids;
use crate::db::Db;
use crate::entities::*;
use crate::error::ApiResult;
use sea_orm::{ActiveModelTrait, Set};
use shared::{BuildingId, DistrictId, GridId, StreetId};

pub(super) struct Places {
    pub district: DistrictId,
    /// 东关街道 (幸福社区 and 和谐社区) and 西关街道 (平安社区).
    pub east: StreetId,
    pub west: StreetId,
    pub ids: Ids,
    /// 幸福社区's two grids, then 和谐社区's one.
    pub grids: Vec<GridId>,
    /// Two per grid, in the grids' order.
    pub buildings: Vec<BuildingId>,
}

pub(super) async fn seed(db: &Db) -> ApiResult<Places> {
    let district = district::ActiveModel {
        name: Set("城关区".into()),
        ..Default::default()
    }
    .insert(&db.write)
    .await?;
    let street = street::ActiveModel {
        district_id: Set(district.id),
        name: Set("东关街道".into()),
        ..Default::default()
    }
    .insert(&db.write)
    .await?;
    let west = street::ActiveModel {
        district_id: Set(district.id),
        name: Set("西关街道".into()),
        ..Default::default()
    }
    .insert(&db.write)
    .await?;
    let mut community_ids = Vec::new();
    for (name, on) in [
        ("幸福社区", street.id),
        ("和谐社区", street.id),
        ("平安社区", west.id),
    ] {
        let c = community::ActiveModel {
            board_enabled: Set(false),
            street_id: Set(on),
            name: Set(name.into()),
            ..Default::default()
        }
        .insert(&db.write)
        .await?;
        community_ids.push(c.id);
    }
    let ids = Ids {
        xingfu: community_ids[0],
        hexie: community_ids[1],
        pingan: community_ids[2],
    };
    let mut grids = Vec::new();
    for (community, name) in [
        (ids.xingfu, "第一网格"),
        (ids.xingfu, "第二网格"),
        (ids.hexie, "第一网格"),
    ] {
        let g = grid::ActiveModel {
            community_id: Set(community),
            name: Set(name.into()),
            ..Default::default()
        }
        .insert(&db.write)
        .await?;
        grids.push(g.id);
    }
    // Two buildings in each grid, for residents to say where they live.
    let mut buildings = Vec::new();
    for (i, g) in grids.iter().enumerate() {
        for n in 1..=2 {
            let b = building::ActiveModel {
                grid_id: Set(*g),
                name: Set(format!("{}号楼", i * 2 + n)),
                ..Default::default()
            }
            .insert(&db.write)
            .await?;
            buildings.push(b.id);
        }
    }
    Ok(Places {
        district: district.id,
        east: street.id,
        west: west.id,
        ids,
        grids,
        buildings,
    })
}
