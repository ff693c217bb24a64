//! What the desk's search box finds, and the search index (`order_search`,
//! see its migration) it finds words through: an order's search words,
//! written when it is placed and when its address is erased; the condition
//! that finds the orders having a search's words, whose exact words are then
//! checked on those orders alone; and on SQLite the hits a list is read from
//! (`pages`).

use crate::entities::order;
use crate::error::ApiResult;
use sea_orm::sea_query::{Alias, Expr, JoinType, LikeExpr, Query, SelectStatement, SimpleExpr};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, Statement};
use shared::OrderId;

/// Indexes a new order (in its placing's transaction).
pub async fn index(txn: &impl ConnectionTrait, o: &order::Model) -> ApiResult<()> {
    let backend = txn.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => "INSERT INTO order_search (order_id, words) VALUES ($1, $2)",
        _ => "INSERT INTO order_search (rowid, words) VALUES (?, ?)",
    };
    txn.execute(Statement::from_sql_and_values(
        backend,
        sql,
        [o.id.0.into(), words(&o.title, o.address.as_deref()).into()],
    ))
    .await?;
    Ok(())
}

/// Indexes an order again after its title or address changed.
pub async fn reindex(txn: &impl ConnectionTrait, o: &order::Model) -> ApiResult<()> {
    let backend = txn.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => "DELETE FROM order_search WHERE order_id = $1",
        _ => "DELETE FROM order_search WHERE rowid = ?",
    };
    txn.execute(Statement::from_sql_and_values(
        backend,
        sql,
        [o.id.0.into()],
    ))
    .await?;
    index(txn, o).await
}

/// Indexes many orders at once (seeding): ids and their [`words`].
pub async fn index_many(
    txn: &impl ConnectionTrait,
    orders: impl IntoIterator<Item = (OrderId, String)>,
) -> ApiResult<()> {
    let backend = txn.get_database_backend();
    let column = match backend {
        DatabaseBackend::Postgres => "order_id",
        _ => "rowid",
    };
    let mut insert = Query::insert();
    insert
        .into_table(Alias::new("order_search"))
        .columns([Alias::new(column), Alias::new("words")]);
    let mut any = false;
    for (id, words) in orders {
        insert
            .values([id.0.into(), words.into()])
            .map_err(|e| anyhow::anyhow!(e))?;
        any = true;
    }
    if any {
        txn.execute(backend.build(&insert)).await?;
    }
    Ok(())
}

/// The search words of an order's title and address.
pub fn words(title: &str, address: Option<&str>) -> String {
    shared::search::grams(&[title, address.unwrap_or("")])
}

/// SQLite's FTS5 query for a search's words (each quoted: a phrase of one
/// token, FTS5's own syntax left out); `None` when it has none.
pub fn fts_match(search: &str) -> Option<String> {
    let words = shared::search::query_grams(search);
    (!words.is_empty()).then(|| {
        words
            .iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(" AND ")
    })
}

/// Orders whose title or address have all of the search's words; `None`
/// when it has none (no letter or digit), and the index cannot narrow.
pub fn having_words(backend: DatabaseBackend, search: &str) -> Option<SimpleExpr> {
    Some(match backend {
        DatabaseBackend::Postgres => {
            let words = shared::search::query_grams(search);
            if words.is_empty() {
                return None;
            }
            Expr::cust_with_values(
                r#""orders"."id" IN (SELECT order_id FROM order_search WHERE string_to_array(words, ' ') @> string_to_array($1, ' '))"#,
                [words.join(" ")],
            )
        }
        _ => Expr::cust_with_values(
            r#""orders"."id" IN (SELECT rowid FROM order_search WHERE order_search MATCH ?)"#,
            [fts_match(search)?],
        ),
    })
}

/// Makes a query of orders read from the hits of an FTS5 query first (SQLite):
/// `FROM (hits) CROSS JOIN orders ON orders.id = hit`, which SQLite joins
/// in that order — each hit's order looked up by id, stopping at the
/// query's limit — where it would otherwise walk a list's index and check
/// every order against all the hits.
pub fn from_hits(q: &mut SelectStatement, fts: &str) {
    let hits = Alias::new("hits");
    q.from_clear()
        .from_subquery(
            Query::select()
                .expr_as(Expr::cust("rowid"), Alias::new("hit"))
                .from(Alias::new("order_search"))
                .and_where(Expr::cust_with_values(
                    "order_search MATCH ?",
                    [fts.to_string()],
                ))
                .to_owned(),
            hits.clone(),
        )
        .join(
            JoinType::CrossJoin,
            order::Entity,
            Expr::col((hits, Alias::new("hit"))).equals((order::Entity, order::Column::Id)),
        );
}

/// What the desk's search box finds: an order number (`20261122-00042`, or
/// its id), a resident's orders by their phone, or words in the title or
/// address (through the search index).
pub fn condition(backend: DatabaseBackend, words: &str) -> Condition {
    let mut any = Condition::any();
    if let Some(id) = number_in(words) {
        any = any.add(order::Column::Id.eq(id));
    }
    // A phone finds its resident's orders alone (its digits' pairs are in
    // most addresses: the index would not narrow), by `=` and not `IN`, so
    // that the planner reads the resident's own index.
    if shared::input::is_phone(words) {
        let sql = match backend {
            DatabaseBackend::Postgres => {
                r#""orders"."requester_id" = (SELECT "id" FROM "users" WHERE "phone" = $1)"#
            }
            _ => r#""orders"."requester_id" = (SELECT "id" FROM "users" WHERE "phone" = ?)"#,
        };
        return any.add(Expr::cust_with_values(sql, [words.to_string()]));
    }
    // The index finds the orders that have the words; the exact text is
    // checked on those alone.
    any.add(
        Condition::all()
            .add_option(having_words(backend, words))
            .add(contains_words(backend, words)),
    )
}

/// The order a search names by its number (`20261122-00042`) or id.
fn number_in(words: &str) -> Option<OrderId> {
    words.rsplit('-').next().unwrap_or(words).parse().ok()
}

/// The words in the title or the address, exactly (`%` and `_` typed by
/// the user are characters, not wildcards).
pub fn contains_words(backend: DatabaseBackend, words: &str) -> Condition {
    let escaped: String = words
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let pattern = format!("%{escaped}%");
    Condition::any()
        .add(contains(backend, order::Column::Title, &pattern))
        .add(contains(backend, order::Column::Address, &pattern))
}

/// `column LIKE pattern`, letters in any case (SQLite's `LIKE` already
/// ignores the case of Latin letters; PostgreSQL's `ILIKE`, whose escape
/// character is `\` as here).
fn contains(backend: DatabaseBackend, column: order::Column, pattern: &str) -> SimpleExpr {
    match backend {
        DatabaseBackend::Postgres => Expr::cust_with_values(
            format!(
                r#""orders"."{}" ILIKE $1"#,
                sea_orm::IdenStatic::as_str(&column)
            ),
            [pattern.to_string()],
        ),
        _ => Expr::col((order::Entity, column)).like(LikeExpr::new(pattern).escape('\\')),
    }
}

/// SQLite's FTS5 query to read a list from (`pages`), for a search of
/// words; a number or a phone, and every search on PostgreSQL, go through
/// [`condition`] instead.
pub fn hits(backend: DatabaseBackend, words: &str) -> Option<String> {
    if backend != DatabaseBackend::Sqlite
        || shared::input::is_phone(words)
        || number_in(words).is_some()
    {
        return None;
    }
    fts_match(words)
}
