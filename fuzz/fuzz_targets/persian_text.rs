//! Any text goes through every Persian text rule without a panic, keeping their promises.
#![no_main]

use akhbar::persian::bidi::{Direction, for_plain_text, isolate, visual_line};
use akhbar::persian::excerpt::{excerpt, reading_minutes};
use akhbar::persian::normalize::{for_matching, standardize_letters};
use akhbar::persian::slug::slugify;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let matching = for_matching(text);
    assert_eq!(for_matching(&matching), matching);
    standardize_letters(text);
    if let Some(slug) = slugify(text) {
        assert!(!slug.is_empty() && slug != "." && slug != "..");
        assert!(!slug.contains(['/', '\\', '?', '#', '%']));
        assert_eq!(slugify(&slug).as_deref(), Some(slug.as_str()));
    }
    for max_chars in [0, 1, 10, 160] {
        assert!(excerpt(text, max_chars).chars().count() <= max_chars);
    }
    reading_minutes(text);
    for direction in [Direction::Rtl, Direction::Ltr] {
        let plain = for_plain_text(text, direction);
        assert_eq!(for_plain_text(&plain, direction), plain);
        visual_line(text, direction);
    }
    isolate(text);
});
