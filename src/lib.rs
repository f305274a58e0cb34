//! Leadbook: a server-rendered CRM that finds and merges duplicate leads.
//!
//! Three layers, one direction: `web` calls `domain`, which uses `db`.

rust_i18n::i18n!("locales", fallback = "en");

pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod web;
