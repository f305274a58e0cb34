//! The writes of an erasure: the person's records anonymised, their identities and chatter
//! erased, and every other stored text that still holds one of the person's values
//! rewritten (case-insensitively) with the marker.

use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text};

use super::ERASED;
use crate::db::schema::{identities, leads, message_changes, messages, partners};
use crate::db::{DbConn, is_sqlite};
use crate::domain::DomainResult;

/// Fields of a lead or customer that name or reach the person; they are emptied (the name
/// gets the marker). Company, amounts, stages, probability, salesperson and dates stay.
pub(super) const LEAD_PERSONAL: &[&str] = &[
    "contact_name_key",
    "email",
    "email_norm",
    "phone",
    "phone_e164",
    "mobile",
    "mobile_e164",
    "street",
    "street2",
    "city",
    "zip",
    "website",
];

/// Tracked fields whose chatter changes are erased on the person's records (the others —
/// stage, amount, salesperson — stay for the history of the deal).
pub const PERSONAL_FIELDS: &[&str] = &[
    "title",
    "contact_name",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "city",
    "zip",
    "website",
    "description",
    "name",
    "messengers",
    "identities",
];

/// Every stored text, besides the person's own rows, that may quote a value: `(table,
/// column)`, each table with an integer `id`. Import files lose the whole line instead.
pub const TEXTS: &[(&str, &str)] = &[
    ("leads", "title"),
    ("leads", "description"),
    ("messages", "body"),
    ("messages", "event"),
    ("message_changes", "old_value"),
    ("message_changes", "new_value"),
    ("message_changes", "old_name"),
    ("message_changes", "new_name"),
    ("merges", "snapshot"),
    ("customer_merges", "snapshot"),
    ("not_duplicates", "evidence"),
    ("import_jobs", "report"),
    ("intake_deliveries", "response"),
    ("idempotency_keys", "response"),
    ("webhook_events", "payload"),
    ("webhook_deliveries", "last_error"),
];

/// The person's values as searched in free text: long enough to mean something, and free
/// of characters JSON escapes (so a snapshot stays valid JSON after a replacement).
pub fn needles(raw: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = raw
        .into_iter()
        .map(|v| v.trim().to_string())
        .filter(|v| v.chars().count() >= 5 && !super::is_erased(v))
        .filter(|v| !v.chars().any(|c| c == '"' || c == '\\' || c.is_control()))
        .collect();
    // Longest first: "+39 333 1234567" goes before "333 1234567" would.
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    out.dedup();
    out
}

/// `hay` with every case-insensitive occurrence of a needle replaced by the marker, or
/// `None` when it holds none.
pub fn replace_all(hay: &str, needles: &[String]) -> Option<String> {
    let mut text = hay.to_string();
    let mut changed = false;
    for needle in needles {
        if let Some(next) = replace_ci(&text, needle) {
            text = next;
            changed = true;
        }
    }
    changed.then_some(text)
}

