//! The live board: `POST /events/ticket`, then `GET /events?ticket=…` (or with
//! `Authorization`) → `text/event-stream`, an `order` event `{"id", "status",
//! "action", "at"}` for every change of an order the caller may see, and a
//! comment every 15 seconds.

use crate::auth::tokens::{random_token, sha256_hex};
use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::entities::{event_ticket, user};
use crate::error::{ApiError, ApiResult};
use crate::events::Change;
use crate::services::orders::Reach;
use crate::services::sessions::caller_for;
use actix_web::http::header::{self, ContentEncoding};
use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpResponse};
use chrono::Duration;
use futures_util::stream;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::Deserialize;
use shared::CommunityId;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

/// How long a ticket may wait to be used.
const TICKET_SECONDS: i64 = 60;
/// A comment this often keeps proxies from closing an idle stream.
const KEEPALIVE: std::time::Duration = std::time::Duration::from_secs(15);

#[post("/events/ticket")]
pub async fn new_ticket(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
) -> ApiResult<web::Json<serde_json::Value>> {
    let secret = random_token();
    event_ticket::Entity::insert(event_ticket::ActiveModel {
        hash: Set(sha256_hex(&secret)),
        user_id: Set(caller.user_id),
        expires_at: Set(clock.now() + Duration::seconds(TICKET_SECONDS)),
    })
    .exec_without_returning(&db.write)
    .await?;
    Ok(web::Json(serde_json::json!({ "ticket": secret })))
}

#[derive(Debug, Deserialize)]
pub struct StreamQuery {
    #[serde(default)]
    ticket: Option<String>,
}

/// Trades a ticket for its caller: once (the row is deleted by whoever
/// redeems it first, on any server) and only before it expires.
async fn redeem(db: &Db, secret: &str, now: chrono::DateTime<chrono::Utc>) -> ApiResult<Caller> {
    let hash = sha256_hex(secret);
    let row = event_ticket::Entity::find_by_id(hash.clone())
        .one(&db.write)
        .await?;
    let used = event_ticket::Entity::delete_many()
        .filter(event_ticket::Column::Hash.eq(hash))
        .exec(&db.write)
        .await?;
    let invalid =
        || ApiError::unauthorized("the ticket is unknown, used or expired: ask for a new one");
    let row = row
        .filter(|r| used.rows_affected == 1 && r.expires_at > now)
        .ok_or_else(invalid)?;
    let u = user::Entity::find_by_id(row.user_id)
        .one(&db.read)
        .await?
        .ok_or_else(invalid)?;
    caller_for(&db.read, &u).await
}

/// What a stream needs to decide, per change, whether its user may see it.
struct Viewer {
    caller: Caller,
    admin_communities: Vec<CommunityId>,
    street_communities: Vec<CommunityId>,
}

impl Viewer {
    fn sees(&self, c: &Change) -> bool {
        Reach {
            caller: &self.caller,
            now: c.at,
            admin_communities: self.admin_communities.clone(),
            street_communities: self.street_communities.clone(),
        }
        .sees(&c.order)
    }
}

fn event(c: &Change) -> Bytes {
    let data = serde_json::json!({
        "id": c.order.id,
        "status": c.order.status,
        "action": c.action,
        "at": c.at,
    });
    Bytes::from(format!("event: order\ndata: {data}\n\n"))
}

#[get("/events")]
pub async fn open_stream(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    q: web::Query<StreamQuery>,
    bearer: Option<Caller>,
) -> ApiResult<HttpResponse> {
    let now = clock.now();
    let caller =
        match (q.ticket.as_deref().filter(|t| !t.is_empty()), bearer) {
            (Some(t), _) => redeem(&db, t, now).await?,
            (None, Some(c)) => c,
            (None, None) => return Err(ApiError::unauthorized(
                "open the stream with ?ticket= (POST /events/ticket) or an Authorization header",
            )),
        };
    let reach = Reach::of(&db.read, &caller, now).await?;
    let viewer = Arc::new(Viewer {
        admin_communities: reach.admin_communities,
        street_communities: reach.street_communities,
        caller,
    });
    let changes = db.events.subscribe();
    let mut tick = tokio::time::interval(KEEPALIVE);
    tick.reset(); // the first comment is the greeting below, not a tick
    let greeting =
        stream::once(async { Ok::<_, actix_web::Error>(Bytes::from_static(b": connected\n\n")) });
    let live = stream::unfold(
        (changes, tick, viewer),
        |(mut changes, mut tick, viewer)| async move {
            loop {
                tokio::select! {
                    _ = tick.tick() => {
                        return Some((Ok(Bytes::from_static(b": keep-alive\n\n")), (changes, tick, viewer)));
                    }
                    change = changes.recv() => match change {
                        Ok(c) if viewer.sees(&c) => return Some((Ok(event(&c)), (changes, tick, viewer))),
                        Ok(_) => continue,
                        // Fell behind: say so, the client reloads what it shows.
                        Err(RecvError::Lagged(_)) => {
                            return Some((Ok(Bytes::from_static(b"event: resync\ndata: {}\n\n")), (changes, tick, viewer)));
                        }
                        Err(RecvError::Closed) => return None,
                    },
                }
            }
        },
    );
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/event-stream"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        // Never gzip a stream: the compressor would hold events back.
        .insert_header(ContentEncoding::Identity)
        .streaming(futures_util::StreamExt::chain(greeting, live)))
}
