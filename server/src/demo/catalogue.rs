//! The demo's service catalogue for all three order kinds, with each
//! service's dispatch mode and skills, and the points supermarket's rewards.

use super::Ids;
use crate::db::Db;
use crate::entities::*;
use crate::error::ApiResult;
use sea_orm::{ActiveModelTrait, Set};
use shared::{ClockKind, DispatchMode, OrderKind};

pub(super) async fn seed(db: &Db, ids: &Ids) -> ApiResult<()> {
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
        for (name, cost, stock, donor, description) in [
            ("理发券", 10, 20, "幸福理发店", "社区服务站领取，到店使用"),
            ("洗衣液", 15, 10, "社区物业", "社区服务站领取"),
            ("食用油 5L", 30, 5, "爱心超市", "社区服务站领取"),
            (
                "大米 10kg",
                50,
                2,
                "爱心超市",
                "社区服务站领取，可请网格员送上门",
            ),
        ] {
            reward::ActiveModel {
                community_id: Set(community),
                name: Set(name.into()),
                cost: Set(cost),
                stock: Set(stock),
                donor: Set(Some(donor.into())),
                description: Set(Some(description.into())),
                photo_id: Set(None),
                on_shelf: Set(true),
                ..Default::default()
            }
            .insert(&db.write)
            .await?;
        }
    }
    Ok(())
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
