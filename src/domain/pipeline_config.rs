//! Configuration of the pipeline by managers: stages (name, probability, won flag, folded,
//! order) and sales teams (name, leader, members, the country their phone numbers are read
//! with). Every function checks the actor's role.

use diesel::prelude::*;

use crate::db::schema::{stages, team_members, teams};
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult, Validator};
use crate::domain::ids::{StageId, TeamId, UserId};
use crate::domain::models::{stages as stage_model, teams as team_model, users};
use crate::domain::values;
use crate::i18n::Msg;

/// A stage as typed in the configuration form.
#[derive(Debug, Clone, Default)]
pub struct StageInput {
    pub name: String,
    pub probability: String,
    pub is_won: bool,
    pub folded: bool,
}

pub(crate) fn parse_stage(input: &StageInput) -> DomainResult<(String, i32)> {
    let mut v = Validator::new();
    let name = v.check(
        "name",
        values::required_line(&input.name, "msg.label.stage_name"),
    );
    let probability = v.check(
        "probability",
        input
            .probability
            .trim()
            .trim_end_matches('%')
            .parse::<i32>()
            .ok()
            .filter(|p| (0..=100).contains(p))
            .ok_or_else(|| Msg::new("msg.stages.probability_range")),
    );
    v.finish()?;
    match (name, probability) {
        (Some(n), Some(p)) => Ok((n, p)),
        _ => Err(DomainError::Internal(
            "validator passed with a missing value".into(),
        )),
    }
}

/// Adds a stage at the end of the pipeline.
pub fn create_stage(conn: &mut DbConn, actor: &Actor, input: &StageInput) -> DomainResult<()> {
    actor.require_manager()?;
    let (name, probability) = parse_stage(input)?;
    stage_model::create(conn, &name, probability, input.is_won, input.folded, None)?;
    Ok(())
}

/// Renames a stage and sets its probability and flags.
pub fn update_stage(
    conn: &mut DbConn,
    actor: &Actor,
    id: StageId,
    input: &StageInput,
) -> DomainResult<()> {
    actor.require_manager()?;
    let (name, probability) = parse_stage(input)?;
    stage_model::find(conn, id)?;
    diesel::update(stages::table.find(id))
        .set((
            stages::name.eq(name),
            stages::probability.eq(probability),
            stages::is_won.eq(input.is_won),
            stages::folded.eq(input.folded),
        ))
        .execute(conn)?;
    Ok(())
}

/// Moves a stage one place earlier (`up`) or later in the pipeline; renumbers the
/// sequences 10, 20, 30… so the order stays unambiguous.
pub fn move_stage(conn: &mut DbConn, actor: &Actor, id: StageId, up: bool) -> DomainResult<()> {
    actor.require_manager()?;
    write_tx(conn, |conn| {
        let mut order: Vec<StageId> = stage_model::list(conn)?.iter().map(|s| s.id).collect();
        let at = order
            .iter()
            .position(|s| *s == id)
            .ok_or(DomainError::NotFound)?;
        let other = if up { at.checked_sub(1) } else { Some(at + 1) };
        if let Some(other) = other.filter(|o| *o < order.len()) {
            order.swap(at, other);
        }
        for (i, stage) in order.iter().enumerate() {
            let sequence = i32::try_from(i + 1).unwrap_or(i32::MAX).saturating_mul(10);
            diesel::update(stages::table.find(stage))
                .set(stages::sequence.eq(sequence))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// A team as typed: name, leader id ("" for none), member ids, default country ("" for
/// the company's).
#[derive(Debug, Clone, Default)]
pub struct TeamInput {
    pub name: String,
    pub leader_id: String,
    pub members: Vec<String>,
    pub default_country: String,
}

/// A team as checked: name, leader, members, default country.
struct ValidTeam {
    name: String,
    leader: Option<UserId>,
    members: Vec<UserId>,
    country: Option<String>,
}

fn parse_team(conn: &mut DbConn, input: &TeamInput) -> DomainResult<ValidTeam> {
    let mut v = Validator::new();
    let name = v.check(
        "name",
        values::required_line(&input.name, "msg.label.team_name"),
    );
    let country = v.check(
        "default_country",
        values::optional_country(&input.default_country, "track.country"),
    );
    let known: Vec<UserId> = users::list(conn)?.iter().map(|u| u.id).collect();
    let leader = match input.leader_id.trim() {
        "" => None,
        raw => {
            let id = raw.parse().ok().map(UserId).filter(|u| known.contains(u));
            if id.is_none() {
                v.add("leader_id", Msg::new("msg.ref.no_user"));
            }
            id
        }
    };
    let mut members = Vec::new();
    for raw in &input.members {
        match raw
            .trim()
            .parse()
            .ok()
            .map(UserId)
            .filter(|u| known.contains(u))
        {
            Some(u) => members.push(u),
            None => v.add("members", Msg::new("msg.teams.unknown_user")),
        }
    }
    v.finish()?;
    Ok(ValidTeam {
        name: name.unwrap_or_default(),
        leader,
        members,
        country: country.flatten(),
    })
}

/// Creates a team with its leader and members.
pub fn create_team(conn: &mut DbConn, actor: &Actor, input: &TeamInput) -> DomainResult<TeamId> {
    actor.require_manager()?;
    let team = parse_team(conn, input)?;
    write_tx(conn, |conn| {
        let id = team_model::create(conn, &team.name, team.leader)?.id;
        diesel::update(teams::table.find(id))
            .set(teams::default_country.eq(&team.country))
            .execute(conn)?;
        for m in team.members {
            team_model::add_member(conn, id, m)?;
        }
        Ok(id)
    })
}

/// Renames a team, sets its leader and replaces its members.
pub fn update_team(
    conn: &mut DbConn,
    actor: &Actor,
    id: TeamId,
    input: &TeamInput,
) -> DomainResult<()> {
    actor.require_manager()?;
    let team = parse_team(conn, input)?;
    write_tx(conn, |conn| {
        team_model::find(conn, id)?;
        let taken: i64 = teams::table
            .filter(teams::name.eq(&team.name))
            .filter(teams::id.ne(id))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Err(DomainError::invalid(
                "name",
                Msg::new("msg.teams.name_taken"),
            ));
        }
        diesel::update(teams::table.find(id))
            .set((
                teams::name.eq(&team.name),
                teams::leader_id.eq(team.leader.map(|l| l.0)),
                teams::default_country.eq(&team.country),
            ))
            .execute(conn)?;
        diesel::delete(team_members::table.filter(team_members::team_id.eq(id))).execute(conn)?;
        for m in team.members {
            team_model::add_member(conn, id, m)?;
        }
        Ok(())
    })
}
