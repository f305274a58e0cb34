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

    /// The international calling code, without `+`.
    pub fn calling_code(self) -> &'static str {
        self.phone_plan().0
    }

    /// The alphabet typos in this market's names are made of.
    pub fn letters(self) -> &'static str {
        match self {
            Market::Russia => "абвгдеёжзийклмнопрстуфхцчшщыьэюя",
            Market::Vietnam => "abcdeghiklmnopqrstuvxyăâđêôơư",
            _ => "abcdefghijklmnopqrstuvwxyz",
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

/// One range of postcodes of a city: numeric `lo..=hi` written with `width` digits, or (UK)
/// outward codes followed by a generated inward code.
enum Postcodes {
    Numeric(u32, u32, usize),
    Outward(&'static [&'static str]),
}

impl Market {
    pub fn name_parts(self) -> NameParts {
        match self {
            Market::Italy => NameParts {
                given: &[
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
                    "Giuseppe",
                    "Anna",
                    "Antonio",
                    "Laura",
                    "Giovanni",
                    "Paola",
                    "Roberto",
                    "Federica",
                    "Paolo",
                    "Silvia",
                    "Francesco",
                    "Roberta",
                    "Lorenzo",
                    "Alessia",
                    "Riccardo",
                ],
                given_female: &[],
                family: with_tail(
                    &[
                        "Rossi",
                        "Russo",
                        "Ferrari",
                        "Esposito",
                        "Colombo",
                        "Ricci",
                        "Marino",
                        "Greco",
                        "Bruno",
                        "Gallo",
                        "Conti",
                        "De Luca",
                        "Costa",
                        "Giordano",
                        "Mancini",
                        "Moretti",
                        "Barbieri",
                        "Fontana",
                        "Santoro",
                        "Mariani",
                        "Rinaldi",
                        "Caruso",
                        "Ferrara",
                        "Galli",
                        "Martini",
                        "Leone",
                        "Longo",
                        "Gentile",
                        "Martinelli",
                        "Vitale",
                        "Lombardo",
                        "Serra",
                        "Coppola",
                        "De Santis",
                        "D'Angelo",
                        "Marchetti",
                        "Parisi",
                        "Villa",
                        "Conte",
                        "Ferraro",
                        "Fabbri",
                        "Bianco",
                        "Marini",
                        "Grasso",
                        "Valentini",
                        "Messina",
                        "Sala",
                        "De Angelis",
                        "Gatti",
                        "Pellegrini",
                        "Palumbo",
                        "Sanna",
                        "Farina",
                        "Rizzi",
                        "Monti",
                        "Cattaneo",
                        "Morelli",
                        "Amato",
                        "Silvestri",
                        "Mazza",
                        "Testa",
                    ],
                    &[
                        "Bert", "Fran", "Gian", "Bell", "Capp", "Pell", "Sart", "Lomb", "Card",
                        "Vent", "Bald", "Guid", "Pagan", "Mont", "Sant", "Ang", "Fabr", "Mang",
                        "Ors", "Tamb", "Zan", "Bon", "Cav", "Dond",
                    ],
                    &["ini", "etti", "elli", "ucci", "oni", "ardi", "esi", "otti"],
                ),
                middle: &[],
                middle_female: &[],
            },
            Market::Russia => NameParts {
                given: &[
                    "Алексей",
                    "Дмитрий",
                    "Сергей",
                    "Андрей",
                    "Михаил",
                    "Николай",
                    "Артём",
                    "Павел",
                    "Иван",
                    "Владимир",
                    "Александр",
                    "Максим",
                    "Евгений",
                    "Игорь",
                    "Роман",
                    "Олег",
                ],
                given_female: &[
                    "Анна",
                    "Мария",
                    "Елена",
                    "Ольга",
                    "Наталья",
                    "Татьяна",
                    "Екатерина",
                    "Ирина",
                    "Светлана",
                    "Юлия",
                    "Анастасия",
                    "Дарья",
                    "Марина",
                    "Ксения",
                    "Виктория",
                    "Полина",
                ],
                family: with_tail(
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
                        "Соколов",
                        "Михайлов",
                        "Козлов",
                        "Егоров",
                        "Павлов",
                        "Семёнов",
                        "Голубев",
                        "Виноградов",
                        "Богданов",
                        "Воробьёв",
                        "Медведев",
                        "Зайцев",
                        "Соловьёв",
                        "Борисов",
                        "Яковлев",
                        "Григорьев",
                        "Романов",
                        "Степанов",
                        "Никитин",
                        "Орлов",
                        "Андреев",
                        "Макаров",
                        "Захаров",
                        "Зуев",
                        "Крылов",
                        "Белов",
                        "Тарасов",
                        "Беляев",
                        "Комаров",
                        "Киселёв",
                        "Ильин",
                        "Гусев",
                        "Титов",
                        "Кудрявцев",
                        "Баранов",
                        "Куликов",
                        "Алексеев",
                        "Сорокин",
                        "Сергеев",
                        "Блинов",
                        "Калинин",
                        "Жуков",
                        "Карпов",
                        "Фролов",
                        "Щербаков",
                        "Ершов",
                        "Поляков",
                        "Лазарев",
                        "Мельников",
                        "Гаврилов",
                        "Тимофеев",
                        "Афанасьев",
                    ],
                    &[
                        "Белоус",
                        "Горбун",
                        "Жук",
                        "Зуб",
                        "Карп",
                        "Клим",
                        "Комар",
                        "Крюк",
                        "Лист",
                        "Пахом",
                        "Рыб",
                        "Сом",
                        "Сух",
                        "Ткач",
                        "Шуст",
                        "Щегл",
                        "Бобр",
                        "Ворон",
                        "Гус",
                        "Дрозд",
                        "Ерш",
                        "Кисл",
                        "Лопат",
                        "Мох",
                    ],
                    &["ов", "ин"],
                ),
                middle: &[
                    "Александрович",
                    "Сергеевич",
                    "Владимирович",
                    "Николаевич",
                    "Петрович",
                    "Иванович",
                    "Андреевич",
                    "Михайлович",
                    "Дмитриевич",
                    "Юрьевич",
                ],
                middle_female: &[
                    "Александровна",
                    "Сергеевна",
                    "Владимировна",
                    "Николаевна",
                    "Петровна",
                    "Ивановна",
                    "Андреевна",
                    "Михайловна",
                    "Дмитриевна",
                    "Юрьевна",
                ],
            },
            Market::Vietnam => NameParts {
                given: &[
                    "Minh", "Hương", "Anh", "Linh", "Hùng", "Lan", "Tuấn", "Mai", "Dũng", "Ngọc",
                    "Quang", "Thảo", "Khoa", "Trang", "Bảo", "An", "Bình", "Chi", "Cường", "Duy",
                    "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hòa", "Huy", "Long", "Nam",
                    "Nhung", "Phong", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thắng", "Trung",
                    "Tú", "Vân", "Việt", "Yến",
                ],
                given_female: &[],
                family: [
                    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
                    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
                ]
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
                middle: &[
                    "Văn", "Thị", "Đức", "Minh", "Ngọc", "Thanh", "Hữu", "Quốc", "Xuân", "Hoài",
                ],
                middle_female: &[],
            },
            Market::Us | Market::Uk => NameParts {
                given: &[
                    "James",
                    "Olivia",
                    "William",
                    "Emma",
                    "Michael",
                    "Sarah",
                    "Henry",
                    "Sophie",
                    "David",
                    "Jack",
                    "Grace",
                    "Thomas",
                    "Emily",
                    "Daniel",
                    "Charlotte",
                    "Samuel",
                    "Lucy",
                    "Oliver",
                    "Jessica",
                    "Robert",
                    "Laura",
                    "Christopher",
                    "Hannah",
                    "Matthew",
                    "Rachel",
                    "Andrew",
                    "Rebecca",
                    "Joseph",
                    "Amy",
                    "Benjamin",
                    "Chloe",
                    "George",
                    "Megan",
                    "Edward",
                    "Katie",
                    "Richard",
                    "Alice",
                    "Peter",
                    "Helen",
                    "Mark",
                ],
                given_female: &[],
                family: with_tail(
                    &[
                        "Smith",
                        "Johnson",
                        "Williams",
                        "Taylor",
                        "Brown",
                        "Jones",
                        "Wilson",
                        "Davies",
                        "Evans",
                        "Walker",
                        "Wright",
                        "Thompson",
                        "Hughes",
                        "Clarke",
                        "Hall",
                        "Turner",
                        "Parker",
                        "Miller",
                        "Davis",
                        "Moore",
                        "Anderson",
                        "Jackson",
                        "White",
                        "Harris",
                        "Martin",
                        "Robinson",
                        "Lewis",
                        "Lee",
                        "King",
                        "Green",
                        "Baker",
                        "Adams",
                        "Nelson",
                        "Hill",
                        "Campbell",
                        "Mitchell",
                        "Roberts",
                        "Carter",
                        "Phillips",
                        "Cook",
                        "Morgan",
                        "Bell",
                        "Murphy",
                        "Bailey",
                        "Cooper",
                        "Richardson",
                        "Cox",
                        "Howard",
                        "Ward",
                        "Wood",
                        "Watson",
                        "Brooks",
                        "Kelly",
                        "Price",
                        "Bennett",
                        "Gray",
                        "Reed",
                        "Ross",
                        "Foster",
                        "Edwards",
                        "Morris",
                        "Jenkins",
                        "Mason",
                    ],
                    &[
                        "Ash", "Brad", "Brook", "Cal", "Dun", "Fair", "Har", "Hol", "Kings",
                        "Lang", "Mid", "Nor", "Pen", "Red", "Ship", "Stan", "Thorn", "Wal",
                        "Black", "Brom", "Craw", "Els", "Glad", "Lind", "Rad", "Rus", "Staf",
                        "Whit", "Win", "Cran", "Dal", "Gran", "Hay", "Lock", "Sel", "Hather",
                    ],
                    &[
                        "ford", "ley", "ton", "wood", "field", "well", "worth", "by", "ham", "more",
                    ],
                ),
                middle: &[],
                middle_female: &[],
            },
        }
    }

    /// Street names, with their type word written in full.
    pub fn streets(self) -> &'static [&'static str] {
        match self {
            Market::Italy => &[
                "Via Roma",
                "Via Garibaldi",
                "Via Mazzini",
                "Via Dante Alighieri",
                "Via Giuseppe Verdi",
                "Corso Italia",
                "Corso Vittorio Emanuele II",
                "Piazza della Repubblica",
                "Via Cavour",
                "Viale Europa",
                "Via XX Settembre",
                "Via Alessandro Manzoni",
                "Via Guglielmo Marconi",
                "Viale dei Mille",
                "Via Alessandro Volta",
            ],
            Market::Russia => &[
                "улица Ленина",
                "улица Гагарина",
                "проспект Мира",
                "улица Пушкина",
                "Садовая улица",
                "Советская улица",
                "Набережная улица",
                "Лесная улица",
                "Молодёжная улица",
                "проспект Победы",
                "улица Кирова",
                "Школьная улица",
                "улица Чехова",
            ],
            Market::Vietnam => &[
                "Đường Lê Lợi",
                "Đường Trần Hưng Đạo",
                "Phố Hàng Bài",
                "Đường Nguyễn Huệ",
                "Đường Hai Bà Trưng",
                "Phố Huế",
                "Đường Lý Thường Kiệt",
                "Đường Điện Biên Phủ",
                "Đường Cách Mạng Tháng Tám",
                "Phố Tràng Tiền",
                "Đường Võ Văn Tần",
            ],
            Market::Us => &[
                "Main Street",
                "Oak Avenue",
                "Maple Street",
                "Park Avenue",
                "Elm Street",
                "Washington Street",
                "Lake Road",
                "Cedar Lane",
                "Pine Street",
                "Hill Road",
                "Sunset Boulevard",
                "Church Street",
                "Madison Avenue",
            ],
            Market::Uk => &[
                "High Street",
                "Station Road",
                "Church Lane",
                "Victoria Road",
                "Park Road",
                "Mill Lane",
                "King Street",
                "Queens Road",
                "London Road",
                "Green Lane",
                "Manor Road",
                "Springfield Road",
            ],
        }
    }

    /// A street address as written locally.
    pub fn address(self, street: &str, number: u32) -> String {
        match self {
            Market::Italy => format!("{street} {number}"),
            Market::Russia => format!("{street}, д. {number}"),
            Market::Vietnam | Market::Us | Market::Uk => format!("{number} {street}"),
        }
    }

    /// The postcodes of each city of [`Market::cities`], in the same order.
    fn postcodes(self) -> &'static [Postcodes] {
        use Postcodes::{Numeric as N, Outward as O};
        match self {
            Market::Italy => &[
                N(20121, 20162, 5),
                N(118, 199, 5),
                N(10121, 10156, 5),
                N(40121, 40141, 5),
                N(80121, 80147, 5),
                N(50121, 50145, 5),
                N(37121, 37142, 5),
            ],
            Market::Russia => &[
                N(101000, 129350, 6),
                N(190000, 199406, 6),
                N(420000, 420140, 6),
                N(630000, 630136, 6),
                N(620000, 620149, 6),
            ],
            Market::Vietnam => &[
                N(10000, 14999, 5),
                N(70000, 76999, 5),
                N(50000, 50999, 5),
                N(4000, 5999, 5),
                N(94000, 94999, 5),
            ],
            Market::Us => &[
                N(10001, 10282, 5),
                N(94102, 94134, 5),
                N(60601, 60661, 5),
                N(2108, 2137, 5),
                N(78701, 78759, 5),
            ],
            Market::Uk => &[
                O(&["E1", "N1", "SW1A", "W1", "EC1A", "SE1", "NW1"]),
                O(&["M1", "M2", "M3", "M4", "M13", "M14"]),
                O(&["LS1", "LS2", "LS6", "LS7"]),
                O(&["BS1", "BS2", "BS6", "BS8"]),
                O(&["EH1", "EH2", "EH3", "EH6"]),
            ],
        }
    }

    /// A postcode of the `city`-th city, `r` choosing which.
    pub fn postcode(self, city: usize, r: u32) -> String {
        match &self.postcodes()[city % self.postcodes().len()] {
            Postcodes::Numeric(lo, hi, width) => {
                format!("{:0width$}", lo + r % (hi - lo + 1), width = *width)
            }
            Postcodes::Outward(outward) => {
                const LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
                let at = |n: u32| char::from(LETTERS[(n % LETTERS.len() as u32) as usize]);
                let r = r as usize;
                format!(
                    "{} {}{}{}",
                    outward[r % outward.len()],
                    r / 7 % 10,
                    at(r as u32 / 70),
                    at(r as u32 / 1_400)
                )
            }
        }
    }

    /// The `n`-th switchboard (landline) number of this market: (as typed locally, E.164).
    pub fn landline(self, n: u64) -> (String, String) {
        let (cc, prefixes, rest, first) = match self {
            Market::Italy => ("39", &["02", "06"][..], 8, 2),
            Market::Russia => ("7", &["495", "499", "812", "843", "383"][..], 7, 2),
            Market::Vietnam => ("84", &["24", "28"][..], 8, 3),
            Market::Us => ("1", &["212", "415", "312", "617", "512"][..], 7, 2),
            Market::Uk => ("44", &["20"][..], 8, 7),
        };
        let prefix = prefixes[(n % prefixes.len() as u64) as usize];
        let space = 10u64.pow(rest - 1);
        let digits = first * space + ((n / prefixes.len() as u64) * 7_919 + 4_321) % space;
        let national = format!("{prefix}{digits}");
        let e164 = format!("+{cc}{national}");
        let p = prefix.len();
        let d = |a: usize, b: usize| &national[a..b];
        let local = match self {
            Market::Italy => format!("{} {} {}", d(0, 2), d(2, 6), d(6, 10)),
            Market::Russia => format!("8 ({}) {}-{}-{}", d(0, 3), d(3, 6), d(6, 8), d(8, 10)),
            Market::Vietnam => format!("0{} {} {}", d(0, 2), d(2, 6), d(6, 10)),
            Market::Us => format!("({}) {}-{}", d(0, 3), d(3, 6), d(6, 10)),
            Market::Uk => format!("0{} {} {}", d(0, p), d(p, p + 4), d(p + 4, p + 8)),
        };
        (local, e164)
    }

    /// Words companies are named with: (industries, legal forms, top-level domain).
    pub fn company_words(
        self,
    ) -> (
        &'static [&'static str],
        &'static [&'static str],
        &'static str,
    ) {
        match self {
            Market::Italy => (
                &[
                    "Arredi",
                    "Costruzioni",
                    "Impianti",
                    "Trasporti",
                    "Forniture",
                    "Servizi",
                    "Tessuti",
                    "Elettronica",
                    "Logistica",
                    "Alimentari",
                ],
                &["S.r.l.", "S.p.A.", "SNC", "S.a.s."],
                "it",
            ),
            Market::Russia => (
                &[
                    "Техно",
                    "Строй",
                    "Агро",
                    "Энерго",
                    "Мед",
                    "Транс",
                    "Проф",
                    "Инвест",
                    "Хим",
                    "Спец",
                    "Гео",
                    "Электро",
                ],
                &["ООО", "АО", "ЗАО"],
                "ru",
            ),
            Market::Vietnam => (
                &[
                    "Xây dựng",
                    "Thương mại",
                    "Công nghệ",
                    "Vận tải",
                    "Thực phẩm",
                    "Nội thất",
                    "Điện tử",
                    "Dịch vụ",
                ],
                &["Công ty TNHH", "Công ty cổ phần", "CTCP"],
                "vn",
            ),
            Market::Us => (
                &[
                    "Supply",
                    "Analytics",
                    "Logistics",
                    "Foods",
                    "Partners",
                    "Engineering",
                    "Consulting",
                    "Media",
                    "Systems",
                    "Holdings",
                ],
                &["Inc.", "LLC", "Co."],
                "com",
            ),
            Market::Uk => (
                &[
                    "Supplies",
                    "Analytics",
                    "Logistics",
                    "Foods",
                    "Partners",
                    "Engineering",
                    "Consulting",
                    "Media",
                    "Systems",
                    "Holdings",
                ],
                &["Ltd", "plc", "LLP"],
                "co.uk",
            ),
        }
    }
}

/// The ASCII words of a name for addresses and handles ("D'Angelo" → "dangelo").
pub fn ascii_words(name: &str) -> Vec<String> {
    normalise::name_tokens(&name.replace(['\'', '’'], ""))
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
    fn switchboard_numbers_read_back_as_their_e164_in_their_country() {
        for market in Market::ALL {
            for n in (0..5_000).step_by(13) {
                let (local, e164) = market.landline(n);
                assert_eq!(
                    phone_e164(&local, market.country()).as_deref(),
                    Some(e164.as_str()),
                    "{local} ({})",
                    market.country()
                );
            }
        }
    }

    #[test]
    fn every_city_has_postcodes_of_its_own() {
        for market in Market::ALL {
            for city in 0..market.cities().len() {
                let a = market.postcode(city, 1);
                let b = market.postcode(city, 2);
                assert!(!a.is_empty() && a != b, "{a} {b}");
            }
        }
        assert_eq!(Market::Italy.postcode(1, 0), "00118");
        assert_eq!(Market::Uk.postcode(0, 0), "E1 0AA");
    }
}
