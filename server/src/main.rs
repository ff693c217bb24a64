use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use server::configuration::{
    S3Settings, Settings, DEFAULT_AUTO_CLOSE_DAYS, DEFAULT_DATABASE_URL,
    DEFAULT_JOB_INTERVAL_SECONDS, DEFAULT_SQLITE_READERS, DEFAULT_UPLOAD_DAILY_LIMIT,
    DEFAULT_UPLOAD_DIR, DEFAULT_WECHAT_API_BASE,
};
use server::startup::Application;
use server::{db, demo, telemetry};
use std::path::PathBuf;

// Many small allocations per request (JSON, SQL, rows): mimalloc is faster at those.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// 邻里 Linli — community services: 居民点单 → 党委派单 → 党员/单位接单 → 群众评单.
#[derive(Parser)]
#[command(name = "linli", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (migrates the database first).
    Serve {
        #[arg(long, env = "LINLI_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        #[command(flatten)]
        db: DbArgs,
        /// The built web client.
        #[arg(long, env = "LINLI_STATIC_DIR", default_value = "frontend/dist")]
        static_dir: PathBuf,
        /// Seed the demo data into an empty database.
        #[arg(long)]
        demo: bool,
        #[command(flatten)]
        secrets: Box<ServeArgs>,
    },
    /// Bring the database schema up to date.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Seed the demo data into an empty database.
    SeedDemo {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Add N realistic orders over the past year to the demo's communities
    /// (seeding the demo first when the database is empty), for measuring at
    /// scale. May run again: it adds N more.
    SeedBulk {
        /// How many orders to add.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
        orders: u64,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Create a district admin (the first step of a real installation). The
    /// password is read from standard input, never from the command line.
    AddAdmin {
        /// The admin's mobile number (their sign-in).
        #[arg(long)]
        phone: String,
        /// The admin's name.
        #[arg(long)]
        name: String,
        /// The district they run; created when no district of that name exists
        /// (default on an empty database: 默认区).
        #[arg(long)]
        district: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Args)]
struct DbArgs {
    /// sqlite://PATH?mode=rwc or postgres://…
    #[arg(long, env = "LINLI_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    database_url: String,
    /// SQLite reader connections beside the one writer.
    #[arg(long, env = "LINLI_SQLITE_POOL", default_value_t = DEFAULT_SQLITE_READERS,
          value_parser = clap::value_parser!(u32).range(1..))]
    sqlite_readers: u32,
}

