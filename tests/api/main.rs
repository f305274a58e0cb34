//! API tests: the JSON door (`/api/v1`), its tokens, errors and intake.

#[path = "../api_support/mod.rs"]
mod api_support;
mod convert;
mod customer_merge;
mod customer_pick;
mod customers;
mod intake;
mod leads;
mod openapi;
#[path = "../support/mod.rs"]
mod support;
mod webhooks;
mod wizards;
