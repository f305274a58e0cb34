//! Comparison levels: how two profiles agree, field by field. Each field puts a pair into one
//! level, tested in order, first hit wins (exact, then close, then different); a value
//! missing on either side is [`MISSING`] and says nothing either way. The levels carry no
//! weight themselves: [`super::model`] turns each into evidence for or against.
//!
//! For an exact agreement the value agreed on is kept, so that a shared rare value can
//! weigh more than a shared common one (term frequency).

use strsim::jaro_winkler;

pub use crate::domain::similarity::field::{FIELDS, Field, MISSING};
use crate::domain::similarity::keys;
pub use crate::domain::similarity::normalise::last_digits;
use crate::domain::similarity::profile::{Profile, name_in_handle};
use crate::domain::similarity::thresholds as t;

/// One field's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compared<'a> {
    pub level: u8,
    /// The value both sides hold, for an exact agreement on a field with a term frequency.
    pub value: Option<&'a str>,
}

const MISSING_FIELD: Compared<'static> = Compared {
    level: MISSING,
    value: None,
};

fn at(level: u8) -> Compared<'static> {
    Compared { level, value: None }
}

/// Every field's outcome for a pair, in [`Field::ALL`] order.
pub type Comparison<'a> = [Compared<'a>; FIELDS];

/// Compares two profiles on every field.
pub fn compare<'a>(a: &'a Profile, b: &'a Profile) -> Comparison<'a> {
    [
        name(a, b),
        email(a, b),
        phone(a, b),
        handle(a, b),
        street(a, b),
        exact_or_close(
            a.city_key.as_deref(),
            b.city_key.as_deref(),
            t::CLOSE_CITY_MIN,
        ),
        zip(a.zip.as_deref(), b.zip.as_deref()),
        exact_or_close(
            a.company_key.as_deref(),
            b.company_key.as_deref(),
            t::CLOSE_COMPANY_MIN,
        ),
        customer(a, b),
    ]
}

/// How alike two name keys are, word by word: every word of the shorter name is paired with
/// its closest word of the other (Jaro-Winkler), and the weakest pair counts, so "Sara
/// Rossi" and "Sofia Rossi" differ although they share a surname.
pub fn name_similarity(x: &str, y: &str) -> f64 {
    let words = |s: &str| s.bytes().filter(|b| *b == b' ').count();
    let (short, long) = if words(x) <= words(y) { (x, y) } else { (y, x) };
    short
        .split(' ')
        .map(|w| {
            long.split(' ')
                .map(|v| if w == v { 1.0 } else { jaro_winkler(w, v) })
                .fold(0.0, f64::max)
        })
        .fold(1.0, f64::min)
}

/// Whether every word of the shorter name stands for a different word of the longer one,
/// in full, with a typo, or as its initial ("J Smith" and "Jessica Smith"; "Robin" and
/// "Robin Banks"), and at least one word is written out on both sides.
fn compatible_words(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return false;
    }
    let mut used = vec![false; long.len()];
    let mut full = false;
    for w in short {
        let found = long.iter().enumerate().find(|(i, v)| {
            !used[*i]
                && if w.len() == 1 || v.len() == 1 {
                    w.as_bytes()[0] == v.as_bytes()[0]
                } else {
                    words_alike(w, v)
                }
        });
        match found {
            Some((i, v)) => {
                used[i] = true;
                full |= w.len() > 1 && v.len() > 1;
            }
            None => return false,
        }
    }
    full
}

/// Two words of a name that are one with a typo: close by Jaro-Winkler, or (short words,
/// where one letter weighs a lot) one edit apart.
fn words_alike(w: &str, v: &str) -> bool {
    jaro_winkler(w, v) >= t::CLOSE_WORD_MIN
        || (w.len().min(v.len()) >= 2 && strsim::levenshtein(w, v) <= 1)
}

fn name<'a>(a: &'a Profile, b: &'a Profile) -> Compared<'a> {
    match (a.name_key.as_deref(), b.name_key.as_deref()) {
        (Some(x), Some(y)) => {
            if x == y {
                let level = u8::from(a.name_words != b.name_words);
                return Compared {
                    level,
                    value: Some(x),
                };
            }
            let same_count = a.name_words.len() == b.name_words.len();
            let sim = name_similarity(x, y);
            let sounds_alike = !a.name_sound.is_empty()
                && a.name_sound == b.name_sound
                && a.name_sound.iter().all(|s| s.len() >= 2);
            if same_count
                && (sim >= t::CLOSE_NAME_MIN || (sounds_alike && sim >= t::SIMILAR_NAME_MIN))
            {
                at(2)
            } else if same_count && sim >= t::SIMILAR_NAME_MIN {
                at(3)
            } else if compatible_words(&a.name_words, &b.name_words) {
                at(4)
            } else if a
                .name_words
                .iter()
                .any(|w| w.len() >= 2 && b.name_words.contains(w))
            {
                at(6)
            } else {
                at(7)
            }
        }
        (None, Some(_)) if spells(a, b) => at(5),
        (Some(_), None) if spells(b, a) => at(5),
        _ => MISSING_FIELD,
    }
}

/// Whether an unnamed record's handle or email spells the name of `named`; most unnamed
/// records have neither, and are answered without spelling anything.
fn spells(unnamed: &Profile, named: &Profile) -> bool {
    (!unnamed.handles.is_empty() || !unnamed.emails.is_empty())
        && spells_name(unnamed, named).is_some()
}

