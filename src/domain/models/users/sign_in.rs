//! Signing in: a login and password checked with the same work whether or not the login
//! exists, and repeated failures for one login from one client address slowed down
//! (throttled), so neither the answer nor its timing reveals which logins are real.

use diesel::prelude::*;

use super::passwords::{DUMMY_HASH, MAX_PASSWORD, verify_password};
use super::user::{User, UserRow};
use crate::db::schema::{login_throttle, users};
use crate::db::{DbConn, write_tx};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::now;
use crate::i18n::Msg;

/// Failures allowed before a login is throttled for the client address they came from.
pub const FREE_FAILURES: i32 = 5;
/// Seconds to wait after the free failures, doubled per further failure, capped.
const THROTTLE_BASE_SECS: i64 = 30;
const THROTTLE_MAX_SECS: i64 = 15 * 60;
/// Throttle counters untouched this long are forgotten.
const THROTTLE_FORGET_SECS: i64 = 24 * 3600;
/// The longest client address kept for throttling (an IPv6 address with a zone fits).
const MAX_CLIENT: usize = 100;

/// Checks a login and password sent from `client` (an address, see the web layer). Wrong
/// credentials, unknown logins and deactivated users give the same answer after the same
/// work (one argon2 check); after [`FREE_FAILURES`] failures from one client, the login must
/// wait before trying again from there. Other clients are not affected, so nobody can lock
/// a colleague out from elsewhere.
pub fn authenticate(
    conn: &mut DbConn,
    login: &str,
    password: &str,
    client: &str,
) -> DomainResult<User> {
    let login = login.trim().to_lowercase();
    if login.is_empty() || password.is_empty() {
        return Err(DomainError::invalid(
            "login",
            Msg::new("msg.users.enter_login"),
        ));
    }
    if login.chars().count() > 64 || password.chars().count() > MAX_PASSWORD {
        return Err(DomainError::invalid(
            "login",
            Msg::new("msg.users.wrong_login"),
        ));
    }
    let client: String = client.trim().chars().take(MAX_CLIENT).collect();
    if let Some(wait) = throttle_wait(conn, &login, &client)? {
        return Err(DomainError::Throttled(wait));
    }
    let row = users::table
        .filter(users::login.eq(&login))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    let hash = row
        .as_ref()
        .map_or(DUMMY_HASH.as_str(), |r| r.password_hash.as_str());
    let matches = verify_password(password, hash);
    match row {
        Some(row) if matches && row.active => {
            forget_failures(conn, &login, &client)?;
            Ok(User::from(row))
        }
        _ => {
            record_failure(conn, &login, &client)?;
            Err(DomainError::invalid(
                "login",
                Msg::new("msg.users.wrong_login"),
            ))
        }
    }
}

/// After a successful sign-in: this login's failures from this client are forgotten, and
/// so are every counter untouched for [`THROTTLE_FORGET_SECS`].
fn forget_failures(conn: &mut DbConn, login: &str, client: &str) -> DomainResult<()> {
    write_tx(conn, |conn| {
        diesel::delete(login_throttle::table.find((login, client))).execute(conn)?;
        let forget = now() - chrono::TimeDelta::seconds(THROTTLE_FORGET_SECS);
        diesel::delete(login_throttle::table.filter(login_throttle::last_failure.lt(forget)))
            .execute(conn)?;
        Ok::<_, DomainError>(())
    })
}

fn throttle_wait(conn: &mut DbConn, login: &str, client: &str) -> DomainResult<Option<i64>> {
    let entry: Option<(i32, chrono::NaiveDateTime)> = login_throttle::table
        .find((login, client))
        .select((login_throttle::failures, login_throttle::last_failure))
        .first(conn)
        .optional()?;
    let Some((failures, last)) = entry else {
        return Ok(None);
    };
    if failures < FREE_FAILURES {
        return Ok(None);
    }
    let extra = (failures - FREE_FAILURES).min(10) as u32;
    let delay = (THROTTLE_BASE_SECS * 2i64.pow(extra)).min(THROTTLE_MAX_SECS);
    let elapsed = (now() - last).num_seconds();
    Ok((elapsed < delay).then_some(delay - elapsed))
}

fn record_failure(conn: &mut DbConn, login: &str, client: &str) -> DomainResult<()> {
    write_tx(conn, |conn| {
        let updated = diesel::update(login_throttle::table.find((login, client)))
            .set((
                login_throttle::failures.eq(login_throttle::failures + 1),
                login_throttle::last_failure.eq(now()),
            ))
            .execute(conn)?;
        if updated == 0 {
            diesel::insert_into(login_throttle::table)
                .values((
                    login_throttle::login.eq(login),
                    login_throttle::client.eq(client),
                    login_throttle::failures.eq(1),
                    login_throttle::last_failure.eq(now()),
                ))
                .execute(conn)?;
        }
        Ok::<_, DomainError>(())
    })
}
