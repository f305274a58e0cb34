//! The endpoints managers register: a URL (HTTPS, or plain HTTP on this machine for local
//! tests), the events it wants, active or paused, and a secret the app makes, shown once when
//! made or rotated. Every function here is for managers and admins only.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{webhook_deliveries, webhook_endpoints};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult, FieldErrors};
use crate::domain::now;
use crate::i18n::Msg;

use super::EventType;

/// The longest URL accepted.
const MAX_URL: usize = 2000;

/// An endpoint as the pages and the API show it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = webhook_endpoints)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct Endpoint {
    pub id: i32,
    pub url: String,
    /// The event types it wants, comma-separated (see [`Endpoint::events`]).
    #[serde(skip)]
    pub events: String,
    pub active: bool,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

impl Endpoint {
    /// The event types it wants, in the order of [`EventType::ALL`].
    pub fn event_types(&self) -> Vec<EventType> {
        let wanted: Vec<&str> = self.events.split(',').collect();
        EventType::ALL
            .iter()
            .copied()
            .filter(|e| wanted.contains(&e.as_str()))
            .collect()
    }

    pub fn wants(&self, event: EventType) -> bool {
        self.events.split(',').any(|e| e == event.as_str())
    }
}

/// What a form or an API body gives for an endpoint.
#[derive(Debug, Clone, Default)]
pub struct EndpointInput {
    pub url: String,
    pub events: Vec<String>,
    pub active: bool,
}

/// An endpoint with how its deliveries stand, for the list.
#[derive(Debug, Clone)]
pub struct EndpointSummary {
    pub endpoint: Endpoint,
    pub pending: i64,
    pub failed: i64,
}

/// Whether `url` may receive deliveries: HTTPS anywhere, plain HTTP only on this machine.
pub fn check_url(raw: &str) -> Result<String, Msg> {
    let url = raw.trim();
    if url.is_empty() {
        return Err(Msg::new("webhooks.msg_url_required"));
    }
    if url.len() > MAX_URL || url.chars().any(char::is_whitespace) {
        return Err(Msg::new("webhooks.msg_url_invalid"));
    }
    let lower = url.to_ascii_lowercase();
    let (https, rest) = match (
        lower.strip_prefix("https://"),
        lower.strip_prefix("http://"),
    ) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        _ => return Err(Msg::new("webhooks.msg_url_not_https")),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host_of(authority);
    if host.is_empty() || authority.contains('@') || url.parse::<ureq::http::Uri>().is_err() {
        return Err(Msg::new("webhooks.msg_url_invalid"));
    }
    if !https && !matches!(host, "127.0.0.1" | "[::1]" | "localhost") {
        return Err(Msg::new("webhooks.msg_url_not_https"));
    }
    Ok(url.to_string())
}

/// The host of `host[:port]`, an IPv6 address keeping its brackets.
fn host_of(authority: &str) -> &str {
    if authority.starts_with('[') {
        return authority.split_inclusive(']').next().unwrap_or_default();
    }
    authority.split(':').next().unwrap_or_default()
}

/// The checked URL and events, or the field errors.
fn check(input: &EndpointInput) -> DomainResult<(String, String)> {
    let mut errors = FieldErrors::new();
    let url = check_url(&input.url)
        .map_err(|m| errors.insert("url", m))
        .ok();
    let mut events = Vec::new();
    for raw in &input.events {
        match EventType::parse(raw) {
            Some(e) if !events.contains(&e) => events.push(e),
            Some(_) => {}
            None => {
                let msg = Msg::new("webhooks.msg_unknown_event").text("event", raw.trim());
                errors.insert("events", msg);
            }
        }
    }
    if input.events.is_empty() {
        errors.insert("events", Msg::new("webhooks.msg_events_required"));
    }
    match url {
        Some(url) if errors.is_empty() => {
            let list: Vec<&str> = events.iter().map(|e| e.as_str()).collect();
            Ok((url, list.join(",")))
        }
        _ => Err(DomainError::Invalid(errors)),
    }
}

/// A new secret: `whsec_` and 32 random bytes in hex.
fn new_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    format!("whsec_{}", hex::encode(bytes))
}

