use sea_orm::entity::prelude::*;
use shared::{CommunityId, DistrictId, PartnerId, PartnerKind, StreetId, UserId};

/// A partner system's key: Open311 clients, the 12345 hotline.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partners")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: PartnerId,
    pub name: String,
    pub kind: PartnerKind,
    /// SHA-256 of the key, hex.
    pub key_hash: String,
    pub key_prefix: String,
    /// The hotline's HMAC secret (needed to check and to sign, so kept).
    pub secret: Option<String>,
    /// Exactly one of the three is set: the key's scope.
    pub community_id: Option<CommunityId>,
    pub street_id: Option<StreetId>,
    pub district_id: Option<DistrictId>,
    pub callback_url: Option<String>,
    pub rate_per_minute: i32,
    /// Minutes since 1970 of the rate limit's current window, and its use.
    pub window_minute: i64,
    pub window_used: i32,
    pub created_by: UserId,
    pub created_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
