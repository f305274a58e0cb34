//! The people and the configuration every demo record refers to: salespeople and a
//! manager in two teams (Europe, Asia), the default stages plus a folded "On hold", and
//! the lost reasons, all named in the demo's language (catalogue keys under `defaults.`),
//! which is also the demo users' own. All demo users share one password, hashed per user
//! (each with its own salt, so the stored hashes differ).

use std::collections::HashMap;

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::defaults::{self, name as default_name};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LostReasonId, StageId, TeamId, UserId};
use crate::domain::models::users::{self, UserInput};
use crate::domain::models::{lost_reasons, stages, teams};
use crate::i18n::Lang;

/// The password of every demo user.
pub const DEMO_PASSWORD: &str = "demo-password";

/// Demo logins: (login, name, role, team key under `defaults.team`).
pub const DEMO_LOGINS: [(&str, &str, &str, &str); 5] = [
    ("mario", "Mario Rossi", "salesperson", "europe"),
    ("anna", "Анна Петрова", "salesperson", "europe"),
    ("linh", "Trần Thị Linh", "salesperson", "asia"),
    ("james", "James Walker", "salesperson", "asia"),
    ("sofia", "Sofia Bianchi", "manager", "europe"),
];

/// The lost reasons the demo adds to the defaults (keys under `defaults.lost_reason`).
const EXTRA_REASONS: [&str; 2] = ["no_budget", "chose_competitor"];

/// The demo's stages, in pipeline order (keys under `defaults.stage`).
const STAGE_KEYS: [&str; 5] = ["new", "qualified", "proposition", "won", "on_hold"];

/// Ids the records are built from.
#[derive(Debug, Clone)]
pub struct Cast {
    /// Login → (user, team).
    pub users: HashMap<&'static str, (UserId, TeamId)>,
    /// The four salespeople, in [`DEMO_LOGINS`] order.
    pub salespeople: Vec<(UserId, TeamId)>,
    pub manager: UserId,
    /// New, Qualified, Proposition, Won, On hold ([`STAGE_KEYS`]), with their probabilities.
    pub stages: Vec<(StageId, i32)>,
    pub won: StageId,
    /// Every active lost reason, by name.
    pub reasons: Vec<(String, LostReasonId)>,
    /// The language every name is in.
    pub lang: Lang,
}

impl Cast {
    pub fn user(&self, login: &str) -> (UserId, TeamId) {
        self.users
            .get(login)
            .copied()
            .unwrap_or((self.manager, self.salespeople[0].1))
    }

    /// The stage of a key of [`STAGE_KEYS`] ("qualified").
    pub fn stage(&self, key: &str) -> StageId {
        let at = STAGE_KEYS.iter().position(|s| *s == key);
        self.stages[at.unwrap_or(0)].0
    }

    /// The lost reason of a key under `defaults.lost_reason` ("too_expensive").
    pub fn reason(&self, key: &str) -> LostReasonId {
        let name = self.name(&defaults::reason(key));
        self.reasons
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(self.reasons[0].1, |(_, id)| *id)
    }

    /// The name of `defaults.<key>` in the demo's language.
    pub fn name(&self, key: &str) -> String {
        default_name(self.lang.code(), key)
    }
}

/// The demo password hashed once per demo user, in [`DEMO_LOGINS`] order: a salt of its
/// own for each, so equal passwords do not show as equal hashes. Done before the write
/// transaction, because argon2 is deliberately slow.
pub fn password_hashes() -> DomainResult<Vec<String>> {
    DEMO_LOGINS
        .iter()
        .map(|_| users::hash_password(DEMO_PASSWORD))
        .collect()
}

/// Creates the demo users (with `password_hashes`, one per [`DEMO_LOGINS`] entry), their
/// teams, stages and lost reasons. The demo is loaded by the operator (`leadbook demo`) or
/// at first run, into a database without demo users: it creates them through the
/// operator's door, [`Actor::operator`].
pub fn assemble(conn: &mut DbConn, password_hashes: &[String], lang: Lang) -> DomainResult<Cast> {
    if users::find_by_login(conn, DEMO_LOGINS[0].0).is_ok() {
        return Err(DomainError::Conflict(
            "The demo data is loaded already".into(),
        ));
    }
    if password_hashes.len() != DEMO_LOGINS.len() {
        return Err(DomainError::Internal(
            "one password hash per demo user is needed".into(),
        ));
    }
    let mut made = Vec::new();
    for ((login, name, role, _), hash) in DEMO_LOGINS.into_iter().zip(password_hashes) {
        let input = UserInput {
            login: login.into(),
            name: name.into(),
            email: format!("{login}@leadbook.example"),
            role: role.into(),
            language: lang.code().into(),
            ..UserInput::default()
        };
        made.push(users::create_with_hash(conn, &Actor::operator(), &input, hash)?.id);
    }
    let locale = lang.code();
    let europe = team(conn, &default_name(locale, "team.europe"), made[4])?;
    let asia = team(conn, &default_name(locale, "team.asia"), made[3])?;
    let mut users = HashMap::new();
    for ((login, _, _, team_key), id) in DEMO_LOGINS.iter().zip(&made) {
        let team_id = if *team_key == "europe" { europe } else { asia };
        teams::add_member(conn, team_id, *id)?;
        users.insert(*login, (*id, team_id));
    }
    let salespeople = DEMO_LOGINS[..4]
        .iter()
        .map(|(login, ..)| users[login])
        .collect();
    defaults::localise(conn, locale)?;
    let stages = pipeline(conn, locale)?;
    let won = stages[3].0;
    Ok(Cast {
        users,
        salespeople,
        manager: made[4],
        stages,
        won,
        reasons: reasons(conn, locale)?,
        lang,
    })
}

fn team(conn: &mut DbConn, name: &str, leader: UserId) -> DomainResult<TeamId> {
    match teams::list(conn)?.into_iter().find(|t| t.name == name) {
        Some(existing) => Ok(existing.id),
        None => Ok(teams::create(conn, name, Some(leader))?.id),
    }
}

fn pipeline(conn: &mut DbConn, locale: &str) -> DomainResult<Vec<(StageId, i32)>> {
    stages::ensure_defaults_in(conn, locale)?;
    let on_hold = default_name(locale, "stage.on_hold");
    if !stages::list(conn)?.iter().any(|s| s.name == on_hold) {
        stages::create(conn, &on_hold, 5, false, true, None)?;
    }
    let all = stages::list(conn)?;
    STAGE_KEYS
        .iter()
        .map(|key| {
            let name = default_name(locale, &defaults::stage(key));
            all.iter()
                .find(|s| s.name == name)
                .map(|s| (s.id, s.probability))
                .ok_or_else(|| DomainError::Internal(format!("stage {name} is missing")))
        })
        .collect()
}

fn reasons(conn: &mut DbConn, locale: &str) -> DomainResult<Vec<(String, LostReasonId)>> {
    for key in EXTRA_REASONS {
        lost_reasons::find_or_create(conn, &default_name(locale, &defaults::reason(key)))?;
    }
    Ok(lost_reasons::list(conn, false)?
        .into_iter()
        .map(|r| (r.name.clone(), r.id))
        .collect())
}
