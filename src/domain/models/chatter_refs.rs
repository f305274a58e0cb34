//! The names behind the ids a chatter change refers to (stage, salesperson, team, customer,
//! lost reason). A change is written with the names the ids have then, and read with the
//! names they have now — the written one when the row is gone — so a reader sees "Won", not
//! "#4", and a renamed stage shows its new name.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{lost_reasons, partners, stages, teams, users};
use crate::domain::error::DomainResult;

/// What a reference field points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Table {
    Stages,
    Users,
    Teams,
    Partners,
    LostReasons,
}

/// The table a change's field refers to, if it is a reference.
fn table_of(field: &str) -> Option<Table> {
    Some(match field {
        "stage_id" => Table::Stages,
        "salesperson_id" | "user_id" => Table::Users,
        "team_id" => Table::Teams,
        "partner_id" | "company_id" => Table::Partners,
        "lost_reason_id" => Table::LostReasons,
        _ => return None,
    })
}

/// A stored reference value as an id (`"4"` or `"#4"`); `None` for a name stored by older
/// versions.
fn id_of(value: &Option<String>) -> Option<i32> {
    value
        .as_deref()?
        .trim()
        .trim_start_matches('#')
        .parse()
        .ok()
}

/// Every name of the referenced tables, by table and id.
pub(super) struct Names(HashMap<(Table, i32), String>);

impl Names {
    /// The names of the ids among `values` (field, stored value).
    pub(super) fn load<'a>(
        conn: &mut DbConn,
        values: impl Iterator<Item = (&'a str, &'a Option<String>)>,
    ) -> DomainResult<Names> {
        let mut wanted: HashMap<Table, Vec<i32>> = HashMap::new();
        for (field, value) in values {
            if let Some(table) = table_of(field) {
                wanted.entry(table).or_default().extend(id_of(value));
            }
        }
        let mut out = HashMap::new();
        for (table, ids) in wanted {
            let rows: Vec<(i32, String)> = match table {
                Table::Stages => stages::table
                    .filter(stages::id.eq_any(&ids))
                    .select((stages::id, stages::name))
                    .load(conn)?,
                Table::Users => users::table
                    .filter(users::id.eq_any(&ids))
                    .select((users::id, users::name))
                    .load(conn)?,
                Table::Teams => teams::table
                    .filter(teams::id.eq_any(&ids))
                    .select((teams::id, teams::name))
                    .load(conn)?,
                Table::Partners => partners::table
                    .filter(partners::id.eq_any(&ids))
                    .select((partners::id, partners::name))
                    .load(conn)?,
                Table::LostReasons => lost_reasons::table
                    .filter(lost_reasons::id.eq_any(&ids))
                    .select((lost_reasons::id, lost_reasons::name))
                    .load(conn)?,
            };
            out.extend(rows.into_iter().map(|(id, name)| ((table, id), name)));
        }
        Ok(Names(out))
    }

    /// The current name of a reference value, if it is one and its row exists.
    pub(super) fn of(&self, field: &str, value: &Option<String>) -> Option<String> {
        let table = table_of(field)?;
        self.0.get(&(table, id_of(value)?)).cloned()
    }
}
