//! Web tests: the pages as a browser without JavaScript uses them (forms, redirects, rights,
//! CSRF), through the real router.

#[path = "../api_support/mod.rs"]
mod api_support;
mod api_tokens_page;
mod audit;
mod auth;
mod backups;
mod chatter;
mod convert;
mod customer_merge;
mod customer_pick;
mod customers;
mod finder;
mod health;
mod import;
mod kanban_similar;
mod languages;
mod leads;
mod lost;
mod merge;
mod page_language;
mod phone_country;
mod pipeline;
mod routes;
mod signals;
mod similar;
#[path = "../support/mod.rs"]
mod support;
mod users;
