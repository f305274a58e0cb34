//! CSRF protection with a synchronizer token kept in the (encrypted) session cookie: every
//! form renders it in a hidden `csrf` field and every POST compares it in constant time.
//! SameSite=Lax on the cookie and POST-only mutations complete the scheme.

use actix_session::Session;
use subtle::ConstantTimeEq;

pub const FIELD: &str = "csrf";
const KEY: &str = "csrf";

/// The session's token, created on first use.
pub fn token(session: &Session) -> String {
    if let Ok(Some(existing)) = session.get::<String>(KEY) {
        return existing;
    }
    let fresh = hex::encode(rand::random::<[u8; 32]>());
    if let Err(e) = session.insert(KEY, &fresh) {
        log::warn!("could not store the CSRF token: {e}");
    }
    fresh
}

/// A new token (after sign-in, so a token seen before sign-in is worthless after).
pub fn rotate(session: &Session) -> String {
    session.remove(KEY);
    token(session)
}

/// Whether `sent` is this session's token.
pub fn verify(session: &Session, sent: Option<&str>) -> bool {
    match (session.get::<String>(KEY).ok().flatten(), sent) {
        (Some(expected), Some(sent)) if !expected.is_empty() => {
            bool::from(expected.as_bytes().ct_eq(sent.as_bytes()))
        }
        _ => false,
    }
}
