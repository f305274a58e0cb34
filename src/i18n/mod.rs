//! The users' languages: which one a request gets, the catalogue texts with CLDR plurals
//! ([`text`]), and numbers, money and dates as each language writes them ([`format`]).
//!
//! Catalogues are YAML files in `locales/`, compiled in by `rust-i18n`; English is the
//! fallback for a missing key. The CLDR data (plural rules, number, currency, date and
//! relative-time patterns) comes from ICU4X, so no rule of a language is written by hand here.

pub mod format;
pub mod text;

pub use text::{Arg, Msg, catalogue, categories, plural, tr};

use icu_locale_core::Locale;

/// A language with a UI catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    It,
    Ru,
    Vi,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::It, Lang::Ru, Lang::Vi];

    /// The BCP 47 code, as stored in a user's preference and set as `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
            Lang::Ru => "ru",
            Lang::Vi => "vi",
        }
    }

    /// The language's name in itself, as a language menu shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::It => "Italiano",
            Lang::Ru => "Русский",
            Lang::Vi => "Tiếng Việt",
        }
    }

    /// The language of a stored or typed code ("ru", "ru-RU", "RU"); `None` when there is
    /// no catalogue for it.
    pub fn from_code(raw: &str) -> Option<Lang> {
        let locale: Locale = raw.trim().parse().ok()?;
        let language = locale.id.language;
        Lang::ALL
            .into_iter()
            .find(|l| language.as_str() == l.code())
    }

    /// The language of `raw`, English when there is no catalogue for it.
    pub fn or_english(raw: &str) -> Lang {
        Lang::from_code(raw).unwrap_or(Lang::En)
    }

    pub(crate) fn locale(self) -> Locale {
        self.code()
            .parse()
            .expect("the four codes are valid locales")
    }
}

/// The best of our languages for an `Accept-Language` header: the first one the browser
/// accepts (by quality, then order), matched on the language subtag ("ru-RU" is Russian).
/// `None` when it names none of ours.
pub fn negotiate(accept_language: &str) -> Option<Lang> {
    accept_language::parse_with_quality(accept_language)
        .into_iter()
        .filter(|(_, quality)| *quality > 0.0)
        .find_map(|(tag, _)| Lang::from_code(&tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_s_first_language_we_have_wins() {
        assert_eq!(negotiate("ru-RU,ru;q=0.9,en-US;q=0.8"), Some(Lang::Ru));
        assert_eq!(negotiate("de-DE, it;q=0.7, en;q=0.5"), Some(Lang::It));
        assert_eq!(negotiate("en;q=0.2, vi-VN;q=0.9"), Some(Lang::Vi));
        assert_eq!(negotiate("de, fr"), None);
        assert_eq!(negotiate("it;q=0, ru;q=0.1"), Some(Lang::Ru), "q=0 refuses");
        assert_eq!(negotiate(""), None);
        assert_eq!(negotiate("*"), None);
    }

    #[test]
    fn codes_are_read_by_their_language_subtag() {
        assert_eq!(Lang::from_code("ru-RU"), Some(Lang::Ru));
        assert_eq!(Lang::from_code("IT"), Some(Lang::It));
        assert_eq!(Lang::from_code("xx"), None);
        assert_eq!(Lang::from_code("not a tag"), None);
    }
}
