//! A lead's record page and its form (new and edit).

pub mod duplicates;
pub mod form;
pub mod posted;
pub mod show;
