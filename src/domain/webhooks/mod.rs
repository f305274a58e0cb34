//! Webhooks: programs outside Leadbook hear about duplicates and what is done with them.
//!
//! - [`endpoints`]: the URLs managers register, with the events each wants and its secret;
//! - [`events`]: the outbox. A domain function that makes a change calls one function here
//!   inside its own write transaction, so an event exists exactly when its change does;
//!   one delivery row is written per subscribed, active endpoint;
//! - [`deliveries`]: the delivery state (due, claimed, delivered, failed), kept only in the
//!   database so that a restarted server carries on; the sending itself is the worker's
//!   (`crate::webhooks`), never a request's;
//! - [`signing`]: the HMAC-SHA256 signature receivers check.

pub mod deliveries;
pub mod endpoints;
pub mod events;
pub mod signing;
pub mod status;

pub use endpoints::{Endpoint, EndpointInput};
pub use events::EventType;
