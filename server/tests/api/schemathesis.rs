//! Schemathesis (PyPI, installed by `scripts/setup-python` into .tools/py)
//! fuzzes every described operation of a freshly seeded server as the
//! committee, a resident, a volunteer and the district admin: no 5xx, and
//! every answer as the OpenAPI description says (status, content type,
//! schema). WeChat is the local fake, so that signing in with WeChat is
//! configured as in production. The live stream (`/events`) is left out: it
//! never ends.

use crate::fake_wechat::*;
use crate::helpers::*;

fn schemathesis() -> String {
    let bin = std::env::var("LINLI_TEST_SCHEMATHESIS").unwrap_or_else(|_| {
        format!(
            "{}/../.tools/py/bin/schemathesis",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    assert!(
        std::path::Path::new(&bin).exists(),
        "no Schemathesis at {bin}: run `bash scripts/setup-python` (the test script does)"
    );
    bin
}

#[tokio::test]
async fn schemathesis_finds_no_server_error_and_no_answer_unlike_the_description() {
    let (wechat, _fake) = fake_wechat().await;
    let app = spawn_app_with(with_wechat(wechat)).await;
    for who in [COMMITTEE, RESIDENT, PLUMBER, ADMIN] {
        let token = app.login(who).await.token;
        let args: Vec<String> = [
            "run",
            &app.url("/openapi.json"),
            "--url",
            &app.url(""),
            "-H",
            &format!("Authorization: Bearer {token}"),
            "--max-examples",
            "15",
            "--seed",
            "20261204",
            "--exclude-path-regex",
            "/events",
            "-c",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--no-color",
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        let bin = schemathesis();
        let out = tokio::task::spawn_blocking(move || {
            std::process::Command::new(bin).args(&args).output()
        })
        .await
        .expect("the fuzzer's thread")
        .expect("run Schemathesis");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "Schemathesis as {who} found failures:\n{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
