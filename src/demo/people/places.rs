//! The demo's places: the cities of each market with their postcodes, street names, and how
//! an address is written locally.

use super::Market;

/// One range of postcodes of a city: numeric `lo..=hi` written with `width` digits, or (UK)
/// outward codes followed by a generated inward code.
enum Postcodes {
    Numeric(u32, u32, usize),
    Outward(&'static [&'static str]),
}

impl Market {
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
