//! Background jobs: one runner, started with the server and stopped with it,
//! running every job every `LINLI_JOB_INTERVAL_SECONDS` (and once at start, so
//! a server that was down catches up).
//!
//! Every step of every job is a conditional write (`UPDATE … WHERE version =
//! <read>`, or an insert that a unique index makes idempotent), so several
//! servers on one PostgreSQL may run the same job at the same moment and each
//! order still changes once. Tests call [`run_due`] after moving the clock.

pub mod auto_close;
pub mod escalate;
pub mod hotline;
pub mod wechat;

use crate::clock::Clock;
use crate::configuration::JobSettings;
use crate::db::Db;
use crate::services::partners::hotline::HotlineClient;
use crate::services::uploads::{self, PhotoStore};
use crate::services::wechat::WechatClient;
use actix_web::web;
use chrono::{DateTime, Utc};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The ids of the orders a job must look at, in id order, found through the
/// indexes of its conditions alone. Not `ORDER BY id LIMIT n` page by page:
/// PostgreSQL answers that by walking the primary key through every order
/// until it has `n` (570 ms at a million orders when none is due).
async fn due_ids(
    db: &sea_orm::DatabaseConnection,
    select: sea_orm::Select<crate::entities::order::Entity>,
) -> Result<Vec<shared::OrderId>, sea_orm::DbErr> {
    use sea_orm::QuerySelect;
    let mut ids: Vec<shared::OrderId> = select
        .select_only()
        .column(crate::entities::order::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    ids.sort_unstable();
    Ok(ids)
}

/// What one run of the jobs did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Units recorded as not reporting in time (吹哨未报到).
    pub missed_reports: u64,
    /// Orders moved up one level.
    pub escalated: u64,
    /// Completed orders closed for want of an evaluation.
    pub closed: u64,
    /// WeChat subscribe messages WeChat accepted.
    pub wechat_sent: u64,
    /// Uploads nobody attached within a day, removed.
    pub photos_removed: u64,
    /// Live-board tickets nobody used in time, removed.
    pub tickets_removed: u64,
    /// Points-supermarket reservations not picked up in 14 days, given back.
    pub redemptions_expired: u64,
    /// Results the 12345 hotlines took.
    pub hotline_sent: u64,
}

/// What the jobs work with besides the database.
pub struct Services<'a> {
    pub wechat: &'a WechatClient,
    pub photos: &'a PhotoStore,
    pub hotline: &'a HotlineClient,
}

/// Runs every job once, as of `now`. A job that fails does not keep the
/// others from running (object storage being down must not hold back the
/// whistle or WeChat messages); the first failure is returned after all ran.
pub async fn run_due(
    db: &Db,
    services: Services<'_>,
    now: DateTime<Utc>,
    settings: &JobSettings,
) -> anyhow::Result<Report> {
    let mut failed = None;
    let mut done = |step: anyhow::Result<u64>| {
        step.unwrap_or_else(|e| {
            failed.get_or_insert(e);
            0
        })
    };
    let missed_reports = done(escalate::record_missed_reports(db, now).await);
    let escalated = done(escalate::escalate(db, now).await);
    let closed = done(auto_close::close_unevaluated(db, now, settings.auto_close_days).await);
    let photos_removed = done(uploads::remove_unattached(db, services.photos, now).await);
    let tickets_removed = done(crate::events::remove_expired_tickets(db, now).await);
    let redemptions_expired = done(crate::services::points::redemptions::expire_due(db, now).await);
    // Last: what the steps above notified goes out in the same run.
    let wechat_sent = done(wechat::send_due(db, services.wechat, now).await);
    let hotline_sent = done(hotline::send_due(db, services.hotline, now).await);
    done(crate::db::refresh_statistics(db).await.map(|()| 0));
    match failed {
        Some(e) => Err(e),
        None => Ok(Report {
            missed_reports,
            escalated,
            closed,
            wechat_sent,
            photos_removed,
            tickets_removed,
            redemptions_expired,
            hotline_sent,
        }),
    }
}

/// The running jobs; [`Runner::stop`] ends them after the run in progress.
pub struct Runner {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Runner {
    /// Starts the runner, or nothing when the settings have no interval.
    pub fn start(
        db: web::Data<Db>,
        wechat: web::Data<WechatClient>,
        photos: web::Data<PhotoStore>,
        clock: Clock,
        settings: JobSettings,
    ) -> Option<Runner> {
        let every = std::time::Duration::from_secs(settings.interval_secs?.max(1));
        let (stop, mut stopped) = watch::channel(false);
        let hotline = match HotlineClient::new() {
            Ok(h) => h,
            Err(e) => {
                tracing::error!(error = %e, "no HTTP client for the hotline: the jobs do not run");
                return None;
            }
        };
        let task = tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {
                        let services = Services { wechat: &wechat, photos: &photos, hotline: &hotline };
                        match run_due(&db, services, clock.now(), &settings).await {
                            Ok(r) if r != Report::default() => tracing::info!(
                                escalated = r.escalated,
                                missed_reports = r.missed_reports,
                                closed = r.closed,
                                wechat_sent = r.wechat_sent,
                                photos_removed = r.photos_removed,
                                tickets_removed = r.tickets_removed,
                                redemptions_expired = r.redemptions_expired,
                                hotline_sent = r.hotline_sent,
                                "jobs ran"
                            ),
                            Ok(_) => {}
                            Err(e) => tracing::warn!("a background job failed: {e:#}"),
                        }
                    }
                    _ = stopped.changed() => break,
                }
            }
        });
        tracing::info!("background jobs run every {} s", every.as_secs());
        Some(Runner { stop, task })
    }

    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::configuration::JobSettings;

    #[tokio::test]
    async fn the_runner_stops_when_told_and_needs_an_interval() {
        let db = crate::db::connect("sqlite::memory:", 1)
            .await
            .expect("an in-memory database");
        crate::db::migrate(&db).await.expect("migrations");
        let wechat = || {
            web::Data::new(
                WechatClient::new(crate::configuration::Settings::new("x", "y").wechat)
                    .expect("a client"),
            )
        };
        let photos = || {
            let mut settings = crate::configuration::Settings::new("x", "y").uploads;
            settings.dir =
                std::env::temp_dir().join(format!("linli-runner-{}", std::process::id()));
            web::Data::new(PhotoStore::new(&settings, "k").expect("a photo store"))
        };
        let runner = Runner::start(
            web::Data::new(db),
            wechat(),
            photos(),
            Clock::system(),
            JobSettings {
                interval_secs: Some(3600),
                auto_close_days: 7,
            },
        )
        .expect("a runner for an interval");
        // Stopping waits for the run in progress, and no longer than that.
        tokio::time::timeout(std::time::Duration::from_secs(10), runner.stop())
            .await
            .expect("the runner stopped");
        assert!(Runner::start(
            web::Data::new(crate::db::connect("sqlite::memory:", 1).await.expect("db")),
            wechat(),
            photos(),
            Clock::system(),
            JobSettings {
                interval_secs: None,
                auto_close_days: 7,
            },
        )
        .is_none());
    }
}
