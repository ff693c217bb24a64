//! Building the application: database, migrations, demo data, HTTP server.
//! Tests build it on port 0 with a fresh database.

use crate::auth::{jwt::JwtKeys, throttle::LoginThrottle};
use crate::configuration::Settings;
use crate::db::Db;
use crate::services::wechat::WechatClient;
use crate::{db, routes, services};
use actix_web::dev::Server;
use actix_web::dev::Service;
use actix_web::{middleware, web, App, HttpServer};
use anyhow::Context;
use std::net::{SocketAddr, TcpListener};

pub struct AppState {
    pub db: Db,
    pub jwt: JwtKeys,
    pub throttle: LoginThrottle,
    pub wechat: WechatClient,
    pub settings: Settings,
}

pub struct Application {
    addr: SocketAddr,
    server: Server,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let db = db::connect(&settings.database_url).await?;
        db::migrate(&db).await?;
        if settings.demo {
            if services::demo::seed_if_empty(&db).await? {
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
        let state = web::Data::new(AppState {
            db,
            jwt: JwtKeys::new(&settings.jwt_secret, settings.access_ttl_secs),
            throttle: LoginThrottle::default(),
            wechat: WechatClient::new(settings.wechat.clone())?,
            settings,
        });
        let server = HttpServer::new(move || {
            let static_dir = static_dir.clone();
            App::new()
                .app_data(state.clone())
                .wrap(middleware::Compress::default())
                .wrap_fn(move |mut req, srv| {
                    body_timeout.apply(&mut req);
                    srv.call(req)
                })
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
        Ok(Application { addr, server })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
