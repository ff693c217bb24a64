//! The demo data of CONTRACT.md: three communities on two streets of one district, every demo
//! account, a service catalogue for all three kinds, rewards with limited stock,
//! and some history made through the real workflow so timelines and points add up.

pub mod bulk;
mod history;

use crate::auth::password;
use crate::db::Db;
use crate::entities::*;
use crate::error::ApiResult;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};
use shared::CommunityId;
use shared::{ClockKind, DispatchMode, OrderKind, Role};

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
        "13900000098" => Some(street.id),
        "13900000198" => Some(west.id),
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
            password_hash: Set(Some(hash.clone())),
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
                district_id: Set((*role == Role::Admin).then_some(district.id)),
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
        password_hash: Set(Some(hash.clone())),
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
        password_hash: Set(Some(hash.clone())),
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

    // code, kind, name, response minutes, completion minutes, points
    let catalogue: &[(&str, OrderKind, &str, i32, i32, i32)] = &[
        (
            "wish_goods",
            OrderKind::MicroWish,
            "物品心愿",
            24 * 60,
            7 * 24 * 60,
            10,
        ),
        (
            "wish_visit",
            OrderKind::MicroWish,
            "陪伴探访",
            24 * 60,
            3 * 24 * 60,
            10,
        ),
        (
            "haircut",
            OrderKind::DoorService,
            "上门理发",
            60,
            2 * 24 * 60,
            5,
        ),
        (
            "appliance_repair",
            OrderKind::DoorService,
            "家电维修",
            30,
            24 * 60,
            8,
        ),
        (
            "meal_delivery",
            OrderKind::DoorService,
            "助餐送餐",
            15,
            2 * 60,
            3,
        ),
        (
            "errand",
            OrderKind::DoorService,
            "代办服务",
            60,
            2 * 24 * 60,
            5,
        ),
        ("clinic", OrderKind::DoorService, "上门义诊", 60, 24 * 60, 8),
        (
            "facility_repair",
            OrderKind::Appeal,
            "设施报修",
            30,
            24 * 60,
            6,
        ),
        (
            "environment",
            OrderKind::Appeal,
            "环境卫生",
            60,
            2 * 24 * 60,
            4,
        ),
        ("dispute", OrderKind::Appeal, "矛盾调解", 60, 3 * 24 * 60, 8),
        (
            "hotline_12345",
            OrderKind::Appeal,
            "12345热线工单",
            15,
            3 * 24 * 60,
            6,
        ),
    ];
    for community in [ids.xingfu, ids.hexie, ids.pingan] {
        for (code, kind, name, response, completion, points) in catalogue {
            category::ActiveModel {
                community_id: Set(community),
                code: Set((*code).into()),
                kind: Set(*kind),
                name: Set((*name).into()),
                response_minutes: Set(*response),
                completion_minutes: Set(*completion),
                points: Set(*points),
                active: Set(true),
                clock: Set(ClockKind::Natural),
                hours: Set(1.0),
                dispatch_mode: Set(demo_mode(code)),
                skills: Set(demo_skills(code).into()),
                ..Default::default()
            }
            .insert(&db.write)
            .await?;
        }
        for (name, cost, stock) in [
            ("理发券", 10, 20),
            ("洗衣液", 15, 10),
            ("食用油 5L", 30, 5),
            ("大米 10kg", 50, 2),
        ] {
            reward::ActiveModel {
                community_id: Set(community),
                name: Set(name.into()),
                cost: Set(cost),
                stock: Set(stock),
                ..Default::default()
            }
            .insert(&db.write)
            .await?;
        }
    }

    history::seed(db, &users, &units, now).await
}

/// How the demo's services reach someone: meals go out by themselves (auto),
/// errands wait in the task hall for whoever grabs them, the rest the
/// committee dispatches.
fn demo_mode(code: &str) -> DispatchMode {
    match code {
        "meal_delivery" => DispatchMode::Auto,
        "errand" => DispatchMode::Grab,
        _ => DispatchMode::Manual,
    }
}

/// The skills each demo service needs (matched against profiles and units'
/// 资源清单 when ranking).
fn demo_skills(code: &str) -> &'static str {
    match code {
        "haircut" => "理发",
        "appliance_repair" => "家电维修",
        "meal_delivery" => "助餐送餐",
        "errand" => "代办跑腿",
        "clinic" => "义诊,健康咨询",
        "facility_repair" => "设施报修",
        "environment" => "环境卫生,保洁",
        "dispute" => "矛盾调解,法律咨询",
        "wish_visit" => "陪伴探访",
        _ => "",
    }
}