/// Every endpoint with its pending and failed deliveries, oldest first.
pub fn list(conn: &mut DbConn, actor: &Actor) -> DomainResult<Vec<EndpointSummary>> {
    actor.require_manager()?;
    let endpoints: Vec<Endpoint> = webhook_endpoints::table
        .order(webhook_endpoints::id)
        .select(Endpoint::as_select())
        .load(conn)?;
    let counts: Vec<(i32, String, i64)> = webhook_deliveries::table
        .filter(webhook_deliveries::status.ne(super::status::DELIVERED))
        .group_by((webhook_deliveries::endpoint_id, webhook_deliveries::status))
        .select((
            webhook_deliveries::endpoint_id,
            webhook_deliveries::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let count = |id: i32, status: &str| {
        counts
            .iter()
            .find(|(e, s, _)| *e == id && s == status)
            .map_or(0, |c| c.2)
    };
    Ok(endpoints
        .into_iter()
        .map(|endpoint| EndpointSummary {
            pending: count(endpoint.id, super::status::PENDING),
            failed: count(endpoint.id, super::status::FAILED),
            endpoint,
        })
        .collect())
}

/// One endpoint with how its deliveries stand.
pub fn summary(conn: &mut DbConn, actor: &Actor, id: i32) -> DomainResult<EndpointSummary> {
    list(conn, actor)?
        .into_iter()
        .find(|s| s.endpoint.id == id)
        .ok_or(DomainError::NotFound)
}

/// One endpoint.
pub fn find(conn: &mut DbConn, actor: &Actor, id: i32) -> DomainResult<Endpoint> {
    actor.require_manager()?;
    webhook_endpoints::table
        .find(id)
        .select(Endpoint::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound)
}

/// Registers an endpoint; returns it with its secret, the only time the secret is shown.
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    input: &EndpointInput,
) -> DomainResult<(Endpoint, String)> {
    actor.require_manager()?;
    let (url, events) = check(input)?;
    let secret = new_secret();
    let at = now();
    crate::db::write_tx(conn, |conn| {
        diesel::insert_into(webhook_endpoints::table)
            .values((
                webhook_endpoints::url.eq(&url),
                webhook_endpoints::events.eq(&events),
                webhook_endpoints::active.eq(input.active),
                webhook_endpoints::secret.eq(&secret),
                webhook_endpoints::created_by.eq(Some(actor.id.0)),
                webhook_endpoints::created_at.eq(at),
                webhook_endpoints::updated_at.eq(at),
            ))
            .execute(conn)?;
        let id: i32 = webhook_endpoints::table
            .filter(webhook_endpoints::secret.eq(&secret))
            .select(webhook_endpoints::id)
            .first(conn)?;
        Ok((find(conn, actor, id)?, secret.clone()))
    })
}

/// Changes an endpoint's URL, events and state.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: i32,
    input: &EndpointInput,
) -> DomainResult<Endpoint> {
    find(conn, actor, id)?;
    let (url, events) = check(input)?;
    diesel::update(webhook_endpoints::table.find(id))
        .set((
            webhook_endpoints::url.eq(url),
            webhook_endpoints::events.eq(events),
            webhook_endpoints::active.eq(input.active),
            webhook_endpoints::updated_at.eq(now()),
        ))
        .execute(conn)?;
    find(conn, actor, id)
}

/// Gives an endpoint a new secret and returns it (shown once); the old one stops at once.
pub fn rotate_secret(conn: &mut DbConn, actor: &Actor, id: i32) -> DomainResult<String> {
    find(conn, actor, id)?;
    let secret = new_secret();
    diesel::update(webhook_endpoints::table.find(id))
        .set((
            webhook_endpoints::secret.eq(&secret),
            webhook_endpoints::updated_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(secret)
}

/// Removes an endpoint and its deliveries.
pub fn delete(conn: &mut DbConn, actor: &Actor, id: i32) -> DomainResult<()> {
    find(conn, actor, id)?;
    crate::db::write_tx(conn, |conn| {
        diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::endpoint_id.eq(id)))
            .execute(conn)?;
        diesel::delete(webhook_endpoints::table.find(id)).execute(conn)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::check_url;

    #[test]
    fn https_anywhere_plain_http_only_on_this_machine() {
        assert!(check_url("https://hooks.example.com/in").is_ok());
        assert!(check_url("http://127.0.0.1:9000/hook").is_ok());
        assert!(check_url("http://localhost/hook").is_ok());
        assert!(check_url("http://[::1]:8080/").is_ok());
        assert!(check_url("http://hooks.example.com/in").is_err());
        assert!(check_url("http://127.0.0.1.evil.com/").is_err());
        assert!(check_url("ftp://example.com").is_err());
        assert!(check_url("https://").is_err());
        assert!(check_url("").is_err());
    }
}
