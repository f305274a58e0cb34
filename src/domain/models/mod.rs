//! Persisted concepts, one per file.

pub mod api_tokens;
pub mod settings;
pub mod stages;
pub mod teams;
pub mod users;
