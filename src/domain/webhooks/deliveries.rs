//! The state of each delivery, kept only in the database: due (`pending` and its next
//! attempt reached), claimed by a worker for a lease (a worker that dies lets its lease run
//! out, and the delivery is taken again), then `delivered` on a 2xx answer, or retried with
//! exponential backoff and jitter until a day has passed (`failed`). A replay by hand sends
//! the same event again as a new delivery.

use std::time::Duration;

use diesel::prelude::*;

use crate::db::schema::{webhook_deliveries, webhook_endpoints, webhook_events};
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::now;

pub use super::status::{DELIVERED, FAILED, PENDING};

/// The longest error text kept for a delivery.
const MAX_ERROR: usize = 500;

/// A delivery as its endpoint's page and the API show it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, serde::Serialize, utoipa::ToSchema)]
pub struct Delivery {
    pub id: i32,
    pub endpoint_id: i32,
    /// The event's id (`evt_…`).
    pub event_id: String,
    pub event_type: String,
    pub status: String,
    pub attempts: i32,
    pub created_at: chrono::NaiveDateTime,
    pub last_attempt_at: Option<chrono::NaiveDateTime>,
    /// The HTTP status of the last answer (none: no answer, see `last_error`).
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    /// When the next attempt is due, while pending.
    pub next_attempt_at: Option<chrono::NaiveDateTime>,
}

/// The retry schedule: `base`, doubling per attempt up to `cap`, each delay ±20 % at random;
/// a delivery still undelivered `give_up_after` its creation fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
    pub give_up_after: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(30),
            cap: Duration::from_secs(3600),
            give_up_after: Duration::from_secs(24 * 3600),
        }
    }
}

impl Backoff {
    /// The wait after the `attempts`-th failed attempt (1 for the first).
    pub fn delay(&self, attempts: i32) -> Duration {
        let doublings = u32::try_from(attempts.clamp(1, 30) - 1).unwrap_or(0);
        let plain = self
            .base
            .saturating_mul(2u32.saturating_pow(doublings))
            .min(self.cap);
        plain.mul_f64(rand::random_range(0.8..1.2))
    }
}

/// A delivery taken by a worker: where, with which secret, what.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i32,
    pub url: String,
    pub secret: String,
    pub event_id: String,
    pub event_type: String,
    pub payload: String,
}

/// How an attempt went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The receiver answered this status (2xx: delivered).
    Answered(u16),
    /// No answer: refused, timed out, TLS…
    NoAnswer(String),
}

fn chrono_of(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

/// Whether a delivery of an active endpoint is due at `at`: a plain read, so that an idle
/// worker never takes the write lock.
fn any_due(conn: &mut DbConn, at: chrono::NaiveDateTime) -> DomainResult<bool> {
    let due: Option<i32> = webhook_deliveries::table
        .inner_join(webhook_endpoints::table)
        .filter(webhook_deliveries::status.eq(PENDING))
        .filter(webhook_deliveries::next_attempt_at.le(at))
        .filter(
            webhook_deliveries::claimed_until
                .is_null()
                .or(webhook_deliveries::claimed_until.lt(at)),
        )
        .filter(webhook_endpoints::active.eq(true))
        .select(webhook_deliveries::id)
        .first(conn)
        .optional()?;
    Ok(due.is_some())
}

/// Takes up to `limit` due deliveries of active endpoints for `lease`, oldest first.
pub fn claim_due(conn: &mut DbConn, limit: i64, lease: Duration) -> DomainResult<Vec<Claimed>> {
    let at = now();
    if !any_due(conn, at)? {
        return Ok(Vec::new());
    }
    write_tx(conn, |conn| {
        let due: Vec<(i32, String, String, String, String, String)> = webhook_deliveries::table
            .inner_join(webhook_endpoints::table)
            .inner_join(webhook_events::table)
            .filter(webhook_deliveries::status.eq(PENDING))
            .filter(webhook_deliveries::next_attempt_at.le(at))
            .filter(
                webhook_deliveries::claimed_until
                    .is_null()
                    .or(webhook_deliveries::claimed_until.lt(at)),
            )
            .filter(webhook_endpoints::active.eq(true))
            .order(webhook_deliveries::next_attempt_at)
            .limit(limit)
            .select((
                webhook_deliveries::id,
                webhook_endpoints::url,
                webhook_endpoints::secret,
                webhook_events::event_id,
                webhook_events::event_type,
                webhook_events::payload,
            ))
            .load(conn)?;
        let ids: Vec<i32> = due.iter().map(|d| d.0).collect();
        diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq_any(&ids)))
            .set(webhook_deliveries::claimed_until.eq(Some(at + chrono_of(lease))))
            .execute(conn)?;
        Ok(due
            .into_iter()
            .map(|(id, url, secret, event_id, event_type, payload)| Claimed {
                id,
                url,
                secret,
                event_id,
                event_type,
                payload,
            })
            .collect())
    })
}

