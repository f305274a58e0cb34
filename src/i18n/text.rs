//! Catalogue texts. A key names a text; `%{name}` in it is filled by the caller. A text that
//! counts something is a map of CLDR plural categories (`one`, `few`, `many`, `other`…) and is
//! read with [`plural`], which picks the form the language's rules give for the number.
//!
//! Code that cannot know the reader's language (the domain, the chatter's stored events)
//! says what to show as a [`Msg`]: a key and its arguments, rendered when it is read.

use std::collections::HashMap;
use std::fmt;

use icu_plurals::{PluralCategory, PluralRules};

use super::{Lang, format};

/// The text for `key` in `locale` (English when the locale lacks it). A missing key comes
/// back as the key itself, which the catalogue tests catch.
pub fn tr(locale: &str, key: &str) -> String {
    rust_i18n::t!(key, locale = locale).into_owned()
}

fn has(locale: &str, key: &str) -> bool {
    tr(locale, key) != key
}

/// Every key of the `locale` catalogue with its text, as compiled in (no fallback): for the
/// catalogue tests. Plural forms are keys of their own (`merge.done.one`).
pub fn catalogue(locale: &str) -> Vec<(String, String)> {
    crate::_rust_i18n_backend()
        .messages_for_locale(locale)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The plural categories `lang` uses for whole numbers, which a counting text must have,
/// plus `other`; and every category its rules know, which a counting text may have.
pub fn categories(lang: Lang) -> (Vec<&'static str>, Vec<&'static str>) {
    let rules = PluralRules::try_new_cardinal((&lang.locale()).into())
        .expect("compiled data has plural rules for every catalogue language");
    let mut needed: Vec<&'static str> = (0..=1000u32)
        .map(|n| category_key(rules.category_for(n)))
        .chain(["other"])
        .collect();
    needed.sort_unstable();
    needed.dedup();
    let allowed = rules.categories().map(category_key).collect();
    (needed, allowed)
}

/// The CLDR plural category of `n` in `lang`, as a catalogue sub-key.
pub fn category(lang: Lang, n: i64) -> &'static str {
    thread_local! {
        static RULES: std::cell::RefCell<HashMap<Lang, PluralRules>> = Default::default();
    }
    let category = RULES.with(|rules| {
        let mut rules = rules.borrow_mut();
        let rule = rules.entry(lang).or_insert_with(|| {
            PluralRules::try_new_cardinal((&lang.locale()).into())
                .expect("compiled data has plural rules for every catalogue language")
        });
        rule.category_for(n.unsigned_abs())
    });
    category_key(category)
}

/// The sub-key naming a plural category in a catalogue.
pub fn category_key(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The form of the counting text `key` for `n`, with `%{count}` written as the language
/// writes numbers ("1 record", "2 записи", "5 записей", "1.250 record").
pub fn plural(locale: &str, key: &str, n: i64) -> String {
    let lang = Lang::or_english(locale);
    let exact = format!("{key}.{}", category(lang, n));
    let other = format!("{key}.other");
    let text = if has(lang.code(), &exact) {
        tr(lang.code(), &exact)
    } else {
        tr(lang.code(), &other)
    };
    fill(&text, &[("count", format::integer(lang, n))])
}

/// Replaces each `%{name}` of `template` by its value, in one pass (a value that itself
/// contains `%{…}` is left as it is).
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("%{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match values.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[start..start + 2 + end + 1]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// One argument of a [`Msg`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arg {
    /// Shown as it is: a name, a number a user typed, an email.
    Text(String),
    /// Another catalogue key, translated too (a field's label).
    Label(String),
    /// A number, written as the language writes numbers; an argument named `count` picks
    /// the plural form of the message.
    Count(i64),
    /// Another message, rendered in the same language (a problem inside a message that
    /// says where it is: "wa.me/x: 'x' is not a valid phone number").
    Msg(Box<Msg>),
}

/// A text for a user as a catalogue key and its arguments, rendered in the reader's
/// language when shown. Its `Display` is the English text (logs, the command line).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Msg {
    pub key: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, Arg)>,
}

impl Msg {
    pub fn new(key: impl Into<String>) -> Msg {
        Msg {
            key: key.into(),
            args: Vec::new(),
        }
    }

    /// Adds a value shown as it is.
    pub fn text(mut self, name: &str, value: impl Into<String>) -> Msg {
        self.args.push((name.into(), Arg::Text(value.into())));
        self
    }

    /// Adds another catalogue key, translated in the same language.
    pub fn label(mut self, name: &str, key: impl Into<String>) -> Msg {
        self.args.push((name.into(), Arg::Label(key.into())));
        self
    }

    /// Adds another message, rendered in the same language.
    pub fn msg(mut self, name: &str, inner: Msg) -> Msg {
        self.args.push((name.into(), Arg::Msg(Box::new(inner))));
        self
    }

    /// Adds a number; named `count`, it picks the plural form.
    pub fn count(mut self, name: &str, n: i64) -> Msg {
        self.args.push((name.into(), Arg::Count(n)));
        self
    }

    /// The text in `locale`.
    pub fn render(&self, locale: &str) -> String {
        let lang = Lang::or_english(locale);
        let count = self.args.iter().find_map(|(name, arg)| match arg {
            Arg::Count(n) if name == "count" => Some(*n),
            _ => None,
        });
        let template = match count {
            Some(n) if !has(lang.code(), &self.key) => {
                let exact = format!("{}.{}", self.key, category(lang, n));
                if has(lang.code(), &exact) {
                    tr(lang.code(), &exact)
                } else {
                    tr(lang.code(), &format!("{}.other", self.key))
                }
            }
            _ => tr(lang.code(), &self.key),
        };
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Text(text) => text.clone(),
                    Arg::Label(key) => tr(lang.code(), key),
                    Arg::Count(n) => format::integer(lang, *n),
                    Arg::Msg(inner) => inner.render(lang.code()),
                };
                (name.as_str(), value)
            })
            .collect();
        fill(&template, &values)
    }
}

/// A catalogue key as a message without arguments (`DomainError::invalid("f", "msg.mass.choose_action")`).
/// A text that is not a key is shown as it is, in every language.
impl From<&str> for Msg {
    fn from(key: &str) -> Msg {
        Msg::new(key)
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("en"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_names_once() {
        let values = [("a", "%{b}".to_string()), ("b", "B".to_string())];
        assert_eq!(fill("%{a}-%{b}-%{c}", &values), "%{b}-B-%{c}");
        assert_eq!(fill("50%{", &values), "50%{");
    }

    #[test]
    fn russian_has_three_forms_for_whole_numbers() {
        let forms: Vec<&str> = [1, 2, 5, 21, 0, 11, 22]
            .iter()
            .map(|n| category(Lang::Ru, *n))
            .collect();
        assert_eq!(forms, ["one", "few", "many", "one", "many", "many", "few"]);
    }
}
