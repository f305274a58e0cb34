//! The names a file may use for stages, users, teams and lost reasons, loaded once per
//! import, and the defaults of rows that name none.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{lost_reasons, stages, teams, users};
use crate::domain::error::DomainResult;
use crate::domain::ids::{LostReasonId, StageId, TeamId, UserId};
use crate::domain::models::leads::Kind;
use crate::domain::models::phone_country;

/// The names a file may use, loaded once per import.
#[derive(Debug, Clone)]
pub struct Lookups {
    pub(super) stages: HashMap<String, (StageId, i32)>,
    pub(super) first_stage: Option<(StageId, i32)>,
    pub(super) users: HashMap<String, UserId>,
    pub(super) teams: HashMap<String, TeamId>,
    pub(super) reasons: HashMap<String, LostReasonId>,
    /// National phone numbers without a country column are read with this one: the
    /// importer's (see `models::phone_country`).
    pub country: String,
    /// The kind of rows without a `kind` column.
    pub kind: Kind,
}

/// A name as looked up: trimmed, lower case.
pub(super) fn folded(raw: &str) -> String {
    raw.trim().to_lowercase()
}

impl Lookups {
    /// Loads stages, users (by login and by name), teams and lost reasons; rows without a
    /// kind become `kind`; numbers are read with the country of `importer`.
    pub fn load(conn: &mut DbConn, kind: Kind, importer: Option<UserId>) -> DomainResult<Lookups> {
        let stage_rows: Vec<(StageId, String, i32)> = stages::table
            .order((stages::sequence.asc(), stages::id.asc()))
            .select((stages::id, stages::name, stages::probability))
            .load(conn)?;
        let user_rows: Vec<(UserId, String, String)> = users::table
            .select((users::id, users::login, users::name))
            .load(conn)?;
        let mut by_user = HashMap::new();
        for (id, _, name) in &user_rows {
            by_user.insert(folded(name), *id);
        }
        for (id, login, _) in &user_rows {
            by_user.insert(folded(login), *id);
        }
        Ok(Lookups {
            first_stage: stage_rows.first().map(|s| (s.0, s.2)),
            stages: stage_rows
                .into_iter()
                .map(|(id, name, p)| (folded(&name), (id, p)))
                .collect(),
            users: by_user,
            teams: teams::table
                .select((teams::name, teams::id))
                .load::<(String, TeamId)>(conn)?
                .into_iter()
                .map(|(n, id)| (folded(&n), id))
                .collect(),
            reasons: lost_reasons::table
                .select((lost_reasons::name, lost_reasons::id))
                .load::<(String, LostReasonId)>(conn)?
                .into_iter()
                .map(|(n, id)| (folded(&n), id))
                .collect(),
            country: phone_country::resolve(conn, importer, None)?,
            kind,
        })
    }
}
