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
use sea_orm::{ConnectionTrait, DatabaseBackend, EntityTrait, Statement};
use shared::OrderId;
use std::sync::Arc;
use tokio::sync::broadcast;

/// The channel PostgreSQL carries changes on.
const CHANNEL: &str = "linli_orders";

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
    postgres: bool,
}

impl Hub {
    pub fn new(postgres: bool) -> Hub {
        // A stream that falls this far behind skips ahead (and is told so).
        let (tx, _) = broadcast::channel(1024);
        Hub { tx, postgres }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Change>> {
        self.tx.subscribe()
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

/// `id:action:millis`, as `announce_in` writes it.
fn parse(payload: &str) -> Option<(OrderId, String, DateTime<Utc>)> {
    let mut parts = payload.splitn(3, ':');
    let id = parts.next()?.parse().ok()?;
    let action = parts.next()?.to_string();
    let at = DateTime::from_timestamp_millis(parts.next()?.parse().ok()?)?;
    Some((id, action, at))
}

/// Listens on PostgreSQL for the changes of every server and passes them to
/// this server's hub; reconnects after a lost connection.
pub fn listen(url: String, hub: Hub, db: sea_orm::DatabaseConnection) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = listen_once(&url, &hub, &db).await {
                tracing::warn!("the change feed's LISTEN failed, reconnecting: {e:#}");
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    });
}

async fn listen_once(url: &str, hub: &Hub, db: &sea_orm::DatabaseConnection) -> anyhow::Result<()> {
    let mut listener = sqlx::postgres::PgListener::connect(url)
        .await
        .context("connecting the listener")?;
    listener.listen(CHANNEL).await.context("LISTEN")?;
    loop {
        let note = listener.recv().await.context("receiving")?;
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
