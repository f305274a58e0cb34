//! Who may do what. Every handler asks here; templates only hide what this module refuses.
//! The table these functions implement is `docs/rights.md`; one function per class of action:
//!
//! - [`Actor::can_see`] (read, post a note): salespeople their own records, unassigned ones
//!   and their teams' records; managers and admins every record;
//! - [`Actor::can_write`] (edit, stage, won, lost, archive, restore, convert) and
//!   [`Actor::can_merge`] (merge, which deletes the records merged away): salespeople their
//!   own and unassigned records only, so a colleague's deal is read-only to them; managers and
//!   admins every record;
//! - [`Actor::require_manager`]: stages, teams, lost reasons, imports, the duplicate scan;
//! - [`Actor::require_admin`]: users, settings, other users' API tokens.

use diesel::prelude::*;

use crate::db::LeadCondition;
use crate::db::schema::leads;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{TeamId, UserId};
// The leaf of `users`, not `users` itself: its writes take an `Actor`.
use crate::domain::models::users::user::{Role, User};

/// The signed-in user, as the rules need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: UserId,
    pub role: Role,
    pub teams: Vec<TeamId>,
}

impl Actor {
    pub fn new(user: &User, teams: Vec<TeamId>) -> Self {
        Actor {
            id: user.id,
            role: user.role,
            teams,
        }
    }

    /// The server's operator, at the command line (`leadbook user create`, `leadbook demo`)
    /// or in the test fixtures: whoever runs the binary on the database already holds every
    /// right over it, so the domain grants them an admin's for configuration (users, the
    /// demo's cast). It is no user: its id names no row, so it never authors or owns records.
    /// The web never makes one; an unauthenticated visitor's only door is
    /// `users::create_first_admin`, while no user exists.
    pub fn operator() -> Self {
        Actor {
            id: UserId(0),
            role: Role::Admin,
            teams: Vec::new(),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    pub fn is_manager(&self) -> bool {
        self.role >= Role::Manager
    }

    /// Users, settings, the database-wide scan.
    pub fn require_admin(&self) -> DomainResult<()> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(DomainError::Forbidden)
        }
    }

    /// Stages, teams, lost reasons, imports.
    pub fn require_manager(&self) -> DomainResult<()> {
        if self.is_manager() {
            Ok(())
        } else {
            Err(DomainError::Forbidden)
        }
    }

    /// Whether a record with this owner and team is visible to the actor (read, post a note).
    pub fn can_see(&self, salesperson: Option<UserId>, team: Option<TeamId>) -> bool {
        self.is_manager()
            || salesperson.is_none()
            || salesperson == Some(self.id)
            || team.is_some_and(|t| self.teams.contains(&t))
    }

    /// Changing a record (edit, stage, won, lost, archive, restore, convert): managers any,
    /// salespeople their own and unassigned ones. A teammate's record stays read-only, so
    /// writing and merging follow one rule.
    pub fn can_write(&self, salesperson: Option<UserId>) -> bool {
        self.is_manager() || salesperson.is_none() || salesperson == Some(self.id)
    }

    /// Deleting, and therefore merging, a record: exactly the records the actor may write
    /// (merging needs the right to delete every record merged).
    pub fn can_merge(&self, salesperson: Option<UserId>) -> bool {
        self.can_write(salesperson)
    }

    /// Whether the actor may assign a record to this salesperson and team: to themselves, to
    /// nobody or to one of their teams (managers: to anyone).
    pub fn can_assign(&self, salesperson: Option<UserId>, team: Option<TeamId>) -> bool {
        self.can_see(salesperson, team)
    }

    /// Creating a record (the form, the pipeline's quick create, the API): every role may
    /// today (`docs/rights.md`); the pages ask here, so a role without it gets no "New"
    /// button, no quick-create form and 403.
    pub fn can_create(&self) -> bool {
        matches!(self.role, Role::Salesperson | Role::Manager | Role::Admin)
    }

    /// `Forbidden` unless the actor may create records.
    pub fn require_create(&self) -> DomainResult<()> {
        if self.can_create() {
            Ok(())
        } else {
            Err(DomainError::Forbidden)
        }
    }

    /// `Forbidden` unless the actor may write a record of this owner.
    pub fn require_write(&self, salesperson: Option<UserId>) -> DomainResult<()> {
        if self.can_write(salesperson) {
            Ok(())
        } else {
            Err(DomainError::Forbidden)
        }
    }
}

/// Records the actor may see, as a query condition ([`Actor::can_see`] for one record):
/// managers all, salespeople their own, unassigned and team ones.
pub fn visible_to(actor: &Actor) -> LeadCondition {
    if actor.is_manager() {
        return Box::new(leads::id.eq(leads::id));
    }
    let teams: Vec<i32> = actor.teams.iter().map(|t| t.0).collect();
    Box::new(
        leads::salesperson_id
            .eq(actor.id)
            .or(leads::salesperson_id.is_null())
            .or(leads::team_id.eq_any(teams))
            .assume_not_null(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        Actor {
            id: UserId(1),
            role,
            teams: vec![TeamId(7)],
        }
    }

    #[test]
    fn a_salesperson_sees_own_unassigned_and_team_records_only() {
        let me = actor(Role::Salesperson);
        assert!(me.can_see(Some(UserId(1)), None));
        assert!(me.can_see(None, None));
        assert!(me.can_see(Some(UserId(2)), Some(TeamId(7))));
        assert!(!me.can_see(Some(UserId(2)), Some(TeamId(8))));
        assert!(!me.can_see(Some(UserId(2)), None));
    }

    #[test]
    fn managers_see_everything_but_only_admins_administer() {
        let manager = actor(Role::Manager);
        assert!(manager.can_see(Some(UserId(2)), Some(TeamId(8))));
        assert!(manager.require_manager().is_ok());
        assert!(manager.require_admin().is_err());
        assert!(actor(Role::Admin).require_admin().is_ok());
        assert!(actor(Role::Salesperson).require_manager().is_err());
    }

    #[test]
    fn a_salesperson_writes_and_merges_own_and_unassigned_records_only() {
        let me = actor(Role::Salesperson);
        for right in [Actor::can_write, Actor::can_merge] {
            assert!(right(&me, Some(UserId(1))));
            assert!(right(&me, None));
            assert!(
                !right(&me, Some(UserId(2))),
                "a teammate's record is read-only"
            );
            assert!(right(&actor(Role::Manager), Some(UserId(2))));
            assert!(right(&actor(Role::Admin), Some(UserId(2))));
        }
        assert!(me.require_write(Some(UserId(2))).is_err());
    }

    #[test]
    fn every_record_a_salesperson_may_write_is_one_they_may_read_and_merge() {
        let me = actor(Role::Salesperson);
        for sp in [None, Some(UserId(1)), Some(UserId(2))] {
            for team in [None, Some(TeamId(7)), Some(TeamId(8))] {
                if me.can_write(sp) {
                    assert!(me.can_see(sp, team));
                }
                assert_eq!(me.can_write(sp), me.can_merge(sp));
            }
        }
    }
}