fn replace_ci(hay: &str, needle: &str) -> Option<String> {
    let want: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::with_capacity(hay.len());
    let mut rest = hay;
    let mut found = false;
    while !rest.is_empty() {
        if let Some(len) = prefix_len(rest, &want) {
            out.push_str(ERASED);
            rest = &rest[len..];
            found = true;
        } else {
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    found.then_some(out)
}

/// The byte length of the prefix of `hay` equal to `want` (lower case), if it starts so.
fn prefix_len(hay: &str, want: &[char]) -> Option<usize> {
    let mut got = want.iter();
    let mut len = 0;
    for c in hay.chars() {
        for l in c.to_lowercase() {
            if got.next() != Some(&l) {
                return None;
            }
        }
        len += c.len_utf8();
        if got.len() == 0 {
            return Some(len);
        }
    }
    None
}

/// The person's leads: name → marker, contact details and address emptied, title and
/// description → marker when they quote a value.
pub fn anonymise_leads(conn: &mut DbConn, ids: &[i32], needles: &[String]) -> DomainResult<()> {
    for chunk in ids.chunks(500) {
        let list = id_list(chunk);
        let cleared: Vec<String> = LEAD_PERSONAL
            .iter()
            .map(|c| format!("{c} = NULL"))
            .collect();
        diesel::sql_query(format!(
            "UPDATE leads SET contact_name = '{ERASED}', {} WHERE id IN ({list})",
            cleared.join(", ")
        ))
        .execute(conn)?;
    }
    let rows: Vec<(i32, String, Option<String>)> = leads::table
        .filter(leads::id.eq_any(ids))
        .select((leads::id, leads::title, leads::description))
        .load(conn)?;
    for (id, title, description) in rows {
        if replace_all(&title, needles).is_some() {
            diesel::update(leads::table.find(id))
                .set(leads::title.eq(ERASED))
                .execute(conn)?;
        }
        if description.is_some_and(|d| replace_all(&d, needles).is_some()) {
            diesel::update(leads::table.find(id))
                .set(leads::description.eq(Some(ERASED)))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// The person's customers: the same as their leads (a customer's name is the person's).
pub fn anonymise_customers(conn: &mut DbConn, ids: &[i32]) -> DomainResult<()> {
    let none: Option<String> = None;
    diesel::update(partners::table.filter(partners::id.eq_any(ids)))
        .set((
            partners::name.eq(ERASED),
            partners::name_key.eq(""),
            partners::email.eq(&none),
            partners::email_norm.eq(&none),
            partners::phone.eq(&none),
            partners::phone_e164.eq(&none),
            partners::mobile.eq(&none),
            partners::mobile_e164.eq(&none),
            partners::street.eq(&none),
            partners::street2.eq(&none),
            partners::city.eq(&none),
            partners::zip.eq(&none),
            partners::website.eq(&none),
        ))
        .execute(conn)?;
    Ok(())
}

/// Deletes the messenger identities of the records; returns how many.
pub fn delete_identities(conn: &mut DbConn, leads: &[i32], people: &[i32]) -> DomainResult<usize> {
    Ok(diesel::delete(
        identities::table.filter(
            identities::lead_id
                .eq_any(leads)
                .or(identities::partner_id.eq_any(people)),
        ),
    )
    .execute(conn)?)
}

/// The chatter of the records: every body → marker (events dropped), and the changes of
/// the personal fields → marker. Returns the ids of the messages.
pub fn erase_chatter(conn: &mut DbConn, leads: &[i32], people: &[i32]) -> DomainResult<Vec<i32>> {
    let ids: Vec<i32> = messages::table
        .filter(
            messages::lead_id
                .eq_any(leads)
                .or(messages::partner_id.eq_any(people)),
        )
        .select(messages::id)
        .load(conn)?;
    let marker = Some(ERASED);
    for chunk in ids.chunks(500) {
        diesel::update(messages::table.filter(messages::id.eq_any(chunk)))
            .set((
                messages::body.eq(ERASED),
                messages::event.eq(None::<String>),
            ))
            .execute(conn)?;
        let personal = || {
            message_changes::table
                .filter(message_changes::message_id.eq_any(chunk))
                .filter(message_changes::field.eq_any(PERSONAL_FIELDS))
        };
        diesel::update(personal().filter(message_changes::old_value.is_not_null()))
            .set(message_changes::old_value.eq(marker))
            .execute(conn)?;
        diesel::update(personal().filter(message_changes::new_value.is_not_null()))
            .set(message_changes::new_value.eq(marker))
            .execute(conn)?;
    }
    Ok(ids)
}

#[derive(QueryableByName)]
struct TextRow {
    #[diesel(sql_type = Integer)]
    id: i32,
    #[diesel(sql_type = Nullable<Text>)]
    text: Option<String>,
}

/// The rows of `table` whose `column` may hold a needle (a case-insensitive `LIKE` on
/// the lower-cased text; the exact check is [`replace_all`]).
fn candidates(
    conn: &mut DbConn,
    table: &str,
    column: &str,
    needle: &str,
) -> DomainResult<Vec<TextRow>> {
    let param = if is_sqlite(conn) { "?" } else { "$1" };
    let sql =
        format!("SELECT id, {column} AS text FROM {table} WHERE LOWER({column}) LIKE {param}");
    let pattern = format!("%{}%", needle.to_lowercase());
    Ok(diesel::sql_query(sql).bind::<Text, _>(pattern).load(conn)?)
}

fn write_text(
    conn: &mut DbConn,
    table: &str,
    column: &str,
    id: i32,
    text: &str,
) -> DomainResult<()> {
    let (a, b) = if is_sqlite(conn) {
        ("?", "?")
    } else {
        ("$1", "$2")
    };
    diesel::sql_query(format!("UPDATE {table} SET {column} = {a} WHERE id = {b}"))
        .bind::<Text, _>(text)
        .bind::<Integer, _>(id)
        .execute(conn)?;
    Ok(())
}

/// Every text of [`TEXTS`] quoting a needle, rewritten; returns how many cells changed.
pub fn replace_everywhere(conn: &mut DbConn, needles: &[String]) -> DomainResult<usize> {
    let mut changed = 0;
    for (table, column) in TEXTS {
        for needle in needles {
            for row in candidates(conn, table, column, needle)? {
                let Some(text) = row.text else { continue };
                if let Some(new) = replace_all(&text, needles) {
                    write_text(conn, table, column, row.id, &new)?;
                    changed += 1;
                }
            }
        }
    }
    Ok(changed + drop_import_lines(conn, needles)?)
}

/// Stored import files lose every line (after the header) that quotes a needle; returns
/// how many files changed.
fn drop_import_lines(conn: &mut DbConn, needles: &[String]) -> DomainResult<usize> {
    let mut changed = 0;
    for needle in needles {
        for row in candidates(conn, "import_jobs", "content", needle)? {
            let Some(text) = row.text else { continue };
            let kept: Vec<&str> = text
                .split_inclusive('\n')
                .enumerate()
                .filter(|(i, line)| *i == 0 || replace_all(line, needles).is_none())
                .map(|(_, line)| line)
                .collect();
            let mut kept = kept.concat();
            if let Some(header) = replace_all(&kept, needles) {
                kept = header;
            }
            write_text(conn, "import_jobs", "content", row.id, &kept)?;
            changed += 1;
        }
    }
    Ok(changed)
}

fn id_list(ids: &[i32]) -> String {
    let list: Vec<String> = ids.iter().map(i32::to_string).collect();
    list.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_replaced_whatever_its_case() {
        let needles = needles(["zoe@acme.example".to_string()]);
        assert_eq!(
            replace_all("Write to ZOE@Acme.example now", &needles).as_deref(),
            Some("Write to erased now")
        );
        assert_eq!(replace_all("nothing here", &needles), None);
    }

    #[test]
    fn short_values_and_values_json_escapes_are_not_needles() {
        assert!(needles(["abc".to_string(), "a\"quote".to_string()]).is_empty());
    }
}
