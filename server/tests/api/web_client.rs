use crate::helpers::*;
use reqwest::{header, StatusCode};
use std::io::Write;

/// A stand-in for Trunk's output: an index, a hashed script and its gzip twin.
fn built_client() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("linli-dist-{}", rand_suffix()));
    std::fs::create_dir_all(&dir).expect("dist dir");
    std::fs::write(dir.join("index.html"), "<!DOCTYPE html><title>邻里</title>").expect("index");
    std::fs::write(dir.join("app-3f2a.js"), "console.log('linli')").expect("js");
    // The desk: its own index and assets in desk/.
    std::fs::create_dir_all(dir.join("desk")).expect("desk dir");
    std::fs::write(
        dir.join("desk/index.html"),
        "<!DOCTYPE html><title>邻里 · 工作台</title>",
    )
    .expect("desk index");
    std::fs::write(dir.join("desk/desk-9b1c.js"), "console.log('desk')").expect("desk js");
    let gz = std::fs::File::create(dir.join("app-3f2a.js.gz")).expect("gz");
    // A stored (uncompressed) gzip member is enough to tell which file was sent.
    let mut w = std::io::BufWriter::new(gz);
    w.write_all(b"\x1f\x8bGZIPPED").expect("write");
    dir
}

fn rand_suffix() -> u64 {
    use rand::Rng;
    rand::thread_rng().gen()
}

#[tokio::test]
async fn the_web_client_is_served_with_spa_fallback_caching_and_gzip() {
    let dir = built_client();
    let app = spawn_app_serving(Some(dir.clone())).await;
    let client = reqwest::Client::builder()
        .no_gzip()
        .build()
        .expect("client");
    let get = |path: &str, gzip: bool| {
        let mut req = client.get(format!("{}{path}", app.base));
        if gzip {
            req = req.header(header::ACCEPT_ENCODING, "gzip, br");
        }
        req.send()
    };

    // Each app's shell, for its root and any of its routes, never cached:
    // the phone app's for /, the desk's for /desk/…
    for (path, desk) in [
        ("/", false),
        ("/orders/12", false),
        ("/deskish", false),
        ("/desk", true),
        ("/desk/", true),
        ("/desk/all", true),
        ("/desk/orders/12", true),
    ] {
        let resp = get(path, false).await.expect("request");
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        assert_eq!(resp.headers()[header::CACHE_CONTROL], "no-cache");
        assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
        let body = resp.text().await.expect("body");
        assert!(body.contains("邻里"), "{path}");
        assert_eq!(body.contains("工作台"), desk, "{path}: {body}");
    }
    let desk_js = get("/desk/desk-9b1c.js", false).await.expect("request");
    assert_eq!(desk_js.text().await.expect("body"), "console.log('desk')");
    assert_eq!(
        get("/desk/missing-1.wasm", false)
            .await
            .expect("request")
            .status(),
        StatusCode::NOT_FOUND
    );
    // Hashed assets: cached for a year, gzip when asked for.
    let plain = get("/app-3f2a.js", false).await.expect("request");
    assert_eq!(plain.status(), StatusCode::OK);
    assert!(plain.headers()[header::CACHE_CONTROL]
        .to_str()
        .expect("header")
        .contains("immutable"));
    assert_eq!(plain.text().await.expect("body"), "console.log('linli')");
    let zipped = get("/app-3f2a.js", true).await.expect("request");
    assert_eq!(zipped.headers()[header::CONTENT_ENCODING], "gzip");
    assert!(zipped.headers()[header::CONTENT_TYPE]
        .to_str()
        .expect("header")
        .contains("javascript"));
    assert!(zipped
        .bytes()
        .await
        .expect("body")
        .starts_with(b"\x1f\x8bGZIPPED"));

    // No fallback for missing assets, for the API, or out of the directory.
    assert_eq!(
        get("/missing-1234.wasm", false)
            .await
            .expect("request")
            .status(),
        StatusCode::NOT_FOUND
    );
    let api = get("/api/v1/nothing-here", false).await.expect("request");
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert!(api.text().await.expect("body").contains("\"not_found\""));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn paths_that_climb_out_of_the_web_client_reach_nothing() {
    let dir = built_client();
    // A secret beside the served directory, and one two levels up.
    let name = format!("linli-secret-{}.txt", rand_suffix());
    let beside = dir.parent().expect("a parent").join(&name);
    std::fs::write(&beside, "hunter2-beside").expect("secret");
    let app = spawn_app_serving(Some(dir.clone())).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    // The check sees the secret when asked plainly from its own directory.
    let served_name = "app-3f2a.js";
    let plain = raw_get(&addr, &format!("/{served_name}")).await;
    assert!(plain.contains("console.log('linli')"), "{plain}");
    for path in [
        format!("/../{name}"),
        format!("/%2e%2e/{name}"),
        format!("/%2E%2E/{name}"),
        format!("/..%2f{name}"),
        format!("/%2e%2e%2f{name}"),
        format!("/..%5c{name}"),
        format!("/.%2e/{name}"),
        format!("/static/../../{name}"),
        format!("/x/..%2f..%2f{name}"),
        format!("/%252e%252e/{name}"),
    ] {
        let answer = raw_get(&addr, &path).await;
        let status_line = answer.split("\r\n").next().unwrap_or_default().to_string();
        assert!(
            !answer.contains("hunter2"),
            "{path} reached a file outside the directory: {status_line}"
        );
        assert!(
            !status_line.contains(" 200 ") || answer.contains("邻里"),
            "{path}: {status_line}"
        );
    }
    let _ = std::fs::remove_file(beside);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn dot_files_in_the_static_directory_are_not_served() {
    let dir = built_client();
    std::fs::write(dir.join(".env"), "LINLI_JWT_SECRET=hunter2").expect(".env");
    std::fs::create_dir_all(dir.join(".git")).expect(".git");
    std::fs::write(dir.join(".git").join("config"), "[core]").expect("config");
    let app = spawn_app_serving(Some(dir.clone())).await;
    for path in ["/.env", "/.git/config"] {
        let resp = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("request");
        assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(!resp.text().await.expect("body").contains("hunter2"));
    }
    let _ = std::fs::remove_dir_all(dir);
}
