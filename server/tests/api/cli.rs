use std::process::Command;

fn linli(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("cannot run linli");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn migrate_and_seed_demo_work_and_never_touch_a_database_that_has_data() {
    let dir = std::env::temp_dir().join(format!("linli-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // A nested directory: the binary creates it.
    let url = format!("sqlite://{}/nested/cli.db?mode=rwc", dir.display());

    let (ok, out) = linli(&["migrate", "--database-url", &url]);
    assert!(ok && out.contains("up to date"), "{out}");
    let (ok, out) = linli(&["seed-demo", "--database-url", &url]);
    assert!(ok && out.contains("demo data seeded"), "{out}");
    let (ok, out) = linli(&["seed-demo", "--database-url", &url]);
    assert!(ok && out.contains("not empty"), "{out}");
    // Migrating again is a no-op.
    let (ok, _) = linli(&["migrate", "--database-url", &url]);
    assert!(ok);

    let (ok, _) = linli(&["migrate", "--database-url", "mysql://nowhere/x"]);
    assert!(!ok, "an unsupported database must fail");
    let (ok, out) = linli(&["--help"]);
    assert!(
        ok && out.contains("serve") && out.contains("seed-demo"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `linli serve | head -1`, a supervisor's log pipe gone: nobody reads what
/// the server prints. It must go on serving, not die of a broken pipe. The
/// pipe is closed before the server prints anything, so every line it writes
/// meets it.
#[test]
fn a_closed_standard_output_does_not_stop_the_server() {
    use std::io::{Read, Write};
    let dir = std::env::temp_dir().join(format!("linli-pipe-{}", rand::random::<u64>()));
    let url = format!("sqlite://{}/pipe.db?mode=rwc", dir.display());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(["serve", "--demo", "--bind", &addr, "--database-url", &url])
        .args(["--static-dir", "/nonexistent", "--job-interval", "3600"])
        .env("LINLI_UPLOAD_DIR", dir.join("photos"))
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start linli");
    drop(child.stdout.take());
    let healthy = || {
        let Ok(mut socket) = std::net::TcpStream::connect(&addr) else {
            return false;
        };
        let asked = write!(
            socket,
            "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        );
        let mut answer = String::new();
        asked.is_ok()
            && socket.read_to_string(&mut answer).is_ok()
            && answer.starts_with("HTTP/1.1 200")
    };
    let mut up = false;
    for _ in 0..150 {
        if child.try_wait().expect("the child").is_some() {
            break;
        }
        if healthy() {
            up = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // It printed its URL and the demo accounts by now; still there?
    std::thread::sleep(std::time::Duration::from_millis(300));
    let alive = child.try_wait().expect("the child").is_none() && healthy();
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(up && alive, "the server died of its own output (up: {up})");
}
