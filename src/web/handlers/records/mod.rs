//! A lead's record page and its form (new and edit).

pub mod form;
pub mod show;
