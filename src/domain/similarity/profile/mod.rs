//! What the similarity rules know of a record (a lead or a customer): its normalised emails,
//! numbers, handles, names and place, loaded in one or a few queries. Keys and scores are
//! computed from profiles only.
//!
//! - `record`: the profile, and which record it is;
//! - `street`: a street as compared;
//! - `build`: a profile made from a lead's or a customer's row and its identities;
//! - `load`: the profiles of given records;
//! - `pipeline`: every profile of the database, page by page.

mod build;
mod load;
mod pipeline;
mod record;
mod street;

pub use build::{LeadRow, PartnerRow, digits_of};
pub use load::{leads, of, partners};
pub use pipeline::for_each_page;
pub use record::{NumberSlot, Profile, Rec, name_in_handle};
pub use street::Street;
