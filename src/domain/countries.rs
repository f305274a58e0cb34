//! Countries as people write them → the ISO 3166 alpha-2 code a lead stores.
//!
//! Files brought from other systems name the country ("Australia", "Russia", "Italia",
//! "Việt Nam", "Россия") or give an ISO code ("AU", "AUS"). The names come from the
//! `keshvar` crate (maintained ISO 3166 data with translations), never from a list kept here:
//! the ISO short and long names, the usual unofficial names, and the translations in the
//! languages Leadbook's users write in (English, Italian, Russian, Vietnamese).
//!
//! Matching ignores case and punctuation ("U.S.A." = "USA"), and accents when the name is
//! not found with them ("viet nam" = "Việt Nam").
//! A name two countries share keeps the first country it was read for: codes first, then
//! the translations, then the ISO names, then the unofficial names.

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The languages whose country names are understood.
pub const LANGUAGES: &[&str] = &["en", "it", "ru", "vi"];

/// Every known way to write a country → its alpha-2 code, by [`fold`] keeping accents and
/// by [`fold`] without them. Built once, on first use (the translation tables are not kept).
struct Names {
    exact: HashMap<String, String>,
    unaccented: HashMap<String, String>,
}

static NAMES: LazyLock<Names> = LazyLock::new(|| {
    let countries: Vec<(String, keshvar::Country)> = keshvar::CountryIterator::new()
        .map(|c| (c.alpha2().to_string(), c))
        .collect();
    let mut names = Names {
        exact: HashMap::new(),
        unaccented: HashMap::new(),
    };
    let mut add = |name: &str, code: &str| {
        for (map, key) in [
            (&mut names.exact, fold(name, true)),
            (&mut names.unaccented, fold(name, false)),
        ] {
            if !key.is_empty() {
                map.entry(key).or_insert_with(|| code.to_string());
            }
        }
    };
    for (code, _) in &countries {
        add(code, code);
    }
    for (code, c) in &countries {
        add(&c.alpha3().to_string(), code);
    }
    for language in LANGUAGES {
        for (code, c) in &countries {
            if let Some(name) = c.translations().get(language) {
                add(name, code);
            }
        }
    }
    for (code, c) in &countries {
        add(c.iso_short_name(), code);
        add(c.iso_long_name(), code);
    }
    for (code, c) in &countries {
        for name in c.unofficial_name_list() {
            add(name, code);
        }
    }
    names
});

/// Lower case, dots removed, other punctuation as spaces, a leading "the" dropped, spaces
/// squeezed; accents dropped unless `accents`.
fn fold(raw: &str, accents: bool) -> String {
    let cleaned: String = raw
        .nfd()
        .filter(|c| (accents || !is_combining_mark(*c)) && *c != '.')
        .nfc()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    match words.split_first() {
        Some((&"the", rest)) if !rest.is_empty() => rest.join(" "),
        _ => words.join(" "),
    }
}

/// The alpha-2 code of a country written as a name (in one of [`LANGUAGES`], its ISO or a
/// usual name) or as an ISO alpha-2 or alpha-3 code; `None` when it is not a country.
/// Written with its accents it is read as written first ("Mỹ" is the United States, not
/// "MY"); without them, it is compared without accents ("Viet Nam", "Uc").
pub fn alpha2(raw: &str) -> Option<&'static str> {
    let names: &'static Names = &NAMES;
    names
        .exact
        .get(&fold(raw, true))
        .or_else(|| names.unaccented.get(&fold(raw, false)))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_the_four_languages_give_the_code() {
        for (name, code) in [
            ("Australia", "AU"),
            ("Russia", "RU"),
            ("United States", "US"),
            ("Italia", "IT"),
            ("Stati Uniti", "US"),
            ("Россия", "RU"),
            ("Австралия", "AU"),
            ("Вьетнам", "VN"),
            ("Việt Nam", "VN"),
            ("Úc", "AU"),
            ("Ý", "IT"),
            ("Liên Bang Nga", "RU"),
            ("Mỹ", "US"),
        ] {
            assert_eq!(alpha2(name), Some(code), "{name}");
        }
    }

    #[test]
    fn iso_codes_case_accents_and_punctuation_do_not_matter() {
        for (raw, code) in [
            ("it", "IT"),
            ("ITA", "IT"),
            ("rus", "RU"),
            (" vn ", "VN"),
            ("viet nam", "VN"),
            ("Uc", "AU"),
            ("U.S.A.", "US"),
            ("the Russian Federation", "RU"),
            ("AUSTRALIA", "AU"),
        ] {
            assert_eq!(alpha2(raw), Some(code), "{raw}");
        }
    }

    #[test]
    fn anything_else_is_not_a_country() {
        for raw in ["Narnia", "", "X", "   ", "Europe"] {
            assert_eq!(alpha2(raw), None, "{raw}");
        }
    }
}
