//! Photos: uploading (re-encoded, see [`image`]), keeping them in an object
//! store (a directory, or S3-compatible storage shared by several servers),
//! attaching them to an order in its transaction, reading them back through
//! signed links ([`links`]), and removing those nobody attached.

pub mod image;
pub mod links;

use crate::auth::Caller;
use crate::configuration::UploadSettings;
use crate::db::Db;
use crate::entities::upload;
use crate::error::{ApiError, ApiResult};
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use links::{LinkSigner, Links, Size};
use object_store::path::Path;
use object_store::ObjectStore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use shared::api::Upload;
use shared::input::PhotoIds;
use shared::{EventId, OrderId, RewardId, UploadId};
use std::sync::Arc;

/// Largest upload accepted, before re-encoding.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// Unattached uploads are removed after this long.
pub const KEEP_UNATTACHED_HOURS: i64 = 24;

/// Where photos are kept, and the key that signs links to them.
pub struct PhotoStore {
    store: Arc<dyn ObjectStore>,
    pub signer: Arc<LinkSigner>,
    daily_limit: u64,
    /// Photos decoded at once: one per core. A large photo takes a few
    /// hundred MB while it is decoded; twenty at once must not take the
    /// machine's memory.
    decoding: tokio::sync::Semaphore,
}

impl PhotoStore {
    pub fn new(settings: &UploadSettings, secret: &str) -> anyhow::Result<PhotoStore> {
        let store: Arc<dyn ObjectStore> = match &settings.s3 {
            Some(s3) => {
                let mut b = object_store::aws::AmazonS3Builder::new()
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_access_key_id(&s3.access_key_id)
                    .with_secret_access_key(s3.secret_access_key.expose());
                if let Some(endpoint) = &s3.endpoint {
                    b = b
                        .with_endpoint(endpoint)
                        .with_allow_http(endpoint.starts_with("http://"));
                }
                Arc::new(b.build().context("the S3 settings")?)
            }
            None => {
                std::fs::create_dir_all(&settings.dir).with_context(|| {
                    format!(
                        "cannot create the photo directory {}",
                        settings.dir.display()
                    )
                })?;
                Arc::new(
                    object_store::local::LocalFileSystem::new_with_prefix(&settings.dir)
                        .context("the photo directory")?,
                )
            }
        };
        Ok(PhotoStore {
            store,
            signer: Arc::new(LinkSigner::new(secret)),
            daily_limit: settings.daily_limit,
            decoding: tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            ),
        })
    }

    fn path(key: &str, size: Size) -> Path {
        match size {
            Size::Photo => Path::from(key),
            Size::Thumbnail => Path::from(format!("{key}-thumb")),
        }
    }

    async fn put(&self, key: &str, size: Size, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.store
            .put(&Self::path(key, size), bytes.into())
            .await
            .with_context(|| format!("storing photo {key}"))?;
        Ok(())
    }

    /// Removes both files; one already gone is fine.
    async fn remove(&self, key: &str) -> anyhow::Result<()> {
        for size in [Size::Photo, Size::Thumbnail] {
            match self.store.delete(&Self::path(key, size)).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e).with_context(|| format!("removing photo {key}")),
            }
        }
        Ok(())
    }
}

/// Takes a photo: a slot of the caller's daily quota first (taken atomically,
/// so a burst of uploads at once gets no more than one after another), then
/// decoded and re-encoded off the async workers, stored, and the slot filled
/// in (unattached). A photo refused or lost on the way gives its slot back.
pub async fn upload(
    db: &Db,
    photos: &PhotoStore,
    caller: &Caller,
    now: DateTime<Utc>,
    links: &Links,
    bytes: Vec<u8>,
) -> ApiResult<Upload> {
    let key = format!("photos/{}", crate::auth::tokens::random_token());
    let slot = take_slot(db, photos.daily_limit, caller, now, &key).await?;
    match store(db, photos, slot, &key, bytes).await {
        Ok(processed) => {
            let photo = links.photo(slot);
            Ok(Upload {
                id: slot,
                url: photo.url,
                thumbnail_url: photo.thumbnail_url,
                width: processed.0,
                height: processed.1,
            })
        }
        Err(e) => {
            // Nothing points at the files or the slot: take them back.
            if let Err(gone) = photos.remove(&key).await {
                tracing::warn!("{gone:#}");
            }
            if let Err(gone) = upload::Entity::delete_by_id(slot).exec(&db.write).await {
                tracing::warn!("giving back the upload slot {slot}: {gone}");
            }
            Err(e)
        }
    }
}

