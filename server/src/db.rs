//! Opening the database (SQLite or PostgreSQL) and bringing its schema up to date.

use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use std::time::Duration;

/// The database as the services use it: reads go to `read`, transactions to
/// `write`. On SQLite `write` is a single connection, so writers queue here, in
/// order, instead of sleeping in SQLite's busy handler; readers run beside it
/// (WAL). On PostgreSQL both are the same pool.
#[derive(Clone)]
pub struct Db {
    pub read: DatabaseConnection,
    pub write: DatabaseConnection,
    /// Where committed changes of orders are announced (the live board).
    pub events: crate::events::Hub,
    /// The thread that runs the busiest transactions (see [`Db::writing`]).
    writer: Writer,
}

/// A thread of its own for transactions, so that a transaction's next
/// statement is sent the moment the last one returns. Run on an HTTP worker,
/// a transaction waits after each statement until the worker is done with
/// whatever other request it took up meanwhile (parsing, rendering), while
/// it holds SQLite's one writer: at 64 clients the writer then stood idle
/// most of each transaction. The thread ends when the last clone of its
/// `Db` is dropped.
#[derive(Clone)]
struct Writer {
    handle: tokio::runtime::Handle,
    _alive: std::sync::Arc<tokio::sync::oneshot::Sender<()>>,
}

impl Writer {
    fn start() -> anyhow::Result<Writer> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the writer's runtime")?;
        let handle = runtime.handle().clone();
        let (alive, dropped) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new()
            .name("linli-writer".into())
            .spawn(move || {
                runtime.block_on(async {
                    let _ = dropped.await;
                })
            })
            .context("cannot start the writer's thread")?;
        Ok(Writer {
            handle,
            _alive: std::sync::Arc::new(alive),
        })
    }
}

impl Db {
    /// Runs `work` (a transaction and what it does) on the writer's thread
    /// and returns what it returned. The work runs to its end even if the
    /// request that asked for it goes away: it commits or rolls back, never
    /// stops halfway. A panic in it is a panic here.
    pub async fn writing<T, W>(&self, work: W) -> Result<T, sea_orm::DbErr>
    where
        W: std::future::Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        match self.writer.handle.spawn(work).await {
            Ok(done) => Ok(done),
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => Err(sea_orm::DbErr::Custom("the writer's thread stopped".into())),
        }
    }
}

/// Opens the database; on SQLite with `readers` reader connections beside the
/// one writer.
pub async fn connect(url: &str, readers: u32) -> anyhow::Result<Db> {
    if is_sqlite(url) {
        create_parent_dir(url)?;
        let readers = readers.max(1);
        let write = open(url, 1).await?;
        let read = open(url, readers).await?;
        Ok(Db {
            read,
            write,
            events: crate::events::Hub::new(false),
            writer: Writer::start()?,
        })
    } else {
        let pool = open(url, 32).await?;
        Ok(Db {
            read: pool.clone(),
            write: pool,
            events: crate::events::Hub::new(true),
            writer: Writer::start()?,
        })
    }
}

async fn open(url: &str, connections: u32) -> anyhow::Result<DatabaseConnection> {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(10));
    opts.max_connections(connections).min_connections(1);
    if is_sqlite(url) {
        // The busy timeout only matters for other processes (e.g. `linli migrate`
        // beside a running server): in-process writers share one connection.
        opts.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    }
    Database::connect(opts)
        .await
        .with_context(|| format!("cannot open the database at {}", redact(url)))
}

pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    Migrator::up(&db.write, None)
        .await
        .context("cannot migrate the database")?;
    refresh_statistics(db).await
}

/// SQLite's planner chooses between a list's indexes by what it knows of
/// their columns (`sqlite_stat1`): without it, a resident's orders within a
/// community may be looked for by walking the community's 800,000 orders
/// instead of the resident's few. `PRAGMA optimize` measures what changed
/// much since it last ran, sampling a few hundred rows per index
/// (`analysis_limit`): milliseconds, also at a million orders. Run when the
/// server starts and by the jobs. PostgreSQL's autovacuum does this itself.
pub async fn refresh_statistics(db: &Db) -> anyhow::Result<()> {
    if db.write.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        db.write
            .execute_unprepared("PRAGMA analysis_limit = 400; PRAGMA optimize = 0x10002")
            .await
            .context("cannot refresh the planner's statistics")?;
    }
    Ok(())
}

fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// `sqlite://data/linli.db` needs `data/` to exist before SQLite can create the file.
fn create_parent_dir(url: &str) -> anyhow::Result<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(dir) = std::path::Path::new(path).parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
    }
    Ok(())
}

/// Hide a password in a database URL before it goes to a log.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Holds a person's row for the rest of the transaction, so that what counts
/// their things and adds one (a daily quota, a rate limit) runs one at a
/// time for them. On PostgreSQL a row lock; on SQLite the one writer
/// connection already serialises every transaction.
pub async fn lock_user(
    txn: &sea_orm::DatabaseTransaction,
    user_id: shared::UserId,
) -> Result<(), sea_orm::DbErr> {
    use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect};
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        crate::entities::user::Entity::find_by_id(user_id)
            .select_only()
            .column(crate::entities::user::Column::Id)
            .lock_exclusive()
            .into_tuple::<shared::UserId>()
            .one(txn)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redact_hides_only_the_password() {
        assert_eq!(
            redact("postgres://linli:s3cret@db:5432/linli"),
            "postgres://linli:***@db:5432/linli"
        );
        assert_eq!(
            redact("sqlite://data/linli.db?mode=rwc"),
            "sqlite://data/linli.db?mode=rwc"
        );
    }

    #[tokio::test]
    async fn work_on_the_writer_ends_even_when_its_request_goes_away() {
        use sea_orm::{ConnectionTrait, TransactionTrait};
        let dir = std::env::temp_dir().join(format!("linli-writer-{}", std::process::id()));
        let url = format!("sqlite://{}/w.db?mode=rwc", dir.display());
        let db = super::connect(&url, 1).await.expect("a database");
        db.write
            .execute_unprepared("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
            .await
            .expect("a table");
        let (go, told) = tokio::sync::oneshot::channel::<()>();
        let (finished, done) = tokio::sync::oneshot::channel::<()>();
        let work = {
            let db = db.clone();
            async move {
                let txn = db.write.begin().await?;
                let _ = told.await;
                txn.execute_unprepared("INSERT INTO t VALUES (1)").await?;
                txn.commit().await?;
                let _ = finished.send(());
                Ok::<_, sea_orm::DbErr>(())
            }
        };
        // The request is polled once (the work starts) and then dropped.
        let gone = tokio::time::timeout(std::time::Duration::ZERO, db.writing(work)).await;
        assert!(gone.is_err(), "the work waits to be told to go on");
        go.send(()).expect("the work is still there");
        done.await.expect("the work ran to its commit");
        let n = db
            .read
            .query_one(sea_orm::Statement::from_string(
                db.read.get_database_backend(),
                "SELECT COUNT(*) FROM t",
            ))
            .await
            .expect("a count")
            .and_then(|r| r.try_get_by_index::<i64>(0).ok());
        assert_eq!(n, Some(1));
        drop(db);
        let _ = std::fs::remove_dir_all(dir);
    }
}
