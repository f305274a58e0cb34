//! The merge journals after an erasure: every snapshot that holds one of the person's
//! records gets the same anonymisation as the record itself, so an Undo of that merge
//! after the erasure writes back erased values (the journals' free text has already lost
//! the person's values to [`super::scrub::replace_everywhere`]).

use std::collections::BTreeSet;

use diesel::prelude::*;
use serde_json::{Map, Value};

use super::ERASED;
use super::find::Person;
use super::scrub::PERSONAL_FIELDS;
use crate::db::DbConn;
use crate::db::schema::{customer_merges, merges};
use crate::domain::DomainResult;

/// Rewrites the lead and customer merge snapshots holding the person's records; returns
/// the ids of the journal rows changed (lead merges, customer merges).
pub fn rewrite(conn: &mut DbConn, person: &Person) -> DomainResult<(Vec<i32>, Vec<i32>)> {
    let rows: Vec<(i32, String)> = merges::table
        .select((merges::id, merges::snapshot))
        .order(merges::id.asc())
        .load(conn)?;
    let mut lead_merges = Vec::new();
    for (id, text) in rows {
        if let Some(new) = rewritten(&text, person) {
            diesel::update(merges::table.find(id))
                .set(merges::snapshot.eq(new))
                .execute(conn)?;
            lead_merges.push(id);
        }
    }
    let rows: Vec<(i32, String)> = customer_merges::table
        .select((customer_merges::id, customer_merges::snapshot))
        .order(customer_merges::id.asc())
        .load(conn)?;
    let mut customer_merges_changed = Vec::new();
    for (id, text) in rows {
        if let Some(new) = rewritten(&text, person) {
            diesel::update(customer_merges::table.find(id))
                .set(customer_merges::snapshot.eq(new))
                .execute(conn)?;
            customer_merges_changed.push(id);
        }
    }
    Ok((lead_merges, customer_merges_changed))
}

/// The snapshot with the person's records anonymised, or `None` when it holds none.
fn rewritten(text: &str, person: &Person) -> Option<String> {
    let mut value: Value = serde_json::from_str(text).ok()?;
    let mut changed = false;
    walk(&mut value, person, &mut changed);
    changed.then(|| value.to_string())
}

fn id_in(object: &Map<String, Value>, ids: &BTreeSet<i32>) -> bool {
    object
        .get("id")
        .and_then(Value::as_i64)
        .is_some_and(|id| i32::try_from(id).is_ok_and(|id| ids.contains(&id)))
}

/// Anonymises, anywhere in the snapshot, a lead (an object with `contact_name`) or a
/// customer (one with `name_key`) of the person, and empties the identities and chatter of
/// a captured record of theirs.
fn walk(value: &mut Value, person: &Person, changed: &mut bool) {
    match value {
        Value::Array(items) => {
            for item in items {
                walk(item, person, changed);
            }
        }
        Value::Object(object) => {
            let is_lead = object.contains_key("contact_name") && id_in(object, &person.leads);
            let is_customer = object.contains_key("name_key") && id_in(object, &person.customers);
            if is_lead || is_customer {
                anonymise(object, is_lead);
                *changed = true;
            }
            let captured = object
                .get("lead")
                .and_then(Value::as_object)
                .is_some_and(|l| id_in(l, &person.leads))
                || object
                    .get("partner")
                    .and_then(Value::as_object)
                    .is_some_and(|p| id_in(p, &person.customers));
            if captured {
                erase_captured(object);
                *changed = true;
            }
            for item in object.values_mut() {
                walk(item, person, changed);
            }
        }
        _ => {}
    }
}

fn anonymise(object: &mut Map<String, Value>, is_lead: bool) {
    let name = if is_lead { "contact_name" } else { "name" };
    object.insert(name.into(), Value::String(ERASED.into()));
    if !is_lead {
        object.insert("name_key".into(), Value::String(String::new()));
    }
    // The same columns the records lose (the name gets the marker).
    for field in super::scrub::LEAD_PERSONAL {
        if object.contains_key(*field) {
            object.insert((*field).into(), Value::Null);
        }
    }
}

/// A captured record's identities dropped (Undo would write them back), its messages'
/// bodies and personal changes erased.
fn erase_captured(object: &mut Map<String, Value>) {
    if let Some(Value::Array(identities)) = object.get_mut("identities") {
        identities.clear();
    }
    let Some(Value::Array(messages)) = object.get_mut("messages") else {
        return;
    };
    for message in messages {
        match message {
            // A customer merge keeps `[id, body]`.
            Value::Array(pair) if pair.len() == 2 => pair[1] = Value::String(ERASED.into()),
            Value::Object(m) => {
                m.insert("body".into(), Value::String(ERASED.into()));
                if let Some(Value::Array(changes)) = m.get_mut("changes") {
                    for change in changes.iter_mut().filter_map(Value::as_array_mut) {
                        let personal = change
                            .first()
                            .and_then(Value::as_str)
                            .is_some_and(|f| PERSONAL_FIELDS.contains(&f));
                        if personal {
                            for v in change.iter_mut().skip(1).filter(|v| !v.is_null()) {
                                *v = Value::String(ERASED.into());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
