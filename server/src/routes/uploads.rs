//! Photos: `POST /uploads` (multipart, field `file`) and the signed links that
//! show them, `GET /uploads/{id}/{photo|thumbnail}?expires=&sig=`.

use crate::auth::Caller;
use crate::clock::Clock;
use crate::configuration::Settings;
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::services::uploads::links::{Links, Size};
use crate::services::uploads::{self, PhotoStore, MAX_UPLOAD_BYTES};
use actix_multipart::Multipart;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{get, post, web, FromRequest, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde::Deserialize;
use shared::{ErrorCode, UploadId};
use std::future::{ready, Ready};

/// The links of an answer: signed with the photo store's key, on where the
/// caller reached the server (`LINLI_PUBLIC_URL` when set), expiring an hour
/// after the app's "now".
impl FromRequest for Links {
    type Error = ApiError;
    type Future = Ready<Result<Links, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parts = (
            req.app_data::<web::Data<PhotoStore>>(),
            req.app_data::<web::Data<Clock>>(),
        );
        let (Some(photos), Some(clock)) = parts else {
            return ready(Err(anyhow::anyhow!(
                "the photo store or clock missing from the app data"
            )
            .into()));
        };
        let base = req
            .app_data::<web::Data<Settings>>()
            .and_then(|s| s.public_url.clone())
            .unwrap_or_else(|| {
                let info = req.connection_info();
                format!("{}://{}", info.scheme(), info.host())
            });
        ready(Ok(Links::new(photos.signer.clone(), base, clock.now())))
    }
}

#[post("/uploads")]
pub async fn upload(
    db: web::Data<Db>,
    photos: web::Data<PhotoStore>,
    clock: web::Data<Clock>,
    caller: Caller,
    links: Links,
    mut form: Multipart,
) -> ApiResult<HttpResponse> {
    let too_large = || {
        ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("a photo may be at most {} MB", MAX_UPLOAD_BYTES >> 20),
        )
    };
    let mut file = None;
    // Everything read counts, other fields too: nobody streams without end.
    let mut read = 0usize;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(multipart_error)?;
        let is_file = field.name() == Some("file");
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(multipart_error)?;
            read += chunk.len();
            if read > MAX_UPLOAD_BYTES {
                return Err(too_large());
            }
            if is_file {
                bytes.extend_from_slice(&chunk);
            }
        }
        if !is_file {
            continue;
        }
        file = Some(bytes);
        break;
    }
    let bytes = file.filter(|b| !b.is_empty()).ok_or_else(|| {
        ApiError::malformed("send the photo as multipart/form-data field \"file\"")
    })?;
    let upload = uploads::upload(&db, &photos, &caller, clock.now(), &links, bytes).await?;
    Ok(super::created(upload))
}

fn multipart_error(e: actix_multipart::MultipartError) -> ApiError {
    if let actix_multipart::MultipartError::Payload(p) = &e {
        if super::body_timeout::is_timeout(p) {
            return ApiError::new(
                ErrorCode::RequestTimeout,
                "the photo did not arrive in time; send it again",
            );
        }
    }
    ApiError::malformed(format!(
        "send the photo as multipart/form-data field \"file\": {e}"
    ))
}

#[derive(Debug, Deserialize)]
pub struct Signed {
    #[serde(default)]
    expires: Option<i64>,
    #[serde(default)]
    sig: Option<String>,
}

/// A photo behind a signed link. No token: the link is the permission, and
/// an altered or expired one gets 403.
#[get("/uploads/{id}/{size}")]
pub async fn show(
    db: web::Data<Db>,
    photos: web::Data<PhotoStore>,
    clock: web::Data<Clock>,
    path: web::Path<(UploadId, String)>,
    q: web::Query<Signed>,
) -> ApiResult<HttpResponse> {
    let (id, size) = path.into_inner();
    let size = Size::parse(&size).ok_or_else(|| ApiError::not_found("photo"))?;
    let now = clock.now();
    let (Some(expires), Some(sig)) = (q.expires, q.sig.as_deref()) else {
        return Err(ApiError::forbidden("this photo link is not signed"));
    };
    if !photos.signer.verify(id, size, expires, sig, now) {
        return Err(ApiError::forbidden(
            "this photo link is altered or expired: open the order again for a fresh one",
        ));
    }
    let bytes = uploads::read(&db, &photos, id, size).await?;
    let max_age = (expires - now.timestamp()).max(0);
    Ok(HttpResponse::Ok()
        .content_type("image/jpeg")
        // JPEG is compressed already.
        .insert_header(header::ContentEncoding::Identity)
        .insert_header((
            header::CACHE_CONTROL,
            format!("private, max-age={max_age}, immutable"),
        ))
        .body(bytes))
}
