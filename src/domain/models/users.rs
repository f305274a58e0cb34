//! Users: who signs in, with which role and language. Passwords are stored only as argon2id
//! PHC strings. Repeated failed sign-ins for one login from one client address are slowed
//! down (throttled), whether or not the login exists, and an unknown login costs the same
//! password check as a known one, so neither the answer nor its timing reveals which logins
//! are real.

use std::cell::Cell;
use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use diesel::prelude::*;

use crate::db::schema::{login_throttle, sessions, team_members, users};
use crate::db::{DbConn, write_tx};
use crate::domain::enums::text_enum;
use crate::domain::error::{DomainError, DomainResult, Validator};
use crate::domain::ids::{TeamId, UserId};
use crate::domain::{now, values};

pub const MIN_PASSWORD: usize = 8;
pub const MAX_PASSWORD: usize = 200;
/// Failures allowed before a login is throttled for the client address they came from.
pub const FREE_FAILURES: i32 = 5;
/// Seconds to wait after the free failures, doubled per further failure, capped.
const THROTTLE_BASE_SECS: i64 = 30;
const THROTTLE_MAX_SECS: i64 = 15 * 60;
/// Throttle counters untouched this long are forgotten.
const THROTTLE_FORGET_SECS: i64 = 24 * 3600;
/// The longest client address kept for throttling (an IPv6 address with a zone fits).
const MAX_CLIENT: usize = 100;

text_enum! {
    /// What a user may do: a salesperson works their own records, a manager the team's and
    /// the configuration of the pipeline, an admin everything.
    Role, "role" { Salesperson => "salesperson", Manager => "manager", Admin => "admin" }
}

impl Role {
    /// The UI catalogue key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Salesperson => "role.salesperson",
            Role::Manager => "role.manager",
            Role::Admin => "role.admin",
        }
    }
}

/// Languages with a UI catalogue.
pub const LANGUAGES: [(&str, &str); 1] = [("en", "English")];

pub fn language(raw: &str) -> Result<String, String> {
    LANGUAGES
        .iter()
        .find(|(code, _)| *code == raw.trim())
        .map(|(code, _)| code.to_string())
        .ok_or_else(|| format!("'{}' is not an available language", raw.trim()))
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct UserRow {
    pub id: UserId,
    pub login: String,
    pub name: String,
    pub email: Option<String>,
    pub password_hash: String,
    pub role: Role,
    pub language: String,
    pub active: bool,
    pub created_at: chrono::NaiveDateTime,
}

/// A user as the rest of the domain sees it (no password hash).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: UserId,
    pub login: String,
    pub name: String,
    pub email: Option<String>,
    pub role: Role,
    pub language: String,
    pub active: bool,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        User {
            id: row.id,
            login: row.login,
            name: row.name,
            email: row.email,
            role: row.role,
            language: row.language,
            active: row.active,
        }
    }
}

/// What a form or the CLI gives to create or edit a user; `parse` checks every field.
#[derive(Debug, Clone, Default)]
pub struct UserInput {
    pub login: String,
    pub name: String,
    pub email: String,
    pub role: String,
    pub language: String,
    /// Empty on edit means "keep the password".
    pub password: String,
    pub password_confirm: String,
}

struct ValidUser {
    login: String,
    name: String,
    email: Option<String>,
    role: Role,
    language: String,
    password: Option<String>,
}

fn parse_login(raw: &str) -> Result<String, String> {
    let login = raw.trim().to_lowercase();
    if login.is_empty() {
        return Err("Login is required".into());
    }
    if login.chars().count() > 64 {
        return Err("Login is too long (at most 64 characters)".into());
    }
    if !login
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
    {
        return Err("Use letters, digits, '.', '_', '-' or '@' in a login".into());
    }
    Ok(login)
}

fn parse_password(password: &str, confirm: &str, required: bool) -> Result<Option<String>, String> {
    if password.is_empty() && !required {
        return Ok(None);
    }
    let length = password.chars().count();
    if length < MIN_PASSWORD {
        return Err(format!(
            "The password needs at least {MIN_PASSWORD} characters"
        ));
    }
    if length > MAX_PASSWORD {
        return Err(format!(
            "The password is too long (at most {MAX_PASSWORD} characters)"
        ));
    }
    if password != confirm {
        return Err("The two passwords differ".into());
    }
    Ok(Some(password.to_string()))
}

