use super::parse_opt;
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
    kind: Option<String>,
}

#[get("/categories")]
pub async fn list_categories(
    db: web::Data<Db>,
    caller: Caller,
    q: web::Query<KindParam>,
) -> ApiResult<web::Json<Items<Category>>> {
    let kind = parse_opt(q.kind.as_deref(), "kind", OrderKind::parse)?;
    Ok(web::Json(Items {
        items: catalog::categories(&db.read, &caller, kind).await?,
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
