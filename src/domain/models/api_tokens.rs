//! API tokens for machines (web forms, chat bots, importers). Only a SHA-256 of the token is
//! stored; the token itself is shown once, when created.

use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::DbConn;
use crate::db::schema::api_tokens;
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{TokenId, UserId};
use crate::domain::{now, values};

const PREFIX: &str = "lb_";

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates a token for `user` and returns it in clear, the only time it is visible.
pub fn create(conn: &mut DbConn, user: UserId, name: &str) -> DomainResult<String> {
    let name = values::optional_line(name, "msg.label.token_name")
        .map_err(|m| DomainError::invalid("name", m))?
        .unwrap_or_else(|| "API token".to_string());
    let secret: [u8; 32] = rand::random();
    let token = format!("{PREFIX}{}", hex::encode(secret));
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::user_id.eq(user),
            api_tokens::name.eq(name),
            api_tokens::token_hash.eq(digest(&token)),
            api_tokens::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(token)
}

/// The user a live token belongs to.
pub fn user_for(conn: &mut DbConn, token: &str) -> DomainResult<UserId> {
    api_tokens::table
        .filter(api_tokens::token_hash.eq(digest(token.trim())))
        .filter(api_tokens::revoked_at.is_null())
        .select(api_tokens::user_id)
        .first::<i32>(conn)
        .optional()?
        .map(UserId)
        .ok_or(DomainError::NotFound)
}

/// A token as its owner sees it on the tokens page (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct TokenInfo {
    pub id: TokenId,
    pub name: String,
    pub created_at: chrono::NaiveDateTime,
    pub last_used_at: Option<chrono::NaiveDateTime>,
    pub revoked_at: Option<chrono::NaiveDateTime>,
}

/// `user`'s tokens, live ones first, newest first.
pub fn list_for(conn: &mut DbConn, user: UserId) -> DomainResult<Vec<TokenInfo>> {
    let mut all: Vec<TokenInfo> = api_tokens::table
        .filter(api_tokens::user_id.eq(user))
        .order(api_tokens::id.desc())
        .select(TokenInfo::as_select())
        .load(conn)?;
    all.sort_by_key(|t| t.revoked_at.is_some());
    Ok(all)
}

/// Revokes one of `user`'s own tokens; another user's token is not found.
pub fn revoke(conn: &mut DbConn, user: UserId, id: TokenId) -> DomainResult<()> {
    let done = diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::user_id.eq(user)),
    )
    .set(api_tokens::revoked_at.eq(Some(now())))
    .execute(conn)?;
    if done == 0 {
        return Err(DomainError::NotFound);
    }
    Ok(())
}

/// Revokes a token of `owner` on behalf of `actor`: their own, or anyone's for an admin (a
/// leaked token is stopped without locking its owner out). Another user's token is
/// `Forbidden` for everyone else; a token `owner` does not hold is not found.
pub fn revoke_as(conn: &mut DbConn, actor: &Actor, owner: UserId, id: TokenId) -> DomainResult<()> {
    if actor.id != owner {
        actor.require_admin()?;
    }
    revoke(conn, owner, id)
}

/// How stale `last_used_at` may get before a request refreshes it: one write per token per
/// minute, not one per request.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// The owner of a live token, noting when it was last used. `NotFound` for an unknown or
/// revoked token.
pub fn authenticate(conn: &mut DbConn, token: &str) -> DomainResult<(TokenId, UserId)> {
    let found: Option<(i32, i32, Option<chrono::NaiveDateTime>)> = api_tokens::table
        .filter(api_tokens::token_hash.eq(digest(token.trim())))
        .filter(api_tokens::revoked_at.is_null())
        .select((
            api_tokens::id,
            api_tokens::user_id,
            api_tokens::last_used_at,
        ))
        .first(conn)
        .optional()?;
    let (id, user, last) = found.ok_or(DomainError::NotFound)?;
    let at = now();
    if last.is_none_or(|l| (at - l).num_seconds() >= TOUCH_EVERY_SECONDS) {
        diesel::update(api_tokens::table.find(id))
            .set(api_tokens::last_used_at.eq(Some(at)))
            .execute(conn)?;
    }
    Ok((TokenId(id), UserId(user)))
}
