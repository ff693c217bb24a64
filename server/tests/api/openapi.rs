//! The API's OpenAPI description and its docs page, served by the server
//! itself (no internet).

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn the_description_and_its_docs_page_are_served() {
    let app = spawn_app().await;
    let resp = app
        .client
        .get(app.url("/openapi.json"))
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::OK);
    let doc: Value = resp.json().await.expect("json");
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "{}",
        doc["openapi"]
    );
    for path in [
        "/partners",
        "/partners/{id}",
        "/hotline/orders",
        "/auth/login",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is described");
    }
    assert!(doc["components"]["schemas"].get("Order").is_some());
    assert!(doc["components"]["securitySchemes"].get("bearer").is_some());

    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let resp = no_redirects
        .get(format!("{}/api/docs", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(resp.status(), StatusCode::PERMANENT_REDIRECT);
    let page = app
        .client
        .get(format!("{}/api/docs/", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(
        !html.contains("https://"),
        "nothing fetched from the internet: {html}"
    );
}
