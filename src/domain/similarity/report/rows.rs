//! What the "Duplicate finder" page shows, row by row.

use chrono::NaiveDateTime;

use crate::domain::similarity::compare::Field;
use crate::domain::similarity::model::Model;

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

    pub(super) fn holds(&self, p: f64) -> bool {
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
}
