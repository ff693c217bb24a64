use super::empty_is_none;
use crate::auth::Caller;
use crate::db::Db;
use crate::error::ApiResult;
use crate::services::catalog;
use actix_web::{get, web};
use serde::Deserialize;
use shared::api::{Category, Items, UnitSummary, VolunteerSummary};
use shared::OrderKind;

#[derive(Debug, Deserialize)]
pub struct KindParam {
    #[serde(default, deserialize_with = "empty_is_none")]
    kind: Option<OrderKind>,
}

#[get("/categories")]
pub async fn list_categories(
    db: web::Data<Db>,
    caller: Caller,
    q: web::Query<KindParam>,
) -> ApiResult<web::Json<Items<Category>>> {
    Ok(web::Json(Items {
        items: catalog::categories(&db.read, &caller, q.kind).await?,
    }))
}

#[get("/units")]
pub async fn list_units(
    db: web::Data<Db>,
    caller: Caller,
) -> ApiResult<web::Json<Items<UnitSummary>>> {
    Ok(web::Json(Items {
        items: catalog::units(&db.read, &caller).await?,
    }))
}

#[get("/volunteers")]
pub async fn list_volunteers(
    db: web::Data<Db>,
    caller: Caller,
) -> ApiResult<web::Json<Items<VolunteerSummary>>> {
    Ok(web::Json(Items {
        items: catalog::volunteers(&db.read, &caller).await?,
    }))
}
