//! Domain tests: the rules reached without the web (models, wizards, the duplicate finder, the
//! import, the demo), the command line, and the guards of the code's shape.

mod architecture;
mod audit;
mod chatter_events;
mod cli;
mod convert;
mod customer_merge;
mod customer_pick;
mod customers;
mod demo;
mod demo_duplicates;
mod finder;
mod i18n;
mod import;
mod import_crash;
mod leads;
mod listing;
mod locale_formats;
mod lost;
mod merge;
mod merge_property;
mod messages;
mod privacy;
mod records;
mod search_totals;
mod similarity;
mod store;
#[path = "../support/mod.rs"]
mod support;
mod users;
mod webhooks;
