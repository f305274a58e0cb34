//! A record as the similarity rules see it: which record it is, and its normalised emails,
//! numbers, handles, names and place.

use super::street::Street;
use crate::domain::similarity::normalise;

/// A record the rules compare: a lead or a partner (customer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rec {
    Lead(i32),
    Partner(i32),
}

/// Which field a number came from, for the reasons ("mobile here, phone there").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberSlot {
    Phone,
    Mobile,
    Messenger(&'static str),
}

impl NumberSlot {
    pub fn label(self) -> &'static str {
        match self {
            NumberSlot::Phone => "phone",
            NumberSlot::Mobile => "mobile",
            NumberSlot::Messenger(channel) => channel,
        }
    }
}

/// A record as the similarity rules see it.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    pub rec: Option<Rec>,
    /// The lead's title or the partner's name.
    pub title: String,
    /// The person's name as typed.
    pub name: Option<String>,
    pub name_key: Option<String>,
    pub company: Option<String>,
    pub company_key: Option<String>,
    pub is_company: bool,
    /// An opportunity (a deal), not a lead.
    pub is_opportunity: bool,
    /// Normalised addresses (the record's and its email identities).
    pub emails: Vec<String>,
    /// E.164 numbers with where they came from.
    pub numbers: Vec<(String, NumberSlot)>,
    /// Other handles: (channel, normalised handle).
    pub handles: Vec<(String, String)>,
    pub city_key: Option<String>,
    pub zip: Option<String>,
    /// The street as compared: transliterated words, street-type words dropped.
    pub street: Option<Street>,
    /// The digits of every number as typed (parsed or not, messengers' too), for the
    /// "same last digits" comparison.
    pub digits: Vec<String>,
    /// The name's words in reading order (transliterated, lower case).
    pub name_words: Vec<String>,
    /// The Double Metaphone codes of the name's words, sorted: "Robyn Banks" sounds like
    /// "Robin Banks".
    pub name_sound: Vec<String>,
    /// The lead's title or the partner's name, as words (to tell two deals apart).
    pub title_key: String,
    /// The customer a lead is linked to; a partner's own id.
    pub customer: Option<i32>,
    /// A person's company (partners only).
    pub company_id: Option<i32>,
    pub salesperson_id: Option<i32>,
    pub team_id: Option<i32>,
    pub active: bool,
    pub probability: i32,
}

impl Profile {
    /// The last digits of every number, typed or parsed ([`normalise::last_digits`]): how a
    /// number written in any format is recognised.
    pub fn tails(&self) -> impl Iterator<Item = &str> {
        self.digits
            .iter()
            .filter_map(|d| normalise::last_digits(d))
            .chain(
                self.numbers
                    .iter()
                    .filter_map(|(n, _)| normalise::last_digits(&n[1..])),
            )
    }

    /// Lost = archived with probability 0.
    pub fn is_lost(&self) -> bool {
        !self.active && self.probability == 0
    }
}

/// The person's name a handle spells, when it is two or more words of letters joined by
/// `_`, `.` or `-` (`dmitry_sokolov` → "dmitry sokolov"); `None` for `best123` or `shop`.
pub fn name_in_handle(handle: &str) -> Option<String> {
    let words: Vec<&str> = handle
        .split(['_', '.', '-'])
        .filter(|w| !w.is_empty())
        .collect();
    let all_letters = words
        .iter()
        .all(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic));
    (words.len() >= 2 && words.len() <= 4 && all_letters).then(|| words.join(" "))
}

#[cfg(test)]
mod handle_name_tests {
    use super::name_in_handle;

    #[test]
    fn a_nickname_of_two_words_spells_a_name_and_other_handles_do_not() {
        assert_eq!(
            name_in_handle("dmitry_sokolov").as_deref(),
            Some("dmitry sokolov")
        );
        assert_eq!(
            name_in_handle("anna.petrova").as_deref(),
            Some("anna petrova")
        );
        assert_eq!(name_in_handle("shop"), None);
        assert_eq!(name_in_handle("best_123"), None);
        assert_eq!(name_in_handle("a_b"), None);
    }
}
