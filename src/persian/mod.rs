//! Persian text rules: digits, normalisation for matching, slugs, excerpts and bidi for plain text.
//!
//! A leaf module: it depends on nothing else in akhbar.

pub mod bidi;
pub mod digits;
pub mod excerpt;
pub mod normalize;
pub mod slug;