/// Counts the caller's uploads of the last 24 hours and, if there is room,
/// records a new one (empty until [`store`] fills it in), in one transaction
/// that holds the caller's row (PostgreSQL; SQLite's one writer serialises).
async fn take_slot(
    db: &Db,
    daily_limit: u64,
    caller: &Caller,
    now: DateTime<Utc>,
    key: &str,
) -> ApiResult<UploadId> {
    let txn = db.write.begin().await?;
    crate::db::lock_user(&txn, caller.user_id).await?;
    let today = upload::Entity::find()
        .filter(upload::Column::OwnerId.eq(caller.user_id))
        .filter(upload::Column::CreatedAt.gt(now - Duration::hours(24)))
        .count(&txn)
        .await?;
    if today >= daily_limit {
        return Err(ApiError::too_many(format!(
            "at most {daily_limit} photos a day: try again tomorrow"
        )));
    }
    let row = upload::ActiveModel {
        owner_id: Set(caller.user_id),
        created_at: Set(now),
        key: Set(key.to_string()),
        width: Set(0),
        height: Set(0),
        bytes: Set(0),
        order_id: Set(None),
        event_id: Set(None),
        reward_id: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Decodes, stores and fills in the slot; returns the photo's width and height.
async fn store(
    db: &Db,
    photos: &PhotoStore,
    slot: UploadId,
    key: &str,
    bytes: Vec<u8>,
) -> ApiResult<(u32, u32)> {
    let permit = photos.decoding.acquire().await.context("the photo queue")?;
    let processed = tokio::task::spawn_blocking(move || image::process(&bytes))
        .await
        .context("the photo task")?
        .map_err(|refusal| ApiError::invalid(refusal.to_string()))?;
    drop(permit);
    let size = processed.photo.len();
    photos.put(key, Size::Photo, processed.photo).await?;
    photos
        .put(key, Size::Thumbnail, processed.thumbnail)
        .await?;
    upload::Entity::update_many()
        .col_expr(upload::Column::Width, Expr::value(processed.width as i32))
        .col_expr(upload::Column::Height, Expr::value(processed.height as i32))
        .col_expr(upload::Column::Bytes, Expr::value(size as i32))
        .filter(upload::Column::Id.eq(slot))
        .exec(&db.write)
        .await?;
    Ok((processed.width, processed.height))
}

/// The bytes behind a link already verified; 404 once the upload is gone.
pub async fn read(db: &Db, photos: &PhotoStore, id: UploadId, size: Size) -> ApiResult<Vec<u8>> {
    let row = upload::Entity::find_by_id(id)
        .one(&db.read)
        .await?
        .ok_or_else(|| ApiError::not_found("photo"))?;
    let got = match photos.store.get(&PhotoStore::path(&row.key, size)).await {
        Ok(got) => got,
        Err(object_store::Error::NotFound { .. }) => return Err(ApiError::not_found("photo")),
        Err(e) => return Err(anyhow::Error::from(e).context("reading a photo").into()),
    };
    let bytes = got.bytes().await.context("reading a photo")?;
    Ok(bytes.to_vec())
}

/// Attaches the caller's own free uploads to an order and its timeline entry,
/// inside the transaction that writes them: all of them, or none and a 400.
pub async fn attach(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    ids: &PhotoIds,
    order: OrderId,
    event: EventId,
) -> ApiResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let attached = upload::Entity::update_many()
        .col_expr(upload::Column::OrderId, Expr::value(order))
        .col_expr(upload::Column::EventId, Expr::value(event))
        .filter(upload::Column::Id.is_in(ids.ids().iter().copied()))
        .filter(upload::Column::OwnerId.eq(caller.user_id))
        .filter(upload::Column::OrderId.is_null())
        // Still being decoded: not a photo yet.
        .filter(upload::Column::Bytes.gt(0))
        .exec(txn)
        .await?;
    if attached.rows_affected != ids.ids().len() as u64 {
        return Err(ApiError::invalid(
            "photos: each must be an upload of yours that is not on an order yet",
        ));
    }
    Ok(())
}

/// Makes one of the caller's free uploads a reward's picture, in the
/// transaction that writes the reward; a 400 when it is not one.
pub async fn attach_to_reward(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    id: UploadId,
    reward: RewardId,
) -> ApiResult<()> {
    let attached = upload::Entity::update_many()
        .col_expr(upload::Column::RewardId, Expr::value(reward))
        .filter(upload::Column::Id.eq(id))
        .filter(upload::Column::OwnerId.eq(caller.user_id))
        .filter(upload::Column::OrderId.is_null())
        .filter(upload::Column::RewardId.is_null())
        .filter(upload::Column::Bytes.gt(0))
        .exec(txn)
        .await?;
    if attached.rows_affected != 1 {
        return Err(ApiError::invalid(
            "photo_id: must be an upload of yours that is not used yet",
        ));
    }
    Ok(())
}

/// A reward's old picture, replaced or removed: free again, so that the job
/// removing unattached photos takes it.
pub async fn detach_from_reward(
    txn: &impl ConnectionTrait,
    id: UploadId,
    reward: RewardId,
) -> ApiResult<()> {
    upload::Entity::update_many()
        .col_expr(
            upload::Column::RewardId,
            Expr::value(Option::<RewardId>::None),
        )
        .filter(upload::Column::Id.eq(id))
        .filter(upload::Column::RewardId.eq(reward))
        .exec(txn)
        .await?;
    Ok(())
}

/// The photos of some orders, in upload order: (upload, order, timeline entry).
pub async fn of_orders(
    db: &impl ConnectionTrait,
    orders: &[OrderId],
) -> ApiResult<Vec<(UploadId, EventId)>> {
    if orders.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(UploadId, Option<EventId>)> = upload::Entity::find()
        .select_only()
        .column(upload::Column::Id)
        .column(upload::Column::EventId)
        .filter(upload::Column::OrderId.is_in(orders.iter().copied()))
        .order_by_asc(upload::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, event)| Some((id, event?)))
        .collect())
}

