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
        serde_yaml::from_str(yaml).map_err(|error| {
            let line = error
                .location()
                .map(|location| self.split.yaml_line + location.line() - 1);
            let message = without_location(&error.to_string());
            let message = explain_unknown_field(&message, "field").unwrap_or_else(|| match message
                .strip_prefix("missing field ")
            {
                Some(field) => format!("missing {field}"),
                None => format!("the front matter is not valid YAML: {message}"),
            });
            Diagnostic::new(self.path, line, message)
        })
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

/// serde_yaml's message without its trailing " at line L column C".
fn without_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}
