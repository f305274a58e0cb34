//! Browser tests in Chromium (`--features browser`, with `LEADBOOK_E2E=1` in CI): what needs
//! JavaScript or a real page.

#![cfg(feature = "browser")]

mod a11y;
#[path = "../browser_support/mod.rs"]
mod browser_support;
mod convert;
mod customer_merge;
mod customer_pick;
mod customers;
mod finder;
mod general;
mod kanban_select;
mod languages;
mod list_columns;
mod lost;
mod merge;
mod phone;
mod pipeline;
mod prewarn;
mod quick_create;
mod signals;
mod similar;
#[path = "../support/mod.rs"]
mod support;
mod widths;
mod xss;