/// Notes how an attempt at delivery `id` went: delivered, due again after the backoff, or
/// failed for good once the backoff would pass the give-up time. Returns that status
/// ([`DELIVERED`], [`PENDING`] or [`FAILED`]).
pub fn finish(
    conn: &mut DbConn,
    id: i32,
    attempt: &Attempt,
    backoff: &Backoff,
) -> DomainResult<&'static str> {
    let at = now();
    write_tx(conn, |conn| {
        let (attempts, created): (i32, chrono::NaiveDateTime) = webhook_deliveries::table
            .find(id)
            .select((webhook_deliveries::attempts, webhook_deliveries::created_at))
            .first(conn)?;
        let attempts = attempts + 1;
        let (code, error) = match attempt {
            Attempt::Answered(code) => (Some(i32::from(*code)), None),
            Attempt::NoAnswer(e) => (None, Some(e.chars().take(MAX_ERROR).collect::<String>())),
        };
        let next = at + chrono_of(backoff.delay(attempts));
        let status = match code {
            Some(200..=299) => DELIVERED,
            _ if next > created + chrono_of(backoff.give_up_after) => FAILED,
            _ => PENDING,
        };
        diesel::update(webhook_deliveries::table.find(id))
            .set((
                webhook_deliveries::status.eq(status),
                webhook_deliveries::attempts.eq(attempts),
                webhook_deliveries::last_status.eq(code),
                webhook_deliveries::last_error.eq(error),
                webhook_deliveries::last_attempt_at.eq(Some(at)),
                webhook_deliveries::next_attempt_at.eq(next),
                webhook_deliveries::claimed_until.eq(None::<chrono::NaiveDateTime>),
            ))
            .execute(conn)?;
        Ok(status)
    })
}

/// The latest `limit` deliveries of endpoint `endpoint`, newest first.
pub fn list_for(
    conn: &mut DbConn,
    actor: &Actor,
    endpoint: i32,
    limit: i64,
) -> DomainResult<Vec<Delivery>> {
    super::endpoints::find(conn, actor, endpoint)?;
    let rows: Vec<Delivery> = webhook_deliveries::table
        .inner_join(webhook_events::table)
        .filter(webhook_deliveries::endpoint_id.eq(endpoint))
        .order(webhook_deliveries::id.desc())
        .limit(limit)
        .select((
            webhook_deliveries::id,
            webhook_deliveries::endpoint_id,
            webhook_events::event_id,
            webhook_events::event_type,
            webhook_deliveries::status,
            webhook_deliveries::attempts,
            webhook_deliveries::created_at,
            webhook_deliveries::last_attempt_at,
            webhook_deliveries::last_status,
            webhook_deliveries::last_error,
            webhook_deliveries::next_attempt_at.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|mut d| {
            if d.status != PENDING {
                d.next_attempt_at = None;
            }
            d
        })
        .collect())
}

/// Sends delivery `id` of `endpoint` again: a new delivery of the same event, due now.
/// Returns the new delivery's id.
pub fn replay(conn: &mut DbConn, actor: &Actor, endpoint: i32, id: i32) -> DomainResult<i32> {
    super::endpoints::find(conn, actor, endpoint)?;
    write_tx(conn, |conn| {
        let event: i32 = webhook_deliveries::table
            .filter(webhook_deliveries::id.eq(id))
            .filter(webhook_deliveries::endpoint_id.eq(endpoint))
            .select(webhook_deliveries::event_id)
            .first(conn)
            .optional()?
            .ok_or(DomainError::NotFound)?;
        let at = now();
        diesel::insert_into(webhook_deliveries::table)
            .values((
                webhook_deliveries::endpoint_id.eq(endpoint),
                webhook_deliveries::event_id.eq(event),
                webhook_deliveries::status.eq(PENDING),
                webhook_deliveries::attempts.eq(0),
                webhook_deliveries::next_attempt_at.eq(at),
                webhook_deliveries::created_at.eq(at),
            ))
            .execute(conn)?;
        Ok(webhook_deliveries::table
            .filter(webhook_deliveries::endpoint_id.eq(endpoint))
            .order(webhook_deliveries::id.desc())
            .select(webhook_deliveries::id)
            .first(conn)?)
    })
}
