//! The search index (`order_search`): each order's search words
//! (`shared::search::grams` of its title and address — characters and pairs
//! of neighbours, as Chinese has no spaces) in an index the engine keeps, so
//! that a search reads the orders that have its words instead of every
//! order (issue 18). SQLite: an FTS5 table without a copy of the text
//! (`content=''`), whose rowid is the order's id. PostgreSQL: a table with a
//! GIN index over the words as an array. The orders there already are
//! indexed here, a few thousand at a time.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DatabaseBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Orders read and indexed at a time (two values each).
const CHUNK: i32 = 2_000;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let backend = db.get_database_backend();
        if backend == DatabaseBackend::Sqlite {
            db.execute_unprepared(
                "CREATE VIRTUAL TABLE order_search USING fts5(\
                   words, content='', contentless_delete=1, \
                   tokenize='unicode61 remove_diacritics 0')",
            )
            .await?;
        } else {
            db.execute_unprepared(
                "CREATE TABLE order_search (order_id INTEGER PRIMARY KEY, words TEXT NOT NULL)",
            )
            .await?;
            db.execute_unprepared(
                "CREATE INDEX idx_order_search_words ON order_search \
                 USING GIN (string_to_array(words, ' '))",
            )
            .await?;
        }
        let (select, id_column) = match backend {
            DatabaseBackend::Postgres => (
                "SELECT id, title, address FROM orders WHERE id > $1 ORDER BY id LIMIT $2",
                "order_id",
            ),
            _ => (
                "SELECT id, title, address FROM orders WHERE id > ? ORDER BY id LIMIT ?",
                "rowid",
            ),
        };
        let mut last = 0;
        loop {
            let rows = db
                .query_all(Statement::from_sql_and_values(
                    backend,
                    select,
                    [last.into(), CHUNK.into()],
                ))
                .await?;
            let Some(row) = rows.last() else { break };
            last = row.try_get::<i32>("", "id")?;
            let mut insert = Query::insert();
            insert
                .into_table(Alias::new("order_search"))
                .columns([Alias::new(id_column), Alias::new("words")]);
            for row in &rows {
                let id: i32 = row.try_get("", "id")?;
                let title: String = row.try_get("", "title")?;
                let address: Option<String> = row.try_get("", "address")?;
                let words = shared::search::grams(&[&title, address.as_deref().unwrap_or("")]);
                insert
                    .values([id.into(), words.into()])
                    .map_err(|e| DbErr::Custom(e.to_string()))?;
            }
            db.execute(backend.build(&insert)).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("DROP TABLE order_search")
            .await?;
        Ok(())
    }
}
