//! The match model (Fellegi–Sunter): for every comparison level of every field, `m` (how
//! often two records of one person are at that level) and `u` (how often two records of
//! different persons are). A level's weight is `log2(m / u)`: positive when it speaks for a
//! match, negative against, zero for a missing value. The total, with the prior, gives the
//! match probability; the weights are the reasons shown to the user.
//!
//! An exact agreement on a value weighs by how common that value is (term frequency): two
//! records sharing a rare surname or postcode say more than two sharing "Smith".
//!
//! The parameters live in the database ([`load`], [`save`]); a new database uses
//! [`Model::default`] until `leadbook dedupe-train` (or a large import) estimates them from
//! its own records ([`super::train`]).

mod corrections;
mod params;
mod store;

pub use corrections::{
    NAME_DIFFERENT, NAME_ONE_WORD, adjust, cap_place, is_family, named_apart, same_company,
    shared_bit, shares_place,
};
pub use params::{Evidence, FieldParams, Model, Rarity, effective_population};
pub use store::{load, population, save};
