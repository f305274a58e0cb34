//! The list search — title, contact, company, email, phone or messenger handle containing
//! the typed text — and its index.
//!
//! On SQLite the searched text of every lead lives in `lead_search`, a contentless FTS5
//! table with the trigram tokenizer (rowid = lead id). A quoted phrase of trigrams matches
//! exactly the records that contain the text as a substring, case folded: the meaning of
//! the `LIKE '%…%'` it replaces, answered from the index instead of a scan of every lead.
//! Text too short for trigrams (under three characters) and PostgreSQL use the `LIKE`
//! predicate (on PostgreSQL served by pg_trgm indexes where the extension exists).
//!
//! The index follows the writes: [`refresh`] is called by `leads::after_write`, which every
//! write of a lead, of its tags or of its messengers ends with. Bulk loads that insert rows directly
//! call [`index_since`] (new ids only) or [`rebuild_all`] once after the load.

use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{Bool, HasSqlType, Text};

use crate::db::schema::leads;
use crate::db::{DbConn, LeadCondition as Predicate, is_sqlite};
use crate::domain::DomainResult;
use crate::domain::similarity::normalise;

/// Shortest text the trigram index can answer.
const MIN_INDEXED_CHARS: usize = 3;

/// What one lead contributes to the index, computed in SQL so that the migration, the
/// bulk rebuild and the per-record refresh index the same text. Columns are separated by
/// newlines, which a search box value does not contain.
const DOCUMENTS: &str = "INSERT INTO lead_search (rowid, title, names, email, phones, handles) \
    SELECT l.id, l.title, \
    COALESCE(l.contact_name_key, '') || char(10) || COALESCE(l.company_name_key, ''), \
    COALESCE(l.email_norm, ''), \
    COALESCE(l.phone_e164, '') || char(10) || COALESCE(l.mobile_e164, ''), \
    COALESCE((SELECT group_concat(i.handle_norm, char(10)) FROM identities i \
              WHERE i.lead_id = l.id), '') \
    FROM leads l WHERE l.merged_into_id IS NULL";

/// Re-indexes these leads after a write (merged-away and deleted leads drop out). A no-op
/// on PostgreSQL, whose search reads the table itself.
pub fn refresh(conn: &mut DbConn, ids: &[i32]) -> DomainResult<()> {
    if !is_sqlite(conn) {
        return Ok(());
    }
    for chunk in ids.chunks(500) {
        let list: Vec<String> = chunk.iter().map(i32::to_string).collect();
        let list = list.join(",");
        diesel::sql_query(format!("DELETE FROM lead_search WHERE rowid IN ({list})"))
            .execute(conn)?;
        diesel::sql_query(format!("{DOCUMENTS} AND l.id IN ({list})")).execute(conn)?;
    }
    Ok(())
}

/// Indexes every lead whose id is `first` or above: what a bulk load that inserted rows
/// directly calls once, with the first id it inserted. Returns the rows indexed.
pub fn index_since(conn: &mut DbConn, first: i32) -> DomainResult<usize> {
    if !is_sqlite(conn) {
        return Ok(0);
    }
    diesel::sql_query(format!("DELETE FROM lead_search WHERE rowid >= {first}")).execute(conn)?;
    Ok(diesel::sql_query(format!("{DOCUMENTS} AND l.id >= {first}")).execute(conn)?)
}

/// Empties and refills the whole index (after a bulk load, or to repair it). Returns the
/// rows indexed.
pub fn rebuild_all(conn: &mut DbConn) -> DomainResult<usize> {
    if !is_sqlite(conn) {
        return Ok(0);
    }
    diesel::sql_query("INSERT INTO lead_search (lead_search) VALUES ('delete-all')")
        .execute(conn)?;
    Ok(diesel::sql_query(DOCUMENTS).execute(conn)?)
}

/// The search condition for `term` (not empty): one of the searched fields contains it.
pub fn predicate(term: &str) -> Predicate {
    Box::new(Search::new(term))
}

/// The search as SQL: an FTS5 `MATCH` on SQLite when the index can answer, else `LIKE`s.
#[derive(Debug, Clone)]
struct Search {
    /// The FTS5 query, when every form of the text is long enough for trigrams.
    fts: Option<String>,
    /// `%text%`, lower case, LIKE-escaped: title, email and handles.
    like: String,
    /// `%name key%`: contact and company names.
    name: Option<String>,
    /// `%digits%` (three or more): phone and mobile.
    digits: Option<String>,
}

