//! Pipeline stages: ordered by sequence; one (or more) marked won; folded stages show as a
//! narrow column. A stage without a team is shared by every team.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::stages;
use crate::domain::defaults;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{StageId, TeamId};

#[derive(
    Debug, Clone, PartialEq, Eq, Queryable, Selectable, serde::Serialize, utoipa::ToSchema,
)]
#[diesel(table_name = stages)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct Stage {
    pub id: StageId,
    pub name: String,
    pub sequence: i32,
    pub is_won: bool,
    pub folded: bool,
    pub probability: i32,
    pub team_id: Option<TeamId>,
}

/// Every stage in pipeline order.
pub fn list(conn: &mut DbConn) -> DomainResult<Vec<Stage>> {
    Ok(stages::table
        .order((stages::sequence.asc(), stages::id.asc()))
        .select(Stage::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConn, id: StageId) -> DomainResult<Stage> {
    stages::table
        .find(id)
        .select(Stage::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound)
}

/// Creates a stage at the end of the pipeline.
pub fn create(
    conn: &mut DbConn,
    name: &str,
    probability: i32,
    is_won: bool,
    folded: bool,
    team: Option<TeamId>,
) -> DomainResult<Stage> {
    let name = crate::domain::values::required_line(name, "msg.label.stage_name")
        .map_err(|m| DomainError::invalid("name", m))?;
    if !(0..=100).contains(&probability) {
        return Err(DomainError::invalid(
            "probability",
            crate::i18n::Msg::new("msg.stages.probability_between"),
        ));
    }
    crate::db::write_tx(conn, |conn| {
        let last: Option<i32> = stages::table
            .select(diesel::dsl::max(stages::sequence))
            .first(conn)?;
        let sequence = last.unwrap_or(0) + 10;
        diesel::insert_into(stages::table)
            .values((
                stages::name.eq(&name),
                stages::sequence.eq(sequence),
                stages::is_won.eq(is_won),
                stages::folded.eq(folded),
                stages::probability.eq(probability),
                stages::team_id.eq(team.map(|t| t.0)),
            ))
            .execute(conn)?;
        Ok(stages::table
            .filter(stages::sequence.eq(sequence))
            .select(Stage::as_select())
            .first(conn)?)
    })
}

/// The four stages every new database starts with (as in Odoo), named in the company's
/// language.
pub fn ensure_defaults(conn: &mut DbConn) -> DomainResult<()> {
    let locale = crate::domain::models::settings::load(conn)?.default_language;
    ensure_defaults_in(conn, &locale)
}

/// As [`ensure_defaults`], the stages named in `locale` (the setup page's language).
pub fn ensure_defaults_in(conn: &mut DbConn, locale: &str) -> DomainResult<()> {
    let existing: i64 = stages::table.count().get_result(conn)?;
    if existing == 0 {
        for (key, probability, won, folded) in defaults::STAGES {
            let name = defaults::name(locale, &defaults::stage(key));
            create(conn, &name, probability, won, folded, None)?;
        }
    }
    Ok(())
}
