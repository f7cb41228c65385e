//! Changing fields of a content file's front matter as a careful person would by hand: only the
//! fields that changed are written again, each where it was; every other byte of the file (the
//! other fields, their order, quotes and comments, the body) stays as it was. The desk saves an
//! editor's form through this, so a hand-written file edited there differs only in the lines of
//! the fields the editor changed.
//!
//! A field is a top-level `key:` line with the lines under it (indented, or a block list's
//! `- ` items), as YAML reads it. Values are written in the plainest form YAML 1.2 reads back
//! as the same text: plain where nothing in them means something to YAML, double-quoted
//! otherwise.

use super::front_matter::{SplitError, split};

/// A value to give a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// Text, written so that YAML reads back exactly it.
    Text(String),
    /// `true` or `false`.
    Flag(bool),
    /// A whole number (a news number).
    Number(u64),
    /// A list of texts (tags), written in flow style: `[یک, دو]`.
    List(Vec<String>),
    /// Written as it is, unquoted: for values whose form the caller already holds to a rule,
    /// as a Jalali date-time `1404/09/08 10:30`.
    Verbatim(String),
}

/// `text` (a content file, as [`crate::text_file`] hands it on) with each field of `changes`
/// given its value, or taken out for `None`; a field not there yet is added after the last.
/// Fails only when `text` has no front matter to change.
pub fn edit(text: &str, changes: &[(&str, Option<FieldValue>)]) -> Result<String, SplitError> {
    let yaml = split(text)?.yaml;
    let start = yaml.as_ptr() as usize - text.as_ptr() as usize;
    let fields = fields(yaml);
    // Replacements by byte range of `text`, applied from the last so earlier ranges hold.
    let mut replacements: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut added = String::new();
    for (key, value) in changes {
        let line = value
            .as_ref()
            .map(|value| format!("{key}: {}\n", render(value)));
        match fields.iter().find(|field| field.key == *key) {
            Some(field) => {
                let range = start + field.range.start..start + field.range.end;
                replacements.push((range, line.unwrap_or_default()));
            }
            None => added.extend(line),
        }
    }
    let end = start + yaml.len();
    if !added.is_empty() {
        if !yaml.is_empty() && !yaml.ends_with('\n') {
            added.insert(0, '\n');
        }
        replacements.push((end..end, added));
    }
    replacements.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut edited = text.to_string();
    for (range, line) in replacements {
        edited.replace_range(range, &line);
    }
    Ok(edited)
}

/// The key of the top-level field of `text`'s front matter whose lines include `line` (of
/// the file, from 1); none on the `---` lines, a comment, or a file without front matter.
pub fn field_on_line(text: &str, line: usize) -> Option<&str> {
    let split = split(text).ok()?;
    let yaml = split.yaml;
    let line_at = |offset: usize| split.yaml_line + yaml[..offset].matches('\n').count();
    fields(yaml).into_iter().find_map(|field| {
        let last = line_at(field.range.end.saturating_sub(1).max(field.range.start));
        (line_at(field.range.start)..=last)
            .contains(&line)
            .then_some(field.key)
    })
}

/// A top-level field of the front matter: its key, and the bytes of its lines.
struct Field<'y> {
    key: &'y str,
    range: std::ops::Range<usize>,
}

/// The top-level fields of `yaml`, in order. A field runs from its `key:` line through the
/// indented lines and block list items under it; a blank line is its own unless such a line
/// follows, and a comment in the first column ends it.
fn fields(yaml: &str) -> Vec<Field<'_>> {
    let mut fields: Vec<Field> = Vec::new();
    let (mut offset, mut open) = (0, false);
    for line in yaml.split_inclusive('\n') {
        let end = offset + line.len();
        let under = line.starts_with([' ', '\t']) || line.starts_with("- ") || line.trim() == "-";
        if line.trim().is_empty() {
        } else if under {
            if let Some(field) = fields.last_mut().filter(|_| open) {
                field.range.end = end;
            }
        } else if let Some((key, _)) = line.split_once(':')
            && !key.is_empty()
            && !key.contains([' ', '\t', '#', '"', '\''])
        {
            fields.push(Field {
                key,
                range: offset..end,
            });
            open = true;
        } else {
            open = false;
        }
        offset = end;
    }
    fields
}

