use sea_orm::entity::prelude::*;
use shared::{CategoryId, CommunityId, GridId, OrderId, UnitId, UserId};
use shared::{Channel, DispatchMode, Level, OrderKind, OrderStatus, Track};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: OrderId,
    pub community_id: CommunityId,
    pub kind: OrderKind,
    pub category_id: CategoryId,
    pub title: String,
    pub description: String,
    pub address: Option<String>,
    pub preferred_time: Option<String>,
    pub status: OrderStatus,
    pub requester_id: UserId,
    pub assignee_unit_id: Option<UnitId>,
    pub assignee_user_id: Option<UserId>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub due_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub rating: Option<i32>,
    pub comment: Option<String>,
    /// Someone must accept or claim by then (while pending or dispatched).
    pub respond_by: Option<DateTimeUtc>,
    /// Who answers for it now (四级吹哨).
    pub level: Level,
    /// Rated 1 or 2: on the committee's revisit list (回头看).
    pub revisit: bool,
    /// The grid the order comes from: the requester's home in the places tree.
    pub grid_id: Option<GridId>,
    /// Its category's dispatch mode when it was placed.
    pub dispatch_mode: DispatchMode,
    /// 三事分流, once triaged.
    pub track: Option<Track>,
    /// How it came in.
    pub channel: Channel,
    /// Who placed it on the requester's behalf (代点单).
    pub placed_by: Option<UserId>,
    /// When it was last dispatched (response times are counted from it).
    pub dispatched_at: Option<DateTimeUtc>,
    /// Who auto dispatch has tried (`v12,u3`), so that a reject goes on to
    /// the next candidate.
    pub tried: String,
    /// The partner key that placed it (hotline, Open311).
    pub partner_id: Option<shared::PartnerId>,
    /// The 12345 hotline's number of its work order.
    pub hotline_number: Option<String>,
    /// Where, as an Open311 client gave it.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::category::Entity",
        from = "Column::CategoryId",
        to = "super::category::Column::Id"
    )]
    Category,
}

impl Related<super::category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Category.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The number people read and quote, e.g. `20261122-00042`: the day it
    /// was placed and its id (below every service that shows or sends it).
    pub fn number(&self) -> String {
        format!("{}-{:05}", self.created_at.format("%Y%m%d"), self.id)
    }
}
