//! The demo's phone numbers: mobile and switchboard numbers of each market, generated
//! already in E.164 and unique per `n`, with the local spelling people type.

use super::Market;

impl Market {
    /// The international calling code, without `+`.
    pub fn calling_code(self) -> &'static str {
        self.phone_plan().0
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
}
