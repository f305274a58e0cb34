//! The demo's raw material: names, companies, cities and phone numbers of four markets
//! (Italy, Russia, Vietnam, the US and UK), with their normalised keys computed once per
//! name rather than once per row. Phone numbers are generated already in E.164, unique per
//! row, and shown in the local format people type.

mod companies;
mod english;
mod italian;
mod phones;
mod places;
mod russian;
mod vietnamese;

use crate::domain::similarity::normalise;

/// A market: the language of names, cities, the country code and how phones look there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Market {
    Italy,
    Russia,
    Vietnam,
    Us,
    Uk,
}

impl Market {
    pub const ALL: [Market; 5] = [
        Market::Italy,
        Market::Russia,
        Market::Vietnam,
        Market::Us,
        Market::Uk,
    ];

    pub fn country(self) -> &'static str {
        match self {
            Market::Italy => "IT",
            Market::Russia => "RU",
            Market::Vietnam => "VN",
            Market::Us => "US",
            Market::Uk => "GB",
        }
    }

    pub fn products(self) -> &'static [&'static str] {
        match self {
            Market::Italy => &[
                "fornitura sedie ufficio",
                "rinnovo licenze",
                "impianto fotovoltaico",
                "consulenza marketing",
                "arredo showroom",
            ],
            Market::Russia => &[
                "поставка оборудования",
                "годовой контракт",
                "внедрение CRM",
                "закупка мебели",
                "сервисное обслуживание",
            ],
            Market::Vietnam => &[
                "cung cấp thiết bị",
                "hợp đồng bảo trì",
                "phần mềm quản lý",
                "nội thất văn phòng",
                "tư vấn tiếp thị",
            ],
            Market::Us | Market::Uk => &[
                "office chairs",
                "annual licence renewal",
                "solar installation",
                "marketing retainer",
                "support contract",
            ],
        }
    }

    /// The alphabet typos in this market's names are made of.
    pub fn letters(self) -> &'static str {
        match self {
            Market::Russia => "абвгдеёжзийклмнопрстуфхцчшщыьэюя",
            Market::Vietnam => "abcdeghiklmnopqrstuvxyăâđêôơư",
            _ => "abcdefghijklmnopqrstuvwxyz",
        }
    }

    /// Free-mail domains people of this market use.
    pub fn free_mail(self) -> &'static [&'static str] {
        match self {
            Market::Italy => &["gmail.com", "libero.it", "virgilio.it", "yahoo.it"],
            Market::Russia => &["mail.ru", "yandex.ru", "gmail.com", "bk.ru"],
            Market::Vietnam => &["gmail.com", "yahoo.com.vn", "outlook.com"],
            Market::Us => &["gmail.com", "outlook.com", "icloud.com", "yahoo.com"],
            Market::Uk => &["gmail.com", "hotmail.co.uk", "outlook.com", "icloud.com"],
        }
    }
}

/// The parts names are built from in a market, the most common first (the demo picks with a
/// skew toward the front, so a few full names repeat across many different persons while
/// most are rare, as in a real customer base).
pub struct NameParts {
    /// Given names (men's in Russia).
    pub given: &'static [&'static str],
    /// Women's given names where the surname agrees with them (Russia), else empty.
    pub given_female: &'static [&'static str],
    /// Surnames (men's form in Russia; women's add "а"): a list of real ones, then a long
    /// tail of plausible generated ones.
    pub family: Vec<String>,
    /// Vietnamese middle names; Russian patronymics (men's); else empty.
    pub middle: &'static [&'static str],
    /// Russian women's patronymics, aligned with `middle`.
    pub middle_female: &'static [&'static str],
}

fn with_tail(real: &[&str], roots: &[&str], endings: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = real.iter().map(std::string::ToString::to_string).collect();
    for ending in endings {
        for root in roots {
            let name = format!("{root}{ending}");
            if !all.contains(&name) {
                all.push(name);
            }
        }
    }
    all
}

impl Market {
    pub fn name_parts(self) -> NameParts {
        match self {
            Market::Italy => NameParts {
                given: italian::GIVEN,
                given_female: &[],
                family: with_tail(
                    italian::FAMILY,
                    italian::FAMILY_ROOTS,
                    italian::FAMILY_ENDINGS,
                ),
                middle: &[],
                middle_female: &[],
            },
            Market::Russia => NameParts {
                given: russian::GIVEN,
                given_female: russian::GIVEN_FEMALE,
                family: with_tail(
                    russian::FAMILY,
                    russian::FAMILY_ROOTS,
                    russian::FAMILY_ENDINGS,
                ),
                middle: russian::PATRONYMICS,
                middle_female: russian::PATRONYMICS_FEMALE,
            },
            Market::Vietnam => NameParts {
                given: vietnamese::GIVEN,
                given_female: &[],
                family: vietnamese::FAMILY
                    .iter()
                    .map(std::string::ToString::to_string)
                    .collect(),
                middle: vietnamese::MIDDLE,
                middle_female: &[],
            },
            Market::Us | Market::Uk => NameParts {
                given: english::GIVEN,
                given_female: &[],
                family: with_tail(
                    english::FAMILY,
                    english::FAMILY_ROOTS,
                    english::FAMILY_ENDINGS,
                ),
                middle: &[],
                middle_female: &[],
            },
        }
    }
}

/// The ASCII words of a name for addresses and handles ("D'Angelo" → "dangelo").
pub fn ascii_words(name: &str) -> Vec<String> {
    normalise::name_tokens(&name.replace(['\'', '’'], ""))
}
