//! Opening the database (SQLite or PostgreSQL) and bringing its schema up to date.

use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use std::time::Duration;

pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(10));
    if is_sqlite(url) {
        create_parent_dir(url)?;
        // WAL lets readers run beside the one writer; waiting writers queue on
        // busy_timeout instead of failing. SQLite has one writer and each sqlx
        // connection is a thread: a small pool keeps latency tails short (see
        // the benchmark in the README).
        let pool = std::env::var("LINLI_SQLITE_POOL")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|n| *n > 0)
            .unwrap_or(2);
        opts.max_connections(pool)
            .min_connections(1)
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
            });
    } else {
        opts.max_connections(32).min_connections(1);
    }
    Database::connect(opts)
        .await
        .with_context(|| format!("cannot open the database at {}", redact(url)))
}

pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None)
        .await
        .context("cannot migrate the database")
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
