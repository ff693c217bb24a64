//! Volunteers' own profiles, units' skills and categories' skills.

use super::*;
use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn volunteers_keep_their_own_profiles_and_units_their_skills() {
    let app = spawn_app().await;
    let doctor = app.login(DOCTOR).await;
    let (status, mine) = app.get(&doctor, "/me/profile").await;
    assert_eq!(status, StatusCode::OK, "{mine}");
    assert_eq!(mine["skills"], json!(["义诊", "健康咨询", "送医"]));
    assert_eq!(
        (mine["available"].clone(), mine["max_open"].clone()),
        (json!(true), json!(3))
    );

    let committee = app.login(COMMITTEE).await;
    let community = community_of(&app, &committee).await;
    let (_, places) = app.get(&committee, "/places").await;
    let grid =
        find_grid(&places, community).unwrap_or_else(|| panic!("a grid of 幸福社区 in {places}"));
    let (status, saved) = app
        .put(
            &doctor,
            "/me/profile",
            json!({"skills": ["义诊", "心理疏导"], "background": "社区医院全科医生",
                   "available": true, "grid_id": grid, "max_open": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["skills"], json!(["义诊", "心理疏导"]));
    assert_eq!(saved["max_open"], 5);
    let (_, again) = app.get(&doctor, "/me/profile").await;
    assert_eq!(again, saved);

    for bad in [
        json!({"skills": [], "available": true, "max_open": 0}),
        json!({"skills": [], "available": true, "max_open": 21}),
        json!({"skills": ["这是一个超过二十个字的非常非常非常长的技能名称啊"], "available": true}),
        json!({"skills": [], "available": true, "grid_id": 999_999}),
    ] {
        let (status, body) = app.put(&doctor, "/me/profile", bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad} → {body}");
    }
    // A grid of another community is not one's home grid.
    let (_, hexie_places) = app.get(&app.login(HEXIE_COMMITTEE).await, "/places").await;
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let hexie_grid = find_grid(&hexie_places, community_of(&app, &hexie).await);
    if let Some(g) = hexie_grid {
        let (status, _) = app
            .put(
                &doctor,
                "/me/profile",
                json!({"skills": [], "available": true, "grid_id": g}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    // Residents have no volunteer profile.
    let resident = app.login(RESIDENT).await;
    let (status, _) = app.get(&resident, "/me/profile").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A unit's skills (资源清单): its own staff or the committee; not another
    // community's committee.
    let property = app.unit_id(&committee, "红色物业").await;
    let staff = app.login(PROPERTY).await;
    let (status, unit) = app
        .put(
            &staff,
            &format!("/units/{property}"),
            json!({"skills": ["设施报修", "绿化养护"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{unit}");
    assert_eq!(unit["skills"], json!(["设施报修", "绿化养护"]));
    let (status, _) = app
        .put(
            &committee,
            &format!("/units/{property}"),
            json!({"skills": ["设施报修"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .put(&hexie, &format!("/units/{property}"), json!({"skills": []}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Categories list the skills they need, edited with the category.
    let (status, cat) = app
        .patch(
            &committee,
            "/categories/haircut",
            json!({"skills": ["理发", "助老助残"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{cat}");
    assert_eq!(cat["skills"], json!(["理发", "助老助残"]));
}
