//! The engine's own limit, for the lifecycle benchmark to be measured
//! against (issue 18: lifecycles over HTTP at least half of this): the
//! statements a lifecycle must make, straight on SQLite — prepared once, one
//! thread, no HTTP, no pool — on a database migrated and seeded with the demo
//! by the server itself, on the same disk.
//!
//!     cargo bench -p server --bench engine              # 10 s
//!     BENCH_SECONDS=30 cargo bench -p server --bench engine
//!
//! Each step reads who the caller is (their active memberships) and the order
//! with its category, then in one transaction writes the guarded update
//! (`WHERE version = ?`, `RETURNING`), its timeline entry, and what the step
//! adds (a notification, the points and the balance, the candidate's
//! counters; the day rows move by the triggers, as in the server), and reads
//! the timeline back. Placing inserts the order, its entry and its search
//! words.

use rusqlite::{params, Connection, OptionalExtension};
use std::time::{Duration, Instant};

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
}

struct Ids {
    resident: i64,
    committee: i64,
    volunteer: i64,
    category: i64,
}

fn user(db: &Connection, phone: &str) -> i64 {
    db.query_row("SELECT id FROM users WHERE phone = ?1", [phone], |r| {
        r.get(0)
    })
    .expect("a demo account")
}

/// Who the caller is: their active memberships (as the server reads them
/// for every request).
fn caller(db: &Connection, user: i64) -> usize {
    let mut q = db
        .prepare_cached(
            "SELECT role, community_id, street_id, district_id, grid_id FROM memberships \
             WHERE user_id = ?1 AND status = 'active'",
        )
        .expect("prepare");
    q.query_map([user], |r| r.get::<_, String>(0))
        .expect("memberships")
        .count()
}

/// The order and its category.
fn order(db: &Connection, id: i64) -> (i64, String) {
    db.prepare_cached(
        "SELECT o.version, o.status, c.points FROM orders o JOIN categories c ON c.id = o.category_id \
         WHERE o.id = ?1",
    )
    .expect("prepare")
    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
    .expect("the order")
}

fn timeline(db: &Connection, id: i64) -> usize {
    let mut q = db
        .prepare_cached(
            "SELECT id, at, actor_id, action, from_status, to_status, note FROM order_events \
             WHERE order_id = ?1 ORDER BY at, id",
        )
        .expect("prepare");
    q.query_map([id], |r| r.get::<_, i64>(0))
        .expect("timeline")
        .count()
}

