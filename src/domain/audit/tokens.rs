//! API tokens made and revoked, with their audit records: the Preferences page, the users'
//! page, the API and `leadbook token create` all come through here.

use diesel::dsl::max;
use diesel::prelude::*;

use crate::db::schema::api_tokens as tokens_table;
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{TokenId, UserId};
use crate::domain::models::api_tokens;

use super::{Action, Origin, Target, TargetKind, record};

/// Makes an API token for `owner` (see [`api_tokens::create`]) and records it; returns the
/// secret, shown once.
pub fn create_token(
    conn: &mut DbConn,
    origin: &Origin,
    owner: UserId,
    name: &str,
) -> DomainResult<String> {
    write_tx(conn, |c| {
        let secret = api_tokens::create(c, owner, name)?;
        let id: Option<i32> = tokens_table::table
            .filter(tokens_table::user_id.eq(owner))
            .select(max(tokens_table::id))
            .first(c)?;
        let id = id.ok_or_else(|| DomainError::Internal("the new token is missing".into()))?;
        let target = Target::of(TargetKind::Token, [id]).with("owner_id", owner.0);
        record(c, origin, Action::TokenCreated, target)?;
        Ok(secret)
    })
}

/// Revokes `owner`'s token `id` as `actor` may (see [`api_tokens::revoke_as`]) and records it.
pub fn revoke_token(
    conn: &mut DbConn,
    origin: &Origin,
    actor: &Actor,
    owner: UserId,
    id: TokenId,
) -> DomainResult<()> {
    write_tx(conn, |c| {
        api_tokens::revoke_as(c, actor, owner, id)?;
        let target = Target::of(TargetKind::Token, [id]).with("owner_id", owner.0);
        record(c, origin, Action::TokenRevoked, target).map(drop)
    })
}
