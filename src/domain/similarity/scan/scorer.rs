//! Scoring pairs of profiles held in memory, term frequencies counted over all of them.

use crate::domain::similarity::compare::{self, Field};
use crate::domain::similarity::freq::Counts;
use crate::domain::similarity::model::Model;
use crate::domain::similarity::profile::Profile;
use crate::domain::similarity::score::{self, Judge};

/// Scores pairs of profiles held in memory, term frequencies counted over all of them.
pub struct Scorer<'a> {
    pub profiles: &'a [Profile],
    pub counts: Counts,
    pub model: Model,
    pub records: f64,
}

impl<'a> Scorer<'a> {
    pub fn new(profiles: &'a [Profile], model: Model) -> Scorer<'a> {
        Scorer {
            counts: Counts::of(profiles),
            records: profiles.len() as f64,
            profiles,
            model,
        }
    }

    /// The match probability of two profiles (no words).
    pub fn probability(&self, i: u32, j: u32) -> f64 {
        let (a, b) = (&self.profiles[i as usize], &self.profiles[j as usize]);
        self.probability_of(&compare::compare(a, b))
    }

    /// The match probability of a comparison made from these profiles.
    pub fn probability_of(&self, c: &compare::Comparison) -> f64 {
        let holders = |field: Field, v: &str| self.counts.holders(field, v);
        let judge = Judge {
            model: &self.model,
            records: self.records,
            holders: &holders,
        };
        Model::probability(judge.total(c))
    }

    /// The full score of two profiles, with the reasons.
    pub fn scored(&self, i: u32, j: u32) -> score::Scored {
        let holders = |field: Field, v: &str| self.counts.holders(field, v);
        let judge = Judge {
            model: &self.model,
            records: self.records,
            holders: &holders,
        };
        score::score(
            &self.profiles[i as usize],
            &self.profiles[j as usize],
            &judge,
        )
    }
}
