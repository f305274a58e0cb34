//! Who may do what. Every handler asks here; templates only hide what this module refuses.
//!
//! - salespeople work on records assigned to them, unassigned ones and their teams' records;
//! - managers work on every record and configure stages, teams and lost reasons;
//! - admins do everything, including users and settings.

use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{TeamId, UserId};
use crate::domain::models::users::{Role, User};

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

    /// Whether a record with this owner and team is visible to (and editable by) the actor.
    pub fn can_see(&self, salesperson: Option<UserId>, team: Option<TeamId>) -> bool {
        self.is_manager()
            || salesperson.is_none()
            || salesperson == Some(self.id)
            || team.is_some_and(|t| self.teams.contains(&t))
    }

    /// Deleting (and therefore merging) a record: managers any, salespeople their own.
    pub fn can_delete(&self, salesperson: Option<UserId>) -> bool {
        self.is_manager() || salesperson == Some(self.id)
    }
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
    fn a_salesperson_may_delete_only_own_records() {
        let me = actor(Role::Salesperson);
        assert!(me.can_delete(Some(UserId(1))));
        assert!(!me.can_delete(Some(UserId(2))));
        assert!(!me.can_delete(None));
        assert!(actor(Role::Manager).can_delete(Some(UserId(2))));
    }
}
