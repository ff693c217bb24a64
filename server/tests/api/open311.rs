//! Open311 GeoReport v2 through an outside client from PyPI (`georeport`,
//! installed by `scripts/setup-python` into .tools/py), in JSON and XML:
//! services, a request filed with a key that the committee then dispatches
//! and its volunteer completes, read back `closed`; the standard's errors.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn python() -> String {
    let bin = std::env::var("LINLI_TEST_PYTHON")
        .unwrap_or_else(|_| format!("{}/../.tools/py/bin/python", env!("CARGO_MANIFEST_DIR")));
    assert!(
        std::path::Path::new(&bin).exists(),
        "no Python with the Open311 client at {bin}: run `bash scripts/setup-python` (the test script does)"
    );
    bin
}

async fn client(args: &[&str]) -> Value {
    let script = format!(
        "{}/tests/clients/open311_client.py",
        env!("CARGO_MANIFEST_DIR")
    );
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    // The server answers on this runtime while the client runs beside it.
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(python())
            .arg(&script)
            .args(&args)
            .output()
    })
    .await
    .expect("the client's thread")
    .expect("run the Open311 client");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the Open311 client failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap_or_else(|_| panic!("not JSON: {stdout}"))
}

#[tokio::test]
async fn an_open311_client_lists_services_files_requests_and_reads_them_closed() {
    let app = spawn_app().await;
    let committee = app.login(COMMITTEE).await;
    let (status, made) = app
        .post(
            &committee,
            "/partners",
            json!({"name": "城市服务App", "kind": "open311"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let key = made["key"].as_str().expect("key");
    let (_, me) = app.get(&committee, "/me").await;
    let jurisdiction = me["community"]["id"].to_string();
    let hexie = app.login(HEXIE_COMMITTEE).await;
    let (_, them) = app.get(&hexie, "/me").await;
    let other = them["community"]["id"].to_string();
    let root = format!("{}/open311/v2", app.base);

    let filed = client(&["file", &root, &jurisdiction, key, &other, "13700000311"]).await;
    let id = filed["json"].as_i64().expect("the JSON request's id");
    assert!(filed["xml"].is_i64(), "{filed}");

    // On the desk: an order like any other, from Open311, with its place.
    let order = app.order(&committee, id).await;
    assert_eq!(order["channel"], "open311");
    assert_eq!(order["kind"], "appeal");
    assert_eq!(order["requester"]["phone"], "13700000311");
    assert_eq!(order["requester"]["name"], "钱先生");
    assert_eq!(order["location"]["lat"], 39.915);
    assert_eq!(order["partner_id"], made["id"]);
    let plumber = app.login(PLUMBER).await;
    app.dispatch_to_volunteer(&committee, id, &plumber).await;
    app.ok(&plumber, id, json!({"action": "accept"})).await;
    app.ok(
        &plumber,
        id,
        json!({"action": "complete", "note": "已清运"}),
    )
    .await;
    let done = client(&["closed", &root, &jurisdiction, &id.to_string()]).await;
    assert_eq!(done["closed"], id);

    // A revoked key files nothing more.
    let pid = made["id"].as_i64().expect("id");
    let (status, _) = app
        .send(
            reqwest::Method::DELETE,
            Some(&committee),
            &format!("/partners/{pid}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let resp = app
        .client
        .post(format!("{root}/requests.json"))
        .form(&[
            ("api_key", key),
            ("jurisdiction_id", jurisdiction.as_str()),
            ("service_code", "environment"),
            ("address_string", "东门"),
            ("description", "又满了"),
            ("phone", "13700000311"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body[0]["code"], 403);
}

#[tokio::test]
async fn reads_without_a_jurisdiction_or_a_format_are_told_the_standards_way() {
    let app = spawn_app().await;
    let get = |path: &str| {
        app.client
            .get(format!("{}/open311/v2/{path}", app.base))
            .send()
    };
    let resp = get("services.json").await.expect("get");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let body: Value = resp.json().await.expect("json");
    assert!(body[0]["description"]
        .as_str()
        .unwrap_or_default()
        .contains("jurisdiction_id"));
    let resp = get("services.xml").await.expect("get");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let text = resp.text().await.expect("text");
    assert!(text.contains("<errors><error><code>400</code>"), "{text}");
    assert_eq!(
        get("services.csv").await.expect("get").status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get("requests/1.json?jurisdiction_id=1")
            .await
            .expect("get")
            .status(),
        StatusCode::NOT_FOUND
    );
    let resp = get("requests.json?jurisdiction_id=1&start_date=yesterday")
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let resp = get("requests.json?jurisdiction_id=1&status=maybe")
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    // Orders placed in the app are not Open311's to show.
    let resident = app.login(RESIDENT).await;
    let id = app.appeal(&resident).await;
    let resp = get(&format!("requests/{id}.json?jurisdiction_id=1"))
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let resp = get("requests.json?jurisdiction_id=1").await.expect("get");
    assert_eq!(resp.json::<Value>().await.expect("json"), json!([]));
}