/// `value` as YAML writes it on a field's line (after `key: `).
pub fn render(value: &FieldValue) -> String {
    match value {
        FieldValue::Text(text) => scalar(text, false),
        FieldValue::Flag(flag) => flag.to_string(),
        FieldValue::Number(number) => number.to_string(),
        FieldValue::List(items) => {
            let items: Vec<String> = items.iter().map(|item| scalar(item, true)).collect();
            format!("[{}]", items.join(", "))
        }
        FieldValue::Verbatim(text) => text.clone(),
    }
}

/// `text` as a YAML scalar: plain when YAML reads it back as the very same text (in a flow
/// list too, with `in_flow`), else double-quoted.
fn scalar(text: &str, in_flow: bool) -> String {
    if is_plain(text, in_flow) {
        return text.to_string();
    }
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() || is_invisible_break(c) => {
                quoted.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Line and paragraph separators and the byte-order mark, which YAML treats as breaks or
/// drops: escaped so the value keeps them.
fn is_invisible_break(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{85}')
}

/// Whether YAML reads `text`, unquoted where it is written (a field's value, or an item of a
/// flow list with `in_flow`), as this very text: not a number, a flag or null, not cut by a
/// ` #` comment, no indicator misread. Decided by reading it back so, with nothing escaped and
/// no space at its ends.
fn is_plain(text: &str, in_flow: bool) -> bool {
    let simple = !text.is_empty()
        && text.trim() == text
        && !text.contains(" #")
        && !text
            .chars()
            .any(|c| c.is_control() || is_invisible_break(c));
    let read = match in_flow {
        true => serde_yaml::from_str::<Vec<serde_yaml::Value>>(&format!("[{text}]"))
            .ok()
            .filter(|items| items.len() == 1)
            .and_then(|mut items| items.pop()),
        false => serde_yaml::from_str::<serde_yaml::Mapping>(&format!("k: {text}\n"))
            .ok()
            .and_then(|mut mapping| mapping.remove("k")),
    };
    simple && read.is_some_and(|value| value.as_str() == Some(text))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const HAND_WRITTEN: &str = "---\n# خبر دست‌نوشته\nid: 242513\ntitle:   صدور کارت هوشمند   # یادداشت\ndate: 1399/07/05 10:30\ntags:\n  - کارت ملی\n  - ثبت احوال\nsummary: >\n  خلاصه‌ای\n  در دو سطر\ndraft: false\n---\n\nمتن خبر **بی‌تغییر** می‌ماند.\n";

    fn text(value: &str) -> Option<FieldValue> {
        Some(FieldValue::Text(value.into()))
    }

    /// The lines of `before` and `after` that differ, by position (files of as many lines).
    fn changed_lines<'a>(before: &'a str, after: &'a str) -> Vec<(&'a str, &'a str)> {
        before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .collect()
    }

    #[test]
    fn a_changed_title_rewrites_its_line_only() {
        let edited = edit(HAND_WRITTEN, &[("title", text("صدور کارت هوشمند ملی"))]).unwrap();
        assert_eq!(
            changed_lines(HAND_WRITTEN, &edited),
            [(
                "title:   صدور کارت هوشمند   # یادداشت",
                "title: صدور کارت هوشمند ملی"
            )]
        );
    }

    #[test]
    fn a_block_field_is_replaced_whole_and_the_rest_kept() {
        let tags = Some(FieldValue::List(vec!["کارت ملی".into(), "البرز".into()]));
        let edited = edit(HAND_WRITTEN, &[("tags", tags), ("summary", None)]).unwrap();
        assert!(
            edited.contains("date: 1399/07/05 10:30\ntags: [کارت ملی, البرز]\ndraft: false\n"),
            "{edited}"
        );
        assert!(edited.starts_with("---\n# خبر دست‌نوشته\nid: 242513\n"));
        assert!(edited.ends_with("---\n\nمتن خبر **بی‌تغییر** می‌ماند.\n"));
    }

    #[test]
    fn a_field_not_there_is_added_after_the_last() {
        let edited = edit(HAND_WRITTEN, &[("pinned", Some(FieldValue::Flag(true)))]).unwrap();
        assert!(
            edited.contains("draft: false\npinned: true\n---\n"),
            "{edited}"
        );
        let bare = edit("---\nid: 1\n---\n", &[("title", text("خبر"))]).unwrap();
        assert_eq!(bare, "---\nid: 1\ntitle: خبر\n---\n");
    }

    #[test]
    fn values_yaml_would_misread_are_quoted() {
        for (value, written) in [
            ("اطلاعیه شماره #۳", "\"اطلاعیه شماره #۳\""),
            ("اطلاعیه شماره ‎#۳", "اطلاعیه شماره ‎#۳"),
            ("خبر: مهم", "\"خبر: مهم\""),
            ("true", "\"true\""),
            ("1404", "\"1404\""),
            ("- فهرست", "\"- فهرست\""),
            ("«نقل» \"قول\"", "«نقل» \"قول\""),
            ("\"نقل\" قول", "\"\\\"نقل\\\" قول\""),
            ("", "\"\""),
            (" فاصله", "\" فاصله\""),
            ("عنوان # با یادداشت", "\"عنوان # با یادداشت\""),
        ] {
            assert_eq!(scalar(value, false), written, "{value}");
        }
        assert_eq!(
            render(&FieldValue::List(vec!["الف، ب".into(), "a, b".into()])),
            "[الف، ب, \"a, b\"]"
        );
    }

    #[test]
    fn a_line_is_found_in_its_field() {
        let lines: Vec<Option<&str>> = (1..=15)
            .map(|line| field_on_line(HAND_WRITTEN, line))
            .collect();
        assert_eq!(
            lines,
            [
                None,
                None,
                Some("id"),
                Some("title"),
                Some("date"),
                Some("tags"),
                Some("tags"),
                Some("tags"),
                Some("summary"),
                Some("summary"),
                Some("summary"),
                Some("draft"),
                None,
                None,
                None
            ]
        );
    }

    #[test]
    fn no_front_matter_is_refused() {
        assert!(edit("متن بی مشخصات\n", &[("title", text("خبر"))]).is_err());
    }

    proptest! {
        /// Whatever the text, the field reads back as exactly it, and the other fields and
        /// the body stay byte for byte.
        #[test]
        fn any_title_reads_back_and_nothing_else_moves(title in "\\PC{0,40}|[ #:\"'\\-\\[\\]{},]{0,6}\\PC{0,8}") {
            let edited = edit(HAND_WRITTEN, &[("title", text(&title))]).unwrap();
            let yaml = split(&edited).unwrap().yaml;
            let parsed: serde_yaml::Mapping = serde_yaml::from_str(yaml).unwrap();
            prop_assert_eq!(parsed.get("title").and_then(|v| v.as_str()), Some(title.as_str()));
            prop_assert_eq!(edited.lines().count(), HAND_WRITTEN.lines().count());
            prop_assert_eq!(changed_lines(HAND_WRITTEN, &edited).len(), 1);
        }

        /// Tags given as a list read back as that list.
        #[test]
        fn any_tags_read_back(tags in proptest::collection::vec("\\PC{1,12}", 0..5)) {
            let edited = edit(HAND_WRITTEN, &[("tags", Some(FieldValue::List(tags.clone())))]).unwrap();
            let parsed: serde_yaml::Mapping = serde_yaml::from_str(split(&edited).unwrap().yaml).unwrap();
            let read: Vec<String> = serde_yaml::from_value(parsed["tags"].clone()).unwrap();
            prop_assert_eq!(read, tags);
        }
    }
}
