//! The built web client: static files, with every unknown non-API path
//! answered by index.html so client-side routes survive a reload.

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::web;
use std::path::PathBuf;

pub fn configure(cfg: &mut web::ServiceConfig, static_dir: Option<PathBuf>) {
    let Some(dir) = static_dir.filter(|d| d.join("index.html").is_file()) else {
        return;
    };
    let index = dir.join("index.html");
    cfg.service(
        Files::new("/", dir)
            .index_file("index.html")
            .default_handler(fn_service(move |req: ServiceRequest| {
                let index = index.clone();
                async move {
                    let (req, _) = req.into_parts();
                    let file = NamedFile::open_async(&index).await?;
                    let res = file.into_response(&req);
                    Ok(ServiceResponse::new(req, res))
                }
            })),
    );
}
