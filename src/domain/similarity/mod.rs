//! Similarity: how two records are recognised as the same customer. This module holds the
//! normalising rules every write uses to fill the `*_norm`, `*_e164` and `*_key` columns;
//! finding candidates, scoring and explaining matches build on these keys.

pub mod normalise;
