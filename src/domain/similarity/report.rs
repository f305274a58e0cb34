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

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{finder_models, leads, merges, not_duplicates, users};
use crate::domain::access::Actor;
use crate::domain::error::DomainResult;
use crate::domain::similarity::compare::Field;
use crate::domain::similarity::context::Context;
use crate::domain::similarity::model::{self, Model};
use crate::domain::similarity::profile::{self, Profile};
use crate::domain::similarity::train;
use crate::domain::wizards::merge_journal::Snapshot;

/// How many of the latest merges, marks and estimates the page lists.
pub const LATEST: usize = 5;

/// The lower bounds of the score bands, in probability; the last band runs to 100 %.
pub const BANDS: [f64; 5] = [0.0, 0.5, 0.7, 0.9, 0.99];

/// One comparison level of a field.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelRow {
    /// The level's code ("exact", "swapped", "different"…).
    pub level: &'static str,
    /// How often two records of one person are at this level.
    pub m: f64,
    /// How often two records of different persons are.
    pub u: f64,
    /// `log2(m / u)`: positive for a match, negative against.
    pub weight: f64,
}

/// One field with its levels, best agreement first.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRows {
    pub field: Field,
    pub levels: Vec<LevelRow>,
}

impl FieldRows {
    /// The field's stable code ("name", "email"…).
    pub fn code(&self) -> &'static str {
        self.field.code()
    }
}

/// One saved estimate (the page lists the latest).
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub saved_at: NaiveDateTime,
    pub records: i64,
    pub pairs: i64,
    pub merges: i64,
    pub rejections: i64,
    pub duplicates_per_record: f64,
}

/// A merge, as the page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeRow {
    pub at: NaiveDateTime,
    pub survivor_id: i32,
    /// The survivor's title before the merge.
    pub survivor: String,
    /// The titles of the records merged into it.
    pub merged: Vec<String>,
    pub user: Option<String>,
}

/// A "not a duplicate" mark, as the page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct RejectionRow {
    pub at: NaiveDateTime,
    pub a: (i32, String),
    pub b: (i32, String),
    pub reason: String,
    pub user: Option<String>,
}

/// How the decided pairs whose match probability falls in `[from, to)` were decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub from: f64,
    /// `None` for the last band (up to 100 % included).
    pub to: Option<f64>,
    pub merged: usize,
    pub dismissed: usize,
}

impl Band {
    /// The pairs decided in this band.
    pub fn decided(&self) -> usize {
        self.merged + self.dismissed
    }

    /// The share merged: the precision users saw at these scores (`None`: nothing decided).
    pub fn precision(&self) -> Option<f64> {
        let decided = self.decided();
        (decided > 0).then(|| self.merged as f64 / decided as f64)
    }

    fn holds(&self, p: f64) -> bool {
        p >= self.from && self.to.is_none_or(|to| p < to)
    }
}

/// Everything the "Duplicate finder" page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct FinderReport {
    /// The model in use.
    pub model: Model,
    /// Its levels, field by field.
    pub fields: Vec<FieldRows>,
    /// Records in the database now.
    pub population: f64,
    /// The prior weight at that size: where a pair starts before any evidence.
    pub prior_weight: f64,
    /// The latest estimates saved, newest first.
    pub history: Vec<Estimate>,
    /// Merges not undone, and the records merged away by them.
    pub merges: usize,
    pub merged_pairs: usize,
    /// "Not a duplicate" marks.
    pub rejections: usize,
    pub latest_merges: Vec<MergeRow>,
    pub latest_rejections: Vec<RejectionRow>,
    /// Decided pairs by score band, lowest band first.
    pub bands: Vec<Band>,
}

impl FinderReport {
    /// Whether the model was estimated on this database (else: the shipped defaults).
    pub fn is_trained(&self) -> bool {
        self.model.trained_at.is_some()
    }

    /// The largest weight shown, in absolute value: the scale of the bars.
    pub fn weight_scale(&self) -> f64 {
        self.fields
            .iter()
            .flat_map(|f| f.levels.iter().map(|l| l.weight.abs()))
            .fold(1.0, f64::max)
    }
}

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

fn history(conn: &mut DbConn) -> DomainResult<Vec<Estimate>> {
    let rows: Vec<(NaiveDateTime, String)> = finder_models::table
        .order(finder_models::id.desc())
        .select((finder_models::created_at, finder_models::params))
        .limit(LATEST as i64)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(saved_at, json)| {
            let m = serde_json::from_str::<Model>(&json).ok()?;
            Some(Estimate {
                saved_at,
                records: m.records,
                pairs: m.pairs,
                merges: m.merges,
                rejections: m.rejections,
                duplicates_per_record: m.duplicates_per_record,
            })
        })
        .collect())
}

fn user_names(conn: &mut DbConn, ids: &[i32]) -> DomainResult<HashMap<i32, String>> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect())
}

