//! Reports: aggregations over the records an actor may see, computed in the database and
//! shaped for a chart. No rendering here; the web layer draws what these return.

pub mod lost;
