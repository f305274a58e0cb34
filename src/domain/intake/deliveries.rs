//! Deliveries already answered, keyed by (token owner, delivery id) with a unique index, so a
//! retried webhook finds its first answer instead of creating a twin. The request's hash tells
//! a retry (same content) from a reused id (different content, a conflict).

use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::DbConn;
use crate::db::schema::intake_deliveries;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::UserId;
use crate::domain::now;

use super::{IntakeAnswer, IntakeRequest};
use crate::i18n::Msg;

/// A stable fingerprint of what was sent.
pub fn request_hash(request: &IntakeRequest) -> DomainResult<String> {
    let json = serde_json::to_string(request)
        .map_err(|e| DomainError::Internal(format!("intake request: {e}")))?;
    Ok(hex::encode(Sha256::digest(json.as_bytes())))
}

/// The answer given to an earlier delivery with this id, marked as replayed; a `Conflict`
/// when that delivery carried something else.
pub fn replay(
    conn: &mut DbConn,
    user: UserId,
    delivery_id: &str,
    hash: &str,
) -> DomainResult<Option<IntakeAnswer>> {
    let found: Option<(String, String)> = intake_deliveries::table
        .filter(intake_deliveries::user_id.eq(user))
        .filter(intake_deliveries::delivery_id.eq(delivery_id))
        .select((intake_deliveries::request_hash, intake_deliveries::response))
        .first(conn)
        .optional()?;
    let Some((stored_hash, response)) = found else {
        return Ok(None);
    };
    if stored_hash != hash {
        return Err(DomainError::Conflict(
            Msg::new("msg.intake.delivery_reused").text("id", delivery_id),
        ));
    }
    let mut answer: IntakeAnswer = serde_json::from_str(&response)
        .map_err(|e| DomainError::Internal(format!("stored intake answer: {e}")))?;
    answer.replayed = true;
    Ok(Some(answer))
}

/// Keeps the answer given to this delivery.
pub fn record(
    conn: &mut DbConn,
    user: UserId,
    delivery_id: &str,
    hash: &str,
    answer: &IntakeAnswer,
) -> DomainResult<()> {
    let response = serde_json::to_string(answer)
        .map_err(|e| DomainError::Internal(format!("intake answer: {e}")))?;
    diesel::insert_into(intake_deliveries::table)
        .values((
            intake_deliveries::user_id.eq(user),
            intake_deliveries::delivery_id.eq(delivery_id),
            intake_deliveries::request_hash.eq(hash),
            intake_deliveries::outcome.eq(answer.outcome),
            intake_deliveries::lead_id.eq(answer.lead_id),
            intake_deliveries::partner_id.eq(answer.customer_id),
            intake_deliveries::response.eq(&response),
            intake_deliveries::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(())
}
