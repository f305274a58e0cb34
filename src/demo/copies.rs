//! How a person's data gets corrupted when the same person is entered again, the way real
//! CRMs collect it: a typo in a name, words swapped, capitals, initials, the other script,
//! a phone number in another (or a broken) format, an email address built differently,
//! an abbreviated street, a mistyped city. Pure functions of a seeded PRNG, used by the
//! bulk filler's `--duplicates` copies.

use rand::Rng;
use rand::rngs::StdRng;

use super::people::Market;

/// One letter inserted, deleted, substituted or two neighbours transposed, never in the
/// first letter (people rarely get that wrong) and never leaving fewer than two letters.
/// `letters` is the alphabet substitutes and insertions are drawn from.
pub fn typo(rng: &mut StdRng, word: &str, letters: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let alphabet: Vec<char> = letters.chars().collect();
    if chars.len() < 3 {
        chars.push(chars.last().copied().unwrap_or('a'));
        return chars.into_iter().collect();
    }
    let at = rng.random_range(1..chars.len());
    let lower = chars[at].is_lowercase();
    let pick = |rng: &mut StdRng| {
        let c = alphabet[rng.random_range(0..alphabet.len())];
        if lower {
            c
        } else {
            c.to_uppercase().next().unwrap_or(c)
        }
    };
    match rng.random_range(0..4) {
        0 => {
            let c = pick(rng);
            chars.insert(at, c);
        }
        1 if chars.len() > 3 => {
            chars.remove(at);
        }
        2 if at + 1 < chars.len() && chars[at] != chars[at + 1] => chars.swap(at, at + 1),
        _ => {
            let old = chars[at];
            let mut c = pick(rng);
            if c == old {
                c = if old == alphabet[0] {
                    alphabet[1]
                } else {
                    alphabet[0]
                };
            }
            chars[at] = c;
        }
    }
    chars.into_iter().collect()
}

/// A typo in one of the words of `text` (longer than two letters if there is one).
pub fn typo_in_words(rng: &mut StdRng, text: &str, letters: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|i| words[*i].chars().count() > 2)
        .collect();
    let at = if long.is_empty() {
        rng.random_range(0..words.len())
    } else {
        long[rng.random_range(0..long.len())]
    };
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == at {
                typo(rng, w, letters)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A Russian name in Latin letters, as a passport or an email signature spells it:
/// "Дмитрий Соколов" → "Dmitriy Sokolov" or "Dmitry Sokolov".
pub fn latin(rng: &mut StdRng, name: &str) -> String {
    let plain = deunicode::deunicode(name).replace('\'', "");
    let short = rng.random_bool(0.5);
    plain
        .split(' ')
        .map(|w| {
            if let Some(stem) = w.strip_suffix("ii") {
                format!("{stem}{}", if short { "y" } else { "iy" })
            } else if let Some(stem) = w.strip_suffix("ei") {
                format!("{stem}ey")
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The street line with its type word abbreviated (Street → St, Via → V., улица → ул.),
/// or unchanged when the market has no abbreviation for it.
pub fn abbreviated(market: Market, street: &str) -> String {
    let swaps: &[(&str, &str)] = match market {
        Market::Italy => &[
            ("Via ", "V. "),
            ("Viale ", "V.le "),
            ("Corso ", "C.so "),
            ("Piazza ", "P.za "),
        ],
        Market::Russia => &[
            ("улица", "ул."),
            ("проспект", "пр-т"),
            ("Садовая ул.", "ул. Садовая"),
            (", д. ", ", "),
        ],
        Market::Vietnam => &[("Đường ", "Đ. "), ("Phố ", "P. ")],
        Market::Us | Market::Uk => &[
            (" Street", " St"),
            (" Avenue", " Ave"),
            (" Road", " Rd"),
            (" Lane", " Ln"),
            (" Boulevard", " Blvd"),
        ],
    };
    let mut out = street.to_string();
    for (long, short) in swaps {
        out = out.replacen(long, short, 1);
    }
    out
}

/// A phone number (E.164) written another way: international with spaces, `00` instead of
/// `+`, national digits with a trunk prefix, dashes, a wrong leading 8 or 0, or broken by a
/// dropped digit. Whether it still reads back as the same number is up to the parser.
pub fn phone_variant(rng: &mut StdRng, market: Market, e164: &str) -> String {
    let cc = market.calling_code();
    let national = e164
        .strip_prefix('+')
        .and_then(|n| n.strip_prefix(cc))
        .unwrap_or(e164);
    let trunk = match market {
        Market::Russia => "8",
        Market::Vietnam | Market::Uk => "0",
        Market::Italy | Market::Us => "",
    };
    let split = national.len().min(3);
    let (head, tail) = national.split_at(split);
    match rng.random_range(0..7) {
        0 => format!("+{cc} {head} {tail}"),
        1 => format!("00{cc}{national}"),
        2 => format!("{trunk}{national}"),
        3 => {
            let (mid, end) = tail.split_at(tail.len().min(3));
            format!("{trunk}{head}-{mid}-{end}")
        }
        4 => match market {
            Market::Russia => format!("7{national}"),
            Market::Italy | Market::Us => format!("0{national}"),
            Market::Vietnam | Market::Uk => format!("8{national}"),
        },
        5 => format!("+{cc}{national}"),
        _ => {
            let mut digits: Vec<char> = national.chars().collect();
            if digits.len() > 4 {
                let at = rng.random_range(2..digits.len());
                digits.remove(at);
            }
            let broken: String = digits.into_iter().collect();
            format!("{trunk}{broken}")
        }
    }
}

/// An address the same person might type instead: `first.last`, `flast`, `firstlast`,
/// `first_last` or `last.first`, sometimes with a number.
pub fn email_local(rng: &mut StdRng, first: &str, last: &str) -> String {
    let initial: String = first.chars().take(1).collect();
    let local = match rng.random_range(0..5) {
        0 => format!("{first}.{last}"),
        1 => format!("{initial}{last}"),
        2 => format!("{first}{last}"),
        3 => format!("{first}_{last}"),
        _ => format!("{last}.{first}"),
    };
    if rng.random_bool(0.25) {
        format!("{local}{}", rng.random_range(70..100))
    } else {
        local
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn a_typo_changes_one_letter_and_keeps_the_first() {
        let mut rng = StdRng::seed_from_u64(1);
        for _ in 0..500 {
            let bad = typo(&mut rng, "Williams", "abcdefghijklmnopqrstuvwxyz");
            assert_ne!(bad, "Williams");
            assert!(bad.starts_with('W'), "{bad}");
            assert!(strsim::damerau_levenshtein(&bad, "Williams") == 1, "{bad}");
        }
    }

    #[test]
    fn streets_are_abbreviated_in_every_market() {
        assert_eq!(abbreviated(Market::Us, "12 Main Street"), "12 Main St");
        assert_eq!(abbreviated(Market::Italy, "Via Roma 3"), "V. Roma 3");
        assert_eq!(
            abbreviated(Market::Russia, "улица Ленина, д. 5"),
            "ул. Ленина, 5"
        );
        assert_eq!(
            abbreviated(Market::Vietnam, "7 Đường Lê Lợi"),
            "7 Đ. Lê Lợi"
        );
    }

    #[test]
    fn russian_names_are_spelled_in_latin_letters() {
        let mut rng = StdRng::seed_from_u64(3);
        let latin = latin(&mut rng, "Дмитрий Соколов");
        assert!(
            ["Dmitriy Sokolov", "Dmitry Sokolov"].contains(&latin.as_str()),
            "{latin}"
        );
    }
}
