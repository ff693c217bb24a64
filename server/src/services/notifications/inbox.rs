//! Reading one's inbox and marking it read: the caller's own notifications only.

use crate::auth::Caller;
use crate::entities::notification;
use crate::error::{ApiError, ApiResult};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use shared::api::{Inbox, MarkRead, Notification};

/// `GET /notifications`: the caller's, newest first.
pub async fn inbox(
    db: &DatabaseConnection,
    caller: &Caller,
    unread_only: bool,
    page: u64,
    per_page: u64,
) -> ApiResult<Inbox> {
    let mine = notification::Entity::find().filter(notification::Column::UserId.eq(caller.user_id));
    let unread = mine
        .clone()
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?;
    let list = if unread_only {
        mine.filter(notification::Column::ReadAt.is_null())
    } else {
        mine
    };
    let total = list.clone().count(db).await?;
    let items = list
        .order_by_desc(notification::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?
        .into_iter()
        .map(|n| Notification {
            id: n.id,
            at: n.at,
            kind: n.kind,
            order_id: n.order_id,
            title: n.title,
            body: n.body,
            read: n.read_at.is_some(),
            facts: n.facts.and_then(|f| serde_json::from_str(&f).ok()),
        })
        .collect();
    Ok(Inbox {
        items,
        total,
        unread,
    })
}

/// Most ids one request may mark.
const MAX_IDS: usize = 500;

/// `POST /notifications/read`: the caller's own only (others' ids are ignored).
pub async fn mark_read(
    db: &DatabaseConnection,
    caller: &Caller,
    req: MarkRead,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if !req.all && req.ids.is_empty() {
        return Err(ApiError::invalid("give \"ids\": [...] or \"all\": true"));
    }
    if req.ids.len() > MAX_IDS {
        return Err(ApiError::invalid(format!(
            "at most {MAX_IDS} ids at a time"
        )));
    }
    let mut update = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::UserId.eq(caller.user_id))
        .filter(notification::Column::ReadAt.is_null());
    if !req.all {
        update = update.filter(notification::Column::Id.is_in(req.ids));
    }
    update.exec(db).await?;
    Ok(())
}
