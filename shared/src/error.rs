//! The error body every non-2xx API response carries, and the codes a client
//! can translate into its own language.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Malformed JSON, wrong types, missing fields.
    BadRequest,
    /// Well-formed but invalid: empty title, rating out of range, unknown category.
    ValidationFailed,
    /// No token, or a bad one.
    Unauthorized,
    InvalidCredentials,
    TokenExpired,
    /// A refresh token was used twice; the whole session was revoked.
    TokenReused,
    /// This WeChat account is not bound to a Linli account yet: sign in with
    /// phone and password once, with the WeChat code, to bind it.
    WechatNotBound,
    Forbidden,
    /// The caller's membership of the community waits for the committee's
    /// approval: nothing of the community yet.
    MembershipPending,
    /// The account was deactivated by its committee.
    AccountInactive,
    NotFound,
    /// The order's state does not allow the action.
    InvalidTransition,
    /// Someone else changed the order first (a lost race).
    Conflict,
    /// The wish was claimed by someone else.
    AlreadyClaimed,
    OutOfStock,
    InsufficientPoints,
    /// The request body did not arrive in time.
    RequestTimeout,
    PayloadTooLarge,
    TooManyRequests,
    /// A service Linli depends on (WeChat) failed or could not be reached.
    UpstreamUnavailable,
    /// The server is not set up for this (e.g. no WeChat app id).
    NotConfigured,
    Internal,
    /// A code from a newer server; keep the message.
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ErrorBody {
            error: ErrorDetail {
                code,
                message: message.into(),
            },
        }
    }
}
