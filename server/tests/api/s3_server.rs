//! A real S3-compatible server for the photo tests: moto's server (PyPI
//! `moto[server]`, installed into `.tools/moto` by `scripts/setup-s3`),
//! started on a free loopback port and stopped with the test.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct S3Server {
    pub endpoint: String,
    child: Child,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl S3Server {
    /// Starts the server and creates `bucket` in it.
    pub async fn start(bucket: &str) -> S3Server {
        let bin = std::env::var("LINLI_TEST_MOTO_SERVER").unwrap_or_else(|_| {
            format!(
                "{}/../.tools/moto/bin/moto_server",
                env!("CARGO_MANIFEST_DIR")
            )
        });
        assert!(
            std::path::Path::new(&bin).exists(),
            "no S3 test server at {bin}: run `bash scripts/setup-s3` (the test script does)"
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(&bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
        let server = S3Server {
            endpoint: format!("http://127.0.0.1:{port}"),
            child,
        };
        let http = reqwest::Client::new();
        let mut waited = Duration::ZERO;
        loop {
            if http.get(&server.endpoint).send().await.is_ok() {
                break;
            }
            assert!(
                waited < Duration::from_secs(60),
                "the S3 test server did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
            waited += Duration::from_millis(100);
        }
        let made = http
            .put(format!("{}/{bucket}", server.endpoint))
            .send()
            .await
            .expect("create the bucket");
        assert!(
            made.status().is_success(),
            "create bucket: {}",
            made.status()
        );
        server
    }

    /// The keys in `bucket`, as S3's ListObjectsV2 gives them.
    pub async fn keys(&self, bucket: &str) -> Vec<String> {
        let xml = reqwest::get(format!("{}/{bucket}?list-type=2", self.endpoint))
            .await
            .expect("list the bucket")
            .text()
            .await
            .expect("a listing");
        xml.split("<Key>")
            .skip(1)
            .filter_map(|k| k.split("</Key>").next())
            .map(String::from)
            .collect()
    }

    pub fn settings(&self, bucket: &str) -> server::configuration::S3Settings {
        server::configuration::S3Settings {
            bucket: bucket.into(),
            endpoint: Some(self.endpoint.clone()),
            region: "us-east-1".into(),
            access_key_id: "linli-test".into(),
            secret_access_key: "linli-test-secret".into(),
        }
    }
}
