//! What an audit record says was done: a stable code stored in the table (never renamed, so
//! old records keep their meaning), and its name in words under `audit.action.*`.

/// One kind of audited action: signing in, users, settings, imports, exports, merges, API
/// tokens, a person's data exported or erased, backups taken or restored, imports purged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    SignIn,
    SignInFailed,
    SignOut,
    UserCreated,
    UserChanged,
    RoleChanged,
    UserDeactivated,
    SettingsChanged,
    ImportStarted,
    ImportFinished,
    Export,
    LeadMerge,
    LeadMergeUndo,
    CustomerMerge,
    CustomerMergeUndo,
    TokenCreated,
    TokenRevoked,
    PersonExported,
    PersonErased,
    ImportsPurged,
    BackupTaken,
    BackupRestored,
}

impl Action {
    /// Every action, in the order the page's filter lists them.
    pub const ALL: &'static [Action] = &[
        Action::SignIn,
        Action::SignInFailed,
        Action::SignOut,
        Action::UserCreated,
        Action::UserChanged,
        Action::RoleChanged,
        Action::UserDeactivated,
        Action::SettingsChanged,
        Action::ImportStarted,
        Action::ImportFinished,
        Action::Export,
        Action::LeadMerge,
        Action::LeadMergeUndo,
        Action::CustomerMerge,
        Action::CustomerMergeUndo,
        Action::TokenCreated,
        Action::TokenRevoked,
        Action::PersonExported,
        Action::PersonErased,
        Action::ImportsPurged,
        Action::BackupTaken,
        Action::BackupRestored,
    ];

    /// The code stored in the table.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::SignIn => "sign_in",
            Action::SignInFailed => "sign_in_failed",
            Action::SignOut => "sign_out",
            Action::UserCreated => "user_created",
            Action::UserChanged => "user_changed",
            Action::RoleChanged => "role_changed",
            Action::UserDeactivated => "user_deactivated",
            Action::SettingsChanged => "settings_changed",
            Action::ImportStarted => "import_started",
            Action::ImportFinished => "import_finished",
            Action::Export => "export",
            Action::LeadMerge => "lead_merge",
            Action::LeadMergeUndo => "lead_merge_undo",
            Action::CustomerMerge => "customer_merge",
            Action::CustomerMergeUndo => "customer_merge_undo",
            Action::TokenCreated => "token_created",
            Action::TokenRevoked => "token_revoked",
            Action::PersonExported => "person_exported",
            Action::PersonErased => "person_erased",
            Action::ImportsPurged => "imports_purged",
            Action::BackupTaken => "backup_taken",
            Action::BackupRestored => "backup_restored",
        }
    }

    /// The action a stored code names, if any.
    pub fn parse(code: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.as_str() == code)
    }

    /// The catalogue key of its name in words.
    pub fn label_key(self) -> String {
        format!("audit.action_{}", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_its_action() {
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(*a));
        }
        assert_eq!(Action::parse("nope"), None);
    }
}
