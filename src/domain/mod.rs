//! The product: pure Rust business rules over the store. No web types live here, so the HTML
//! forms, the JSON API, the CLI and the tests all go through the same rules.

pub mod access;
pub mod accounts;
pub mod api_views;
pub mod audit;
pub mod backup;
pub mod countries;
pub mod customers;
pub mod defaults;
pub mod enums;
pub mod error;
pub mod ids;
pub mod import;
pub mod intake;
pub mod listing;
pub mod mass_actions;
pub mod models;
pub mod new_record;
pub mod pipeline_config;
pub mod privacy;
pub mod quick_create;
pub mod records;
pub mod reports;
pub mod similarity;
pub mod values;
pub mod webhooks;
pub mod wizards;

pub use error::{DomainError, DomainResult};

/// The current time, in UTC, as stored.
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}
