//! Lists are ordered by when orders were placed (newest or oldest first), not by
//! id: imported and back-dated orders must sort where they happened. These
//! indexes keep every page of such a list an index walk.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[(&str, &[&str])] = &[
    (
        "idx_orders_community_created",
        &["community_id", "created_at", "id"],
    ),
    (
        "idx_orders_community_status_created",
        &["community_id", "status", "created_at", "id"],
    ),
    (
        "idx_orders_requester_created",
        &["requester_id", "created_at", "id"],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, cols) in INDEXES {
            let mut stmt = Index::create();
            stmt.name(*name).table(Alias::new("orders"));
            for c in *cols {
                stmt.col(Alias::new(*c));
            }
            m.create_index(stmt.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            m.drop_index(
                Index::drop()
                    .name(*name)
                    .table(Alias::new("orders"))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
