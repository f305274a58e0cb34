//! API tokens for machines (web forms, chat bots, importers). Only a SHA-256 of the token is
//! stored; the token itself is shown once, when created.

use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::DbConn;
use crate::db::schema::api_tokens;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::UserId;
use crate::domain::{now, values};

const PREFIX: &str = "lb_";

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates a token for `user` and returns it in clear, the only time it is visible.
pub fn create(conn: &mut DbConn, user: UserId, name: &str) -> DomainResult<String> {
    let name = values::optional_line(name, "Token name")
        .map_err(|m| DomainError::invalid("name", m))?
        .unwrap_or_else(|| "API token".to_string());
    let secret: [u8; 32] = rand::random();
    let token = format!("{PREFIX}{}", hex::encode(secret));
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::user_id.eq(user.0),
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
