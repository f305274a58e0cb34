//! Corrections of one pair's weights for evidence that is not independent: one address seen
//! three ways, a household, the persons of one company.

use crate::domain::similarity::compare::{FIELDS, Field};
use crate::domain::similarity::thresholds::{ORGANISATION_MIN, PLACE_SHARE};

/// The place fields: one address seen three ways, not three independent pieces of evidence.
const PLACE: [Field; 3] = [Field::Street, Field::Zip, Field::City];

/// The name level of two names sharing one word only (a surname, with another given name).
pub const NAME_ONE_WORD: u8 = 6;
/// The name level of two clearly different names.
pub const NAME_DIFFERENT: u8 = 7;

/// Corrects the weights of one pair for evidence that is not independent:
/// - the place fields are capped ([`cap_place`]);
/// - two names sharing only one word weigh `family_weight` where the two records also
///   share an address or a number: that is how a family looks (Kelly and Lesley Curtis at
///   55 Andrew Quays), and random pairs, which seldom share an address, cannot teach it:
///   it is learnt from the candidate pairs that share an address or number
///   ([`Model::family_weight`]);
/// - two persons of one company (wholly different names, or names sharing one word at a
///   company many records hold): the company, its switchboard and its email domain are
///   the company's and say nothing about the persons, so they add nothing;
/// - at a company many records hold, its address is the company's: it adds nothing to the
///   company's own weight;
/// - a number many records hold (a switchboard, a shared line) adds nothing to a pair of
///   one such company or of two differently named persons.
///
/// `shared` has a bit per field whose agreed value more records hold than one person has
/// ([`shared_bit`]). Below that the value may be one person's copies, which then look
/// like colleagues (a name typed wrong at the same company).
pub fn adjust(levels: &[u8; FIELDS], weights: &mut [f64; FIELDS], family_weight: f64, shared: u16) {
    if is_family(levels) {
        weights[Field::Name.index()] = family_weight;
    }
    let is_shared = |f: Field| shared & (1 << f.index()) != 0;
    let organisation = same_company(levels) && is_shared(Field::Company);
    // Two wholly different names at one company are two persons, however few records
    // hold it; one shared word (a surname) there is a household only where it is small.
    let colleagues = same_company(levels)
        && (levels[Field::Name.index()] == NAME_DIFFERENT || organisation && named_apart(levels));
    let mut theirs = |f: Field| weights[f.index()] = weights[f.index()].min(0.0);
    if colleagues {
        for f in [Field::Company, Field::Email] {
            theirs(f);
        }
    }
    if same_company(levels) && levels[Field::Name.index()] == NAME_DIFFERENT {
        theirs(Field::Phone);
    }
    if organisation {
        for f in PLACE {
            theirs(f);
        }
    }
    if is_shared(Field::Phone) && (organisation || named_apart(levels)) {
        theirs(Field::Phone);
    }
    cap_place(weights);
}

/// The bit of `field` for [`adjust`] when its agreed value is held by `holders` records:
/// set for a company or a number held by more records than one person has
/// ([`ORGANISATION_MIN`]).
pub fn shared_bit(field: Field, holders: f64) -> u16 {
    let organisational = matches!(field, Field::Company | Field::Phone);
    if organisational && holders >= ORGANISATION_MIN {
        1 << field.index()
    } else {
        0
    }
}

/// Whether two records share an address (street, or postcode) or a number.
pub fn shares_place(levels: &[u8; FIELDS]) -> bool {
    let level = |f: Field| levels[f.index()];
    matches!(level(Field::Street), 0 | 1) || level(Field::Zip) == 0 || level(Field::Phone) == 0
}

/// Whether two records name the same company (or one with a typo).
pub fn same_company(levels: &[u8; FIELDS]) -> bool {
    matches!(levels[Field::Company.index()], 0 | 1)
}

/// Whether both records are named and the names share one word at most.
pub fn named_apart(levels: &[u8; FIELDS]) -> bool {
    matches!(levels[Field::Name.index()], NAME_ONE_WORD | NAME_DIFFERENT)
}

/// Whether two records look like two members of one household ([`adjust`]).
pub fn is_family(levels: &[u8; FIELDS]) -> bool {
    levels[Field::Name.index()] == NAME_ONE_WORD && shares_place(levels)
}

/// Caps what the place fields add together: the strongest agreement counts in full, the
/// others only for [`PLACE_SHARE`] of their weight (a street, its postcode and its city
/// agree together by nature, and a household shares all three).
pub fn cap_place(weights: &mut [f64; FIELDS]) {
    let strongest = PLACE
        .iter()
        .copied()
        .filter(|f| weights[f.index()] > 0.0)
        .max_by(|x, y| weights[x.index()].total_cmp(&weights[y.index()]));
    for f in PLACE {
        if Some(f) != strongest && weights[f.index()] > 0.0 {
            weights[f.index()] *= PLACE_SHARE;
        }
    }
}
