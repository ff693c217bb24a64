//! What tests say to the app: HTTP requests as someone, the common steps of
//! an order's life, the jobs run by hand, and reading error bodies.

use super::{Session, TestApp};
use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{}", self.base, path)
    }

    pub async fn login(&self, phone: &str) -> Session {
        let (status, body) = self
            .post_anon(
                "/auth/login",
                json!({"phone": phone, "password": "demo1234"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "login {phone}: {body}");
        Session {
            token: body["access_token"]
                .as_str()
                .expect("access token")
                .to_string(),
            refresh: body["refresh_token"]
                .as_str()
                .expect("refresh token")
                .to_string(),
            user_id: body["user"]["id"].as_i64().expect("user id"),
        }
    }

    /// One request to the API, as `s` (or nobody), with a JSON body or none.
    pub async fn send(
        &self,
        method: reqwest::Method,
        s: Option<&Session>,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.client.request(method, self.url(path));
        if let Some(s) = s {
            req = req.bearer_auth(&s.token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        decode(req.send().await.expect("request failed")).await
    }

    pub async fn post_anon(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, None, path, Some(body))
            .await
    }

    pub async fn post(&self, s: &Session, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, Some(s), path, Some(body))
            .await
    }

    pub async fn patch(&self, s: &Session, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::PATCH, Some(s), path, Some(body))
            .await
    }

    pub async fn put(&self, s: &Session, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::PUT, Some(s), path, Some(body))
            .await
    }

    pub async fn get(&self, s: &Session, path: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::GET, Some(s), path, None).await
    }

    pub async fn act(&self, s: &Session, order: i64, body: Value) -> (StatusCode, Value) {
        self.post(s, &format!("/orders/{order}/actions"), body)
            .await
    }

    /// `POST /uploads` as multipart/form-data, built by hand: `field` holds
    /// `bytes` named `filename`.
    pub async fn upload_as(
        &self,
        s: Option<&Session>,
        field: &str,
        filename: &str,
        bytes: &[u8],
    ) -> (StatusCode, Value) {
        self.multipart("/uploads", s, field, filename, bytes).await
    }

    /// A multipart/form-data `POST` to `path`, built by hand: `field` holds
    /// `bytes` named `filename`.
    pub async fn multipart(
        &self,
        path: &str,
        s: Option<&Session>,
        field: &str,
        filename: &str,
        bytes: &[u8],
    ) -> (StatusCode, Value) {
        let boundary = "linli-test-boundary-7d1f";
        let mut body = super::part_head(boundary, field, filename).into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut req = self
            .client
            .post(self.url(path))
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body);
        if let Some(s) = s {
            req = req.bearer_auth(&s.token);
        }
        decode(req.send().await.expect("request failed")).await
    }

    /// Uploads a photo from `tests/fixtures/` and returns the answer.
    pub async fn upload(&self, s: &Session, fixture_name: &str) -> Value {
        let (status, body) = self
            .upload_as(Some(s), "file", fixture_name, &fixture(fixture_name))
            .await;
        assert_eq!(status, StatusCode::CREATED, "upload {fixture_name}: {body}");
        body
    }

    /// A signed link, fetched without a token as `<img>` would: the status,
    /// the content type and the bytes.
    pub async fn fetch(&self, url: &str) -> (StatusCode, String, Vec<u8>) {
        let resp = self.client.get(url).send().await.expect("request failed");
        let status = resp.status();
        let kind = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        (status, kind, resp.bytes().await.expect("body").to_vec())
    }

    /// Places an order and returns its id.
    pub async fn place(&self, s: &Session, kind: &str, category: &str) -> i64 {
        let (status, body) = self
            .post(
                s,
                "/orders",
                json!({
                    "kind": kind,
                    "category": category,
                    "title": format!("{kind} {category}"),
                    "description": "测试工单",
                    "address": "幸福小区1号楼101",
                }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "place order: {body}");
        body["id"].as_i64().expect("order id")
    }

    /// A facility repair: someone must accept within 30 minutes, finish
    /// within a day.
    pub async fn appeal(&self, resident: &Session) -> i64 {
        self.place(resident, "appeal", "facility_repair").await
    }

    /// An appliance repair dispatched to 陈师傅, accepted and completed:
    /// waiting for the resident's rating.
    pub async fn completed_repair(
        &self,
        resident: &Session,
        committee: &Session,
        plumber: &Session,
    ) -> i64 {
        let id = self
            .place(resident, "door_service", "appliance_repair")
            .await;
        self.dispatch_to_volunteer(committee, id, plumber).await;
        self.ok(plumber, id, json!({"action": "accept"})).await;
        self.ok(plumber, id, json!({"action": "complete", "note": "修好了"}))
            .await;
        id
    }

    pub async fn order(&self, s: &Session, id: i64) -> Value {
        let (status, body) = self.get(s, &format!("/orders/{id}")).await;
        assert_eq!(status, StatusCode::OK, "get order {id}: {body}");
        body
    }

    /// Id of a unit registered with the committee's community, by name.
    pub async fn unit_id(&self, committee: &Session, name: &str) -> i64 {
        let (status, body) = self.get(committee, "/units").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["items"]
            .as_array()
            .and_then(|units| units.iter().find(|u| u["name"] == name))
            .and_then(|u| u["id"].as_i64())
            .unwrap_or_else(|| panic!("no unit {name} in {body}"))
    }

    /// Dispatches to the committee's unit of that name; returns the order as
    /// it now is.
    pub async fn dispatch_to_unit(&self, committee: &Session, order: i64, unit: &str) -> Value {
        let unit = self.unit_id(committee, unit).await;
        self.ok(
            committee,
            order,
            json!({"action": "dispatch", "assignee": {"type": "unit", "id": unit}}),
        )
        .await
    }

    pub async fn dispatch_to_volunteer(
        &self,
        committee: &Session,
        order: i64,
        volunteer: &Session,
    ) {
        let (status, body) = self
            .act(
                committee,
                order,
                json!({"action": "dispatch", "assignee": {"type": "volunteer", "id": volunteer.user_id}}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "dispatch: {body}");
    }

    pub async fn ok(&self, s: &Session, order: i64, body: Value) -> Value {
        let (status, resp) = self.act(s, order, body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body} → {resp}");
        resp
    }

    pub async fn points(&self, s: &Session) -> i64 {
        let (status, body) = self.get(s, "/points").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["balance"].as_i64().expect("balance")
    }

    /// Runs every background job once, as of the app's clock (what the runner
    /// does every `LINLI_JOB_INTERVAL_SECONDS`).
    pub async fn run_jobs(&self) -> server::jobs::Report {
        self.try_run_jobs().await.expect("the jobs failed")
    }

    /// [`TestApp::run_jobs`], for a test that expects a job to fail.
    pub async fn try_run_jobs(&self) -> anyhow::Result<server::jobs::Report> {
        let db = server::db::connect(&self.database_url, 1)
            .await
            .expect("cannot open the test database");
        let settings = server::configuration::Settings::new("127.0.0.1:0", "").jobs;
        let photos = server::services::uploads::PhotoStore::new(&self.uploads, super::JWT_SECRET)
            .expect("the photo store");
        let hotline = server::services::partners::hotline::HotlineClient::new()?;
        let services = server::jobs::Services {
            wechat: &self.wechat,
            photos: &photos,
            hotline: &hotline,
        };
        let report = server::jobs::run_due(&db, services, self.clock.now(), &settings).await;
        let _ = db.read.close().await;
        let _ = db.write.close().await;
        report
    }

    /// Direct database access, only to arrange a situation the API cannot reach quickly.
    pub async fn db(&self) -> sea_orm::DatabaseConnection {
        server::db::connect(&self.database_url, 1)
            .await
            .expect("cannot open the test database")
            .write
    }
}

/// A file of `server/tests/fixtures/` (made by `make.py` there).
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

async fn decode(resp: reqwest::Response) -> (StatusCode, Value) {
    let status = resp.status();
    let text = resp.text().await.expect("response body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"))
    };
    (status, body)
}

/// The error code of an error response, asserting the contract's shape.
pub fn code(body: &Value) -> &str {
    assert!(
        body["error"]["message"].is_string(),
        "error body without a message: {body}"
    );
    body["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("not an error body: {body}"))
}

pub fn actions(order: &Value) -> Vec<String> {
    order["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// An RFC 3339 time of a response.
pub fn time(v: &Value) -> DateTime<Utc> {
    v.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| panic!("not a time: {v}"))
}

/// An order's timeline entries of one action.
pub fn entries<'a>(order: &'a Value, action: &str) -> Vec<&'a Value> {
    order["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter(|e| e["action"] == action)
        .collect()
}

/// The ids of a list's items (a list without items fails the test).
pub fn ids(list: &Value) -> Vec<i64> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|o| o["id"].as_i64())
        .collect()
}
