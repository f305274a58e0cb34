//! Match keys: the values under which a record can be found by another one. They live in the
//! indexed `match_keys` table, so a record's candidates are a few look-ups on (kind, key).
//!
//! | kind | key |
//! |---|---|
//! | `email` | the normalised address |
//! | `domain` | the company domain of an address (free-mail addresses have none) |
//! | `phone` | every number in E.164: phone, mobile, WhatsApp, Viber |
//! | `h:<channel>` | a messenger handle (`h:telegram` → `ivan_p`) |
//! | `customer` | the customer a lead is linked to, a partner's own id |
//! | `name` | the name key (transliterated, word order ignored) |
//! | `sound` | the name's consonant skeletons, so "Robyn" finds "Robin" |
//! | `nick` | a name run together ("ivanpetrov", "ipetrov"), a Telegram nickname or an email's local part, letters only |
//! | `company` | the company key (legal forms dropped) |
//!
//! Every lead, partner and identity write recomputes its owner's keys ([`refresh`]); bulk
//! loads call [`rebuild_all`] once.

mod kinds;
mod nicknames;
mod store;

pub use kinds::{COUNT_ONLY, Key, blocking, compute, family};
pub use nicknames::{NickSource, name_nicknames, nicknames, skeleton, sound_key};
pub use store::{append, append_computed, holders, rebuild_all, refresh, without_lookup_indexes};
