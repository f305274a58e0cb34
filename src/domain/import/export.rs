//! The CSV the import reads back: one column per [`Field`] (named as the field), plus the
//! record's own `id` first (ignored by the import). Stages, teams and lost reasons are
//! written by name, the salesperson by login, tags comma-separated, messengers as
//! `channel:handle; channel:handle`, money in currency units with a decimal point.
//!
//! **Formula injection.** A cell that a spreadsheet would read as a formula (it starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a single quote in front,
//! as OWASP advises, whatever its column: phone numbers such as `+39 333 …` too, so a
//! spreadsheet keeps them as text instead of turning them into numbers or formulas. The
//! import drops that quote again ([`unguard`]), so an exported file reads back as the same
//! values. A value that itself starts with quotes before such a character gets one quote
//! more, which keeps the round trip exact.

use std::collections::HashMap;
use std::io::Write;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{identities, lead_tags, leads, lost_reasons, stages, tags, teams, users};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LeadId, LostReasonId, StageId, TeamId, UserId};
use crate::domain::models::leads::Lead;

use super::mapping::Field;

const CHUNK: usize = 900;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `cell` gets a quote in front: it would start a formula, perhaps after quotes of
/// its own (which must survive [`unguard`]).
fn needs_guard(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_START)
}

/// The cell as the export writes it: a quote in front of a would-be formula.
pub fn guard(cell: String) -> String {
    if needs_guard(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The cell as the import reads it: the quote [`guard`] put in front of a would-be formula
/// is dropped; any other cell is left as it is.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

struct Names {
    stages: HashMap<StageId, String>,
    logins: HashMap<UserId, String>,
    teams: HashMap<TeamId, String>,
    reasons: HashMap<LostReasonId, String>,
}

fn names(conn: &mut DbConn) -> DomainResult<Names> {
    fn map<K: std::hash::Hash + Eq>(rows: Vec<(K, String)>) -> HashMap<K, String> {
        rows.into_iter().collect()
    }
    Ok(Names {
        stages: map(stages::table
            .select((stages::id, stages::name))
            .load(conn)?),
        logins: map(users::table.select((users::id, users::login)).load(conn)?),
        teams: map(teams::table.select((teams::id, teams::name)).load(conn)?),
        reasons: map(lost_reasons::table
            .select((lost_reasons::id, lost_reasons::name))
            .load(conn)?),
    })
}

fn name<K: std::hash::Hash + Eq>(map: &HashMap<K, String>, id: Option<K>) -> String {
    id.and_then(|i| map.get(&i).cloned()).unwrap_or_default()
}

/// The cell of `field` for a lead.
fn cell(
    field: Field,
    l: &Lead,
    n: &Names,
    tag_names: &[String],
    handles: &[(String, String)],
) -> String {
    match field {
        Field::Column(column) => (column.field().form)(l),
        Field::Kind => l.kind.to_string(),
        Field::Stage => name(&n.stages, l.stage_id),
        Field::Salesperson => name(&n.logins, l.salesperson_id),
        Field::Team => name(&n.teams, l.team_id),
        Field::Tags => tag_names.join(", "),
        Field::Messengers => handles
            .iter()
            .map(|(c, h)| format!("{c}:{h}"))
            .collect::<Vec<_>>()
            .join("; "),
        Field::Active => l.active.to_string(),
        Field::LostReason => name(&n.reasons, l.lost_reason_id),
        Field::CreatedAt => l.created_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        Field::Channel(channel) => handles
            .iter()
            .filter(|(c, _)| c == channel.as_str())
            .map(|(_, h)| h.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// Writes the leads `ids` (in that order; unknown ids are left out) as CSV to `out`;
/// returns how many rows were written. The caller decides which ids the actor may see.
pub fn write_csv<W: Write>(conn: &mut DbConn, ids: &[LeadId], out: W) -> DomainResult<usize> {
    let fail = |e: csv::Error| DomainError::Internal(format!("csv: {e}"));
    let n = names(conn)?;
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec!["id"];
    header.extend(Field::all().map(Field::as_str));
    w.write_record(&header).map_err(fail)?;
    let mut written = 0;
    for chunk in ids.chunks(CHUNK) {
        let mut found: HashMap<LeadId, Lead> = leads::table
            .filter(leads::id.eq_any(chunk))
            .select(Lead::as_select())
            .load(conn)?
            .into_iter()
            .map(|l| (l.id, l))
            .collect();
        let mut tag_names: HashMap<LeadId, Vec<String>> = HashMap::new();
        for (lead, tag) in lead_tags::table
            .inner_join(tags::table)
            .filter(lead_tags::lead_id.eq_any(chunk))
            .order((lead_tags::lead_id, tags::name))
            .select((lead_tags::lead_id, tags::name))
            .load::<(LeadId, String)>(conn)?
        {
            tag_names.entry(lead).or_default().push(tag);
        }
        let mut handles: HashMap<LeadId, Vec<(String, String)>> = HashMap::new();
        for (lead, channel, handle) in identities::table
            .filter(identities::lead_id.eq_any(chunk))
            .order(identities::id)
            .select((identities::lead_id, identities::channel, identities::handle))
            .load::<(Option<LeadId>, String, String)>(conn)?
        {
            if let Some(lead) = lead {
                handles.entry(lead).or_default().push((channel, handle));
            }
        }
        for id in chunk {
            let Some(l) = found.remove(id) else { continue };
            let t = tag_names.remove(id).unwrap_or_default();
            let h = handles.remove(id).unwrap_or_default();
            let mut record = vec![l.id.to_string()];
            record.extend(Field::all().map(|f| guard(cell(f, &l, &n, &t, &h))));
            w.write_record(&record).map_err(fail)?;
            written += 1;
        }
    }
    w.flush()
        .map_err(|e| DomainError::Internal(format!("csv: {e}")))?;
    Ok(written)
}

/// The leads `ids` as a CSV file in memory.
pub fn to_csv(conn: &mut DbConn, ids: &[LeadId]) -> DomainResult<Vec<u8>> {
    let mut out = Vec::new();
    write_csv(conn, ids, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn would_be_formulas_get_a_quote_that_the_import_drops_again() {
        for original in [
            "=cmd|' /C calc'!A0",
            "+SUM(1+1)",
            "-2",
            "@SUM(1)",
            "\t=1+1",
            "\r=1+1",
            "'=already quoted",
            "''+twice",
            "'plain quote",
            "Plain",
            "",
        ] {
            let written = guard(original.to_string());
            assert_eq!(unguard(&written), original, "{original:?} -> {written:?}");
        }
        assert_eq!(guard("+39 333 1234567".into()), "'+39 333 1234567");
        assert_eq!(guard("'=x".into()), "''=x");
        assert_eq!(guard("Boiler".into()), "Boiler");
        assert_eq!(unguard("'hello"), "'hello", "not a guarded cell");
    }
}
