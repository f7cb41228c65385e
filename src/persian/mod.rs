//! Persian text rules: digits, normalisation for matching, slugs, excerpts and bidi for plain text.
//!
//! A leaf module: it depends on nothing else in akhbar.

pub mod digits;
