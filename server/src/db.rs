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
        })
    } else {
        let pool = open(url, 32).await?;
        Ok(Db {
            read: pool.clone(),
            write: pool,
            events: crate::events::Hub::new(true),
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
}
