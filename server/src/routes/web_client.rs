//! The two built web apps: the phone app at `/` and the desk at `/desk/` (its
//! files in the `desk/` folder). Trunk names assets by content hash, so
//! everything but an index.html is cached for a year; `.gz` files made at build
//! time are sent to clients that accept gzip. Unknown paths without a file
//! extension get their app's index.html (`/desk/anything` the desk's, the rest
//! the phone app's) so client-side routes survive a reload; `/api` never does
//! (it is routed before this).

use actix_files::NamedFile;
use actix_web::http::header::{self, ContentEncoding, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};
use std::path::{Component, Path, PathBuf};

#[derive(Clone)]
struct StaticDir(PathBuf);

pub fn configure(cfg: &mut web::ServiceConfig, static_dir: Option<PathBuf>) {
    let Some(dir) = static_dir.filter(|d| d.join("index.html").is_file()) else {
        return;
    };
    cfg.app_data(web::Data::new(StaticDir(dir)))
        .default_service(web::to(serve));
}

async fn serve(req: HttpRequest, dir: web::Data<StaticDir>) -> actix_web::Result<HttpResponse> {
    let rel = req.path().trim_start_matches('/');
    // Plain names only: no `..`, no root, and no dot-files (`.env`, `.git`).
    let safe = Path::new(rel).components().all(|c| match c {
        Component::Normal(name) => !name.to_string_lossy().starts_with('.'),
        _ => false,
    });
    let candidate = dir.0.join(rel);
    let (file, is_index) = if safe && !rel.is_empty() && candidate.is_file() {
        (candidate, false)
    } else if !safe || Path::new(rel).extension().is_some() {
        // A missing asset is a 404, not the app shell.
        return Ok(HttpResponse::NotFound().finish());
    } else {
        let desk = dir.0.join("desk").join("index.html");
        let to_desk = rel == "desk" || rel.starts_with("desk/");
        if to_desk && desk.is_file() {
            (desk, true)
        } else {
            (dir.0.join("index.html"), true)
        }
    };

    let accepts_gzip = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("gzip"));
    let gz = PathBuf::from(format!("{}.gz", file.display()));
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_string();
    let named = if accepts_gzip && gz.is_file() {
        NamedFile::open_async(&gz)
            .await?
            .set_content_type(actix_files::file_extension_to_mime(&ext))
            .set_content_encoding(ContentEncoding::Gzip)
    } else {
        NamedFile::open_async(&file).await?
    };
    let mut resp = named
        .disable_content_disposition()
        .use_etag(true)
        .into_response(&req);
    let cache = if is_index || ext == "html" {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    resp.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    Ok(resp)
}
