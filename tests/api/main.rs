//! API tests: the JSON door (`/api/v1`), its tokens, errors and intake.

#[path = "../api_support/mod.rs"]
mod api_support;
mod backup;
mod chatter;
mod config;
mod convert;
mod customer_merge;
mod customer_pick;
mod customers;
mod duplicates;
mod idempotency;
mod intake;
mod lead_actions;
mod leads;
mod lost_report;
mod merge_undo;
mod openapi;
mod pipeline_config;
mod rights;
#[path = "../support/mod.rs"]
mod support;
mod webhooks;
mod wizards;
