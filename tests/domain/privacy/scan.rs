//! A scan of the whole database for a value: every text column of every table (SQLite's
//! `sqlite_master`, PostgreSQL's `information_schema`), and on SQLite the raw bytes of the
//! database file and its WAL after a checkpoint.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use leadbook::db::{DbConn, is_sqlite};

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn columns(conn: &mut DbConn) -> Vec<(String, String)> {
    if !is_sqlite(conn) {
        #[derive(QueryableByName)]
        struct Column {
            #[diesel(sql_type = Text)]
            table_name: String,
            #[diesel(sql_type = Text)]
            column_name: String,
        }
        let rows: Vec<Column> = diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name \
             FROM information_schema.columns WHERE table_schema = 'public' \
             AND data_type IN ('text', 'character varying', 'json', 'jsonb')",
        )
        .load(conn)
        .unwrap();
        return rows
            .into_iter()
            .map(|c| (c.table_name, c.column_name))
            .collect();
    }
    let tables: Vec<Name> =
        diesel::sql_query("SELECT name FROM sqlite_master WHERE type = 'table'")
            .load(conn)
            .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let cols: Vec<Name> =
            diesel::sql_query(format!("SELECT name FROM pragma_table_info('{}')", t.name))
                .load(conn)
                .unwrap();
        out.extend(cols.into_iter().map(|c| (t.name.clone(), c.name)));
    }
    out
}

/// The `table.column` cells holding `value` (case-insensitive).
pub fn cells_holding(conn: &mut DbConn, value: &str) -> Vec<String> {
    let mut found = Vec::new();
    let needle = value.to_lowercase().replace('\'', "''");
    for (table, column) in columns(conn) {
        let cast = if is_sqlite(conn) { "TEXT" } else { "text" };
        let sql = format!(
            "SELECT COUNT(*) AS n FROM \"{table}\" \
             WHERE LOWER(CAST(\"{column}\" AS {cast})) LIKE '%{needle}%'"
        );
        let n: Vec<Count> = diesel::sql_query(sql).load(conn).unwrap();
        if n[0].n > 0 {
            found.push(format!("{table}.{column} ({})", n[0].n));
        }
    }
    found
}

/// After a checkpoint, whether the database file (or its WAL) holds these bytes.
pub fn file_holds(conn: &mut DbConn, path: &std::path::Path, value: &str) -> Vec<String> {
    conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let mut found = Vec::new();
    let wal = path.with_extension("db-wal");
    for file in [path.to_path_buf(), wal] {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        if bytes.windows(value.len()).any(|w| w == value.as_bytes()) {
            found.push(file.display().to_string());
        }
    }
    found
}
