//! Which fields an edit changed, as chatter changes (old → new): every field the field table
//! marks as tracked.

use super::Lead;
use super::fields::FIELDS;
use crate::domain::models::chatter;

/// The user-visible fields that differ, as chatter changes, in the table's order.
pub fn tracked_changes(before: &Lead, after: &Lead) -> Vec<chatter::Change> {
    FIELDS
        .iter()
        .filter(|f| f.tracked)
        .filter_map(|f| {
            let (old, new) = ((f.value)(before), (f.value)(after));
            (old != new).then(|| chatter::Change::new(f.name(), old.as_deref(), new.as_deref()))
        })
        .collect()
}
