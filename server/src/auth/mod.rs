//! Who is calling: JWT access tokens, passwords, refresh-token secrets and the
//! login throttle.

pub mod jwt;
pub mod password;
pub mod throttle;
pub mod tokens;

use crate::db::Db;
use crate::error::ApiError;
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use sea_orm::{EntityTrait, QuerySelect};
use shared::{CommunityId, DistrictId, StreetId, UnitId, UserId};

use shared::{ErrorCode, Role};
use std::future::Future;
use std::pin::Pin;

/// The authenticated caller, read from the access token. Roles change rarely
/// and tokens live 15 minutes, so they come from the token; the one database
/// step is a primary-key read of the account: that it still exists, is
/// active, and has not had its roles changed since the token was issued
/// (`session_epoch`), so a deactivation or a role change takes effect at once.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: UserId,
    pub roles: Vec<Role>,
    /// The community the caller's roles apply to.
    pub community_id: Option<CommunityId>,
    /// For district admins.
    pub district_id: Option<DistrictId>,
    /// The member unit the caller works for.
    pub unit_id: Option<UnitId>,
    /// For street officers.
    pub street_id: Option<StreetId>,
    /// The sign-in this token belongs to (its refresh-token family), for
    /// what must end with it (live streams). None for a caller made without a
    /// sign-in.
    pub session: Option<String>,
    /// The account's `session_epoch` the token was issued at: roles or
    /// standing changed since → the token is refused and refreshed.
    pub epoch: i32,
    /// When the access token expires (system time, as its library checks it).
    pub token_expires: Option<chrono::DateTime<chrono::Utc>>,
}

impl Caller {
    /// Nobody in particular: no account, no roles. What a partner system's
    /// answer is rendered as (it sees an order as a stranger would).
    pub fn nobody() -> Caller {
        Caller {
            user_id: UserId(0),
            roles: Vec::new(),
            community_id: None,
            district_id: None,
            unit_id: None,
            street_id: None,
            session: None,
            epoch: 0,
            token_expires: None,
        }
    }

    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Committee of this very community.
    pub fn is_committee_of(&self, community_id: CommunityId) -> bool {
        self.has(Role::Committee) && self.community_id == Some(community_id)
    }

    /// Committee or grid worker of this community: they see all its orders.
    pub fn oversees(&self, community_id: CommunityId) -> bool {
        (self.has(Role::Committee) || self.has(Role::GridWorker))
            && self.community_id == Some(community_id)
    }

    /// A volunteer or unit member working in this community.
    pub fn serves_in(&self, community_id: CommunityId) -> bool {
        (self.has(Role::Volunteer) || (self.has(Role::UnitMember) && self.unit_id.is_some()))
            && self.community_id == Some(community_id)
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Caller, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let caller = caller_from(&req)?;
            let db = app_data::<Db>(&req)?;
            use crate::entities::user;
            let account = user::Entity::find_by_id(caller.user_id)
                .select_only()
                .column(user::Column::Active)
                .column(user::Column::SessionEpoch)
                .into_tuple::<(bool, i32)>()
                .one(&db.read)
                .await?;
            match account {
                None => Err(ApiError::unauthorized(
                    "this account no longer exists; sign in again",
                )),
                Some((false, _)) => Err(inactive()),
                Some((true, epoch)) if epoch != caller.epoch => Err(ApiError::Refused(
                    ErrorCode::TokenExpired,
                    "this account's roles changed since the token was issued; refresh it".into(),
                )),
                Some(_) => Ok(caller),
            }
        })
    }
}

/// The answer to anything an account its committee deactivated asks.
pub fn inactive() -> ApiError {
    ApiError::Refused(
        ErrorCode::AccountInactive,
        "this account has been deactivated; ask your community committee".into(),
    )
}

/// A part of the app's state the extractor needs (registered in `startup.rs`).
fn app_data<T: 'static>(req: &HttpRequest) -> Result<&web::Data<T>, ApiError> {
    req.app_data::<web::Data<T>>().ok_or_else(|| {
        ApiError::Internal(anyhow::anyhow!(
            "{} missing from the app data",
            std::any::type_name::<T>()
        ))
    })
}

fn caller_from(req: &HttpRequest) -> Result<Caller, ApiError> {
    let jwt = app_data::<jwt::JwtKeys>(req)?;
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .ok_or_else(|| ApiError::unauthorized("sign in first: no Authorization header"))?;
    let token = header
        .to_str()
        .ok()
        .and_then(|h| {
            h.strip_prefix("Bearer ")
                .or_else(|| h.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::unauthorized("the Authorization header must be `Bearer <token>`")
        })?;
    jwt.verify(token).map_err(|e| match e {
        jwt::VerifyError::Expired => ApiError::Refused(
            ErrorCode::TokenExpired,
            "the access token has expired".into(),
        ),
        jwt::VerifyError::Invalid => ApiError::unauthorized("the access token is not valid"),
    })
}
