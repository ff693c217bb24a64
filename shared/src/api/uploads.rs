//! Photos: what `POST /uploads` answers, and how orders show them.

use crate::ids::UploadId;
use serde::{Deserialize, Serialize};

/// The answer to `POST /uploads`: the re-encoded photo, ready to attach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Upload {
    pub id: UploadId,
    /// Signed links that expire (about an hour).
    pub url: String,
    pub thumbnail_url: String,
    pub width: u32,
    pub height: u32,
}

/// A photo on an order or a timeline entry: signed links that expire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Photo {
    pub url: String,
    pub thumbnail_url: String,
}
