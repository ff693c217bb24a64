//! The databases tests run on: a template migrated and seeded once per build
//! of the tests, a copy of it per test, dropped afterwards.

use rand::Rng;
use sqlx::Connection;

/// The migrated and seeded database every test starts from, made once per
/// build of the tests and shared by all their processes (nextest runs each
/// test in its own): its name carries the test binary's build time, so a
/// rebuild (new migrations, new demo data) makes a new one.
fn template_key() -> String {
    let exe = std::env::current_exe().expect("the test binary");
    let built = std::fs::metadata(&exe)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::hash::Hash::hash(&(exe, built), &mut h);
    format!("{:x}", std::hash::Hasher::finish(&h))
}

/// Migrates and seeds the database at `url`, then closes every connection.
async fn build_template(url: &str) {
    let db = server::db::connect(url, 1)
        .await
        .expect("cannot open the template database");
    server::db::migrate(&db)
        .await
        .expect("cannot migrate the template");
    server::demo::seed_if_empty(&db, chrono::Utc::now())
        .await
        .expect("cannot seed the template");
    if url.starts_with("sqlite:") {
        // Everything into the main file, which is what gets copied.
        sea_orm::ConnectionTrait::execute_unprepared(&db.write, "PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .expect("checkpoint the template");
    }
    let _ = db.read.close().await;
    let _ = db.write.close().await;
}

/// A fresh copy of the template: a file copy on SQLite, or `CREATE DATABASE …
/// TEMPLATE` on the PostgreSQL server named by LINLI_TEST_DATABASE_URL (e.g.
/// postgres://postgres@127.0.0.1:55432). Dropped when the test ends.
pub(super) async fn fresh_database() -> (String, Option<std::path::PathBuf>) {
    let suffix: u64 = rand::thread_rng().gen();
    let key = template_key();
    match std::env::var("LINLI_TEST_DATABASE_URL") {
        Ok(base) if !base.is_empty() => {
            let base = base.trim_end_matches('/');
            let template = format!("linli_tpl_{key}");
            let name = format!("linli_test_{suffix:x}");
            let mut conn = sqlx::PgConnection::connect(&format!("{base}/postgres"))
                .await
                .expect("cannot reach the PostgreSQL server named by LINLI_TEST_DATABASE_URL");
            // One process builds the template; the others wait for it here.
            sqlx::query("SELECT pg_advisory_lock(7160)")
                .execute(&mut conn)
                .await
                .expect("advisory lock");
            let exists: Option<i32> =
                sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
                    .bind(&template)
                    .fetch_optional(&mut conn)
                    .await
                    .expect("pg_database");
            if exists.is_none() {
                let building = format!("{template}_build");
                sqlx::query(&format!("DROP DATABASE IF EXISTS {building}"))
                    .execute(&mut conn)
                    .await
                    .expect("drop a half-built template");
                sqlx::query(&format!("CREATE DATABASE {building}"))
                    .execute(&mut conn)
                    .await
                    .expect("create the template");
                build_template(&format!("{base}/{building}")).await;
                sqlx::query(&format!("ALTER DATABASE {building} RENAME TO {template}"))
                    .execute(&mut conn)
                    .await
                    .expect("rename the template");
            }
            sqlx::query("SELECT pg_advisory_unlock(7160)")
                .execute(&mut conn)
                .await
                .expect("advisory unlock");
            sqlx::query(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
                .execute(&mut conn)
                .await
                .expect("cannot create a test database");
            (format!("{base}/{name}"), None)
        }
        _ => {
            let dir = std::env::temp_dir().join("linli-tests");
            std::fs::create_dir_all(&dir).expect("cannot create the test directory");
            let template = dir.join(format!("template-{key}.db"));
            if !template.is_file() {
                // Built aside and moved into place whole: a racing process
                // either sees no template or a complete one.
                let building = dir.join(format!("template-{key}-{suffix:x}.db"));
                build_template(&format!("sqlite://{}?mode=rwc", building.display())).await;
                std::fs::rename(&building, &template).expect("cannot place the template");
                for s in ["-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{s}", building.display()));
                }
            }
            let file = dir.join(format!("{suffix:x}.db"));
            std::fs::copy(&template, &file).expect("cannot copy the template");
            (format!("sqlite://{}?mode=rwc", file.display()), Some(file))
        }
    }
}

/// Drops a test's PostgreSQL database (its server may still hold
/// connections, hence FORCE), from a thread of its own: `Drop` cannot await.
pub(super) fn drop_postgres(url: &str) {
    let Some((base, name)) = url.rsplit_once('/') else {
        return;
    };
    let (base, name) = (base.to_string(), name.to_string());
    let _ = std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        rt.block_on(async {
            if let Ok(mut conn) = sqlx::PgConnection::connect(&format!("{base}/postgres")).await {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await;
            }
        });
    })
    .join();
}

/// Removes a test's SQLite file and its WAL companions.
pub(super) fn remove_sqlite(file: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
}
