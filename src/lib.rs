//! Leadbook: a server-rendered CRM that finds and merges duplicate leads.
//!
//! Three layers, one direction: `web` calls `domain`, which uses `db`.

rust_i18n::i18n!("locales", fallback = "en");

pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod housekeeping;
pub mod i18n;
pub mod telemetry;
pub mod web;
pub mod webhooks;

pub use i18n::tr;

#[cfg(test)]
mod tests {
    #[test]
    fn a_missing_text_key_comes_back_as_the_key_so_the_catalogue_test_can_see_it() {
        assert_eq!(super::tr("en", "no.such.key"), "no.such.key");
        assert_eq!(super::tr("en", "menu.pipeline"), "Pipeline");
        assert_eq!(
            super::tr("xx", "menu.pipeline"),
            "Pipeline",
            "unknown locales fall back"
        );
    }
}
