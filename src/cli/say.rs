//! The command line's messages from the catalogue, in the language of the environment
//! (`Config::language`: `LC_ALL`, else `LC_MESSAGES`, else `LANG`), set once at the start.

use std::sync::OnceLock;

use leadbook::i18n::{Lang, format, text::fill};

static LANGUAGE: OnceLock<Lang> = OnceLock::new();

/// Sets the language of every later message (the first call wins).
pub fn set_language(lang: Lang) {
    let _ = LANGUAGE.set(lang);
}

fn lang() -> Lang {
    LANGUAGE.get().copied().unwrap_or(Lang::En)
}

/// The text for `key`.
/// A domain message in the command line's language.
pub fn msg(m: &leadbook::i18n::Msg) -> String {
    m.render(lang().code())
}

pub fn t(key: &str) -> String {
    leadbook::tr(lang().code(), key)
}

/// The text for `key` with its `%{name}` placeholders filled.
pub fn t_with(key: &str, values: &[(&str, String)]) -> String {
    fill(&t(key), values)
}

/// The counting text `key` in the form the language gives `n`, other placeholders filled.
pub fn counted(key: &str, n: usize, values: &[(&str, String)]) -> String {
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    fill(&leadbook::i18n::plural(lang().code(), key, n), values)
}

/// A number as the language writes it.
pub fn num(n: usize) -> String {
    format::integer(lang(), i64::try_from(n).unwrap_or(i64::MAX))
}
