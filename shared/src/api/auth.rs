//! Signing in and who one is.

use crate::ids::{CommunityId, StreetId, UnitId, UserId};
use crate::workflow::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub phone: String,
    pub password: String,
    /// The `device_token` of an earlier sign-in on this device: lets its owner
    /// in while strangers have the phone number locked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// `POST /auth/wechat`: the `code` from the mini-program's `wx.login()`. The
/// first time, the WeChat account is not yet bound to a Linli account: send
/// `phone` and `password` along once to bind it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WechatLoginRequest {
    pub code: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
}

/// What `POST /auth/wechat` answers: signed in, or — for a WeChat account
/// bound to nobody, sent without phone and password — a token to register
/// with (`POST /auth/register` with `registration_token`; one use, 30 minutes).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum WechatAnswer {
    SignedIn(Box<TokenResponse>),
    Register { registration_token: String },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub user: Me,
    /// Proof that this device signed in successfully: send it as `device` with
    /// later sign-ins (kept for 180 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedRef<I> {
    pub id: I,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: UserId,
    pub name: String,
    pub phone: String,
    pub roles: Vec<Role>,
    pub community: Option<NamedRef<CommunityId>>,
    pub unit: Option<NamedRef<UnitId>>,
    /// A street officer's street.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<NamedRef<StreetId>>,
    pub points_balance: i64,
    /// Every role the person holds or asked for, with where it stands (a
    /// resident waiting for approval sees `pending` here).
    #[serde(default)]
    pub memberships: Vec<crate::api::MyMembership>,
}
