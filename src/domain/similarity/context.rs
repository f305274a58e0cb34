//! What scoring some records' candidates needs from the database: the model, the
//! database's size and how common the records' values are.

use std::collections::HashMap;

use crate::db::DbConn;
use crate::domain::DomainResult;
use crate::domain::similarity::compare::Field;
use crate::domain::similarity::freq;
use crate::domain::similarity::model::{self, Model};
use crate::domain::similarity::profile::Profile;
use crate::domain::similarity::score::{self, Judge};

/// What scoring the candidates of some records needs from the database: the model, the
/// database's size and how common the records' values are.
pub struct Context {
    pub model: Model,
    pub records: f64,
    pub counts: HashMap<(Field, String), f64>,
}

impl Context {
    pub fn load(conn: &mut DbConn, subjects: &[&Profile]) -> DomainResult<Context> {
        Ok(Context {
            model: model::load(conn)?,
            records: model::population(conn)?,
            counts: freq::for_subjects(conn, subjects)?,
        })
    }

    /// Scores `other` against `subject`, whose values were counted.
    pub fn score(&self, subject: &Profile, other: &Profile) -> score::Scored {
        let holders = |f: Field, v: &str| self.counts.get(&(f, v.to_string())).copied();
        let judge = Judge {
            model: &self.model,
            records: self.records,
            holders: &holders,
        };
        score::score(subject, other, &judge)
    }
}
