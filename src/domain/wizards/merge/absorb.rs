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
use crate::db::schema::{
    identities, leads, lost_reasons, messages, partners, stages, teams, users,
};
use crate::domain::error::DomainResult;
use crate::domain::ids::LeadId;
use crate::domain::models::leads::Lead;
use crate::domain::models::leads::fields::{MergeRule, by_name, merged_by};
use crate::domain::models::tags;
use crate::i18n::Msg;

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
    let rows: Vec<(i32, String)> = lost_reasons::table
        .filter(lost_reasons::id.eq_any(ids(records, |l| l.lost_reason_id)))
        .select((lost_reasons::id, lost_reasons::name))
        .load(conn)?;
    out.extend(rows.into_iter().map(|(i, n)| (("Lost reason", i), n)));
    Ok(out)
}

/// The merge message: an event naming the survivor, then each record (`part`, with its
/// `role`) and its non-empty fields as `fact:<field>` arguments holding the stored value (a
/// reference by the name it has now), rendered in the reader's language.
pub(super) fn merge_message(records: &[Lead], names: &HashMap<(&'static str, i32), String>) -> Msg {
    let mut msg = Msg::new("event.merge.leads")
        .count("count", records.len() as i64)
        .text("record", policy::marker(&records[0]));
    for (i, lead) in records.iter().enumerate() {
        let role = if i == 0 {
            "event.merge.primary"
        } else {
            "event.merge.merged"
        };
        msg = msg.text("part", policy::marker(lead)).label("role", role);
        for (field, value) in listed_fields(lead) {
            let id = value.parse::<i32>().ok();
            let label = by_name(field).map_or("", |f| f.label);
            let value = id
                .and_then(|i| names.get(&(label, i)))
                .map_or(value, Clone::clone);
            msg = msg.text(&format!("fact:{field}"), value);
        }
    }
    msg
}

/// A record's non-empty fields as stored, in the merge message's order.
fn listed_fields(lead: &Lead) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = merged_by(MergeRule::First)
        .chain(merged_by(MergeRule::Address))
        .filter(|f| (f.shown)(lead).is_some())
        .filter_map(|f| (f.value)(lead).map(|v| (f.name(), v)))
        .collect();
    if let Some(d) = lead.description.as_ref().filter(|d| !d.trim().is_empty()) {
        out.push(("description", d.clone()));
    }
    out.push(("kind", lead.kind.to_string()));
    if lead.priority > 0 {
        out.push(("priority", lead.priority.to_string()));
    }
    out.push(("active", lead.active.to_string()));
    if let Some(reason) = lead.lost_reason_id {
        out.push(("lost_reason_id", reason.to_string()));
    }
    out
}
