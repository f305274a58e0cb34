//! Similarity: how two records are recognised as the same customer.
//!
//! - [`normalise`]: the rules every write uses to fill the `*_norm`, `*_e164`, `*_key` columns;
//! - [`keys`]: the indexed match keys, kept up to date on every write;
//! - [`candidates`]: the similar records of one lead, in a few index look-ups;
//! - [`field`]: the fields compared and their levels;
//! - [`compare`]: each field of two records compared, in levels (exact, close, different…);
//! - [`model`]: the learned weight of every level (Fellegi–Sunter), kept in the database;
//! - [`freq`]: how common a value is, so that a rare shared value weighs more
//!   ([`key_counts`] counts it in the index; [`context`] gathers what scoring needs);
//! - [`score`]: the match probability and the reasons, each with its weight;
//! - [`train`]: the model estimated from the database and the users' decisions;
//! - [`thresholds`]: every cut-off in one place;
//! - [`customers`]: the similar customers of one customer, and the clusters of customers;
//! - [`conflicts`]: a company and a person carrying the same phone or email;
//! - [`scan`]: the database-wide duplicate scan, its clusters and its CSV;
//! - [`not_duplicate`]: pairs users marked as different customers;
//! - [`typed`]: the duplicates of a record still being typed in the lead form;
//! - [`badges`]: the duplicate counts of many leads at once (kanban cards);
//! - [`stored`]: those counts kept per lead, cleared by the writes that may change them;
//! - [`report`]: the admin page "Duplicate finder" (the model, the decisions, the precision
//!   users saw per score band).

pub mod badges;
pub mod candidates;
pub mod compare;
pub mod conflicts;
pub mod context;
pub mod customers;
pub mod field;
pub mod freq;
pub mod key_counts;
pub mod keys;
pub mod model;
pub mod normalise;
pub mod not_duplicate;
pub mod profile;
pub mod report;
pub mod scan;
pub mod score;
pub mod stored;
pub mod summary;
pub mod thresholds;
pub mod train;
pub mod typed;

pub use candidates::{
    Match, SimilarLeads, count_similar, matching_customers, similar_leads, similar_to,
    warnings_for_new,
};
pub use keys::rebuild_all;
pub use scan::{Cluster, scan, scan_to_csv};
pub use score::{Class, Reason};