impl UserInput {
    fn parse(&self, new_user: bool) -> DomainResult<ValidUser> {
        let mut v = Validator::new();
        let login = v.check("login", parse_login(&self.login));
        let name = v.check("name", values::required_line(&self.name, "Name"));
        let email = v.check(
            "email",
            match values::optional_line(&self.email, "Email") {
                Ok(Some(e)) => values::Email::parse(&e).map(|e| Some(e.as_str().to_string())),
                Ok(None) => Ok(None),
                Err(e) => Err(e),
            },
        );
        let role = v.check("role", Role::parse(&self.role));
        let language = if self.language.trim().is_empty() {
            Some("en".to_string())
        } else {
            v.check("language", language(&self.language))
        };
        let password = v.check(
            "password",
            parse_password(&self.password, &self.password_confirm, new_user),
        );
        v.finish()?;
        match (login, name, email, role, language, password) {
            (Some(login), Some(name), Some(email), Some(role), Some(language), Some(password)) => {
                Ok(ValidUser {
                    login,
                    name,
                    email,
                    role,
                    language,
                    password,
                })
            }
            _ => Err(DomainError::Internal(
                "validator passed with missing values".into(),
            )),
        }
    }
}

pub fn hash_password(password: &str) -> DomainResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| DomainError::Internal(format!("password hashing failed: {e}")))
}

/// The hash an unknown login's password is checked against, made with the same argon2
/// parameters as every real hash, so a wrong login costs the time a wrong password does.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let password = hex::encode(rand::random::<[u8; 16]>());
    hash_password(&password).unwrap_or_default()
});

thread_local! {
    static PASSWORD_CHECKS: Cell<u64> = const { Cell::new(0) };
}

/// Makes the dummy hash for unknown logins now (a server does it at start), so the first
/// unknown login does not pay for making it.
pub fn prepare_dummy_hash() {
    LazyLock::force(&DUMMY_HASH);
}

/// How many passwords this thread has checked against an argon2 hash. A test reads it to see
/// that an unknown login costs a check too: timing would be a flaky witness.
pub fn password_checks_on_this_thread() -> u64 {
    PASSWORD_CHECKS.with(Cell::get)
}

fn verify_password(password: &str, hash: &str) -> bool {
    PASSWORD_CHECKS.with(|n| n.set(n.get() + 1));
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

pub fn count(conn: &mut DbConn) -> DomainResult<i64> {
    Ok(users::table.count().get_result(conn)?)
}

pub fn find(conn: &mut DbConn, id: UserId) -> DomainResult<User> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .map(User::from)
        .ok_or(DomainError::NotFound)
}

pub fn find_by_login(conn: &mut DbConn, login: &str) -> DomainResult<User> {
    users::table
        .filter(users::login.eq(login.trim().to_lowercase()))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .map(User::from)
        .ok_or(DomainError::NotFound)
}

pub fn list(conn: &mut DbConn) -> DomainResult<Vec<User>> {
    Ok(users::table
        .order((users::active.desc(), users::name.asc()))
        .select(UserRow::as_select())
        .load(conn)?
        .into_iter()
        .map(User::from)
        .collect())
}

/// Active users, for salesperson pickers.
pub fn list_active(conn: &mut DbConn) -> DomainResult<Vec<User>> {
    Ok(list(conn)?.into_iter().filter(|u| u.active).collect())
}

/// Creates a user after checking every field; a taken login is a field error.
pub fn create(conn: &mut DbConn, input: &UserInput) -> DomainResult<User> {
    let valid = input.parse(true)?;
    let hash = hash_password(valid.password.as_deref().unwrap_or_default())?;
    write_tx(conn, |conn| insert_valid(conn, &valid, &hash))
}

