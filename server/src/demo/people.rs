//! The demo's people: every demo account of the contract with its roles,
//! the two who wait for the committee, the volunteers' profiles, and the
//! member units with their staff.

use super::places::Places;
use crate::db::Db;
use crate::entities::*;
use crate::error::ApiResult;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, Set};
use shared::{CommunityId, Role, UnitId};
use std::collections::HashMap;

/// The demo's accounts by phone, and its units.
pub(super) type People = (HashMap<&'static str, user::Model>, Vec<UnitId>);

pub(super) async fn seed(
    db: &Db,
    p: &Places,
    hash: &str,
    now: chrono::DateTime<Utc>,
) -> ApiResult<People> {
    let (ids, grids, buildings) = (&p.ids, &p.grids, &p.buildings);
    // phone, name, community, roles
    let people: &[(&str, &str, Option<CommunityId>, &[Role])] = &[
        (
            "13900000001",
            "李书记",
            Some(ids.xingfu),
            &[Role::Committee],
        ),
        // A committee member who is also a resident: moves between the desk
        // and the phone app by switching the hat.
        (
            "13900000002",
            "王委员",
            Some(ids.xingfu),
            &[Role::Committee, Role::Resident],
        ),
        ("13900000011", "王秀英", Some(ids.xingfu), &[Role::Resident]),
        ("13900000012", "张建国", Some(ids.xingfu), &[Role::Resident]),
        (
            "13900000021",
            "刘医生",
            Some(ids.xingfu),
            &[Role::Resident, Role::Volunteer],
        ),
        (
            "13900000022",
            "陈师傅",
            Some(ids.xingfu),
            &[Role::Resident, Role::Volunteer],
        ),
        (
            "13900000023",
            "赵律师",
            Some(ids.xingfu),
            &[Role::Resident, Role::Volunteer],
        ),
        (
            "13900000031",
            "孙科长",
            Some(ids.xingfu),
            &[Role::UnitMember],
        ),
        (
            "13900000032",
            "周经理",
            Some(ids.xingfu),
            &[Role::UnitMember],
        ),
        (
            "13900000041",
            "吴网格",
            Some(ids.xingfu),
            &[Role::GridWorker],
        ),
        ("13900000099", "郑主任", None, &[Role::Admin]),
        ("13900000101", "黄书记", Some(ids.hexie), &[Role::Committee]),
        ("13900000111", "何阿姨", Some(ids.hexie), &[Role::Resident]),
        (
            "13900000201",
            "马书记",
            Some(ids.pingan),
            &[Role::Committee],
        ),
        ("13900000211", "林大爷", Some(ids.pingan), &[Role::Resident]),
        ("13900000098", "冯科长", None, &[Role::StreetOfficer]),
        ("13900000198", "邓科长", None, &[Role::StreetOfficer]),
    ];
    // The street each officer answers for.
    let officer_of = |phone: &str| match phone {
        "13900000098" => Some(p.east),
        "13900000198" => Some(p.west),
        _ => None,
    };
    let mut users = std::collections::HashMap::new();
    // Where the two residents of 幸福社区 live: 1号楼, in its first grid (so
    // that dispatch can say who is of the same grid).
    let home = |phone: &str| match phone {
        "13900000011" => Some("101"),
        "13900000012" => Some("201"),
        _ => None,
    };
    for (phone, name, community, roles) in people {
        let u = user::ActiveModel {
            phone: Set((*phone).into()),
            name: Set((*name).into()),
            password_hash: Set(Some(hash.to_string())),
            wechat_openid: Set(None),
            community_id: Set(*community),
            points_balance: Set(0),
            created_at: Set(now),
            building_id: Set(home(phone).and(buildings.first().copied())),
            room: Set(home(phone).map(String::from)),
            ..Default::default()
        }
        .insert(&db.write)
        .await?;
        for role in *roles {
            membership::ActiveModel {
                user_id: Set(u.id),
                role: Set(*role),
                community_id: Set(*community),
                district_id: Set((*role == Role::Admin).then_some(p.district)),
                street_id: Set(officer_of(phone).filter(|_| *role == Role::StreetOfficer)),
                grid_id: Set((*role == Role::GridWorker).then_some(grids[0])),
                ..Default::default()
            }
            .insert(&db.write)
            .await?;
        }
        users.insert(*phone, u);
    }
    // An in-service party member who reported (双报到) and waits.
    let engineer = user::ActiveModel {
        phone: Set("13900000024".into()),
        name: Set("周工程师".into()),
        password_hash: Set(Some(hash.to_string())),
        community_id: Set(None),
        points_balance: Set(0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&db.write)
    .await?;
    volunteer_application::ActiveModel {
        user_id: Set(engineer.id),
        community_id: Set(ids.xingfu),
        work_unit: Set("区供电公司".into()),
        party_member: Set(true),
        skills: Set("电工,线路检修".into()),
        background: Set(Some("从事电力维修十五年".into())),
        status: Set(shared::api::MembershipStatus::Pending),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&db.write)
    .await?;
    // A resident who registered and waits for the committee's approval.
    let waiting = user::ActiveModel {
        phone: Set("13900000013".into()),
        name: Set("孙阿姨".into()),
        password_hash: Set(Some(hash.to_string())),
        community_id: Set(None),
        points_balance: Set(0),
        created_at: Set(now),
        building_id: Set(buildings.first().copied()),
        room: Set(Some("302".into())),
        ..Default::default()
    }
    .insert(&db.write)
    .await?;
    membership::ActiveModel {
        user_id: Set(waiting.id),
        role: Set(Role::Resident),
        community_id: Set(Some(ids.xingfu)),
        status: Set(shared::api::MembershipStatus::Pending),
        created_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(&db.write)
    .await?;

    for (phone, grid, skills) in [
        ("13900000021", grids[0], "义诊,健康咨询,送医"),
        ("13900000022", grids[0], "水电维修,家电维修,管道疏通"),
        ("13900000023", grids[1], "法律咨询,矛盾调解"),
    ] {
        volunteer_profile::ActiveModel {
            user_id: Set(users[phone].id),
            community_id: Set(ids.xingfu),
            grid_id: Set(Some(grid)),
            skills: Set(skills.into()),
            registered_at: Set(now),
            ..Default::default()
        }
        .insert(&db.write)
        .await?;
    }

    let mut units = Vec::new();
    for (name, kind, skills, member) in [
        (
            "市场监督管理局",
            "government",
            "食品安全,价格投诉,消费维权",
            "13900000031",
        ),
        (
            "红色物业",
            "property",
            "设施报修,环境卫生,停车管理,保洁",
            "13900000032",
        ),
    ] {
        let u = unit::ActiveModel {
            name: Set(name.into()),
            kind: Set(kind.into()),
            skills: Set(skills.into()),
            ..Default::default()
        }
        .insert(&db.write)
        .await?;
        unit_registration::ActiveModel {
            unit_id: Set(u.id),
            community_id: Set(ids.xingfu),
            registered_at: Set(now),
            ..Default::default()
        }
        .insert(&db.write)
        .await?;
        unit_member::ActiveModel {
            unit_id: Set(u.id),
            user_id: Set(users[member].id),
            ..Default::default()
        }
        .insert(&db.write)
        .await?;
        units.push(u.id);
    }
    Ok((users, units))
}