fn event(db: &Connection, id: i64, actor: i64, action: &str, from: &str, to: &str) {
    db.prepare_cached(
        "INSERT INTO order_events (order_id, at, actor_id, action, from_status, to_status) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .expect("prepare")
    .execute(params![id, now(), actor, action, from, to])
    .expect("an entry");
}

fn notify(db: &Connection, user: i64, id: i64, kind: &str) {
    db.prepare_cached(
        "INSERT INTO notifications (user_id, at, kind, order_id, title, body, facts) \
         VALUES (?1, ?2, ?3, ?4, '工单有新进展', '20261203-00001 洗衣机不转', '{}')",
    )
    .expect("prepare")
    .execute(params![user, now(), kind, id])
    .expect("a notification");
}

/// One step: read, then the guarded update and what goes with it in one
/// transaction, then the timeline read back.
fn step(
    db: &Connection,
    who: i64,
    id: i64,
    set: &str,
    (action, from, to): (&str, &str, &str),
    extra: impl FnOnce(&Connection),
) {
    caller(db, who);
    let (version, status) = order(db, id);
    assert_eq!(status, from);
    let tx = db.unchecked_transaction().expect("begin");
    let sql = format!(
        "UPDATE orders SET status = ?1, version = version + 1, updated_at = ?2, {set} \
         WHERE id = ?3 AND version = ?4 RETURNING id, status, version"
    );
    let updated: Option<i64> = tx
        .prepare_cached(&sql)
        .expect("prepare")
        .query_row(params![to, now(), id, version], |r| r.get(0))
        .optional()
        .expect("the update");
    assert!(updated.is_some());
    event(&tx, id, who, action, from, to);
    extra(&tx);
    tx.commit().expect("commit");
    timeline(db, id);
}

fn lifecycle(db: &Connection, ids: &Ids) {
    let at = now();
    let tx = db.unchecked_transaction().expect("begin");
    let id: i64 = tx
        .prepare_cached(
            "INSERT INTO orders (community_id, kind, category_id, title, description, address, \
               status, requester_id, version, created_at, updated_at, due_at, respond_by, level, \
               revisit, grid_id, dispatch_mode, channel, tried) \
             VALUES (1, 'door_service', ?1, '洗衣机不转', 'bench', '1号楼', 'pending', ?2, 0, \
               ?3, ?3, ?3, ?3, 'community', 0, 1, 'manual', 'app', '') RETURNING id",
        )
        .expect("prepare")
        .query_row(params![ids.category, ids.resident, at], |r| r.get(0))
        .expect("an order");
    event(&tx, id, ids.resident, "create", "pending", "pending");
    tx.prepare_cached("INSERT INTO order_search (rowid, words) VALUES (?1, ?2)")
        .expect("prepare")
        .execute(params![id, shared::search::grams(&["洗衣机不转", "1号楼"])])
        .expect("search words");
    tx.commit().expect("commit");
    timeline(db, id);

    let v = ids.volunteer;
    // The volunteer is the same in every lifecycle: one statement, prepared once.
    step(
        db,
        ids.committee,
        id,
        &format!("assignee_user_id = {v}, dispatched_at = ?2, respond_by = ?2"),
        ("dispatch", "pending", "dispatched"),
        |tx| notify(tx, v, id, "dispatched"),
    );
    step(
        db,
        v,
        id,
        "accepted_at = ?2, respond_by = NULL",
        ("accept", "dispatched", "accepted"),
        |tx| {
            notify(tx, ids.resident, id, "accepted");
            tx.prepare_cached(
            "UPDATE candidate_stats SET responses = responses + 1 WHERE community_id = 1 AND user_id = ?1",
        )
        .expect("prepare")
        .execute([v])
        .expect("counters");
        },
    );
    step(
        db,
        v,
        id,
        "completed_at = ?2",
        ("complete", "accepted", "completed"),
        |tx| {
            tx.prepare_cached(
            "INSERT INTO points_ledger (user_id, delta, reason, order_id, at) VALUES (?1, 10, 'order_completed', ?2, ?3)",
        )
        .expect("prepare")
        .execute(params![v, id, now()])
        .expect("points");
            tx.prepare_cached(
                "UPDATE users SET points_balance = points_balance + 10 WHERE id = ?1",
            )
            .expect("prepare")
            .execute([v])
            .expect("balance");
            notify(tx, ids.resident, id, "completed");
        },
    );
    step(
        db,
        ids.resident,
        id,
        "rating = 5, comment = '很好'",
        ("evaluate", "completed", "evaluated"),
        |tx| {
            tx.prepare_cached(
            "UPDATE candidate_stats SET rated = rated + 1, rating_sum = rating_sum + 5 WHERE community_id = 1 AND user_id = ?1",
        )
        .expect("prepare")
        .execute([v])
        .expect("counters");
        },
    );
}

fn main() {
    let seconds = env_num("BENCH_SECONDS", 10);
    let dir = std::env::temp_dir().join(format!("linli-bench-engine-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("engine.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(async {
            let db = server::db::connect(&url, 1).await.expect("database");
            server::db::migrate(&db).await.expect("migrations");
            server::demo::seed_if_empty(&db, chrono::Utc::now())
                .await
                .expect("the demo");
        });

    // As the server opens it: WAL, synchronous NORMAL.
    let db = Connection::open(&path).expect("open");
    db.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON",
    )
    .expect("pragmas");
    db.set_prepared_statement_cache_capacity(64);
    let ids = Ids {
        resident: user(&db, "13900000011"),
        committee: user(&db, "13900000001"),
        volunteer: user(&db, "13900000022"),
        category: db
            .query_row(
                "SELECT id FROM categories WHERE community_id = 1 AND code = 'appliance_repair'",
                [],
                |r| r.get(0),
            )
            .expect("the category"),
    };
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut done = 0u64;
    while Instant::now() < deadline {
        lifecycle(&db, &ids);
        done += 1;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "linli engine bench: the lifecycle's statements straight on SQLite (prepared, one thread, no HTTP)"
    );
    println!(
        "{done} lifecycles in {elapsed:.1}s: {:.0} lifecycles/s",
        done as f64 / elapsed
    );
    drop(db);
    let _ = std::fs::remove_dir_all(&dir);
}
