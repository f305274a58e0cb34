//! What a merge does to the merged-away records (their messages, tags and identities move to
//! the survivor, then they are marked merged) and the merge message that lists every value
//! they held. Called by [`super::Merge::apply`] inside its transaction.

use std::collections::HashMap;

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::journal;
use super::policy;
use crate::db::DbConn;
use crate::db::schema::{identities, leads, messages, partners, stages, teams, users};
use crate::domain::error::DomainResult;
use crate::domain::ids::LeadId;
use crate::domain::models::leads::Lead;
use crate::domain::models::tags;
use crate::domain::values::MAX_TEXT;

/// Moves one merged-away record into the survivor: messages (prefixed with their origin),
/// tags, identities the survivor lacks; then marks it merged.
pub(super) fn absorb(conn: &mut DbConn, survivor: LeadId, other: &Lead) -> DomainResult<()> {
    let prefix = format!("[From {}] ", policy::marker(other));
    diesel::update(messages::table.filter(messages::lead_id.eq(other.id)))
        .set((
            messages::lead_id.eq(survivor),
            messages::body.eq(sql::<Text>("").bind::<Text, _>(prefix).sql(" || body")),
        ))
        .execute(conn)?;
    for (tag, _) in journal::tag_refs(conn, other.id)? {
        tags::add_to_lead(conn, survivor, tag)?;
    }
    let theirs: Vec<(i32, String, String)> = identities::table
        .filter(identities::lead_id.eq(other.id))
        .select((identities::id, identities::channel, identities::handle_norm))
        .load(conn)?;
    for (id, channel, norm) in theirs {
        let has: i64 = identities::table
            .filter(identities::lead_id.eq(survivor))
            .filter(identities::channel.eq(&channel))
            .filter(identities::handle_norm.eq(&norm))
            .count()
            .get_result(conn)?;
        if has == 0 {
            diesel::update(identities::table.find(id))
                .set(identities::lead_id.eq(survivor))
                .execute(conn)?;
        }
    }
    diesel::update(leads::table.find(other.id))
        .set(leads::merged_into_id.eq(survivor))
        .execute(conn)?;
    Ok(())
}

/// Names of the stages, users, teams and customers the records point to, by field label.
pub(super) fn id_names(
    conn: &mut DbConn,
    records: &[Lead],
) -> DomainResult<HashMap<(&'static str, i32), String>> {
    let mut out = HashMap::new();
    fn ids<T>(records: &[Lead], f: fn(&Lead) -> Option<T>) -> Vec<T> {
        records.iter().filter_map(f).collect()
    }
    let rows: Vec<(i32, String)> = stages::table
        .filter(stages::id.eq_any(ids(records, |l| l.stage_id)))
        .select((stages::id, stages::name))
        .load(conn)?;
    out.extend(rows.into_iter().map(|(i, n)| (("Stage", i), n)));
    let rows: Vec<(i32, String)> = users::table
        .filter(users::id.eq_any(ids(records, |l| l.salesperson_id)))
        .select((users::id, users::name))
        .load(conn)?;
    out.extend(rows.into_iter().map(|(i, n)| (("Salesperson", i), n)));
    let rows: Vec<(i32, String)> = teams::table
        .filter(teams::id.eq_any(ids(records, |l| l.team_id)))
        .select((teams::id, teams::name))
        .load(conn)?;
    out.extend(rows.into_iter().map(|(i, n)| (("Sales team", i), n)));
    let rows: Vec<(i32, String)> = partners::table
        .filter(partners::id.eq_any(ids(records, |l| l.partner_id)))
        .select((partners::id, partners::name))
        .load(conn)?;
    out.extend(rows.into_iter().map(|(i, n)| (("Customer", i), n)));
    Ok(out)
}

/// The merge message: for each record, every non-empty field (ids shown by name).
pub(super) fn merge_message(
    records: &[Lead],
    names: &HashMap<(&'static str, i32), String>,
) -> String {
    let mut body = format!(
        "Merged {} records into {}.",
        records.len(),
        policy::marker(&records[0])
    );
    for (i, lead) in records.iter().enumerate() {
        let role = if i == 0 { "primary" } else { "merged" };
        body.push_str(&format!("\n\n{} ({role})", policy::marker(lead)));
        for (label, value) in policy::non_empty_fields(lead) {
            let id = value.strip_prefix('#').and_then(|v| v.parse::<i32>().ok());
            let value = id
                .and_then(|i| names.get(&(label, i)))
                .map_or(value.clone(), |n| format!("{n} ({value})"));
            body.push_str(&format!("\n{label}: {value}"));
        }
    }
    if body.chars().count() > MAX_TEXT {
        body = body.chars().take(MAX_TEXT - 1).collect::<String>() + "…";
    }
    body
}
