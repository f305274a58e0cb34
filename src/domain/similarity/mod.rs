//! Similarity: how two records are recognised as the same customer.
//!
//! - [`normalise`]: the rules every write uses to fill the `*_norm`, `*_e164`, `*_key` columns;
//! - [`keys`]: the indexed match keys, kept up to date on every write;
//! - [`candidates`]: the similar records of one lead, in a few index look-ups;
//! - [`score`]: the score 0–100 and the reasons, with weights in [`thresholds`];
//! - [`conflicts`]: a company and a person carrying the same phone or email;
//! - [`scan`]: the database-wide duplicate scan and its CSV;
//! - [`not_duplicate`]: pairs users marked as different customers;
//! - [`badges`]: the duplicate counts of many leads at once (kanban cards).

pub mod badges;
pub mod candidates;
pub mod conflicts;
pub mod keys;
pub mod normalise;
pub mod not_duplicate;
pub mod profile;
pub mod scan;
pub mod score;
pub mod summary;
pub mod thresholds;

pub use candidates::{
    Match, SimilarLeads, count_similar, matching_customers, similar_leads, similar_to,
    warnings_for_new,
};
pub use keys::rebuild_all;
pub use scan::{Cluster, scan, scan_to_csv};
pub use score::{Class, Reason};
