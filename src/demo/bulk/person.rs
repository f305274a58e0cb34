//! A new person of the filler: a name drawn with a skew and never a planted one, a home
//! address, maybe a company, a mobile, and an email address and a handle unique to them.

use rand::Rng;

use super::rows::written;
use super::{EMPLOYED, Filler, MARKET_WEIGHTS, Person, pick, skewed, weighted};
use crate::demo::people::{Market, ascii_words};
use crate::domain::similarity::normalise;

impl Filler<'_> {
    /// A new person (not yet shown in any row).
    pub(super) fn person(&mut self, group: usize) -> (Person, String) {
        let m = weighted(&mut self.rng, &MARKET_WEIGHTS);
        let market = self.pools[m].market;
        let (given, family, middle, family_first, names) = self.name(m);
        let [key, first_ascii, last_ascii] = names;
        let serial = self.persons;
        self.persons += 1;
        let rng = &mut self.rng;
        let company = rng.random_bool(EMPLOYED).then(|| {
            let companies = &self.pools[m].companies;
            skewed(rng, companies.len(), 2.0)
        });
        let mobile = rng.random_bool(0.85).then(|| {
            self.phones[m] += 1;
            market.phone(self.phones[m])
        });
        let streets = market.streets();
        let city = rng.random_range(0..market.cities().len());
        let street = market.address(
            streets[rng.random_range(0..streets.len())],
            rng.random_range(1..200),
        );
        let zip = market.postcode(city, rng.random());
        let product = rng.random_range(0..market.products().len());
        let domain = match company {
            Some(c) if rng.random_bool(0.9) => self.pools[m].companies[c].domain.clone(),
            _ => pick(rng, market.free_mail()).to_string(),
        };
        let local = match rng.random_range(0..10) {
            0..=4 => format!("{first_ascii}.{last_ascii}"),
            5 | 6 => format!("{}{last_ascii}", &first_ascii[..1.min(first_ascii.len())]),
            7 => format!("{first_ascii}{last_ascii}"),
            8 => format!("{first_ascii}_{last_ascii}"),
            _ => format!("{last_ascii}.{first_ascii}"),
        };
        let email = self.unique(&format!("{local}@{domain}"), serial);
        let handle = self
            .unique(&format!("tg:{first_ascii}_{last_ascii}"), serial)
            .trim_start_matches("tg:")
            .to_string();
        let person = Person {
            m,
            given,
            family,
            middle,
            family_first,
            first_ascii,
            last_ascii,
            company,
            mobile,
            email: Some(email),
            handle,
            street,
            city,
            zip,
            product,
            serial,
            group,
            shown: Default::default(),
        };
        (person, key)
    }

    /// `wanted` (an address `local@domain` or a handle) or, when someone else holds it, the
    /// same with a number appended to the local part.
    fn unique(&mut self, wanted: &str, owner: u32) -> String {
        if self.claim(wanted, owner) {
            return wanted.to_string();
        }
        let (local, domain) = wanted.split_once('@').unwrap_or((wanted, ""));
        let at = if domain.is_empty() { "" } else { "@" };
        let mut n = 1 + owner % 97;
        loop {
            let candidate = format!("{local}{n}{at}{domain}");
            if self.claim(&candidate, owner) {
                return candidate;
            }
            n += 97;
        }
    }

    /// A name of the `m`-th market that no planted record uses, its keys computed once.
    fn name(&mut self, m: usize) -> Name {
        let rng = &mut self.rng;
        let pool = &self.pools[m];
        let market = pool.market;
        let parts = &pool.parts;
        loop {
            let female = !parts.given_female.is_empty() && rng.random_bool(0.5);
            let givens = if female {
                parts.given_female
            } else {
                parts.given
            };
            let g = skewed(rng, givens.len(), 1.6);
            let f = skewed(rng, parts.family.len(), 2.2);
            let (mi, family_first) = match market {
                Market::Vietnam => (skewed(rng, parts.middle.len(), 1.5), true),
                Market::Russia if rng.random_bool(0.25) => {
                    (rng.random_range(0..parts.middle.len()), true)
                }
                _ => (usize::MAX, false),
            };
            let family = if female {
                format!("{}а", parts.family[f])
            } else {
                parts.family[f].clone()
            };
            let middle = (mi != usize::MAX).then(|| {
                if female {
                    parts.middle_female[mi].to_string()
                } else {
                    parts.middle[mi].to_string()
                }
            });
            let given = givens[g].to_string();
            let written = written(market, &given, &family, middle.as_deref(), family_first);
            let names = self
                .keys
                .entry((m, g, f, mi, female, family_first))
                .or_insert_with(|| {
                    [
                        normalise::name_key(&written).unwrap_or_default(),
                        ascii_words(&given).join(""),
                        ascii_words(&family).join(""),
                    ]
                });
            if !self.reserved.contains(&names[0]) {
                break (given, family, middle, family_first, names.clone());
            }
        }
    }
}

/// A drawn name: (given, family, middle, family first, [name key, ASCII given, ASCII family]).
type Name = (String, String, Option<String>, bool, [String; 3]);
