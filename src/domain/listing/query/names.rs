//! The names of the small tables (stages, users, teams, lost reasons) by id, loaded once per
//! page, with the pipeline's stage order and its won stages.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{lost_reasons, stages, teams, users};
use crate::domain::DomainResult;
use crate::domain::ids::{LostReasonId, StageId, TeamId, UserId};

/// Names of the small tables, by id.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub stages: HashMap<StageId, String>,
    pub users: HashMap<UserId, String>,
    pub teams: HashMap<TeamId, String>,
    pub reasons: HashMap<LostReasonId, String>,
    /// Stage ids in pipeline order, and the won ones.
    pub stage_order: Vec<StageId>,
    pub won_stages: Vec<StageId>,
}

impl Names {
    /// Reads every name, once per page.
    pub fn load(conn: &mut DbConn) -> DomainResult<Names> {
        let stage_rows: Vec<(StageId, String, bool)> = stages::table
            .order((stages::sequence.asc(), stages::id.asc()))
            .select((stages::id, stages::name, stages::is_won))
            .load(conn)?;
        Ok(Names {
            stage_order: stage_rows.iter().map(|s| s.0).collect(),
            won_stages: stage_rows.iter().filter(|s| s.2).map(|s| s.0).collect(),
            stages: stage_rows.into_iter().map(|s| (s.0, s.1)).collect(),
            users: users::table
                .select((users::id, users::name))
                .load::<(UserId, String)>(conn)?
                .into_iter()
                .collect(),
            teams: teams::table
                .select((teams::id, teams::name))
                .load::<(TeamId, String)>(conn)?
                .into_iter()
                .collect(),
            reasons: lost_reasons::table
                .select((lost_reasons::id, lost_reasons::name))
                .load::<(LostReasonId, String)>(conn)?
                .into_iter()
                .collect(),
        })
    }

    fn name<K: std::hash::Hash + Eq>(map: &HashMap<K, String>, id: Option<K>) -> String {
        id.and_then(|i| map.get(&i).cloned()).unwrap_or_default()
    }

    pub fn stage(&self, id: &Option<StageId>) -> String {
        Self::name(&self.stages, *id)
    }
    pub fn user(&self, id: &Option<UserId>) -> String {
        Self::name(&self.users, *id)
    }
    pub fn team(&self, id: &Option<TeamId>) -> String {
        Self::name(&self.teams, *id)
    }
    pub fn reason(&self, id: &Option<LostReasonId>) -> String {
        Self::name(&self.reasons, *id)
    }
}