fn latest_merges(conn: &mut DbConn) -> DomainResult<(usize, Vec<MergeRow>)> {
    let count: i64 = merges::table
        .filter(merges::undone_at.is_null())
        .count()
        .get_result(conn)?;
    let rows: Vec<(NaiveDateTime, i32, Option<i32>, String)> = merges::table
        .filter(merges::undone_at.is_null())
        .order(merges::id.desc())
        .limit(LATEST as i64)
        .select((
            merges::created_at,
            merges::survivor_id,
            merges::user_id,
            merges::snapshot,
        ))
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().filter_map(|r| r.2).collect();
    let names = user_names(conn, &ids)?;
    let out = rows
        .into_iter()
        .map(|(at, survivor_id, user, json)| {
            let snapshot = serde_json::from_str::<Snapshot>(&json).ok();
            MergeRow {
                at,
                survivor_id,
                survivor: snapshot
                    .as_ref()
                    .map(|s| s.survivor.lead.title.clone())
                    .unwrap_or_default(),
                merged: snapshot
                    .map(|s| s.merged.iter().map(|m| m.lead.title.clone()).collect())
                    .unwrap_or_default(),
                user: user.and_then(|u| names.get(&u).cloned()),
            }
        })
        .collect();
    Ok((usize::try_from(count).unwrap_or(0), out))
}

fn latest_rejections(conn: &mut DbConn) -> DomainResult<(usize, Vec<RejectionRow>)> {
    let count: i64 = not_duplicates::table.count().get_result(conn)?;
    let rows: Vec<(NaiveDateTime, i32, i32, String, Option<i32>)> = not_duplicates::table
        .order(not_duplicates::id.desc())
        .limit(LATEST as i64)
        .select((
            not_duplicates::created_at,
            not_duplicates::lead_a,
            not_duplicates::lead_b,
            not_duplicates::reason,
            not_duplicates::user_id,
        ))
        .load(conn)?;
    let user_ids: Vec<i32> = rows.iter().filter_map(|r| r.4).collect();
    let names = user_names(conn, &user_ids)?;
    let lead_ids: Vec<i32> = rows.iter().flat_map(|r| [r.1, r.2]).collect();
    // Titles of merged-away leads too: the mark was taken on them.
    let titles: HashMap<i32, String> = leads::table
        .filter(leads::id.eq_any(&lead_ids))
        .select((leads::id, leads::title))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let title = |id: i32| (id, titles.get(&id).cloned().unwrap_or_default());
    let out = rows
        .into_iter()
        .map(|(at, a, b, reason, user)| RejectionRow {
            at,
            a: title(a),
            b: title(b),
            reason,
            user: user.and_then(|u| names.get(&u).cloned()),
        })
        .collect();
    Ok((usize::try_from(count).unwrap_or(0), out))
}

/// The decided pairs scored by the current model, by band: merged pairs as they were
/// before the merge, dismissed pairs as they are now (a lead merged away since is left out).
fn bands(conn: &mut DbConn, decisions: &train::Decisions) -> DomainResult<Vec<Band>> {
    let mut out: Vec<Band> = BANDS
        .iter()
        .enumerate()
        .map(|(i, from)| Band {
            from: *from,
            to: BANDS.get(i + 1).copied(),
            merged: 0,
            dismissed: 0,
        })
        .collect();
    let ids: Vec<i32> = decisions
        .rejected
        .iter()
        .flat_map(|(a, b)| [a, b])
        .filter_map(|r| match r {
            profile::Rec::Lead(id) => Some(*id),
            profile::Rec::Partner(_) => None,
        })
        .collect();
    let current: HashMap<profile::Rec, Profile> = profile::leads(conn, &ids)?
        .into_iter()
        .filter_map(|p| p.rec.map(|r| (r, p)))
        .collect();
    let rejected: Vec<(&Profile, &Profile)> = decisions
        .rejected
        .iter()
        .filter_map(|(a, b)| Some((current.get(a)?, current.get(b)?)))
        .collect();
    let subjects: Vec<&Profile> = decisions
        .merged
        .iter()
        .map(|(a, _)| a)
        .chain(rejected.iter().map(|(a, _)| *a))
        .collect();
    if subjects.is_empty() {
        return Ok(out);
    }
    // One context for every subject: the term frequencies of all their values at once.
    let context = Context::load(conn, &subjects)?;
    let mut place = |p: f64, merged: bool| {
        if let Some(band) = out.iter_mut().find(|b| b.holds(p)) {
            if merged {
                band.merged += 1;
            } else {
                band.dismissed += 1;
            }
        }
    };
    for (a, b) in &decisions.merged {
        place(context.score(a, b).probability, true);
    }
    for (a, b) in rejected {
        place(context.score(a, b).probability, false);
    }
    Ok(out)
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

    #[test]
    fn a_band_holds_its_lower_bound_and_the_last_one_holds_certainty() {
        let band = |from, to| Band {
            from,
            to,
            merged: 0,
            dismissed: 0,
        };
        assert!(band(0.5, Some(0.7)).holds(0.5));
        assert!(!band(0.5, Some(0.7)).holds(0.7));
        assert!(band(0.99, None).holds(1.0));
    }

    #[test]
    fn the_share_merged_is_none_until_something_was_decided() {
        let mut b = Band {
            from: 0.9,
            to: Some(0.99),
            merged: 0,
            dismissed: 0,
        };
        assert_eq!(b.precision(), None);
        b.merged = 3;
        b.dismissed = 1;
        assert_eq!(b.precision(), Some(0.75));
    }

    #[test]
    fn the_model_table_is_grouped_by_field_in_order() {
        let fields = fields_of(&Model::default());
        let codes: Vec<&str> = fields.iter().map(FieldRows::code).collect();
        let all: Vec<&str> = Field::ALL.iter().map(|f| f.code()).collect();
        assert_eq!(codes, all);
        assert_eq!(fields[0].levels[0].level, "exact");
    }
}
