//! Idempotency keys of the API: the first answer to a POST sent with an `Idempotency-Key`,
//! kept per token for [`KEEP_HOURS`], so a retry gets that answer again and creates nothing
//! twice. A request first *claims* its key (a row without a status), in a write transaction,
//! so of two concurrent requests with one key only one runs; the other is told it is in
//! progress. The hash of the request tells a retry (same method, path and body) from a key
//! reused for something else.

use chrono::Duration;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::schema::idempotency_keys as keys;
use crate::db::{DbConn, write_tx};
use crate::domain::error::DomainResult;
use crate::domain::ids::TokenId;
use crate::domain::now;

/// How long an answer is kept.
pub const KEEP_HOURS: i64 = 24;

/// A claim older than this is taken to belong to a request that died midway.
const ABANDONED_MINUTES: i64 = 5;

/// A stored answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub location: Option<String>,
}

/// What a request with a key may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is new (or expired): run the request, then [`complete`] or [`release`].
    Run,
    /// The same request was answered: give this again.
    Replay(Answer),
    /// The key was used for another request.
    Mismatch,
    /// The same request is still running.
    InProgress,
}

/// A fingerprint of the request: method, path with query, body.
pub fn request_hash(method: &str, path: &str, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update(b" ");
    hasher.update(path.as_bytes());
    hasher.update(b"\n");
    hasher.update(body);
    hex::encode(hasher.finalize())
}

type Row = (
    String,
    Option<i32>,
    Option<String>,
    Option<String>,
    chrono::NaiveDateTime,
);

/// Claims `key` for this token and request, or says what was answered to it.
pub fn claim(conn: &mut DbConn, token: TokenId, key: &str, hash: &str) -> DomainResult<Claim> {
    write_tx(conn, |conn| {
        let at = now();
        diesel::delete(keys::table.filter(keys::created_at.lt(at - Duration::hours(KEEP_HOURS))))
            .execute(conn)?;
        let mine = keys::table
            .filter(keys::token_id.eq(token.0))
            .filter(keys::idempotency_key.eq(key));
        let found: Option<Row> = mine
            .select((
                keys::request_hash,
                keys::status,
                keys::response,
                keys::location,
                keys::created_at,
            ))
            .first(conn)
            .optional()?;
        match found {
            Some((stored, ..)) if stored != hash => return Ok(Claim::Mismatch),
            Some((_, Some(status), body, location, _)) => {
                return Ok(Claim::Replay(Answer {
                    status: u16::try_from(status).unwrap_or(200),
                    body: body.unwrap_or_default(),
                    location,
                }));
            }
            Some((.., created)) if created > at - Duration::minutes(ABANDONED_MINUTES) => {
                return Ok(Claim::InProgress);
            }
            Some(_) => {
                diesel::delete(mine).execute(conn)?;
            }
            None => {}
        }
        diesel::insert_into(keys::table)
            .values((
                keys::token_id.eq(token.0),
                keys::idempotency_key.eq(key),
                keys::request_hash.eq(hash),
                keys::created_at.eq(at),
            ))
            .execute(conn)?;
        Ok(Claim::Run)
    })
}

/// Keeps the answer to a claimed key.
pub fn complete(conn: &mut DbConn, token: TokenId, key: &str, answer: &Answer) -> DomainResult<()> {
    diesel::update(
        keys::table
            .filter(keys::token_id.eq(token.0))
            .filter(keys::idempotency_key.eq(key)),
    )
    .set((
        keys::status.eq(i32::from(answer.status)),
        keys::response.eq(&answer.body),
        keys::location.eq(&answer.location),
    ))
    .execute(conn)?;
    Ok(())
}

/// Frees a claimed key: the request failed and changed nothing, so it may be sent again.
pub fn release(conn: &mut DbConn, token: TokenId, key: &str) -> DomainResult<()> {
    diesel::delete(
        keys::table
            .filter(keys::token_id.eq(token.0))
            .filter(keys::idempotency_key.eq(key))
            .filter(keys::status.is_null()),
    )
    .execute(conn)?;
    Ok(())
}
