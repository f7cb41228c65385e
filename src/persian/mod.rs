//! Persian text rules: digits, normalisation for matching, slugs, excerpts and bidi for plain text.
//!
//! A leaf module: it depends on nothing else in akhbar.
//!
//! ```
//! use akhbar::persian::{bidi, normalize, slug};
//!
//! assert_eq!(normalize::for_matching("كارت هوشمند"), normalize::for_matching("کارت هوشمند"));
//! assert_eq!(slug::slugify("کارت\u{200C}ملی ۱۳۹۹").as_deref(), Some("کارت-ملی-1399"));
//! let title = bidi::for_plain_text("COVID-19 در البرز", bidi::Direction::Rtl);
//! assert_eq!(title, "\u{200F}COVID-19 در البرز");
//! ```

pub mod affix;
pub mod bidi;
pub mod collate;
pub mod digits;
pub mod excerpt;
pub mod normalize;
pub mod slug;