/// Where an unnamed record's handle or email spells the name of `named`: the nickname
/// matched and what it came from.
pub fn spells_name(unnamed: &Profile, named: &Profile) -> Option<(String, keys::NickSource)> {
    let forms = keys::name_nicknames(&named.name_words);
    for (nick, source) in keys::nicknames(unnamed) {
        if forms.contains(&nick) {
            return Some((nick, source));
        }
    }
    let key = named.name_key.as_deref()?;
    unnamed.handles.iter().find_map(|(channel, handle)| {
        let spelled = name_in_handle(handle).and_then(|n| super::normalise::name_key(&n))?;
        (name_similarity(&spelled, key) >= t::SIMILAR_NAME_MIN).then(|| {
            (
                spelled,
                keys::NickSource::Handle(channel.clone(), handle.clone()),
            )
        })
    })
}

fn local_part(email: &str) -> &str {
    email.split_once('@').map_or(email, |(l, _)| l)
}

fn email<'a>(a: &'a Profile, b: &'a Profile) -> Compared<'a> {
    if a.emails.is_empty() || b.emails.is_empty() {
        return MISSING_FIELD;
    }
    if let Some(e) = a.emails.iter().find(|e| b.emails.contains(e)) {
        return Compared {
            level: 0,
            value: Some(e),
        };
    }
    let pairs = || {
        a.emails
            .iter()
            .flat_map(|x| b.emails.iter().map(move |y| (x.as_str(), y.as_str())))
    };
    // An address made of the person's name says nothing the names do not say already.
    // (Spelled out only for a shared local part: most pairs have none.)
    let of_name = |local: &str| {
        let letters: String = local.chars().filter(char::is_ascii_alphabetic).collect();
        keys::name_nicknames(&a.name_words).contains(&letters)
            || keys::name_nicknames(&b.name_words).contains(&letters)
    };
    if pairs().any(|(x, y)| {
        let l = local_part(x);
        l.len() >= t::LOCAL_PART_MIN_LEN && l == local_part(y) && !of_name(l)
    }) {
        return at(1);
    }
    let domain = super::normalise::company_domain;
    if pairs().any(|(x, y)| domain(x).is_some() && domain(x) == domain(y)) {
        return at(2);
    }
    at(3)
}

fn phone<'a>(a: &'a Profile, b: &'a Profile) -> Compared<'a> {
    let has = |p: &Profile| !p.numbers.is_empty() || !p.digits.is_empty();
    if !has(a) || !has(b) {
        return MISSING_FIELD;
    }
    if let Some((n, _)) = a
        .numbers
        .iter()
        .find(|(n, _)| b.numbers.iter().any(|(m, _)| m == n))
    {
        return Compared {
            level: 0,
            value: Some(n),
        };
    }
    if let Some(tail) = a.tails().find(|x| b.tails().any(|y| *x == y)) {
        return Compared {
            level: 1,
            value: Some(tail),
        };
    }
    at(2)
}

fn handle<'a>(a: &'a Profile, b: &'a Profile) -> Compared<'a> {
    if a.handles.iter().any(|h| b.handles.contains(h)) {
        return at(0);
    }
    let shared_channel = a
        .handles
        .iter()
        .any(|(c, _)| b.handles.iter().any(|(d, _)| c == d));
    if shared_channel { at(1) } else { MISSING_FIELD }
}

fn street<'a>(a: &'a Profile, b: &'a Profile) -> Compared<'a> {
    let (Some(x), Some(y)) = (&a.street, &b.street) else {
        return MISSING_FIELD;
    };
    if x == y {
        return at(0);
    }
    let named_alike = match (x.main_word(), y.main_word()) {
        (Some(p), Some(q)) => {
            p == q
                || keys::skeleton(p) == keys::skeleton(q)
                || jaro_winkler(p, q) >= t::CLOSE_STREET_MIN
        }
        _ => false,
    };
    let one_unnamed = x.words.is_empty() || y.words.is_empty();
    match (&x.number, &y.number) {
        (Some(n), Some(m)) if n == m && named_alike => at(1),
        (Some(n), Some(m)) if n == m && one_unnamed => at(2),
        (Some(_), Some(_)) => at(3),
        _ if named_alike => at(2),
        _ => at(3),
    }
}

fn exact_or_close<'a>(x: Option<&'a str>, y: Option<&'a str>, close: f64) -> Compared<'a> {
    match (x, y) {
        (Some(x), Some(y)) if x == y => Compared {
            level: 0,
            value: Some(x),
        },
        (Some(x), Some(y)) if jaro_winkler(x, y) >= close => at(1),
        (Some(_), Some(_)) => at(2),
        _ => MISSING_FIELD,
    }
}

/// Postcodes one typo apart: one character replaced, or two neighbours swapped.
fn one_typo_apart(x: &str, y: &str) -> bool {
    let (x, y) = (x.as_bytes(), y.as_bytes());
    if x.len() != y.len() {
        return false;
    }
    let diff: Vec<usize> = (0..x.len()).filter(|&i| x[i] != y[i]).collect();
    match diff.as_slice() {
        [_] => true,
        [i, j] => *j == i + 1 && x[*i] == y[*j] && x[*j] == y[*i],
        _ => false,
    }
}

fn zip<'a>(x: Option<&'a str>, y: Option<&'a str>) -> Compared<'a> {
    match (x, y) {
        (Some(x), Some(y)) if x == y => Compared {
            level: 0,
            value: Some(x),
        },
        (Some(x), Some(y)) if one_typo_apart(x, y) => at(1),
        (Some(_), Some(_)) => at(2),
        _ => MISSING_FIELD,
    }
}

fn customer<'a>(a: &'a Profile, b: &'a Profile) -> Compared<'a> {
    match (a.customer, b.customer) {
        (Some(x), Some(y)) if x == y => at(0),
        (Some(_), Some(_)) => at(1),
        _ => MISSING_FIELD,
    }
}

#[cfg(test)]
mod tests;
