//! akhbar: a static site generator for Persian-language news portals.

pub mod calendar;
pub mod persian;
