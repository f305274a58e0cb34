//! Persisted concepts, one per file.

pub mod api_tokens;
pub mod chatter;
mod chatter_refs;
pub mod idempotency;
pub mod identities;
pub mod leads;
pub mod lost_reasons;
pub mod partners;
pub mod phone_country;
pub mod sessions;
pub mod settings;
pub mod stages;
pub mod tags;
pub mod teams;
pub mod users;
