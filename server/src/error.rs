//! One error type for the whole API. A refusal carries an [`ErrorCode`], and the
//! code alone decides the status ([`status_of`]: one exhaustive table, so a new
//! code cannot ship with a wrong or missing status). A 500 hides its cause from
//! the client and logs it whole, with where it happened.

use actix_web::{http::StatusCode, HttpResponse, ResponseError};
use sea_orm::DbErr;
use shared::{ErrorBody, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Refused for a reason the client can act on.
    #[error("{1}")]
    Refused(ErrorCode, String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// The HTTP status of each error code.
pub fn status_of(code: ErrorCode) -> StatusCode {
    use ErrorCode as C;
    match code {
        C::BadRequest | C::ValidationFailed => StatusCode::BAD_REQUEST,
        C::Unauthorized
        | C::InvalidCredentials
        | C::TokenExpired
        | C::TokenReused
        | C::WechatNotBound
        | C::AccountInactive => StatusCode::UNAUTHORIZED,
        C::Forbidden | C::MembershipPending => StatusCode::FORBIDDEN,
        C::NotFound => StatusCode::NOT_FOUND,
        C::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
        C::InvalidTransition
        | C::Conflict
        | C::AlreadyClaimed
        | C::OutOfStock
        | C::InsufficientPoints => StatusCode::CONFLICT,
        C::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        C::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        C::UpstreamUnavailable => StatusCode::BAD_GATEWAY,
        C::NotConfigured => StatusCode::SERVICE_UNAVAILABLE,
        C::Internal | C::Unknown => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError::Refused(code, message.into())
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ValidationFailed, message)
    }

    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unauthorized, message)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(code, message)
    }

    pub fn too_many(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::TooManyRequests, message)
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Refused(code, _) => *code,
            ApiError::Internal(_) => ErrorCode::Internal,
        }
    }
}

/// Input that breaks a rule of `shared::input` is a 400 naming the field.
impl From<shared::input::InputError> for ApiError {
    fn from(e: shared::input::InputError) -> Self {
        ApiError::invalid(e.to_string())
    }
}

/// The SQLSTATE of a database's refusal, if the database gave one.
fn sqlstate(e: &DbErr) -> Option<String> {
    use sea_orm::RuntimeErr;
    match e {
        DbErr::Query(RuntimeErr::SqlxError(sqlx::Error::Database(d)))
        | DbErr::Exec(RuntimeErr::SqlxError(sqlx::Error::Database(d))) => {
            d.code().map(|c| c.into_owned())
        }
        _ => None,
    }
}

impl From<DbErr> for ApiError {
    /// `?` on a database step records where it was, so a 500 in the log says
    /// which step failed.
    /// A unique constraint refusing a row is someone else having made the same
    /// thing first (two requests at once), never a failure: 409 `conflict`,
    /// wherever it happens, whether or not a check ran first.
    #[track_caller]
    fn from(e: DbErr) -> Self {
        if let Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) = e.sql_err() {
            return ApiError::new(
                ErrorCode::Conflict,
                "this already exists (made a moment ago, perhaps by another request): \
                 reload and check",
            );
        }
        // PostgreSQL refuses a NUL character in text (SQLite keeps it): bad
        // input wherever it reaches the database, never a 500.
        if matches!(sqlstate(&e).as_deref(), Some("22021" | "22P05")) {
            return ApiError::invalid("text must not contain NUL (\\u0000) characters");
        }
        let at = std::panic::Location::caller();
        ApiError::Internal(anyhow::Error::new(e).context(format!("database error at {at}")))
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        status_of(self.code())
    }

    fn error_response(&self) -> HttpResponse {
        let message = match self {
            ApiError::Internal(cause) => {
                tracing::error!(error = ?cause, "internal error");
                "internal server error".to_string()
            }
            other => other.to_string(),
        };
        let mut resp = HttpResponse::build(self.status_code());
        if self.status_code() == StatusCode::UNAUTHORIZED {
            resp.insert_header(("WWW-Authenticate", "Bearer"));
        }
        resp.json(ErrorBody::new(self.code(), message))
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_client_error_code_is_a_4xx_and_only_failures_are_5xx() {
        use ErrorCode as C;
        for code in [
            C::BadRequest,
            C::ValidationFailed,
            C::Unauthorized,
            C::InvalidCredentials,
            C::TokenExpired,
            C::TokenReused,
            C::WechatNotBound,
            C::Forbidden,
            C::MembershipPending,
            C::AccountInactive,
            C::NotFound,
            C::RequestTimeout,
            C::InvalidTransition,
            C::Conflict,
            C::AlreadyClaimed,
            C::OutOfStock,
            C::InsufficientPoints,
            C::PayloadTooLarge,
            C::TooManyRequests,
        ] {
            assert!(status_of(code).is_client_error(), "{code:?}");
        }
        for code in [C::UpstreamUnavailable, C::NotConfigured, C::Internal] {
            assert!(status_of(code).is_server_error(), "{code:?}");
        }
    }

    #[tokio::test]
    async fn a_unique_constraint_is_a_conflict_not_a_failure() {
        use sea_orm::{ConnectionTrait, Database};
        let db = Database::connect("sqlite::memory:")
            .await
            .expect("a database");
        db.execute_unprepared("CREATE TABLE t (code TEXT UNIQUE); INSERT INTO t VALUES ('a')")
            .await
            .expect("a table");
        let err = db
            .execute_unprepared("INSERT INTO t VALUES ('a')")
            .await
            .expect_err("a duplicate");
        let api = ApiError::from(err);
        assert_eq!(api.code(), ErrorCode::Conflict);
        assert_eq!(api.status_code(), StatusCode::CONFLICT);
    }

    #[test]
    fn a_database_error_says_where_it_happened() {
        fn step() -> ApiResult<()> {
            Err(DbErr::Custom("boom".into()))?;
            Ok(())
        }
        let err = step().err().map(|e| format!("{e:#}")).unwrap_or_default();
        assert!(err.contains("error.rs:"), "{err}");
    }
}
