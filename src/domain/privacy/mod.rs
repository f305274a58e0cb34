//! A person's data (GDPR articles 15 and 17): find every record that holds one person's
//! contact details, export them, or erase them everywhere the database keeps a copy.
//!
//! - [`find`]: from one lead or customer, the leads (archived, lost and merged-away ones
//!   included) and customers that hold the same address, number, messenger handle or name
//!   key, followed a bounded number of rounds — never by company or email domain, so a
//!   colleague at the same company is not the same person;
//! - [`export`]: those records with every field, messenger identity and chatter message, as
//!   JSON and CSV;
//! - [`erase`]: anonymises the person in one transaction — the records, their identities,
//!   match keys and search index, their chatter, the merge journals and every stored text
//!   that still holds one of the values — then removes the old bytes from the store.
//!
//! Only admins may do either ([`crate::domain::access::Actor::require_admin`]).

pub mod erase;
pub mod export;
pub mod find;
mod scrub;
mod snapshots;
pub mod storage;

pub use erase::{ErasePreview, Erased, erase, preview};
pub use export::{PersonExport, export, export_recorded, to_csv, to_json};
pub use find::{Person, Start, find};

/// What an erased text column holds: a fixed marker the pages show as a translated label.
pub const ERASED: &str = "erased";

/// Whether a stored value is the erasure marker (the pages show it translated).
pub fn is_erased(value: &str) -> bool {
    value == ERASED
}
