//! Lists are ordered by when orders were placed (newest or oldest first), not by
//! id: imported and back-dated orders must sort where they happened. These
//! indexes keep every page of such a list an index walk. Two of them replace
//! the id-ordered ones they extend (same leading columns), so that writes keep
//! the same number of indexes to maintain but one.

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

/// Superseded by the indexes above.
const REPLACED: &[(&str, &[&str])] = &[
    (
        "idx_orders_community_status",
        &["community_id", "status", "id"],
    ),
    ("idx_orders_requester", &["requester_id", "id"]),
];

fn create(name: &str, cols: &[&str]) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(Alias::new("orders"));
    for c in cols {
        stmt.col(Alias::new(*c));
    }
    stmt.to_owned()
}

fn drop(name: &str) -> IndexDropStatement {
    Index::drop()
        .name(name)
        .table(Alias::new("orders"))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, cols) in INDEXES {
            m.create_index(create(name, cols)).await?;
        }
        for (name, _) in REPLACED {
            m.drop_index(drop(name)).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, cols) in REPLACED {
            m.create_index(create(name, cols)).await?;
        }
        for (name, _) in INDEXES {
            m.drop_index(drop(name)).await?;
        }
        Ok(())
    }
}
