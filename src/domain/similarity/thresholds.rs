//! Every number the similarity rules use, in one place: the cut-offs of the comparison
//! levels, the probability that makes a duplicate, the bars of the clusters and the
//! "over-common value" limit. The weights themselves are learned ([`super::model`]).

/// A key shared by more records than this finds no candidates (a switchboard number, a very
/// common name), as Odoo does.
pub const MAX_KEY_HITS: usize = 12;

/// A match probability from this up is a probable duplicate.
pub const DUPLICATE_MIN: f64 = 0.5;
/// A pair below this probability keeps two groups of duplicates apart: a cluster is joined
/// only if every pair across it that was compared is at least this likely, and at least
/// one link is a duplicate.
pub const CLUSTER_LINK_MIN: f64 = 0.002;
/// Clusters grow by pairs; one larger than this is not joined further (a switchboard).
pub const CLUSTER_MAX: usize = 50;

/// Jaro-Winkler similarity of two names (word by word) from which they are "close"…
pub const CLOSE_NAME_MIN: f64 = 0.95;
/// …and "similar".
pub const SIMILAR_NAME_MIN: f64 = 0.88;
/// Two words of a name from which one stands for the other.
pub const CLOSE_WORD_MIN: f64 = 0.90;
/// Two city names from which they are the same city with a typo.
pub const CLOSE_CITY_MIN: f64 = 0.88;
/// Two company names from which they are the same company with a typo.
pub const CLOSE_COMPANY_MIN: f64 = 0.90;
/// Two street names from which they are the same street with a typo.
pub const CLOSE_STREET_MIN: f64 = 0.85;
/// Shortest email local part compared on its own ("robin.banks@…" on two domains).
pub const LOCAL_PART_MIN_LEN: usize = 5;
/// How many last digits of two numbers are compared…
pub const LAST_DIGITS: usize = 7;
/// …and how many digits a number needs for that.
pub const LAST_DIGITS_MIN: usize = 7;
/// Shortest nickname (letters only) compared with a name.
pub const NICKNAME_MIN_LEN: usize = 5;

/// Term frequencies and the prior are computed as if the database held at least this many
/// records: in a small database every value looks rare.
pub const MIN_POPULATION: f64 = 1_000.0;
/// Share of their weight that the weaker place agreements (street, postcode, city) add to
/// the strongest one.
pub const PLACE_SHARE: f64 = 0.5;
/// The weight of two names sharing one word only (another given name) when the records also
/// share an address or a number: a household, not one person.
pub const FAMILY_WEIGHT: f64 = -3.0;
/// Holders of a value not counted against it besides the two records compared: a person's
/// further copies (one customer often has three or four leads).
pub const OWN_COPIES: f64 = 2.0;
/// A company or a number held by this many records or more is an organisation's (its
/// switchboard): more than one person's records. Two persons there share it by nature.
pub const ORGANISATION_MIN: f64 = 7.0;
