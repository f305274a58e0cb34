//! Signed-in browser sessions, which the server can end.
//!
//! The session cookie carries only a random token; the `sessions` table holds its SHA-256
//! with the user, when the session began and when it was last used. A session is live while
//! its row exists, it is younger than the absolute lifetime ([`SessionPolicy::max_age`]) and
//! it was used within the idle timeout ([`SessionPolicy::idle`]). Signing out deletes its row,
//! so a copied cookie is dead too; a password, role or activity change deletes every row of
//! that user ([`users::end_sessions`]). A database dump holds no usable session token.

use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::schema::sessions;
use crate::db::{DbConn, write_tx};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::UserId;
use crate::domain::models::users::{self, User};
use crate::domain::now;

/// How long a session may live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// The absolute lifetime, counted from sign-in, whatever the activity.
    pub max_age: Duration,
    /// The idle timeout: a session unused this long is over.
    pub idle: Duration,
}

impl Default for SessionPolicy {
    /// 12 hours from sign-in, 2 hours without a request.
    fn default() -> Self {
        SessionPolicy {
            max_age: Duration::from_secs(12 * 3600),
            idle: Duration::from_secs(2 * 3600),
        }
    }
}

impl SessionPolicy {
    fn max_age(&self) -> TimeDelta {
        TimeDelta::from_std(self.max_age).unwrap_or(TimeDelta::MAX)
    }

    fn idle(&self) -> TimeDelta {
        TimeDelta::from_std(self.idle).unwrap_or(TimeDelta::MAX)
    }

    /// How stale `last_seen` may get before a request writes it again: a tenth of the idle
    /// timeout, at most a minute, so a busy user costs one write a minute, not one a request.
    fn touch_every(&self) -> TimeDelta {
        (self.idle() / 10).min(TimeDelta::seconds(60))
    }
}

/// `span` before `at`, or the earliest time when that is out of range.
fn before(at: NaiveDateTime, span: TimeDelta) -> NaiveDateTime {
    at.checked_sub_signed(span).unwrap_or(NaiveDateTime::MIN)
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Checks a login and password from `client` (see [`users::authenticate`]) and, when they
/// are right, starts a session. Returns the user and the session token for the cookie.
pub fn sign_in(
    conn: &mut DbConn,
    login: &str,
    password: &str,
    client: &str,
    policy: &SessionPolicy,
) -> DomainResult<(User, String)> {
    let user = users::authenticate(conn, login, password, client)?;
    let token = start(conn, user.id, policy)?;
    Ok((user, token))
}

/// Starts a session for `user` and returns its token (64 hex digits), the only time it is
/// visible. Expired sessions of everybody are pruned on the way.
pub fn start(conn: &mut DbConn, user: UserId, policy: &SessionPolicy) -> DomainResult<String> {
    let token = hex::encode(rand::random::<[u8; 32]>());
    let id = digest(&token);
    write_tx(conn, |conn| {
        let at = now();
        diesel::delete(
            sessions::table.filter(
                sessions::created_at
                    .le(before(at, policy.max_age()))
                    .or(sessions::last_seen.le(before(at, policy.idle()))),
            ),
        )
        .execute(conn)?;
        diesel::insert_into(sessions::table)
            .values((
                sessions::id.eq(&id),
                sessions::user_id.eq(user),
                sessions::created_at.eq(at),
                sessions::last_seen.eq(at),
            ))
            .execute(conn)?;
        Ok::<_, DomainError>(())
    })?;
    Ok(token)
}

/// The active user of a live session, and a note that it was used now. A session past its
/// lifetime or idle timeout, or whose user is gone or deactivated, is deleted and gives
/// `None`.
pub fn resume(
    conn: &mut DbConn,
    token: &str,
    policy: &SessionPolicy,
) -> DomainResult<Option<User>> {
    let id = digest(token);
    let row: Option<(i32, NaiveDateTime, NaiveDateTime)> = sessions::table
        .find(&id)
        .select((sessions::user_id, sessions::created_at, sessions::last_seen))
        .first(conn)
        .optional()?;
    let Some((user_id, created_at, last_seen)) = row else {
        return Ok(None);
    };
    let at = now();
    let expired = at - created_at >= policy.max_age() || at - last_seen >= policy.idle();
    let user = if expired {
        None
    } else {
        match users::find(conn, UserId(user_id)) {
            Ok(user) => Some(user).filter(|u| u.active),
            Err(DomainError::NotFound) => None,
            Err(e) => return Err(e),
        }
    };
    match user {
        Some(user) => {
            if at - last_seen >= policy.touch_every() {
                // Best effort: a long import may hold SQLite's one write lock longer than the
                // busy timeout. The session is valid either way and a later request touches
                // it; a page must not fail because its bookkeeping had to wait.
                let touched = diesel::update(sessions::table.find(&id))
                    .set(sessions::last_seen.eq(at))
                    .execute(conn);
                if let Err(e) = touched {
                    log::warn!("session activity not recorded this time: {e}");
                }
            }
            Ok(Some(user))
        }
        None => {
            diesel::delete(sessions::table.find(&id)).execute(conn)?;
            Ok(None)
        }
    }
}

/// Ends one session (signing out). An unknown token is not an error: it is over already.
pub fn end(conn: &mut DbConn, token: &str) -> DomainResult<()> {
    diesel::delete(sessions::table.find(digest(token))).execute(conn)?;
    Ok(())
}
