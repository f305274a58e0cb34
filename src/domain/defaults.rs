//! The names the product creates — the default stages and lost reasons, and the demo's teams
//! and tags — exist in the company's language: each is a catalogue key under `defaults.`,
//! named in a language when it is created. Once created, a name is data like any other
//! (managers rename it); only names still as the product wrote them in English are
//! renamed into a language (see [`localise`]), when nobody can have used them yet.

use diesel::prelude::*;

use crate::db::schema::{lost_reasons, stages};
use crate::db::{DbConn, write_tx};
use crate::domain::error::DomainResult;
use crate::domain::models::lost_reasons as reason_model;

/// A default stage: its key under `defaults.stage`, probability, whether it is won, and
/// whether it is folded on the pipeline.
pub type StageDefault = (&'static str, i32, bool, bool);

/// The stages every new database starts with (as in Odoo), in pipeline order.
pub const STAGES: [StageDefault; 4] = [
    ("new", 10, false, false),
    ("qualified", 30, false, false),
    ("proposition", 70, false, false),
    ("won", 100, true, false),
];

/// The lost reasons every new database starts with (keys under `defaults.lost_reason`).
pub const LOST_REASONS: [&str; 3] = ["too_expensive", "no_skills", "not_enough_stock"];

/// The name of `defaults.<key>` in `locale` (English when the catalogue lacks it), e.g.
/// `name("ru", "stage.new")`.
pub fn name(locale: &str, key: &str) -> String {
    crate::tr(locale, &format!("defaults.{key}"))
}

/// Renames the default stages and lost reasons that still carry their English names into
/// `locale`: what a database made before anyone chose a language (the migration's lost
/// reasons, the stages made when the server first started) gets at setup or with the demo.
/// A name already taken in `locale` is left alone.
pub fn localise(conn: &mut DbConn, locale: &str) -> DomainResult<()> {
    if locale == "en" {
        return Ok(());
    }
    write_tx(conn, |conn| {
        for (key, ..) in STAGES {
            let (en, local) = (name("en", &stage(key)), name(locale, &stage(key)));
            let taken: i64 = stages::table
                .filter(stages::name.eq(&local))
                .count()
                .get_result(conn)?;
            if en != local && taken == 0 {
                diesel::update(stages::table.filter(stages::name.eq(&en)))
                    .set(stages::name.eq(&local))
                    .execute(conn)?;
            }
        }
        for key in LOST_REASONS {
            let (en, local) = (name("en", &reason(key)), name(locale, &reason(key)));
            let local_key = reason_model::name_key(&local);
            let taken: i64 = lost_reasons::table
                .filter(lost_reasons::name_key.eq(&local_key))
                .count()
                .get_result(conn)?;
            if en != local && taken == 0 {
                diesel::update(lost_reasons::table.filter(lost_reasons::name.eq(&en)))
                    .set((
                        lost_reasons::name.eq(&local),
                        lost_reasons::name_key.eq(&local_key),
                    ))
                    .execute(conn)?;
            }
        }
        Ok(())
    })
}

/// `stage.<key>`.
pub fn stage(key: &str) -> String {
    format!("stage.{key}")
}

/// `lost_reason.<key>`.
pub fn reason(key: &str) -> String {
    format!("lost_reason.{key}")
}