/// Creates a user whose password was hashed beforehand: bulk loaders (the demo) hash the
/// passwords before their write transaction, because argon2 is deliberately slow.
pub fn create_with_hash(conn: &mut DbConn, input: &UserInput, hash: &str) -> DomainResult<User> {
    let mut input = input.clone();
    input.password.clear();
    let valid = input.parse(false)?;
    write_tx(conn, |conn| insert_valid(conn, &valid, hash))
}

/// Creates the first admin, only while no user exists (the setup page).
pub fn create_first_admin(conn: &mut DbConn, input: &UserInput) -> DomainResult<User> {
    let mut input = input.clone();
    input.role = Role::Admin.as_str().into();
    let valid = input.parse(true)?;
    let hash = hash_password(valid.password.as_deref().unwrap_or_default())?;
    write_tx(conn, |conn| {
        if count(conn)? > 0 {
            return Err(DomainError::Conflict("Leadbook is already set up".into()));
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
        return Err(DomainError::invalid("login", "This login is already taken"));
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

/// Edits a user; an empty password keeps the old one. An admin cannot demote or deactivate
/// the last active admin. A new password, a new role or deactivation ends every session of
/// the user (their browsers must sign in again; reactivation revives none).
pub fn update(
    conn: &mut DbConn,
    id: UserId,
    input: &UserInput,
    active: bool,
) -> DomainResult<User> {
    find(conn, id)?;
    let valid = input.parse(false)?;
    let hash = valid.password.as_deref().map(hash_password).transpose()?;
    write_tx(conn, |conn| {
        let current = find(conn, id)?;
        let clash: i64 = users::table
            .filter(users::login.eq(&valid.login))
            .filter(users::id.ne(id))
            .count()
            .get_result(conn)?;
        if clash > 0 {
            return Err(DomainError::invalid("login", "This login is already taken"));
        }
        let stays_admin = valid.role == Role::Admin && active;
        if current.role == Role::Admin
            && current.active
            && !stays_admin
            && active_admins(conn)? <= 1
        {
            return Err(DomainError::invalid(
                "role",
                "This is the last active admin; make another admin first",
            ));
        }
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

fn active_admins(conn: &mut DbConn) -> DomainResult<i64> {
    Ok(users::table
        .filter(users::role.eq(Role::Admin))
        .filter(users::active.eq(true))
        .count()
        .get_result(conn)?)
}

/// A user's own preference: the UI language.
pub fn set_language(conn: &mut DbConn, id: UserId, raw: &str) -> DomainResult<()> {
    let lang = language(raw).map_err(|m| DomainError::invalid("language", m))?;
    diesel::update(users::table.find(id))
        .set(users::language.eq(lang))
        .execute(conn)?;
    Ok(())
}

pub fn team_ids(conn: &mut DbConn, id: UserId) -> DomainResult<Vec<TeamId>> {
    Ok(team_members::table
        .filter(team_members::user_id.eq(id))
        .select(team_members::team_id)
        .load::<i32>(conn)?
        .into_iter()
        .map(TeamId)
        .collect())
}

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
            "Enter your login and password",
        ));
    }
    if login.chars().count() > 64 || password.chars().count() > MAX_PASSWORD {
        return Err(DomainError::invalid("login", "Wrong login or password"));
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
            write_tx(conn, |conn| {
                diesel::delete(login_throttle::table.find((&login, &client))).execute(conn)?;
                let forget = now() - chrono::TimeDelta::seconds(THROTTLE_FORGET_SECS);
                diesel::delete(
                    login_throttle::table.filter(login_throttle::last_failure.lt(forget)),
                )
                .execute(conn)?;
                Ok::<_, DomainError>(())
            })?;
            Ok(User::from(row))
        }
        _ => {
            record_failure(conn, &login, &client)?;
            Err(DomainError::invalid("login", "Wrong login or password"))
        }
    }
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

/// Ends every session of `user`: after a password, role or activity change, each browser
/// must sign in again. Returns how many ended.
pub fn end_sessions(conn: &mut DbConn, user: UserId) -> DomainResult<usize> {
    Ok(diesel::delete(sessions::table.filter(sessions::user_id.eq(user))).execute(conn)?)
}
