//! Webhook endpoints and deliveries as the JSON API reads and answers them.

use serde::{Deserialize, Serialize};

use crate::domain::webhooks::deliveries::Delivery;
use crate::domain::webhooks::endpoints::{Endpoint, EndpointInput, EndpointSummary};

/// The body of `POST /webhooks` (all three fields) and `PATCH /webhooks/{id}` (only the
/// fields sent change).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointBody {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    /// Paused endpoints keep their deliveries pending; `true` when left out on create.
    pub active: Option<bool>,
}

impl EndpointBody {
    /// The input with the fields sent, the others from `current` (none: a new endpoint).
    pub fn input(&self, current: Option<&Endpoint>) -> EndpointInput {
        let events = current.map(|e| {
            e.event_types()
                .iter()
                .map(|t| t.as_str().to_string())
                .collect()
        });
        EndpointInput {
            url: self
                .url
                .clone()
                .or_else(|| current.map(|e| e.url.clone()))
                .unwrap_or_default(),
            events: self.events.clone().or(events).unwrap_or_default(),
            active: self.active.or(current.map(|e| e.active)).unwrap_or(true),
        }
    }
}

/// An endpoint as the API shows it (never its secret).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EndpointView {
    pub id: i32,
    pub url: String,
    pub events: Vec<String>,
    pub active: bool,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    /// Deliveries waiting for a (next) attempt.
    pub pending: i64,
    /// Deliveries given up after a day of retries.
    pub failed: i64,
}

pub fn endpoint_view(summary: &EndpointSummary) -> EndpointView {
    let e = &summary.endpoint;
    EndpointView {
        id: e.id,
        url: e.url.clone(),
        events: e
            .event_types()
            .iter()
            .map(|t| t.as_str().to_string())
            .collect(),
        active: e.active,
        created_at: e.created_at,
        updated_at: e.updated_at,
        pending: summary.pending,
        failed: summary.failed,
    }
}

/// The answer to a create: the endpoint and its secret, shown this once.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreatedEndpoint {
    pub endpoint: EndpointView,
    pub secret: String,
}

/// The answer to a secret rotation: the new secret, shown this once.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NewSecret {
    pub secret: String,
}

/// A list of deliveries, newest first.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeliveryList {
    pub deliveries: Vec<Delivery>,
}

/// The answer to a replay: the new delivery.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Replayed {
    pub delivery_id: i32,
}
