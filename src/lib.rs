//! Leadbook: a server-rendered CRM that finds and merges duplicate leads.
//!
//! Three layers, one direction: `web` calls `domain`, which uses `db`.

rust_i18n::i18n!("locales", fallback = "en");

pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod web;

/// The UI text for `key` in `locale` (English when the locale lacks it). Missing keys come
/// back as the key itself, which the catalogue test catches.
pub fn tr(locale: &str, key: &str) -> String {
    rust_i18n::t!(key, locale = locale).into_owned()
}

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
