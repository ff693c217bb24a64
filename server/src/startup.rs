//! Building the application: database, migrations, demo data, HTTP server.
//! Tests build it on port 0 with a fresh database.

use crate::auth::{jwt::JwtKeys, throttle::LoginThrottle};
use crate::clock::Clock;
use crate::configuration::Settings;
use crate::services::wechat::WechatClient;
use crate::{db, demo, routes};
use actix_web::dev::Server;
use actix_web::dev::Service;
use actix_web::{middleware, web, App, HttpServer};
use anyhow::Context;
use std::net::{SocketAddr, TcpListener};

pub struct Application {
    addr: SocketAddr,
    server: Server,
    jobs: Option<crate::jobs::Runner>,
}

impl Application {
    /// The app on the system clock.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        Self::build_with_clock(settings, Clock::system()).await
    }

    /// The app reading "now" from `clock` (tests set and advance a manual one).
    pub async fn build_with_clock(settings: Settings, clock: Clock) -> anyhow::Result<Application> {
        let db = db::connect(&settings.database_url, settings.sqlite_readers).await?;
        db::migrate(&db).await?;
        if settings.demo {
            if demo::seed_if_empty(&db, clock.now()).await? {
                tracing::info!("seeded the demo data (password of every demo account: demo1234)");
            } else {
                tracing::info!("the database already has data; demo data not seeded");
            }
        }
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let addr = listener.local_addr()?;
        let static_dir = settings.static_dir.clone();
        let workers = settings.workers;
        let body_timeout = settings.body_timeout;
        match &static_dir {
            Some(d) if d.join("index.html").is_file() => {
                tracing::info!("serving the web client from {}", d.display())
            }
            Some(d) => tracing::warn!(
                "no web client at {} (index.html missing): serving the API only",
                d.display()
            ),
            None => {}
        }
        // The app's state, one part per type: each handler and service takes
        // the parts it needs, never the whole.
        let jwt = web::Data::new(JwtKeys::new(
            settings.jwt_secret.expose(),
            settings.access_ttl_secs,
        ));
        let throttle = web::Data::new(LoginThrottle::new(clock.clone(), 100_000));
        let wechat = web::Data::new(WechatClient::new(settings.wechat.clone())?);
        if !settings.database_url.starts_with("sqlite:") {
            crate::events::listen(
                settings.database_url.clone(),
                db.events.clone(),
                db.read.clone(),
            )
            .await;
        }
        let photos = web::Data::new(crate::services::uploads::PhotoStore::new(
            &settings.uploads,
            settings.jwt_secret.expose(),
        )?);
        let db = web::Data::new(db);
        let settings = web::Data::new(settings);
        let jobs = crate::jobs::Runner::start(
            db.clone(),
            wechat.clone(),
            photos.clone(),
            clock.clone(),
            settings.jobs.clone(),
        );
        let clock = web::Data::new(clock);
        let boards = web::Data::new(crate::services::board::BoardCache::default());
        let server = HttpServer::new(move || {
            let static_dir = static_dir.clone();
            App::new()
                .app_data(db.clone())
                .app_data(jwt.clone())
                .app_data(throttle.clone())
                .app_data(wechat.clone())
                .app_data(photos.clone())
                .app_data(settings.clone())
                .app_data(clock.clone())
                .app_data(boards.clone())
                .wrap(middleware::Compress::default())
                .wrap_fn(move |mut req, srv| {
                    body_timeout.apply(&mut req);
                    srv.call(req)
                })
                .wrap_fn(traced)
                .wrap(
                    middleware::DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("Referrer-Policy", "same-origin")),
                )
                .configure(move |cfg| routes::configure(cfg, static_dir))
        });
        let server = match workers {
            Some(n) => server.workers(n),
            None => server,
        }
        .listen(listener)?
        .run();
        Ok(Application { addr, server, jobs })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Serves until a signal stops the server, then stops the jobs after the
    /// run in progress.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        if let Some(jobs) = self.jobs {
            jobs.stop().await;
            tracing::info!("background jobs stopped");
        }
        served
    }
}

/// Every request gets an id, on every log line written while it is handled
/// (a span) and in the `X-Request-Id` answer header, so that a user's report
/// of a failure can be found in the log.
fn traced<S, B>(
    req: actix_web::dev::ServiceRequest,
    srv: &S,
) -> impl std::future::Future<Output = Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>>
where
    S: Service<
        actix_web::dev::ServiceRequest,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
{
    use tracing::Instrument;
    let id = format!("{:016x}", rand::random::<u64>());
    let span = tracing::info_span!("request", id = %id, method = %req.method(), path = %req.path());
    let started = std::time::Instant::now();
    let fut = span.in_scope(|| srv.call(req));
    async move {
        let mut res = fut.await?;
        tracing::debug!(
            status = res.status().as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "answered"
        );
        if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&id) {
            res.headers_mut().insert(
                actix_web::http::header::HeaderName::from_static("x-request-id"),
                v,
            );
        }
        Ok(res)
    }
    .instrument(span)
}
