//! Bulk dispatch on the desk: the best candidate of each selected order,
//! shown before anything is written, then each order dispatched in its own
//! transaction (its own timeline entry and notification), and what failed
//! said order by order.

use crate::auth::Caller;
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::services::orders::{self, store::visible_order, Reach};
use crate::services::uploads::links::Links;
use chrono::{DateTime, Utc};
use shared::api::{ActionRequest, BulkDispatch, BulkOutcome, PlannedDispatch};
use shared::ranking::{self, Candidate};
use shared::{CommunityId, OrderId};
use std::collections::HashMap;

/// At most this many orders at once.
pub const MAX_ORDERS: usize = 100;

fn check_size(n: usize) -> ApiResult<()> {
    match n {
        0 => Err(ApiError::invalid("choose at least one order")),
        n if n > MAX_ORDERS => Err(ApiError::invalid(format!(
            "at most {MAX_ORDERS} orders at once"
        ))),
        _ => Ok(()),
    }
}

/// `POST /orders/dispatch-plan`: each order's best candidate that may take
/// it, for the committee and grid workers of its community.
pub async fn plan(
    db: &Db,
    caller: &Caller,
    ids: &[OrderId],
    now: DateTime<Utc>,
) -> ApiResult<Vec<PlannedDispatch>> {
    check_size(ids.len())?;
    let reach = Reach::of(&db.read, caller, now).await?;
    let mut out = Vec::with_capacity(ids.len());
    // A community's people are read once for all its orders; each order is
    // ranked against them with its own needs.
    let mut people: HashMap<CommunityId, Vec<Candidate>> = HashMap::new();
    for id in ids {
        let (o, category) = visible_order(&db.read, &reach, *id).await?;
        if !caller.oversees(o.community_id) {
            return Err(ApiError::forbidden(
                "only the committee and grid workers of an order's community dispatch it",
            ));
        }
        let everyone = match people.remove(&o.community_id) {
            Some(p) => p,
            None => super::candidates_of(&db.read, o.community_id, now).await?,
        };
        let theirs = super::for_order(&o, &everyone);
        let wanted = super::split(&category.skills);
        let need = super::need(&o, &wanted);
        let ranked = ranking::rank(&need, &theirs);
        out.push(PlannedDispatch {
            order_id: o.id,
            best: ranking::pick(&ranked, &[]).cloned().map(super::view),
        });
        people.insert(o.community_id, everyone);
    }
    Ok(out)
}

/// `POST /orders/bulk-dispatch`: every order through the same action as one
/// dispatch by hand; one failing leaves the others done.
pub async fn dispatch(
    db: &Db,
    caller: &Caller,
    req: BulkDispatch,
    now: DateTime<Utc>,
    links: &Links,
) -> ApiResult<Vec<BulkOutcome>> {
    check_size(req.items.len())?;
    let mut out = Vec::with_capacity(req.items.len());
    for item in req.items {
        let action = ActionRequest::Dispatch {
            assignee: item.assignee,
            note: req.note.clone(),
        };
        let outcome = match orders::act(db, caller, item.order_id, action, now, links).await {
            Ok(_) => BulkOutcome {
                order_id: item.order_id,
                ok: true,
                code: None,
                error: None,
            },
            // Those before it are dispatched already: say which one broke.
            Err(ApiError::Internal(e)) => {
                tracing::error!(order = %item.order_id, error = ?e, "bulk dispatch");
                BulkOutcome {
                    order_id: item.order_id,
                    ok: false,
                    code: Some(shared::ErrorCode::Internal),
                    error: Some("internal error".into()),
                }
            }
            Err(e) => BulkOutcome {
                order_id: item.order_id,
                ok: false,
                code: Some(e.code()),
                error: Some(e.to_string()),
            },
        };
        out.push(outcome);
    }
    Ok(out)
}
