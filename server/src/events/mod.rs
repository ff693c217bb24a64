//! The live board's change feed. Every change of an order is announced once it
//! is committed, and every open stream (`routes/events.rs`) hears of it and
//! passes on what its user may see.
//!
//! On SQLite the server is alone: changes go straight to an in-process hub
//! after commit. On PostgreSQL the change's transaction also runs
//! `pg_notify('linli_orders', …)`, which PostgreSQL delivers at commit (and
//! never for a rolled-back change) to every server's `LISTEN`, so a change made
//! through any server reaches every stream; each server's listener loads the
//! order once and passes it to its own hub.

use crate::entities::order;
use anyhow::Context;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, Statement};
use shared::OrderId;
use std::sync::Arc;
use tokio::sync::broadcast;

/// The channel PostgreSQL carries changes on.
const CHANNEL: &str = "linli_orders";
/// And the sessions that ended (logged out, or revoked for a replayed token):
/// their streams close on every server.
const SESSIONS: &str = "linli_sessions";

/// One committed change of an order, as streams need it: the order (to decide
/// who may see it), what happened and when.
#[derive(Debug, Clone)]
pub struct Change {
    pub order: order::Model,
    pub action: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone)]
pub struct Hub {
    tx: broadcast::Sender<Arc<Change>>,
    ended: broadcast::Sender<Arc<str>>,
    postgres: bool,
}

impl Hub {
    pub fn new(postgres: bool) -> Hub {
        // A stream that falls this far behind skips ahead (and is told so).
        let (tx, _) = broadcast::channel(1024);
        let (ended, _) = broadcast::channel(256);
        Hub {
            tx,
            ended,
            postgres,
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Change>> {
        self.tx.subscribe()
    }

    /// The sessions that end from now on.
    pub fn subscribe_ended(&self) -> broadcast::Receiver<Arc<str>> {
        self.ended.subscribe()
    }

    /// Inside the transaction that ends a session: on PostgreSQL, the
    /// notification every server receives if it commits.
    pub async fn end_session_in(
        &self,
        txn: &impl ConnectionTrait,
        session: &str,
    ) -> Result<(), sea_orm::DbErr> {
        if !self.postgres {
            return Ok(());
        }
        txn.execute(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [SESSIONS.into(), session.into()],
        ))
        .await?;
        Ok(())
    }

    /// After the commit: on SQLite, this server's streams of the session end.
    pub fn session_ended(&self, session: &str) {
        if !self.postgres {
            let _ = self.ended.send(session.into());
        }
    }

    /// Inside the change's transaction: on PostgreSQL, the notification that
    /// every server receives once (and only if) it commits.
    pub async fn announce_in(
        &self,
        txn: &impl ConnectionTrait,
        id: OrderId,
        action: &str,
        at: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        if !self.postgres {
            return Ok(());
        }
        let payload = format!("{}:{action}:{}", id.0, at.timestamp_millis());
        txn.execute(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), payload.into()],
        ))
        .await?;
        Ok(())
    }

    /// After the commit: on SQLite, to this server's streams (on PostgreSQL the
    /// listener does it, for every server alike).
    pub fn committed(&self, order: &order::Model, action: &str, at: DateTime<Utc>) {
        if self.postgres {
            return;
        }
        self.publish(Change {
            order: order.clone(),
            action: action.to_string(),
            at,
        });
    }

    fn publish(&self, change: Change) {
        // No stream open: nobody to tell.
        let _ = self.tx.send(Arc::new(change));
    }
}

/// Removes the tickets nobody used in time (a job). A plain delete of what
/// has expired: running it on several servers at once does no harm.
pub async fn remove_expired_tickets(db: &crate::db::Db, now: DateTime<Utc>) -> anyhow::Result<u64> {
    let gone = crate::entities::event_ticket::Entity::delete_many()
        .filter(crate::entities::event_ticket::Column::ExpiresAt.lte(now))
        .exec(&db.write)
        .await?;
    Ok(gone.rows_affected)
}

/// `id:action:millis`, as `announce_in` writes it.
fn parse(payload: &str) -> Option<(OrderId, String, DateTime<Utc>)> {
    let mut parts = payload.splitn(3, ':');
    let id = parts.next()?.parse().ok()?;
    let action = parts.next()?.to_string();
    let at = DateTime::from_timestamp_millis(parts.next()?.parse().ok()?)?;
    Some((id, action, at))
}

/// Listens on PostgreSQL for the changes of every server and passes them to
/// this server's hub; reconnects after a lost connection. Returns once the
/// first `LISTEN` is in place (or after 10 s, with a warning, while it keeps
/// trying), so that a stream opened on a server that has started hears every
/// change made after.
pub async fn listen(url: String, hub: Hub, db: sea_orm::DatabaseConnection) {
    let (ready, listening) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let mut ready = Some(ready);
        loop {
            if let Err(e) = listen_once(&url, &hub, &db, &mut ready).await {
                tracing::warn!("the change feed's LISTEN failed, reconnecting: {e:#}");
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    });
    if tokio::time::timeout(std::time::Duration::from_secs(10), listening)
        .await
        .is_err()
    {
        tracing::warn!("the change feed is not listening yet: live streams may miss changes");
    }
}

async fn listen_once(
    url: &str,
    hub: &Hub,
    db: &sea_orm::DatabaseConnection,
    ready: &mut Option<tokio::sync::oneshot::Sender<()>>,
) -> anyhow::Result<()> {
    let mut listener = sqlx::postgres::PgListener::connect(url)
        .await
        .context("connecting the listener")?;
    listener
        .listen_all([CHANNEL, SESSIONS])
        .await
        .context("LISTEN")?;
    if let Some(ready) = ready.take() {
        let _ = ready.send(());
    }
    loop {
        let note = listener.recv().await.context("receiving")?;
        if note.channel() == SESSIONS {
            let _ = hub.ended.send(note.payload().into());
            continue;
        }
        let Some((id, action, at)) = parse(note.payload()) else {
            continue;
        };
        if let Some(order) = order::Entity::find_by_id(id).one(db).await? {
            hub.publish(Change { order, action, at });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_payload_round_trips() {
        let at = DateTime::from_timestamp_millis(1_795_000_000_123).expect("a time");
        let payload = format!("42:dispatch:{}", at.timestamp_millis());
        assert_eq!(parse(&payload), Some((OrderId(42), "dispatch".into(), at)));
        assert_eq!(parse("x:dispatch:1"), None);
        assert_eq!(parse("42"), None);
    }
}
