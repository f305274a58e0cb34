//! Creating and editing users: admins only, whatever the door (the Users form, the command
//! line, the demo, the test fixtures). Each function checks the actor's right first, then
//! writes in its own write transaction, which joins the caller's when there is one (the
//! Users form saves the teams with the user, see `domain::accounts`). Passwords are hashed
//! before the transaction, because argon2 is deliberately slow.
//!
//! Nobody is signed in before the first user exists, so [`create_first_admin`] is the one
//! door without an actor: its rule is that no user exists yet. The command line is run by
//! the server's operator and passes [`Actor::operator`].

use diesel::prelude::*;

use super::input::{UserInput, ValidUser};
use super::lookup::{count, find, find_by_login};
use super::passwords::hash_password;
use super::user::{Role, User};
use crate::db::schema::{sessions, users};
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::UserId;
use crate::domain::now;
use crate::i18n::Msg;

/// Creates a user after checking every field; a taken login is a field error. Admins only.
pub fn create(conn: &mut DbConn, actor: &Actor, input: &UserInput) -> DomainResult<User> {
    actor.require_admin()?;
    let valid = input.parse(true)?;
    let hash = hash_password(valid.password.as_deref().unwrap_or_default())?;
    write_tx(conn, |conn| insert_valid(conn, &valid, &hash))
}

/// Creates a user whose password was hashed beforehand: bulk loaders (the demo) hash the
/// passwords before their write transaction, because argon2 is deliberately slow. Admins
/// only.
pub fn create_with_hash(
    conn: &mut DbConn,
    actor: &Actor,
    input: &UserInput,
    hash: &str,
) -> DomainResult<User> {
    actor.require_admin()?;
    let mut input = input.clone();
    input.password.clear();
    let valid = input.parse(false)?;
    write_tx(conn, |conn| insert_valid(conn, &valid, hash))
}

/// Creates the first admin, only while no user exists (the first-run setup page): the door
/// without an actor, since nobody can be signed in yet. Once a user exists it answers
/// `Conflict`, whoever calls it.
pub fn create_first_admin(conn: &mut DbConn, input: &UserInput) -> DomainResult<User> {
    let mut input = input.clone();
    input.role = Role::Admin.as_str().into();
    let valid = input.parse(true)?;
    let hash = hash_password(valid.password.as_deref().unwrap_or_default())?;
    write_tx(conn, |conn| {
        if count(conn)? > 0 {
            return Err(DomainError::Conflict(Msg::new("msg.users.already_set_up")));
        }
        insert_valid(conn, &valid, &hash)
    })
}

fn insert_valid(conn: &mut DbConn, valid: &ValidUser, hash: &str) -> DomainResult<User> {
    let taken: i64 = users::table
        .filter(users::login.eq(&valid.login))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Err(DomainError::invalid(
            "login",
            Msg::new("msg.users.login_taken"),
        ));
    }
    diesel::insert_into(users::table)
        .values((
            users::login.eq(&valid.login),
            users::name.eq(&valid.name),
            users::email.eq(&valid.email),
            users::password_hash.eq(hash),
            users::role.eq(valid.role),
            users::language.eq(&valid.language),
            users::active.eq(true),
            users::created_at.eq(now()),
        ))
        .execute(conn)?;
    find_by_login(conn, &valid.login)
}

/// Edits a user; an empty password keeps the old one. Admins only. An admin cannot demote or
/// deactivate the last active admin. A new password, a new role or deactivation ends every
/// session of the user (their browsers must sign in again; reactivation revives none).
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: UserId,
    input: &UserInput,
    active: bool,
) -> DomainResult<User> {
    actor.require_admin()?;
    find(conn, id)?;
    let valid = input.parse(false)?;
    let hash = valid.password.as_deref().map(hash_password).transpose()?;
    write_tx(conn, |conn| {
        let current = find(conn, id)?;
        check_update(conn, &current, &valid, active)?;
        diesel::update(users::table.find(id))
            .set((
                users::login.eq(&valid.login),
                users::name.eq(&valid.name),
                users::email.eq(&valid.email),
                users::role.eq(valid.role),
                users::language.eq(&valid.language),
                users::active.eq(active),
            ))
            .execute(conn)?;
        if let Some(hash) = &hash {
            diesel::update(users::table.find(id))
                .set(users::password_hash.eq(hash))
                .execute(conn)?;
        }
        if hash.is_some() || valid.role != current.role || !active {
            let ended = end_sessions(conn, id)?;
            log::info!("user #{id}: password, role or activity changed, {ended} session(s) ended");
        }
        find(conn, id)
    })
}

/// The edit's refusals, read under the write lock: a login another user has, or the last
/// active admin demoted or deactivated.
fn check_update(
    conn: &mut DbConn,
    current: &User,
    valid: &ValidUser,
    active: bool,
) -> DomainResult<()> {
    let clash: i64 = users::table
        .filter(users::login.eq(&valid.login))
        .filter(users::id.ne(current.id))
        .count()
        .get_result(conn)?;
    if clash > 0 {
        return Err(DomainError::invalid(
            "login",
            Msg::new("msg.users.login_taken"),
        ));
    }
    let stays_admin = valid.role == Role::Admin && active;
    if current.role == Role::Admin && current.active && !stays_admin && active_admins(conn)? <= 1 {
        return Err(DomainError::invalid(
            "role",
            Msg::new("msg.users.last_admin"),
        ));
    }
    Ok(())
}

fn active_admins(conn: &mut DbConn) -> DomainResult<i64> {
    Ok(users::table
        .filter(users::role.eq(Role::Admin))
        .filter(users::active.eq(true))
        .count()
        .get_result(conn)?)
}

/// Ends every session of `user`: after a password, role or activity change, each browser
/// must sign in again. Returns how many ended.
pub fn end_sessions(conn: &mut DbConn, user: UserId) -> DomainResult<usize> {
    Ok(diesel::delete(sessions::table.filter(sessions::user_id.eq(user))).execute(conn)?)
}
