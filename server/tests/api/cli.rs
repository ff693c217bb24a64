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

fn add_admin(url: &str, phone: &str, password: &str, extra: &[&str]) -> (bool, String, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_linli"))
        .args([
            "add-admin",
            "--phone",
            phone,
            "--name",
            "周主任",
            "--database-url",
            url,
        ])
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("cannot run linli");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{password}\n").as_bytes())
        .expect("write the password");
    let out = child.wait_with_output().expect("linli add-admin");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A real installation starts empty: `linli add-admin` makes its first admin,
/// the password read from standard input, and the district with it.
#[tokio::test]
async fn add_admin_makes_the_first_admin_of_an_empty_installation() {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    use server::entities::{district, membership, user};
    let dir = std::env::temp_dir().join(format!("linli-admin-{}", rand::random::<u64>()));
    let url = format!("sqlite://{}/admin.db?mode=rwc", dir.display());

    let (ok, out, err) = add_admin(&url, "13600000001", "district-2026", &[]);
    assert!(ok && out.contains("默认区"), "{out}{err}");
    let (ok, _, err) = add_admin(&url, "13600000001", "district-2026", &[]);
    assert!(!ok && err.contains("already exists"), "{err}");
    let (ok, _, err) = add_admin(&url, "13600000002", "short", &[]);
    assert!(!ok && err.contains("at least 8"), "{err}");
    let (ok, out, err) = add_admin(
        &url,
        "13600000003",
        "district-2027",
        &["--district", "滨江区"],
    );
    assert!(ok && out.contains("滨江区"), "{out}{err}");
    let (ok, _, err) = add_admin(&url, "13600000004", "district-2028", &[]);
    assert!(
        !ok && err.contains("--district"),
        "two districts now: {err}"
    );

    let db = server::db::connect(&url, 1).await.expect("the database");
    let admin = user::Entity::find()
        .filter(user::Column::Phone.eq("13600000001"))
        .one(&db.read)
        .await
        .expect("read")
        .expect("the admin exists");
    let hash = admin.password_hash.expect("a password");
    assert!(server::auth::password::verify("district-2026", &hash));
    let roles = membership::Entity::find()
        .filter(membership::Column::UserId.eq(admin.id))
        .all(&db.read)
        .await
        .expect("read");
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0].role, shared::Role::Admin);
    let districts = district::Entity::find().all(&db.read).await.expect("read");
    assert_eq!(districts.len(), 2);
    db.read.close().await.ok();
    db.write.close().await.ok();
    let _ = std::fs::remove_dir_all(&dir);
}
