//! Open311 GeoReport v2 under `/open311/v2`, in JSON and XML by the path's
//! extension (`services.json`, `requests/42.xml`); errors in the standard's
//! shape (`[{"code", "description"}]`, `<errors><error>…`). The rules are in
//! `services::partners::open311`.

use crate::clock::Clock;
use crate::db::Db;
use crate::error::ApiError;
use crate::services::partners::open311::{self, Filter, NewRequest, Request, Service};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use std::collections::HashMap;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/open311/v2")
            .route("/{path:.*}", web::get().to(get))
            .route("/{path:.*}", web::post().to(post)),
    );
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Xml,
}

/// `requests/42.xml` → (`["requests", "42"]`, XML).
fn route(path: &str) -> Option<(Vec<String>, Format)> {
    let (stem, ext) = path.rsplit_once('.')?;
    let format = match ext {
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => return None,
    };
    Some((stem.split('/').map(str::to_string).collect(), format))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A JSON value as XML elements: objects' fields in order, arrays as
/// repeated `item` elements.
fn xml_of(v: &Value, out: &mut String) {
    match v {
        Value::Object(fields) => {
            for (k, v) in fields {
                match v {
                    Value::Null => out.push_str(&format!("<{k}/>")),
                    Value::Array(items) if items.is_empty() => out.push_str(&format!("<{k}/>")),
                    _ => {
                        out.push_str(&format!("<{k}>"));
                        xml_of(v, out);
                        out.push_str(&format!("</{k}>"));
                    }
                }
            }
        }
        Value::String(s) => out.push_str(&escape(s)),
        Value::Null => {}
        Value::Array(items) => items.iter().for_each(|i| xml_of(i, out)),
        other => out.push_str(&other.to_string()),
    }
}

/// The answer: a JSON array or object, or the XML document of `root` with
/// one `item` element per entry of the array.
fn answer(status: StatusCode, format: Format, body: Value, root: &str, item: &str) -> HttpResponse {
    let mut resp = HttpResponse::build(status);
    match format {
        Format::Json => resp.content_type("application/json").body(body.to_string()),
        Format::Xml => {
            let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
            xml.push_str(&format!("<{root}>"));
            match &body {
                Value::Array(items) => {
                    for i in items {
                        xml.push_str(&format!("<{item}>"));
                        xml_of(i, &mut xml);
                        xml.push_str(&format!("</{item}>"));
                    }
                }
                other => xml_of(other, &mut xml),
            }
            xml.push_str(&format!("</{root}>"));
            resp.content_type("text/xml; charset=utf-8").body(xml)
        }
    }
}

/// An error the standard's way: 400, 403 or 404 (and 429 for a key over its rate).
fn error(format: Format, e: ApiError) -> HttpResponse {
    use shared::ErrorCode as C;
    let status = match e.code() {
        C::Forbidden | C::Unauthorized => StatusCode::FORBIDDEN,
        C::NotFound => StatusCode::NOT_FOUND,
        C::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        C::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    };
    let description = match &e {
        ApiError::Refused(_, m) => m.clone(),
        ApiError::Internal(err) => {
            tracing::error!(error = %err, "Open311 request failed");
            "internal error".to_string()
        }
    };
    let body = json!([{"code": status.as_u16(), "description": description}]);
    answer(status, format, body, "errors", "error")
}

fn when(t: DateTime<Utc>) -> String {
    t.with_timezone(&shared::deadlines::china())
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn service_json(s: Service) -> Value {
    json!({
        "service_code": s.code,
        "service_name": s.name,
        "description": s.description,
        "metadata": false,
        "type": "realtime",
        "keywords": "",
        "group": s.group,
    })
}

fn request_json(r: Request) -> Value {
    json!({
        "service_request_id": r.id.to_string(),
        "token": r.token,
        "status": r.status,
        "status_notes": r.status_notes,
        "service_name": r.service_name,
        "service_code": r.service_code,
        "description": r.description,
        "agency_responsible": r.agency_responsible,
        "service_notice": "",
        "requested_datetime": when(r.requested),
        "updated_datetime": when(r.updated),
        "expected_datetime": when(r.expected),
        "address": r.address.unwrap_or_default(),
        "address_id": "",
        "zipcode": "",
        "lat": r.lat,
        "long": r.long,
        "media_url": "",
    })
}

type Params = web::Query<HashMap<String, String>>;

async fn get(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    path: web::Path<String>,
    req: HttpRequest,
) -> HttpResponse {
    let Some((parts, format)) = route(&path) else {
        return error(
            Format::Json,
            ApiError::not_found("Open311 resource (use .json or .xml)"),
        );
    };
    let q = Params::from_query(req.query_string())
        .map(|q| q.into_inner())
        .unwrap_or_default();
    let j = q.get("jurisdiction_id").map(String::as_str);
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let ok = |body, root, item| answer(StatusCode::OK, format, body, root, item);
    let result = match parts.as_slice() {
        ["services"] => open311::services(&db, j).await.map(|list| {
            let list: Vec<Value> = list.into_iter().map(service_json).collect();
            ok(Value::Array(list), "services", "service")
        }),
        ["services", code] => open311::service(&db, j, code).await.map(|s| {
            let def = json!({"service_code": s.code, "attributes": []});
            match format {
                Format::Json => ok(def, "", ""),
                Format::Xml => ok(def, "service_definition", ""),
            }
        }),
        ["requests"] => {
            let f = Filter {
                jurisdiction_id: q.get("jurisdiction_id").cloned(),
                service_request_id: q.get("service_request_id").cloned(),
                service_code: q.get("service_code").cloned(),
                start_date: q.get("start_date").cloned(),
                end_date: q.get("end_date").cloned(),
                status: q.get("status").cloned(),
            };
            open311::requests(&db, f, clock.now()).await.map(|list| {
                let list: Vec<Value> = list.into_iter().map(request_json).collect();
                ok(Value::Array(list), "service_requests", "request")
            })
        }
        ["requests", id] => open311::request(&db, j, id)
            .await
            .map(|r| ok(json!([request_json(r)]), "service_requests", "request")),
        ["tokens", token] => open311::token(&db, j, token).await.map(|(id, token)| {
            let body = json!([{"service_request_id": id.to_string(), "token": token}]);
            ok(body, "service_requests", "request")
        }),
        _ => Err(ApiError::not_found("Open311 resource")),
    };
    result.unwrap_or_else(|e| error(format, e))
}

async fn post(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    path: web::Path<String>,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    let Some((parts, format)) = route(&path) else {
        return error(
            Format::Json,
            ApiError::not_found("Open311 resource (use .json or .xml)"),
        );
    };
    if parts != ["requests"] {
        return error(format, ApiError::not_found("Open311 resource to POST to"));
    }
    let form = std::str::from_utf8(&body)
        .ok()
        .and_then(|b| Params::from_query(b).ok())
        .map(|f| f.into_inner());
    let Some(mut form) = form else {
        return error(
            format,
            ApiError::new(
                shared::ErrorCode::BadRequest,
                "send the request as application/x-www-form-urlencoded",
            ),
        );
    };
    // The key may also come in the query string, as some clients send it.
    if let Ok(q) = Params::from_query(req.query_string()) {
        for (k, v) in q.into_inner() {
            form.entry(k).or_insert(v);
        }
    }
    let mut take = |k: &str| form.remove(k);
    let new = NewRequest {
        api_key: take("api_key"),
        jurisdiction_id: take("jurisdiction_id"),
        service_code: take("service_code"),
        lat: take("lat"),
        long: take("long"),
        address_string: take("address_string"),
        description: take("description"),
        media_url: take("media_url"),
        email: take("email"),
        phone: take("phone"),
        first_name: take("first_name"),
        last_name: take("last_name"),
    };
    match open311::file(&db, new, clock.now()).await {
        Ok((id, token)) => answer(
            StatusCode::CREATED,
            format,
            json!([{
                "service_request_id": id.to_string(),
                "token": token,
                "service_notice": "社区党委将尽快派单处理",
                "account_id": null,
            }]),
            "service_requests",
            "request",
        ),
        Err(e) => error(format, e),
    }
}
