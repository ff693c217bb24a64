//! The live board: `POST /events/ticket`, then `GET /events?ticket=…` (or with
//! `Authorization`) → `text/event-stream`, an `order` event `{"id", "status",
//! "action", "at"}` for every change of an order the caller may see, and a
//! comment every 15 seconds.

use crate::auth::tokens::{random_token, sha256_hex};
use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::Db;
use crate::entities::{event_ticket, refresh_token, user};
use crate::error::{ApiError, ApiResult};
use crate::events::Change;
use crate::services::identity::caller_for;
use crate::services::orders::Reach;
use actix_web::http::header::{self, ContentEncoding};
use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use futures_util::stream;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait};
use serde::Deserialize;
use shared::api::{EventTicket, LiveChange};
use shared::CommunityId;
use std::sync::Arc;
use tokio::sync::broadcast::{self, error::RecvError};

/// How long a ticket may wait to be used.
const TICKET_SECONDS: i64 = 60;
/// Unused tickets one person may hold at once: a client opens one stream
/// (and a new one after a loss, seconds apart); more is a loop or an attack.
pub const MAX_OPEN_TICKETS: u64 = 10;
/// A comment this often keeps proxies from closing an idle stream.
const KEEPALIVE: std::time::Duration = std::time::Duration::from_secs(15);

#[utoipa::path(
    tag = "events",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "OK", body = EventTicket),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
#[post("/events/ticket")]
pub async fn new_ticket(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    caller: Caller,
) -> ApiResult<web::Json<EventTicket>> {
    let now = clock.now();
    let secret = random_token();
    // Count and insert under the person's lock (PostgreSQL; SQLite's one
    // writer serialises), so a burst gets no more than one after another.
    let txn = db.write.begin().await?;
    crate::db::lock_user(&txn, caller.user_id).await?;
    let open = event_ticket::Entity::find()
        .filter(event_ticket::Column::UserId.eq(caller.user_id))
        .filter(event_ticket::Column::ExpiresAt.gt(now))
        .count(&txn)
        .await?;
    if open >= MAX_OPEN_TICKETS {
        return Err(ApiError::too_many(format!(
            "at most {MAX_OPEN_TICKETS} live-board tickets at once: use one, or wait a minute"
        )));
    }
    event_ticket::Entity::insert(event_ticket::ActiveModel {
        hash: Set(sha256_hex(&secret)),
        user_id: Set(caller.user_id),
        expires_at: Set(now + Duration::seconds(TICKET_SECONDS)),
        session: Set(caller.session.clone()),
        token_expires_at: Set(caller.token_expires),
    })
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(web::Json(EventTicket { ticket: secret }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    #[serde(default)]
    ticket: Option<String>,
}

/// Trades a ticket for its caller: once (the row is deleted by whoever
/// redeems it first, on any server) and only before it expires.
async fn redeem(db: &Db, secret: &str, now: DateTime<Utc>) -> ApiResult<Caller> {
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
    let mut caller = caller_for(&db.read, &u).await?;
    caller.session = row.session;
    caller.token_expires = row.token_expires_at;
    Ok(caller)
}

/// Whether a session was ended (logged out, or revoked for a replayed token).
async fn session_revoked(db: &Db, session: &str) -> ApiResult<bool> {
    Ok(refresh_token::Entity::find()
        .filter(refresh_token::Column::FamilyId.eq(session))
        .filter(refresh_token::Column::RevokedAt.is_not_null())
        .count(&db.read)
        .await?
        > 0)
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
    let data = serde_json::to_string(&LiveChange {
        id: c.order.id,
        status: c.order.status,
        action: c.action.clone(),
        at: c.at,
    })
    .unwrap_or_default();
    Bytes::from(format!("event: order\ndata: {data}\n\n"))
}

#[utoipa::path(
    tag = "events",
    params(StreamQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The live stream (text/event-stream)"),
        (status = 400, description = "Malformed or invalid input", body = shared::ErrorBody),
        (status = 401, description = "No or bad token", body = shared::ErrorBody),
        (status = 403, description = "This role may not do this", body = shared::ErrorBody),
        (status = 404, description = "No such object, or one outside the caller's scope", body = shared::ErrorBody),
        (status = 409, description = "The object's state does not allow it", body = shared::ErrorBody),
        (status = 413, description = "The body is too large", body = shared::ErrorBody),
        (status = 429, description = "Too many requests", body = shared::ErrorBody),
    ),
)]
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
    let session: Option<Arc<str>> = caller.session.as_deref().map(Into::into);
    if let Some(s) = &session {
        if session_revoked(&db, s).await? {
            return Err(ApiError::unauthorized(
                "this session has ended; sign in again",
            ));
        }
    }
    // The stream lives no longer than the token it was opened with: the
    // client opens a new one with a fresh token.
    let left = caller
        .token_expires
        .map(|at| (at - Utc::now()).to_std().unwrap_or_default())
        .unwrap_or(std::time::Duration::from_secs(24 * 3600));
    let reach = Reach::of(&db.read, &caller, now).await?;
    let viewer = Arc::new(Viewer {
        admin_communities: reach.admin_communities,
        street_communities: reach.street_communities,
        caller,
    });
    let mut tick = tokio::time::interval(KEEPALIVE);
    tick.reset(); // the first comment is the greeting below, not a tick
    let state = Live {
        changes: db.events.subscribe(),
        ended: db.events.subscribe_ended(),
        tick,
        expiry: Box::pin(tokio::time::sleep(left)),
        viewer,
        session,
        db: db.into_inner(),
    };
    let greeting =
        stream::once(async { Ok::<_, actix_web::Error>(Bytes::from_static(b": connected\n\n")) });
    let live = stream::unfold(state, |mut live| async move {
        let next = live.next().await?;
        Some((Ok(next), live))
    });
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/event-stream"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        // Never gzip a stream: the compressor would hold events back.
        .insert_header(ContentEncoding::Identity)
        .streaming(futures_util::StreamExt::chain(greeting, live)))
}

/// An open stream: what it listens to, and what ends it.
struct Live {
    changes: broadcast::Receiver<Arc<Change>>,
    ended: broadcast::Receiver<Arc<str>>,
    tick: tokio::time::Interval,
    expiry: std::pin::Pin<Box<tokio::time::Sleep>>,
    viewer: Arc<Viewer>,
    session: Option<Arc<str>>,
    db: Arc<Db>,
}

impl Live {
    /// The next thing to send, or `None` when the stream ends: its token
    /// expired, its session was ended, or the server is stopping.
    async fn next(&mut self) -> Option<Bytes> {
        loop {
            tokio::select! {
                _ = self.expiry.as_mut() => return None,
                ended = self.ended.recv() => match ended {
                    Ok(s) if self.session.as_deref() == Some(&*s) => return None,
                    Ok(_) => continue,
                    // Missed some: ask the database whether ours was one.
                    Err(RecvError::Lagged(_)) => match &self.session {
                        Some(s) if session_revoked(&self.db, s).await.unwrap_or(true) => return None,
                        _ => continue,
                    },
                    Err(RecvError::Closed) => return None,
                },
                _ = self.tick.tick() => return Some(Bytes::from_static(b": keep-alive\n\n")),
                change = self.changes.recv() => match change {
                    Ok(c) if self.viewer.sees(&c) => return Some(event(&c)),
                    Ok(_) => continue,
                    // Fell behind: say so, the client reloads what it shows.
                    Err(RecvError::Lagged(_)) => {
                        return Some(Bytes::from_static(b"event: resync\ndata: {}\n\n"));
                    }
                    Err(RecvError::Closed) => return None,
                },
            }
        }
    }
}
