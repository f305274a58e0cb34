//! The audit trail: who did what, when and from where, for the admins' Configuration → Audit
//! page and its export.
//!
//! - [`action`]: the stable codes of what is recorded ([`Action`]);
//! - [`entry`]: writing one record ([`record`], or [`audited`] to write it in the change's
//!   own transaction), with who did it ([`Origin`]) and what it touched ([`Target`]);
//! - [`changes`]: which settings or user fields a save changed, by name;
//! - [`tokens`]: API tokens made and revoked, recorded;
//! - [`query`]: the page's filtered, paged reading and the CSV export.
//!
//! The table is append-only (triggers refuse UPDATE and DELETE) and holds ids, counts and
//! field or setting names only, never a customer's or lead's name, email, phone or handle:
//! an erasure must leave no copy of a person's data, and this table is never scrubbed.

pub mod action;
pub mod changes;
pub mod entry;
pub mod query;
pub mod tokens;

pub use action::Action;
pub use changes::{changed_settings, settings_saved, user_change};
pub use entry::{Origin, Target, TargetKind, audited, record};
pub use query::{AuditFilter, AuditPage, Entry};
pub use tokens::{create_token, revoke_token};