fn escape_like(raw: &str) -> String {
    raw.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// An FTS5 string: every character literal, quotes doubled.
fn phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

impl Search {
    fn new(term: &str) -> Search {
        let lower = term.to_lowercase();
        let key = normalise::name_key(term);
        let digits: String = term.chars().filter(char::is_ascii_digit).collect();
        let digits = (digits.len() >= 3).then_some(digits);
        let long = |s: &str| s.chars().count() >= MIN_INDEXED_CHARS;
        let fts = (long(&lower) && key.as_deref().is_none_or(long)).then(|| {
            // Each form of the text with the columns it is looked for in; columns sharing
            // a form share one phrase (one pass over the index instead of two).
            let mut forms: Vec<(&str, Vec<&str>)> = vec![(&lower, vec!["title email handles"])];
            let more = [(key.as_deref(), "names"), (digits.as_deref(), "phones")];
            for (form, columns) in more {
                let Some(form) = form else { continue };
                match forms.iter_mut().find(|f| f.0 == form) {
                    Some(f) => f.1.push(columns),
                    None => forms.push((form, vec![columns])),
                }
            }
            let parts: Vec<String> = forms
                .iter()
                .map(|(form, columns)| format!("{{{}}} : {}", columns.join(" "), phrase(form)))
                .collect();
            parts.join(" OR ")
        });
        Search {
            fts,
            like: format!("%{}%", escape_like(&lower)),
            name: key.map(|k| format!("%{}%", escape_like(&k))),
            digits: digits.map(|d| format!("%{d}%")),
        }
    }

    /// The `LIKE` form, valid on every backend.
    fn walk_like<'b, DB>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()>
    where
        DB: diesel::backend::Backend + HasSqlType<Text>,
        String: ToSql<Text, DB>,
    {
        out.push_sql("(LOWER(leads.title) LIKE ");
        out.push_bind_param::<Text, String>(&self.like)?;
        out.push_sql(" ESCAPE '\\' OR leads.email_norm LIKE ");
        out.push_bind_param::<Text, String>(&self.like)?;
        out.push_sql(" ESCAPE '\\'");
        if let Some(name) = &self.name {
            out.push_sql(" OR leads.contact_name_key LIKE ");
            out.push_bind_param::<Text, String>(name)?;
            out.push_sql(" ESCAPE '\\' OR leads.company_name_key LIKE ");
            out.push_bind_param::<Text, String>(name)?;
            out.push_sql(" ESCAPE '\\'");
        }
        if let Some(digits) = &self.digits {
            out.push_sql(" OR leads.phone_e164 LIKE ");
            out.push_bind_param::<Text, String>(digits)?;
            out.push_sql(" OR leads.mobile_e164 LIKE ");
            out.push_bind_param::<Text, String>(digits)?;
        }
        out.push_sql(
            " OR leads.id IN (SELECT identities.lead_id FROM identities \
             WHERE identities.handle_norm LIKE ",
        );
        out.push_bind_param::<Text, String>(&self.like)?;
        out.push_sql(" ESCAPE '\\'))");
        Ok(())
    }
}

impl Expression for Search {
    type SqlType = Bool;
}

impl AppearsOnTable<leads::table> for Search {}

impl SelectableExpression<leads::table> for Search {}

impl ValidGrouping<()> for Search {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

impl QueryId for Search {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl QueryFragment<diesel::sqlite::Sqlite> for Search {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, diesel::sqlite::Sqlite>) -> QueryResult<()> {
        match &self.fts {
            Some(query) => {
                out.push_sql(
                    "leads.id IN (SELECT lead_search.rowid FROM lead_search \
                     WHERE lead_search MATCH ",
                );
                out.push_bind_param::<Text, String>(query)?;
                out.push_sql(")");
                Ok(())
            }
            None => self.walk_like(out),
        }
    }
}

#[cfg(feature = "postgres")]
impl QueryFragment<diesel::pg::Pg> for Search {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, diesel::pg::Pg>) -> QueryResult<()> {
        self.walk_like(out)
    }
}

impl QueryFragment<crate::db::Backend> for Search {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, crate::db::Backend>) -> QueryResult<()> {
        crate::db::Backend::walk_variant_ast(self, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_uses_the_index_with_each_field_s_form() {
        let s = Search::new("Ivan 333");
        let fts = s.fts.unwrap_or_default();
        assert!(
            fts.contains("{title email handles} : \"ivan 333\""),
            "{fts}"
        );
        assert!(fts.contains("{phones} : \"333\""), "{fts}");
        let same = Search::new("ivan").fts.unwrap_or_default();
        assert_eq!(same, "{title email handles names} : \"ivan\"");
    }

    #[test]
    fn short_text_and_quotes_are_safe() {
        assert!(Search::new("iv").fts.is_none());
        let s = Search::new("a\"b_c");
        assert!(s.fts.unwrap_or_default().contains("\"a\"\"b_c\""));
        assert_eq!(s.like, "%a\"b\\_c%");
    }
}
