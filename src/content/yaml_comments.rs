//! Text values YAML cuts short: in `title: اطلاعیه شماره #۳` the ` #` starts a comment, so the
//! plain (unquoted) value would be published as «اطلاعیه شماره». Found on the raw front matter
//! lines, for the fields whose value is text, and reported as errors that say to add quotes.

use super::fields::FrontMatter;
use crate::diagnostic::{Diagnostic, persian_number};

/// Every line of `front` where a top-level field in `text_keys`, or an item of a block list
/// under one, has a plain value followed by a ` #` comment.
pub fn cut_values(front: &FrontMatter, text_keys: &[&str]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut list_key: Option<&str> = None;
    for (index, line) in front.split.yaml.lines().enumerate() {
        let line_number = front.split.yaml_line + index;
        let item = line.trim_start().strip_prefix("- ");
        let (key, value) = match (item, line.starts_with([' ', '\t', '-'])) {
            (Some(value), _) => match list_key {
                Some(key) => (key, value),
                None => continue,
            },
            (None, true) => continue,
            (None, false) => {
                let Some((key, value)) = line.split_once(':') else {
                    list_key = None;
                    continue;
                };
                let key = key.trim();
                let Some(key) = text_keys.iter().copied().find(|k| *k == key) else {
                    list_key = None;
                    continue;
                };
                list_key = Some(key);
                (key, value)
            }
        };
        if let Some(kept) = cut_plain(value) {
            problems.push(problem(front, line_number, key, kept));
        }
    }
    problems
}

/// The part of plain scalar `value` YAML keeps, when a ` #` comment cuts it.
fn cut_plain(value: &str) -> Option<&str> {
    let value = value.trim_start();
    if value.is_empty() || value.starts_with(['"', '\'', '|', '>', '[', '{', '#', '&', '*', '!']) {
        return None;
    }
    let at = value
        .char_indices()
        .find(|&(i, c)| c == '#' && value[..i].ends_with([' ', '\t']))
        .map(|(i, _)| i)?;
    Some(value[..at].trim_end())
}

fn problem(front: &FrontMatter, line: usize, key: &str, kept: &str) -> Diagnostic {
    let message = format!(
        "`{key}`: YAML reads ` #` as the start of a comment, so only \"{kept}\" would be published; put the whole value in double quotes, like {key}: \"…\""
    );
    let detail = format!(
        "YAML نویسهٔ ` #` را آغاز یادداشت می‌گیرد و تنها «{kept}» منتشر می‌شود؛ همهٔ مقدار سطر {} را میان گیومهٔ دوتایی بگذارید، مانند {key}: \"…\"",
        persian_number(line)
    );
    Diagnostic::new(front.path, Some(line), message)
        .with_persian(format!("مقدار بریده‌شدهٔ `{key}`"), detail)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::content::front_matter::Split;

    fn lines(yaml: &str) -> Vec<(usize, String)> {
        let split = Split {
            yaml,
            yaml_line: 2,
            body: "",
            body_line: 9,
        };
        let front = FrontMatter {
            path: Path::new("content/news/x.md"),
            split: &split,
        };
        cut_values(&front, &["title", "tags", "summary"])
            .into_iter()
            .map(|d| (d.line.unwrap(), d.message.clone()))
            .collect()
    }

    #[test]
    fn a_comment_cutting_a_plain_text_value_is_reported_at_its_line() {
        let found = lines("id: 1 # شماره\ntitle: اطلاعیه شماره #۳ ثبت احوال\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 3);
        assert!(found[0].1.contains("\"اطلاعیه شماره\""), "{}", found[0].1);
        assert!(found[0].1.contains("double quotes"));
    }

    #[test]
    fn list_items_under_a_text_field_are_read_too() {
        let found = lines("tags:\n  - کارت ملی #هوشمند\n- ثبت\nsummary: خلاصه\n");
        assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn quoted_values_and_hashes_without_a_space_are_kept() {
        assert!(lines("title: \"اطلاعیه #۳\"\n").is_empty());
        assert!(lines("title: 'اطلاعیه #۳'\n").is_empty());
        assert!(lines("title: خبر C#\nsummary: شماره#۳\n").is_empty());
        assert!(lines("date: 1399/07/05 # تهران\n# یادداشت\n").is_empty());
        assert!(lines("tags: [الف]\n").is_empty());
    }
}
