//! A local stand-in for a 12345 hotline platform: it takes results at
//! `POST /results`, checks their signature with the key's secret itself
//! (HMAC-SHA256, not our code), keeps each delivery once by its
//! `X-Linli-Delivery` as the contract asks of a hotline, and can be told to
//! fail or to hold its answer (to kill the server mid-send).

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use std::sync::{Arc, Mutex, MutexGuard};

/// One result as it arrived.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub id: String,
    pub body: Value,
}

#[derive(Default)]
pub struct Fake {
    /// The secret results must be signed with (set once the key exists).
    pub secret: String,
    /// Every request, duplicates included.
    pub received: Vec<Delivery>,
    /// Requests whose signature did not match.
    pub bad_signatures: usize,
    /// Answer 503 to this many requests first.
    pub fail_next: usize,
    /// Record, then wait this long before answering.
    pub hold_ms: u64,
}

impl Fake {
    /// The results as the hotline keeps them: each delivery id once.
    pub fn kept(&self) -> Vec<Value> {
        let mut seen = std::collections::HashSet::new();
        self.received
            .iter()
            .filter(|d| seen.insert(d.id.clone()))
            .map(|d| d.body.clone())
            .collect()
    }

    /// `(hotline_number, event)` of each kept result.
    pub fn events(&self) -> Vec<(String, String)> {
        self.kept()
            .iter()
            .map(|b| {
                (
                    b["hotline_number"].as_str().unwrap_or_default().to_string(),
                    b["event"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }
}

pub type Shared = Arc<Mutex<Fake>>;

pub fn lock(f: &Shared) -> MutexGuard<'_, Fake> {
    f.lock().unwrap_or_else(|p| p.into_inner())
}

/// `sha256=<hex>` of `body` with `secret`, as a hotline computes it.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

async fn results(fake: web::Data<Shared>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let header = |n: &str| {
        req.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let hold = {
        let mut f = lock(&fake);
        if header("X-Linli-Signature") != signature(&f.secret, &body) {
            f.bad_signatures += 1;
            return HttpResponse::Unauthorized().finish();
        }
        if f.fail_next > 0 {
            f.fail_next -= 1;
            return HttpResponse::ServiceUnavailable().finish();
        }
        let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
        f.received.push(Delivery {
            id: header("X-Linli-Delivery"),
            body,
        });
        f.hold_ms
    };
    if hold > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(hold)).await;
    }
    HttpResponse::Ok().json(serde_json::json!({"code": 0}))
}

/// Starts the fake on a free port: its callback URL and what it records.
pub async fn fake_hotline() -> (String, Shared) {
    let fake: Shared = Arc::default();
    let data = web::Data::new(fake.clone());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route("/results", web::post().to(results))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .expect("bind the fake hotline");
    let url = format!("http://{}/results", server.addrs()[0]);
    tokio::spawn(server.run());
    (url, fake)
}
