//! The desk's "nearest deadline first" (`sort=due`) orders by the deadline
//! that counts now — the response limit while nobody has the order, then the
//! due time — within a community: an index on that very expression, so that a
//! page of it is read in order instead of sorting every order of the community
//! (0.7 s at a million orders on SQLite, before).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX idx_orders_community_deadline ON orders \
                 (community_id, (COALESCE(respond_by, due_at)), id)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("DROP INDEX idx_orders_community_deadline")
            .await?;
        Ok(())
    }
}
