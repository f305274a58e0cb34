//! The admin page "Duplicate finder": what the finder believes and how users judged it.
//!
//! - the model in use: every field's levels with `m`, `u` and the weight in bits, the
//!   prior, and where it comes from (an estimate on this database, or the shipped defaults);
//! - the users' decisions: merges not undone and "not a duplicate" marks, with the latest;
//! - for each band of match probability, how many merged pairs and how many dismissed
//!   pairs the current model puts in it: the share merged is the precision users actually
//!   see at that score.
//!
//! Admins only: the page names records of every team.

mod history;
mod rows;

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::error::DomainResult;
use crate::domain::similarity::model::{self, Model};
use crate::domain::similarity::train;
use history::{bands, history, latest_merges, latest_rejections};
pub use rows::{
    BANDS, Band, Estimate, FieldRows, FinderReport, LATEST, LevelRow, MergeRow, RejectionRow,
};

fn fields_of(model: &Model) -> Vec<FieldRows> {
    let mut out: Vec<FieldRows> = Vec::new();
    for (field, level, m, u, weight) in model.table() {
        let row = LevelRow {
            level,
            m,
            u,
            weight,
        };
        match out.last_mut() {
            Some(f) if f.field == field => f.levels.push(row),
            _ => out.push(FieldRows {
                field,
                levels: vec![row],
            }),
        }
    }
    out
}

/// What the "Duplicate finder" page shows. Admins only.
pub fn finder_report(conn: &mut DbConn, actor: &Actor) -> DomainResult<FinderReport> {
    actor.require_admin()?;
    let model = model::load(conn)?;
    let population = model::population(conn)?;
    let decisions = train::decisions(conn)?;
    let (merges, latest_merges) = latest_merges(conn)?;
    let (rejections, latest_rejections) = latest_rejections(conn)?;
    Ok(FinderReport {
        fields: fields_of(&model),
        prior_weight: model.prior_weight(population),
        population,
        history: history(conn)?,
        merges,
        merged_pairs: decisions.merged.len(),
        rejections,
        latest_merges,
        latest_rejections,
        bands: bands(conn, &decisions)?,
        model,
    })
}

/// Re-estimates the model from the database and the users' decisions now, and saves it
/// (what `leadbook dedupe-train` does). Admins only.
pub fn retrain(conn: &mut DbConn, actor: &Actor) -> DomainResult<Model> {
    actor.require_admin()?;
    train::train(conn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::similarity::compare::Field;

    #[test]
    fn the_model_table_is_grouped_by_field_in_order() {
        let fields = fields_of(&Model::default());
        let codes: Vec<&str> = fields.iter().map(FieldRows::code).collect();
        let all: Vec<&str> = Field::ALL.iter().map(|f| f.code()).collect();
        assert_eq!(codes, all);
        assert_eq!(fields[0].levels[0].level, "exact");
    }
}