/// Removes uploads nobody attached within a day, files first. Each row is
/// deleted only while still unattached (an order taking it at that moment
/// wins), so several servers may run this at once.
pub async fn remove_unattached(
    db: &Db,
    photos: &PhotoStore,
    now: DateTime<Utc>,
) -> anyhow::Result<u64> {
    let before = now - Duration::hours(KEEP_UNATTACHED_HOURS);
    let mut removed = 0;
    loop {
        let stale = upload::Entity::find()
            .filter(upload::Column::OrderId.is_null())
            .filter(upload::Column::RewardId.is_null())
            .filter(upload::Column::CreatedAt.lt(before))
            .order_by_asc(upload::Column::Id)
            .limit(200)
            .all(&db.read)
            .await?;
        if stale.is_empty() {
            return Ok(removed);
        }
        let n = stale.len();
        for row in stale {
            let gone = upload::Entity::delete_many()
                .filter(upload::Column::Id.eq(row.id))
                .filter(upload::Column::OrderId.is_null())
                .filter(upload::Column::RewardId.is_null())
                .exec(&db.write)
                .await?;
            if gone.rows_affected == 1 {
                photos.remove(&row.key).await?;
                removed += 1;
            }
        }
        if n < 200 {
            return Ok(removed);
        }
    }
}
