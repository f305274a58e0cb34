//! The demo's raw material: names, companies, cities and phone numbers of four markets
//! (Italy, Russia, Vietnam, the US and UK), with their normalised keys computed once per
//! name rather than once per row. Phone numbers are generated already in E.164, unique per
//! row, and shown in the local format people type.

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

    pub fn cities(self) -> &'static [&'static str] {
        match self {
            Market::Italy => &[
                "Milano", "Roma", "Torino", "Bologna", "Napoli", "Firenze", "Verona",
            ],
            Market::Russia => &[
                "Москва",
                "Санкт-Петербург",
                "Казань",
                "Новосибирск",
                "Екатеринбург",
            ],
            Market::Vietnam => &[
                "Hà Nội",
                "TP. Hồ Chí Minh",
                "Đà Nẵng",
                "Hải Phòng",
                "Cần Thơ",
            ],
            Market::Us => &["New York", "San Francisco", "Chicago", "Boston", "Austin"],
            Market::Uk => &["London", "Manchester", "Leeds", "Bristol", "Edinburgh"],
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

    /// Mobile prefixes after the country code, and how many digits follow them.
    fn phone_plan(self) -> (&'static str, &'static [&'static str], u32) {
        match self {
            Market::Italy => (
                "39",
                &[
                    "320", "328", "329", "340", "345", "347", "348", "349", "366", "380", "389",
                ],
                7,
            ),
            Market::Russia => (
                "7",
                &[
                    "903", "905", "910", "915", "916", "917", "925", "926", "977", "985",
                ],
                7,
            ),
            Market::Vietnam => ("84", &["90", "91", "93", "94", "96", "97", "98"], 7),
            Market::Us => ("1", &["2125", "4155", "3125", "6175", "5126", "2026"], 6),
            Market::Uk => (
                "44",
                &["7711", "7722", "7733", "7755", "7766", "7788", "7799"],
                6,
            ),
        }
    }

    /// The `n`-th generated number of this market: (as typed locally, E.164). Distinct `n`
    /// give distinct numbers (up to a million per prefix).
    pub fn phone(self, n: u64) -> (String, String) {
        let (cc, prefixes, rest) = self.phone_plan();
        let prefix = prefixes[(n % prefixes.len() as u64) as usize];
        let space = 10u64.pow(rest);
        // Multiplying by a number coprime with 10 permutes the digits, so neighbours differ.
        let digits = ((n / prefixes.len() as u64) * 7_919 + 1_234) % space;
        let national = format!("{prefix}{digits:0width$}", width = rest as usize);
        let e164 = format!("+{cc}{national}");
        let d = |a: usize, b: usize| &national[a..b];
        let local = match self {
            Market::Italy => format!("{} {} {}", d(0, 3), d(3, 6), d(6, 10)),
            Market::Russia => format!("8 ({}) {}-{}-{}", d(0, 3), d(3, 6), d(6, 8), d(8, 10)),
            Market::Vietnam => format!("0{} {} {}", d(0, 3), d(3, 6), d(6, 9)),
            Market::Us => format!("({}) {}-{}", d(0, 3), d(3, 6), d(6, 10)),
            Market::Uk => format!("0{} {}", d(0, 4), d(4, 10)),
        };
        (local, e164)
    }

    fn names(self) -> Vec<String> {
        let cross = |given: &[&str], family: &[&str]| -> Vec<String> {
            family
                .iter()
                .flat_map(|f| given.iter().map(move |g| format!("{g} {f}")))
                .collect()
        };
        match self {
            Market::Italy => cross(
                &[
                    "Marco",
                    "Giulia",
                    "Luca",
                    "Francesca",
                    "Alessandro",
                    "Chiara",
                    "Matteo",
                    "Sara",
                    "Davide",
                    "Elena",
                    "Simone",
                    "Valentina",
                    "Andrea",
                    "Martina",
                    "Stefano",
                ],
                &[
                    "Rossi", "Russo", "Ferrari", "Esposito", "Colombo", "Ricci", "Marino", "Greco",
                    "Bruno", "Gallo", "Conti", "De Luca", "Costa", "Giordano", "Mancini",
                ],
            ),
            Market::Russia => {
                let mut names = cross(
                    &[
                        "Алексей",
                        "Дмитрий",
                        "Сергей",
                        "Андрей",
                        "Михаил",
                        "Николай",
                        "Артём",
                        "Павел",
                    ],
                    &[
                        "Иванов",
                        "Смирнов",
                        "Кузнецов",
                        "Попов",
                        "Васильев",
                        "Новиков",
                        "Фёдоров",
                        "Морозов",
                        "Волков",
                        "Лебедев",
                    ],
                );
                names.extend(cross(
                    &[
                        "Анна",
                        "Мария",
                        "Елена",
                        "Ольга",
                        "Наталья",
                        "Татьяна",
                        "Екатерина",
                        "Ирина",
                    ],
                    &[
                        "Иванова",
                        "Смирнова",
                        "Кузнецова",
                        "Попова",
                        "Васильева",
                        "Новикова",
                        "Фёдорова",
                        "Морозова",
                        "Волкова",
                        "Лебедева",
                    ],
                ));
                names
            }
            Market::Vietnam => {
                let families = [
                    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ",
                ];
                let mut names = Vec::new();
                for family in families {
                    for given in ["Minh", "Hùng", "Tuấn", "Dũng", "Quang", "Khoa", "Bảo"] {
                        names.push(format!("{family} Văn {given}"));
                        names.push(format!("{family} Đức {given}"));
                    }
                    for given in ["Lan", "Hương", "Mai", "Ngọc", "Thảo", "Linh", "Trang"] {
                        names.push(format!("{family} Thị {given}"));
                    }
                }
                names
            }
            Market::Us | Market::Uk => cross(
                &[
                    "James",
                    "Olivia",
                    "William",
                    "Emma",
                    "Henry",
                    "Sophie",
                    "Jack",
                    "Grace",
                    "Thomas",
                    "Emily",
                    "Daniel",
                    "Charlotte",
                    "Samuel",
                    "Lucy",
                    "Oliver",
                ],
                &[
                    "Smith", "Johnson", "Taylor", "Brown", "Wilson", "Davies", "Evans", "Walker",
                    "Wright", "Thompson", "Hughes", "Clarke", "Hall", "Turner", "Parker",
                ],
            ),
        }
    }

    /// Companies: (name as written, web domain).
    pub fn companies(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Market::Italy => &[
                ("Rossi Costruzioni S.r.l.", "rossicostruzioni.it"),
                ("Ferramenta Colombo SNC", "ferramentacolombo.it"),
                ("Ottica Greco S.r.l.", "otticagreco.it"),
                ("Tessuti Conti S.p.A.", "tessuticonti.it"),
                ("Studio Marino & Associati", "studiomarino.it"),
            ],
            Market::Russia => &[
                ("ООО «Вектор»", "vektor-group.ru"),
                ("АО «СеверСталь-Сервис»", "severservis.ru"),
                ("ООО «Техноплюс»", "tehnoplus.ru"),
                ("ЗАО «Волга Логистик»", "volgalog.ru"),
            ],
            Market::Vietnam => &[
                ("Công ty TNHH Minh Phát", "minhphat.vn"),
                ("Công ty cổ phần Sao Việt", "saoviet.com.vn"),
                ("Công ty TNHH Hải Đăng", "haidang.vn"),
                ("CTCP Thành Công", "thanhcong.com.vn"),
            ],
            Market::Us => &[
                ("Blue Harbor Inc.", "blueharbor.com"),
                ("Summit Analytics LLC", "summitanalytics.com"),
                ("Redwood Supply Co.", "redwoodsupply.com"),
            ],
            Market::Uk => &[
                ("Kestrel Partners Ltd", "kestrelpartners.co.uk"),
                ("Thames Office Supplies Ltd", "thamesoffice.co.uk"),
                ("Northgate Foods plc", "northgatefoods.co.uk"),
            ],
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

/// A name with its keys, computed once.
#[derive(Debug, Clone)]
pub struct Person {
    pub market: Market,
    pub name: String,
    pub key: String,
    /// ASCII `given.family` for email addresses.
    pub slug: String,
}

/// Every generated person of every market, without the names that `reserved` keys hold
/// (the planted duplicates must stay the only records with their names).
pub fn people(reserved: &[String]) -> Vec<Person> {
    Market::ALL
        .iter()
        .flat_map(|&market| market.names().into_iter().map(move |name| (market, name)))
        .filter_map(|(market, name)| {
            let key = normalise::name_key(&name)?;
            let slug = normalise::name_tokens(&name).join(".");
            (!reserved.contains(&key)).then_some(Person {
                market,
                name,
                key,
                slug,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::similarity::normalise::phone_e164;

    #[test]
    fn generated_phones_read_back_as_their_e164_in_their_country() {
        let mut bad = Vec::new();
        for market in Market::ALL {
            for n in (0..5_000).step_by(7) {
                let (local, e164) = market.phone(n);
                if phone_e164(&local, market.country()).as_deref() != Some(e164.as_str()) {
                    bad.push(format!("{} ({})", &local[..6], market.country()));
                }
            }
        }
        bad.sort();
        bad.dedup();
        assert!(bad.is_empty(), "bad prefixes: {bad:?}");
    }

    #[test]
    fn generated_phones_are_distinct() {
        let numbers: std::collections::HashSet<_> =
            (0..50_000).map(|n| Market::Italy.phone(n).1).collect();
        assert_eq!(numbers.len(), 50_000);
    }

    #[test]
    fn reserved_names_are_left_out() {
        let reserved = vec!["marco rossi".to_string()];
        assert!(people(&reserved).iter().all(|p| p.key != "marco rossi"));
        assert!(people(&[]).iter().any(|p| p.key == "marco rossi"));
    }
}
