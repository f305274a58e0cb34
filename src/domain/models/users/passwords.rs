//! Passwords: stored only as argon2id PHC strings. An unknown login is checked against a
//! dummy hash made with the same parameters, so it costs what a wrong password costs.

use std::cell::Cell;
use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::domain::error::{DomainError, DomainResult};

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 8;
/// The longest password accepted (argon2 hashes any length; this bounds the work).
pub const MAX_PASSWORD: usize = 200;

/// Hashes a password with a salt of its own (argon2id, default parameters).
pub fn hash_password(password: &str) -> DomainResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| DomainError::Internal(format!("password hashing failed: {e}")))
}

/// The hash an unknown login's password is checked against, made with the same argon2
/// parameters as every real hash, so a wrong login costs the time a wrong password does.
pub(super) static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
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

pub(super) fn verify_password(password: &str, hash: &str) -> bool {
    PASSWORD_CHECKS.with(|n| n.set(n.get() + 1));
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}
