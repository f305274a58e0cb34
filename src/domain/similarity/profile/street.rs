//! A street as the finder compares it: its house number and its name's words, street-type
//! words dropped.

use crate::domain::similarity::normalise;

/// A street as compared: its house number and its name's words, with street-type words
/// ("street", "st", "via", "ул", "đường"…) and unit words dropped, so "10 Boolee St" and
/// "Boolee Setreet" have the same first word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Street {
    pub number: Option<String>,
    pub words: Vec<String>,
}

/// Street-type and unit words in the languages of the users (English, Italian, Russian and
/// Vietnamese, transliterated), full and abbreviated.
const STREET_WORDS: &[&str] = &[
    "street",
    "st",
    "str",
    "road",
    "rd",
    "avenue",
    "ave",
    "av",
    "lane",
    "ln",
    "drive",
    "dr",
    "place",
    "pl",
    "court",
    "ct",
    "crescent",
    "cres",
    "close",
    "cl",
    "parade",
    "pde",
    "terrace",
    "tce",
    "highway",
    "hwy",
    "boulevard",
    "blvd",
    "bvd",
    "way",
    "circuit",
    "cct",
    "grove",
    "gr",
    "square",
    "sq",
    "unit",
    "apt",
    "apartment",
    "flat",
    "suite",
    "ste",
    "no",
    "via",
    "viale",
    "v",
    "piazza",
    "p",
    "za",
    "pza",
    "corso",
    "c",
    "so",
    "largo",
    "vicolo",
    "strada",
    "str",
    "localita",
    "loc",
    "ulitsa",
    "ul",
    "prospekt",
    "pr",
    "prt",
    "pereulok",
    "per",
    "shosse",
    "sh",
    "bulvar",
    "ploshchad",
    "naberezhnaia",
    "nab",
    "dom",
    "d",
    "kv",
    "korpus",
    "k",
    "stroenie",
    "duong",
    "pho",
    "ngo",
    "hem",
    "so",
    "phuong",
    "quan",
    "harbors",
    "harbor",
];

impl Street {
    /// `None` when nothing but type words is left.
    pub fn parse(raw: &str) -> Option<Street> {
        let mut number = None;
        let mut words = Vec::new();
        for token in normalise::name_tokens(raw) {
            if token.chars().any(|c| c.is_ascii_digit()) {
                let digits: String = token.chars().filter(char::is_ascii_digit).collect();
                if number.is_none() && !digits.is_empty() {
                    number = Some(digits);
                }
            } else if !STREET_WORDS.contains(&token.as_str()) {
                words.push(token);
            }
        }
        (number.is_some() || !words.is_empty()).then_some(Street { number, words })
    }

    /// The word a street is known by: its first word of three letters or more.
    pub fn main_word(&self) -> Option<&str> {
        self.words
            .iter()
            .find(|w| w.len() >= 3)
            .or(self.words.first())
            .map(String::as_str)
    }
}
