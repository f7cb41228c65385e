//! Content: news items and pages read from `content/`, their front matter and Markdown bodies.

pub mod fields;
pub mod front_matter;
pub mod markdown;
