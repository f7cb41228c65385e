//! Whatever a reader or a spreadsheet sends: the form's fields, a decisions file, the text shown
//! on a page. Nothing panics, and checked text keeps its promises.
#![no_main]

use std::path::Path;

use akhbar::comments::intake::submission::{MAX_BODY, MAX_NAME, Submission};
use akhbar::comments::model::markup::plain_text_html;
use akhbar::comments::moderation::apply::plan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(submission) = serde_json::from_slice::<Submission>(bytes)
        && let Ok(clean) = submission.check()
    {
        assert!(clean.name.chars().count() <= MAX_NAME && !clean.name.is_empty());
        assert!(clean.body.chars().count() <= MAX_BODY && !clean.body.is_empty());
        assert!(!clean.body.contains(['\0', '\u{202E}', '\r']));
    }
    let now = jiff::Timestamp::UNIX_EPOCH;
    let _ = plan(bytes, Path::new("fuzz.csv"), &[], "fuzz", now);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let html = plain_text_html(text);
        assert!(!html.contains("<script") && !html.contains('\u{202E}'));
    }
});