/// What only `serve` needs. Secrets come from the environment only: a value on
/// the command line would show in `ps`.
#[derive(Args)]
struct ServeArgs {
    /// HTTP worker threads (default: one per CPU).
    #[arg(long, env = "LINLI_WORKERS", value_parser = clap::value_parser!(u16).range(1..))]
    workers: Option<u16>,
    #[arg(
        long = "jwt-secret",
        env = "LINLI_JWT_SECRET",
        hide = true,
        hide_env_values = true
    )]
    jwt_secret: Option<String>,
    #[arg(long = "wechat-appid", env = "LINLI_WECHAT_APPID", hide = true)]
    wechat_appid: Option<String>,
    #[arg(
        long = "wechat-secret",
        env = "LINLI_WECHAT_SECRET",
        hide = true,
        hide_env_values = true
    )]
    wechat_secret: Option<String>,
    #[arg(long = "wechat-api-base", env = "LINLI_WECHAT_API_BASE", default_value = DEFAULT_WECHAT_API_BASE, hide = true)]
    wechat_api_base: String,
    /// Subscribe-message templates: JSON, notification kind → template id.
    #[arg(long = "wechat-templates", env = "LINLI_WECHAT_TEMPLATES", hide = true)]
    wechat_templates: Option<String>,
    /// Seconds between runs of the background jobs (escalation, auto-close).
    #[arg(long = "job-interval", env = "LINLI_JOB_INTERVAL_SECONDS",
          default_value_t = DEFAULT_JOB_INTERVAL_SECONDS,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    job_interval: u64,
    /// Days after which a completed order nobody evaluated closes by itself.
    #[arg(long = "auto-close-days", env = "LINLI_AUTO_CLOSE_DAYS",
          default_value_t = DEFAULT_AUTO_CLOSE_DAYS,
          value_parser = clap::value_parser!(i64).range(1..=365))]
    auto_close_days: i64,
    /// The directory photos are kept in, unless an S3 bucket is set.
    #[arg(long = "upload-dir", env = "LINLI_UPLOAD_DIR", default_value = DEFAULT_UPLOAD_DIR)]
    upload_dir: PathBuf,
    /// Photos one person may upload in 24 hours.
    #[arg(long = "upload-daily-limit", env = "LINLI_UPLOAD_DAILY_LIMIT",
          default_value_t = DEFAULT_UPLOAD_DAILY_LIMIT,
          value_parser = clap::value_parser!(u64).range(1..=10_000))]
    upload_daily_limit: u64,
    /// Where people reach this server, e.g. https://linli.example.cn (the base of photo links).
    #[arg(long = "public-url", env = "LINLI_PUBLIC_URL")]
    public_url: Option<String>,
    /// Addresses of reverse proxies whose X-Forwarded-Proto/-Host are believed
    /// (comma-separated, e.g. 127.0.0.1,10.0.0.2); from anyone else they are ignored.
    #[arg(
        long = "trusted-proxy",
        env = "LINLI_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<std::net::IpAddr>,
    /// S3-compatible object storage for photos (shared by several servers).
    #[arg(long = "s3-bucket", env = "LINLI_S3_BUCKET")]
    s3_bucket: Option<String>,
    #[arg(long = "s3-endpoint", env = "LINLI_S3_ENDPOINT")]
    s3_endpoint: Option<String>,
    #[arg(
        long = "s3-region",
        env = "LINLI_S3_REGION",
        default_value = "us-east-1"
    )]
    s3_region: String,
    #[arg(
        long = "s3-access-key-id",
        env = "LINLI_S3_ACCESS_KEY_ID",
        hide = true,
        default_value = ""
    )]
    s3_access_key_id: String,
    #[arg(
        long = "s3-secret-access-key",
        env = "LINLI_S3_SECRET_ACCESS_KEY",
        hide = true,
        hide_env_values = true,
        default_value = ""
    )]
    s3_secret_access_key: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    match Cli::parse().command {
        Command::Serve {
            bind,
            db,
            static_dir,
            demo,
            secrets,
        } => {
            let secrets = *secrets;
            let mut settings = Settings::new(bind, db.database_url);
            settings.static_dir = Some(static_dir);
            settings.demo = demo;
            settings.sqlite_readers = db.sqlite_readers;
            settings.workers = secrets.workers.map(usize::from);
            match secrets.jwt_secret.filter(|s| !s.is_empty()) {
                Some(s) => settings.jwt_secret = s.into(),
                None => tracing::warn!(
                    "LINLI_JWT_SECRET is not set: using a random secret (development only; sessions end at restart)"
                ),
            }
            settings.wechat.appid = secrets.wechat_appid.filter(|s| !s.is_empty());
            settings.wechat.secret = secrets
                .wechat_secret
                .filter(|s| !s.is_empty())
                .map(Into::into);
            settings.wechat.api_base = secrets.wechat_api_base;
            if let Some(json) = secrets.wechat_templates.filter(|s| !s.trim().is_empty()) {
                settings.wechat.templates = serde_json::from_str(&json).context(
                    "LINLI_WECHAT_TEMPLATES must be JSON: {\"dispatched\": \"template id\", …}",
                )?;
            }
            settings.jobs.interval_secs = Some(secrets.job_interval);
            settings.jobs.auto_close_days = secrets.auto_close_days;
            settings.uploads.dir = secrets.upload_dir;
            settings.uploads.daily_limit = secrets.upload_daily_limit;
            settings.public_url = secrets
                .public_url
                .map(|u| u.trim().trim_end_matches('/').to_string())
                .filter(|u| !u.is_empty());
            if let Some(u) = &settings.public_url {
                if !(u.starts_with("https://") || u.starts_with("http://")) {
                    anyhow::bail!(
                        "LINLI_PUBLIC_URL must start with https:// or http://, not {u:?}"
                    );
                }
            }
            settings.trusted_proxies = secrets.trusted_proxies;
            settings.uploads.s3 =
                secrets
                    .s3_bucket
                    .filter(|s| !s.trim().is_empty())
                    .map(|bucket| S3Settings {
                        bucket,
                        endpoint: secrets.s3_endpoint.filter(|s| !s.trim().is_empty()),
                        region: secrets.s3_region,
                        access_key_id: secrets.s3_access_key_id,
                        secret_access_key: secrets.s3_secret_access_key.into(),
                    });
            let app = Application::build(settings).await?;
            let url = format!("http://{}/", app.addr());
            tracing::info!("Linli is running at {url}");
            say(&format!("Linli is running at {url}"));
            if demo {
                say("Demo accounts: 13900000011 (resident), 13900000021 (volunteer), 13900000001 (committee); password demo1234");
            }
            app.run_until_stopped()
                .await
                .context("server stopped with an error")
        }
        Command::Migrate { db } => {
            let conn = db::connect(&db.database_url, db.sqlite_readers).await?;
            db::migrate(&conn).await?;
            say("database is up to date");
            Ok(())
        }
        Command::AddAdmin {
            phone,
            name,
            district,
            db,
        } => {
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .context("cannot read the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']);
            let conn = db::connect(&db.database_url, db.sqlite_readers).await?;
            db::migrate(&conn).await?;
            let added = server::services::people::admins::add_admin(
                &conn,
                &phone,
                &name,
                password,
                district.as_deref(),
                chrono::Utc::now(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            say(&format!(
                "admin {} ({}) of {} added: sign in with this phone and the password given",
                added.phone, added.name, added.district
            ));
            Ok(())
        }
        Command::SeedBulk { orders, db } => {
            let conn = db::connect(&db.database_url, db.sqlite_readers).await?;
            db::migrate(&conn).await?;
            let report = demo::bulk::seed_bulk(&conn, orders, chrono::Utc::now()).await?;
            say(&format!(
                "seeded {} orders and {} timeline entries in {:.1} s: {:.0} orders/s",
                report.orders,
                report.events,
                report.seconds,
                report.orders as f64 / report.seconds.max(0.001)
            ));
            Ok(())
        }
        Command::SeedDemo { db } => {
            let conn = db::connect(&db.database_url, db.sqlite_readers).await?;
            db::migrate(&conn).await?;
            if demo::seed_if_empty(&conn, chrono::Utc::now()).await? {
                say("demo data seeded (password of every demo account: demo1234)");
            } else {
                say("the database is not empty; demo data not seeded");
            }
            Ok(())
        }
    }
}

/// A line for whoever started the server. Nobody reading it any more (a closed
/// pipe: `linli serve | head -1`, a supervisor gone) is no reason to stop:
/// unlike `println!`, this never panics.
fn say(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}
