//! What changed, by name only: the settings an admin saved and the fields of a user, for the
//! details of `settings_changed` and `user_changed` records (never the values).

use crate::db::{DbConn, write_tx};
use crate::domain::error::DomainResult;
use crate::domain::ids::TeamId;
use crate::domain::models::settings::{self, Settings};
use crate::domain::models::users::User;

use super::{Action, Origin, Target, TargetKind, record};

/// Runs `save` (the Settings page's or the API's) and records which settings it changed, in
/// one transaction; a save that changed nothing is not recorded.
pub fn settings_saved<T>(
    conn: &mut DbConn,
    origin: &Origin,
    save: impl FnOnce(&mut DbConn) -> DomainResult<T>,
) -> DomainResult<T> {
    write_tx(conn, |c| {
        let before = settings::load(c)?;
        let saved = save(c)?;
        let changed = changed_settings(&before, &settings::load(c)?);
        if !changed.is_empty() {
            let target = Target::of(TargetKind::Settings, [] as [i32; 0]).with("keys", changed);
            record(c, origin, Action::SettingsChanged, target)?;
        }
        Ok(saved)
    })
}

/// The names of the settings that differ between `before` and `after`.
pub fn changed_settings(before: &Settings, after: &Settings) -> Vec<&'static str> {
    let checks = [
        ("leads_enabled", before.leads_enabled != after.leads_enabled),
        (
            "default_country",
            before.default_country != after.default_country,
        ),
        (
            "lost_reason_required",
            before.lost_reason_required != after.lost_reason_required,
        ),
        (
            "intake_duplicates",
            before.intake_duplicates != after.intake_duplicates,
        ),
        ("currency", before.currency != after.currency),
        (
            "default_language",
            before.default_language != after.default_language,
        ),
    ];
    checks
        .into_iter()
        .filter_map(|(name, differs)| differs.then_some(name))
        .collect()
}

/// A user saved on the Users page: the one action it counts as (deactivated over role
/// changed over changed) and the names of the fields that changed.
pub fn user_change(
    before: (&User, &[TeamId]),
    after: (&User, &[TeamId]),
    password_set: bool,
) -> (Action, Vec<&'static str>) {
    let (old, new) = (before.0, after.0);
    let checks = [
        ("login", old.login != new.login),
        ("name", old.name != new.name),
        ("email", old.email != new.email),
        ("role", old.role != new.role),
        ("language", old.language != new.language),
        ("active", old.active != new.active),
        ("password", password_set),
        ("teams", sorted(before.1) != sorted(after.1)),
    ];
    let fields = checks
        .into_iter()
        .filter_map(|(name, differs)| differs.then_some(name))
        .collect();
    let action = if old.active && !new.active {
        Action::UserDeactivated
    } else if old.role != new.role {
        Action::RoleChanged
    } else {
        Action::UserChanged
    };
    (action, fields)
}

fn sorted(teams: &[TeamId]) -> Vec<TeamId> {
    let mut teams = teams.to_vec();
    teams.sort_unstable();
    teams.dedup();
    teams
}
