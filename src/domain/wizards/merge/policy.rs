//! How a merge picks each field of the result, written as data: the records come primary
//! first, then the others oldest first, and
//!
//! - every field the field table marks [`MergeRule::First`] takes the first non-empty value
//!   (its normalised twin column, e.g. `email_norm`, travels with it);
//! - the address ([`MergeRule::Address`]) is one block from the record with the most address
//!   fields (the earliest in the order on a tie);
//! - the description concatenates every description, each marked with its source;
//! - the priority is the highest; any opportunity makes an opportunity; any active record
//!   makes the result active, with the lost reason and closing date cleared.
//!
//! Pure functions: no database, so the wizard's preview and the merge use the same code.

use std::collections::HashMap;

use crate::domain::ids::{LeadId, StageId};
use crate::domain::models::leads::fields::{MergeRule, merged_by};
use crate::domain::models::leads::{Kind, Lead};

fn text(v: &Option<String>) -> Option<String> {
    v.as_ref().filter(|s| !s.trim().is_empty()).cloned()
}

/// One row of the preview: the value kept for a field and the record it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub field: &'static str,
    pub label: &'static str,
    pub value: Option<String>,
    /// The record the value comes from (`None`: computed from several, or empty everywhere).
    pub from: Option<LeadId>,
    /// Whether the records disagree on this field (it is highlighted).
    pub differs: bool,
}

/// How many address fields a record fills.
pub fn address_fields(lead: &Lead) -> usize {
    merged_by(MergeRule::Address)
        .filter(|f| (f.shown)(lead).is_some())
        .count()
}

/// The index of the record whose address block is kept.
fn address_source(ordered: &[Lead]) -> usize {
    let mut best = 0;
    for (i, lead) in ordered.iter().enumerate() {
        if address_fields(lead) > address_fields(&ordered[best]) {
            best = i;
        }
    }
    best
}

fn differs(ordered: &[Lead], get: fn(&Lead) -> Option<String>) -> bool {
    let mut values = ordered.iter().map(get);
    let first = values.next().flatten();
    values.any(|v| v != first)
}

/// The label of a record in markers and messages: `#12 Title`.
pub fn marker(lead: &Lead) -> String {
    format!("#{} {}", lead.id, lead.title)
}

/// The merged record and the preview rows, from `ordered` (primary first, then the others
/// oldest first). `stage_probability` gives a stage's probability, used when a lost primary
/// comes back to the pipeline. `ordered` must not be empty.
pub fn merged(ordered: &[Lead], stage_probability: &HashMap<StageId, i32>) -> (Lead, Vec<Pick>) {
    let primary = &ordered[0];
    let mut out = primary.clone();
    let mut picks = Vec::new();
    take_fields(ordered, &mut out, &mut picks);
    picks.push(join_descriptions(ordered, &mut out));
    out.priority = ordered.iter().map(|l| l.priority).max().unwrap_or(0);
    picks.push(Pick {
        field: "priority",
        label: "Priority",
        value: Some(out.priority.to_string()),
        from: ordered
            .iter()
            .find(|l| l.priority == out.priority)
            .map(|l| l.id),
        differs: ordered.iter().any(|l| l.priority != primary.priority),
    });
    if let Some(opp) = ordered.iter().find(|l| l.kind == Kind::Opportunity) {
        out.kind = Kind::Opportunity;
        out.converted_at = primary.converted_at.or(opp.converted_at);
    }
    picks.push(Pick {
        field: "kind",
        label: "Type",
        value: Some(out.kind.to_string()),
        from: None,
        differs: ordered.iter().any(|l| l.kind != primary.kind),
    });
    picks.push(revive(ordered, &mut out, stage_probability));
    out.merged_into_id = None;
    (out, picks)
}

/// The first non-empty value of each "first" field, and the address block of the record
/// with the most address fields.
fn take_fields(ordered: &[Lead], out: &mut Lead, picks: &mut Vec<Pick>) {
    for field in merged_by(MergeRule::First) {
        let source = ordered.iter().find(|l| (field.shown)(l).is_some());
        if let Some(src) = source {
            (field.copy)(out, src);
        }
        picks.push(Pick {
            field: field.name(),
            label: field.label,
            value: source.and_then(|s| (field.shown)(s)),
            from: source.map(|s| s.id),
            differs: differs(ordered, field.shown),
        });
    }
    let addr = &ordered[address_source(ordered)];
    for field in merged_by(MergeRule::Address) {
        (field.copy)(out, addr);
        picks.push(Pick {
            field: field.name(),
            label: field.label,
            value: (field.shown)(addr),
            from: (address_fields(addr) > 0).then_some(addr.id),
            differs: differs(ordered, field.shown),
        });
    }
}

/// Every description, each marked with its source when there are several.
fn join_descriptions(ordered: &[Lead], out: &mut Lead) -> Pick {
    let descriptions: Vec<(&Lead, String)> = ordered
        .iter()
        .filter_map(|l| text(&l.description).map(|d| (l, d)))
        .collect();
    out.description = match descriptions.as_slice() {
        [] => None,
        [(_, only)] => Some(only.clone()),
        many => Some(
            many.iter()
                .map(|(l, d)| format!("[From {}]\n{d}", marker(l)))
                .collect::<Vec<_>>()
                .join("\n\n"),
        ),
    };
    Pick {
        field: "description",
        label: "Description",
        value: out.description.clone(),
        from: match descriptions.as_slice() {
            [(l, _)] => Some(l.id),
            _ => None,
        },
        differs: descriptions.len() > 1,
    }
}

/// Any active record makes the result active, without lost reason or closing date; a lost
/// primary comes back with its stage's probability.
fn revive(ordered: &[Lead], out: &mut Lead, stage_probability: &HashMap<StageId, i32>) -> Pick {
    let primary = &ordered[0];
    if !primary.active && ordered.iter().any(|l| l.active) {
        out.active = true;
        out.lost_reason_id = None;
        out.closed_at = None;
        if primary.is_lost() {
            out.probability = out
                .stage_id
                .and_then(|s| stage_probability.get(&s).copied())
                .unwrap_or(10);
        }
    }
    Pick {
        field: "active",
        label: "State",
        value: Some(if out.active { "active" } else { "inactive" }.into()),
        from: None,
        differs: ordered.iter().any(|l| l.active != primary.active),
    }
}
