//! Reading front matter fields with errors that point at the field's own line in the file.

use std::path::Path;

use jiff::tz::TimeZone;
use serde::de::DeserializeOwned;

use super::front_matter::Split;
use crate::calendar::{EditorDate, parse_date};
use crate::diagnostic::{Diagnostic, explain_unknown_field};

/// The front matter of one file, for locating and reporting its fields.
pub struct FrontMatter<'a> {
    pub path: &'a Path,
    pub split: &'a Split<'a>,
}

impl FrontMatter<'_> {
    /// The fields as `T`; unknown fields, wrong types and bad YAML are reported at their line.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        let yaml = if self.split.yaml.trim().is_empty() {
            "{}"
        } else {
            self.split.yaml
        };
        serde_yaml::from_str(yaml).map_err(|error| self.yaml_error(&error))
    }

    /// serde_yaml's error in the file's terms: its lines, our field names, a hint for tabs.
    fn yaml_error(&self, error: &serde_yaml::Error) -> Diagnostic {
        let line = error
            .location()
            .map(|location| self.split.yaml_line + location.line() - 1);
        let mut message = file_lines(&error.to_string(), self.split.yaml_line - 1);
        if let Some(line) = line {
            // The diagnostic names this line already.
            let here = format!(" on line {line}");
            message = message.replace(&format!("{here},"), ",");
            if message.ends_with(&here) {
                message.truncate(message.len() - here.len());
            }
        }
        let mut message = if let Some(explained) = explain_unknown_field(&message, "field") {
            explained
        } else if let Some(field) = message.strip_prefix("missing field ") {
            format!("missing {field}")
        } else {
            format!("the front matter is not valid YAML: {message}")
        };
        let indented_with_tab = line
            .and_then(|line| self.split.yaml.lines().nth(line - self.split.yaml_line))
            .is_some_and(|text| text.starts_with('\t'));
        if indented_with_tab {
            message.push_str(": indent with spaces, YAML does not allow tabs");
        }
        Diagnostic::new(self.path, line, message)
    }

    /// A problem with the field `key`, reported at the line that sets it.
    pub fn error(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.path, Some(self.key_line(key)), message)
    }

    /// The line that sets top-level `key`, or the opening `---` line when none does.
    pub fn key_line(&self, key: &str) -> usize {
        self.split
            .yaml
            .lines()
            .position(|line| {
                line.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map_or(1, |index| self.split.yaml_line + index)
    }

    /// The date in field `key`, or `None` with the reason added to `errors`.
    pub fn date(
        &self,
        key: &str,
        text: &str,
        zone: &TimeZone,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<EditorDate> {
        parse_date(text, zone)
            .map_err(|error| errors.push(self.error(key, format!("`{key}`: {error}"))))
            .ok()
    }
}

/// serde_yaml's message with each "at line L column C" of the YAML block made "on line N"
/// of the file, `offset` lines further down.
fn file_lines(message: &str, offset: usize) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " at line ".len()..];
        let digits = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        let Ok(line) = after[..digits].parse::<usize>() else {
            out.push_str(" at line ");
            rest = after;
            continue;
        };
        out.push_str(&format!(" on line {}", line + offset));
        rest = &after[digits..];
        if let Some(column) = rest.strip_prefix(" column ") {
            rest = column.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_lines_become_file_lines() {
        assert_eq!(
            file_lines(
                "found end of stream at line 4 column 1, while scanning at line 2 column 8",
                1
            ),
            "found end of stream on line 5, while scanning on line 3"
        );
        assert_eq!(file_lines("no location", 1), "no location");
        assert_eq!(file_lines("odd at line x", 1), "odd at line x");
    }
}
