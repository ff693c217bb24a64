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
