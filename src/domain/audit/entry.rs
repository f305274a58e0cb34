//! Writing one audit record: who ([`Origin`]), what ([`crate::domain::audit::Action`]) and
//! on what ([`Target`]). Callers record in the change's own transaction when they can
//! ([`audited`]), so a record exists exactly when its change does.

use diesel::prelude::*;
use serde_json::{Map, Value};

use crate::db::schema::audit_log;
use crate::db::{DbConn, write_tx};
use crate::domain::error::DomainResult;
use crate::domain::ids::UserId;
use crate::domain::models::users::User;
use crate::domain::now;

use super::Action;

/// The login an origin without a user carries at the command line.
pub const COMMAND_LINE: &str = "cli";
/// The login an origin without a user carries for the server's own jobs.
pub const SYSTEM: &str = "system";

/// Who did it: the signed-in user (or the login typed, for a failed sign-in) and the
/// client's address, as the web layer or the command line knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// `None` for a failed sign-in, the command line and the server's own jobs.
    pub user_id: Option<UserId>,
    /// The user's login as it was then (the typed one for a failed sign-in).
    pub login: String,
    /// The client's address (`web::client_address`); `None` off the web.
    pub address: Option<String>,
}

impl Origin {
    /// A user acting from `address`.
    pub fn user(user: &User, address: Option<String>) -> Origin {
        Origin {
            user_id: Some(user.id),
            login: user.login.clone(),
            address,
        }
    }

    /// Someone not signed in who typed `login` (a failed sign-in); a user login, not a
    /// customer's data, cut to 64 characters.
    pub fn anonymous(login: &str, address: Option<String>) -> Origin {
        Origin {
            user_id: None,
            login: login.chars().take(64).collect(),
            address,
        }
    }

    /// Whoever runs `leadbook` at the command line.
    pub fn command_line() -> Origin {
        Origin {
            user_id: None,
            login: COMMAND_LINE.into(),
            address: None,
        }
    }

    /// The server's own background jobs (housekeeping, backups).
    pub fn system() -> Origin {
        Origin {
            user_id: None,
            login: SYSTEM.into(),
            address: None,
        }
    }
}

/// What kind of thing an action touched; the page links each to its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    User,
    Settings,
    ImportJob,
    Lead,
    Customer,
    Token,
    Audit,
    Backup,
}

impl TargetKind {
    pub const ALL: &'static [TargetKind] = &[
        TargetKind::User,
        TargetKind::Settings,
        TargetKind::ImportJob,
        TargetKind::Lead,
        TargetKind::Customer,
        TargetKind::Token,
        TargetKind::Audit,
        TargetKind::Backup,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::User => "user",
            TargetKind::Settings => "settings",
            TargetKind::ImportJob => "import_job",
            TargetKind::Lead => "lead",
            TargetKind::Customer => "customer",
            TargetKind::Token => "token",
            TargetKind::Audit => "audit",
            TargetKind::Backup => "backup",
        }
    }

    pub fn parse(code: &str) -> Option<TargetKind> {
        TargetKind::ALL.iter().copied().find(|k| k.as_str() == code)
    }
}

/// What an action touched: a kind, the ids, and details (ids, counts, field or setting
/// names only: never a person's name, email, phone or handle).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Target {
    pub kind: Option<TargetKind>,
    pub ids: Vec<String>,
    pub details: Map<String, Value>,
}

impl Target {
    /// Nothing in particular (a sign-in).
    pub fn none() -> Target {
        Target::default()
    }

    /// Records of `kind` with these ids.
    pub fn of<I: ToString>(kind: TargetKind, ids: impl IntoIterator<Item = I>) -> Target {
        Target {
            kind: Some(kind),
            ids: ids.into_iter().map(|i| i.to_string()).collect(),
            details: Map::new(),
        }
    }

    /// A merge or its undo: the surviving record first, then the others (merged away, or
    /// restored), with the merge's id.
    pub fn merge<I: ToString>(
        kind: TargetKind,
        survivor: I,
        others: &[I],
        merge_id: i32,
    ) -> Target {
        let mut ids = vec![survivor.to_string()];
        ids.extend(others.iter().map(ToString::to_string));
        Target {
            kind: Some(kind),
            ids,
            details: Map::new(),
        }
        .with("merge_id", merge_id)
    }

    /// Adds a detail: an id, a count, a list of field names.
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Target {
        self.details.insert(key.into(), value.into());
        self
    }
}

/// Writes one record of `action` by `origin` on `target`, now; returns its id.
pub fn record(
    conn: &mut DbConn,
    origin: &Origin,
    action: Action,
    target: Target,
) -> DomainResult<i32> {
    let details = Value::Object(target.details).to_string();
    let row = (
        audit_log::created_at.eq(now()),
        audit_log::actor_user_id.eq(origin.user_id.map(|u| u.0)),
        audit_log::actor_login.eq(&origin.login),
        audit_log::client_address.eq(origin.address.as_deref()),
        audit_log::action.eq(action.as_str()),
        audit_log::target_kind.eq(target.kind.map(TargetKind::as_str)),
        audit_log::target_ids.eq(target.ids.join(",")),
        audit_log::details.eq(details),
    );
    let id = crate::with_inner!(conn, |c| diesel::insert_into(audit_log::table)
        .values(row)
        .returning(audit_log::id)
        .get_result::<i32>(c))?;
    Ok(id)
}

/// Runs `change` and records `action` on the target `target` names from its result, in one
/// write transaction: the record exists exactly when the change does.
pub fn audited<T, F, G>(
    conn: &mut DbConn,
    origin: &Origin,
    action: Action,
    change: F,
    target: G,
) -> DomainResult<T>
where
    F: FnOnce(&mut DbConn) -> DomainResult<T>,
    G: FnOnce(&T) -> Target,
{
    write_tx(conn, |c| {
        let done = change(c)?;
        record(c, origin, action, target(&done))?;
        Ok(done)
    })
}
