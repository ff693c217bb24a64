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
use actix_web::error::PayloadError;
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
        let settings = req.app_data::<web::Data<Settings>>();
        let base = match settings.and_then(|s| s.public_url.clone()) {
            Some(url) => url,
            None => reached_at(req, settings.map_or(&[][..], |s| &s.trusted_proxies)),
        };
        ready(Ok(Links::new(photos.signer.clone(), base, clock.now())))
    }
}

/// The whole body of an upload at most: the photo and the multipart framing
/// around it (boundaries, part headers, a few small fields).
pub const MAX_UPLOAD_BODY: usize = MAX_UPLOAD_BYTES + 64 * 1024;

/// `scheme://host` the caller reached this server at. The forwarded headers
/// count only from a trusted proxy; anything but http(s) and a plain host
/// name (or address, with a port) falls back to what the socket says.
fn reached_at(req: &HttpRequest, trusted: &[std::net::IpAddr]) -> String {
    let config = req.app_config();
    let direct_scheme = if config.secure() { "https" } else { "http" };
    let direct_host = req
        .uri()
        .authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| {
            req.headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_string)
        })
        .unwrap_or_else(|| config.host().to_string());
    let from_proxy = req.peer_addr().is_some_and(|p| trusted.contains(&p.ip()));
    let (scheme, host) = if from_proxy {
        let info = req.connection_info();
        (info.scheme().to_ascii_lowercase(), info.host().to_string())
    } else {
        (direct_scheme.to_string(), direct_host.clone())
    };
    let scheme = match scheme.as_str() {
        "http" | "https" => scheme,
        _ => direct_scheme.to_string(),
    };
    let plain = |h: &str| {
        !h.is_empty()
            && h.len() <= 255
            && h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
    };
    let host = if plain(&host) {
        host
    } else if plain(&direct_host) {
        direct_host
    } else {
        config.host().to_string()
    };
    format!("{scheme}://{host}")
}

#[utoipa::path(
    tag = "uploads",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = shared::api::Upload),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/uploads")]
pub async fn upload(
    db: web::Data<Db>,
    photos: web::Data<PhotoStore>,
    clock: web::Data<Clock>,
    caller: Caller,
    links: Links,
    req: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    // A body announced as too large is refused before a byte of it is read.
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n > MAX_UPLOAD_BODY as u64) {
        return Err(too_large());
    }
    // And whatever arrives counts, framing and every field alike.
    let mut read = 0usize;
    let limited = payload.map(move |chunk| {
        let chunk = chunk?;
        read += chunk.len();
        if read > MAX_UPLOAD_BODY {
            return Err(PayloadError::Overflow);
        }
        Ok(chunk)
    });
    let mut form = Multipart::new(req.headers(), limited);
    let mut file = None;
    // The photo, and every other field's data, count toward its 10 MB.
    let mut data = 0usize;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(multipart_error)?;
        let is_file = field.name() == Some("file");
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(multipart_error)?;
            data += chunk.len();
            if data > MAX_UPLOAD_BYTES {
                return Err(too_large());
            }
            if is_file {
                bytes.extend_from_slice(&chunk);
            }
        }
        if is_file {
            file = Some(bytes);
            break;
        }
    }
    let bytes = file.filter(|b| !b.is_empty()).ok_or_else(|| {
        ApiError::malformed("send the photo as multipart/form-data field \"file\"")
    })?;
    let upload = uploads::upload(&db, &photos, &caller, clock.now(), &links, bytes).await?;
    Ok(super::created(upload))
}

fn too_large() -> ApiError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!("a photo may be at most {} MB", MAX_UPLOAD_BYTES >> 20),
    )
}

fn multipart_error(e: actix_multipart::MultipartError) -> ApiError {
    if let actix_multipart::MultipartError::Payload(p) = &e {
        if matches!(p, PayloadError::Overflow) {
            return too_large();
        }
        if crate::body_timeout::is_timeout(p) {
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

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Signed {
    #[serde(default)]
    expires: Option<i64>,
    #[serde(default)]
    sig: Option<String>,
}

/// A photo behind a signed link. No token: the link is the permission, and
/// an altered or expired one gets 403.
#[utoipa::path(
    tag = "uploads",
    params(("id" = i32, Path), ("size" = String, Path)),
    responses(
        (status = 200, description = "The photo (JPEG), by its signed link"),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
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
