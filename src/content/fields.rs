//! Reading front matter fields with errors that point at the field's own line in the file.

use std::path::Path;

use jiff::tz::TimeZone;
use serde::de::DeserializeOwned;

use super::front_matter::Split;
use crate::calendar::{EditorDate, parse_date};
use crate::diagnostic::{Diagnostic, explain_unknown_field, persian_number};
use crate::persian::bidi::isolate;

/// The front matter of one file, for locating and reporting its fields.
pub struct FrontMatter<'a> {
    pub path: &'a Path,
    pub split: &'a Split<'a>,
}

impl FrontMatter<'_> {
    /// The fields as `T`; unknown fields, wrong types, bad YAML and YAML past the limits of
    /// [`yaml_limits`](crate::yaml_limits) are reported at their line.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        crate::yaml_limits::check(self.split.yaml)
            .map_err(|exceeded| exceeded.diagnostic(self.path, self.split.yaml_line))?;
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
        let (mut message, what, mut detail) =
            if let Some((english, persian)) = explain_unknown_field(&message, "field") {
                (english, persian.what, persian.detail)
            } else if let Some(field) = message.strip_prefix("missing field ") {
                let detail = format!("{field} را بنویسید");
                (
                    format!("missing {field}"),
                    format!("فیلد جاافتاده {field}"),
                    detail,
                )
            } else {
                let detail = yaml_persian(&message);
                let english = format!("the front matter is not valid YAML: {message}");
                (english, "مشخصات نادرست".into(), detail)
            };
        let indented_with_tab = line
            .and_then(|line| self.split.yaml.lines().nth(line - self.split.yaml_line))
            .is_some_and(|text| text.starts_with('\t'));
        if indented_with_tab {
            message.push_str(": indent with spaces, YAML does not allow tabs");
            detail = "برای تورفتگی از فاصله استفاده کنید؛ YAML نویسهٔ تب (Tab) را نمی‌پذیرد".into();
        }
        Diagnostic::new(self.path, line, message).with_persian(what, detail)
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
            .map_err(|error| {
                let what = match key {
                    "date" => "تاریخ نامعتبر".to_string(),
                    _ => format!("تاریخ نامعتبر برای `{key}`"),
                };
                let problem = self.error(key, format!("`{key}`: {error}"));
                errors.push(problem.with_persian(what, error.persian()));
            })
            .ok()
    }
}

/// serde_yaml's message in Persian where it is a mistake editors make (an unclosed quote, text
/// where a number belongs); any other as serde_yaml words it.
fn yaml_persian(message: &str) -> String {
    if let Some((_, rest)) = message.split_once("while scanning a quoted scalar") {
        let opened = rest
            .split_once("on line ")
            .map(|(_, line)| line.trim_end_matches(|c: char| !c.is_ascii_digit()))
            .map_or(String::new(), |line| {
                format!(" در سطر {}", persian_number(line))
            });
        return format!("گیومه‌ای{opened} باز شده و بسته نشده است: گیومهٔ پایانی را بیفزایید");
    }
    if let Some((field, rest)) = message.split_once(": invalid type: ")
        && let Some((_, wanted)) = rest.rsplit_once(", expected ")
    {
        let wanted = match wanted {
            "i64" | "u64" | "i32" | "u32" | "usize" => "عدد صحیح",
            "a boolean" => "true یا false",
            "a string" => "متن",
            "a sequence" => "فهرستی مانند [الف, ب]",
            other => return format!("`{field}` باید {} باشد", isolate(other)),
        };
        return format!("`{field}` باید {wanted} باشد");
    }
    format!("خواندن مشخصات ممکن نشد: {}", isolate(message))
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

    fn front_matter_error(yaml: &str) -> Diagnostic {
        let split = Split {
            yaml,
            yaml_line: 2,
            body: "",
            body_line: 6,
        };
        let front = FrontMatter {
            path: Path::new("content/news/1403/x.md"),
            split: &split,
        };
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Fields {
            id: Option<i64>,
            title: Option<String>,
            date: Option<String>,
        }
        let fields: Fields = match front.deserialize() {
            Ok(fields) => fields,
            Err(problem) => return problem,
        };
        let tehran = crate::calendar::time_zone("Asia/Tehran").unwrap();
        let mut errors = Vec::new();
        front.date(
            "date",
            fields.date.as_deref().unwrap(),
            &tehran,
            &mut errors,
        );
        errors.remove(0)
    }

    #[test]
    fn an_impossible_date_is_told_in_persian() {
        let problem = front_matter_error("id: 1\ntitle: x\ndate: 1400/12/30\n");
        assert_eq!(
            problem.render(crate::diagnostic::Lang::Fa),
            "تاریخ نامعتبر در \u{2068}content/news/1403/x.md\u{2069}، سطر ۴: سال ۱۴۰۰ کبیسه نیست و اسفند آن ۲۹ روز دارد"
        );
        assert_eq!(
            problem.to_string(),
            "content/news/1403/x.md:4: `date`: 1400 is not a leap year, so Esfand 1400 has 29 days and day 30 does not exist"
        );
    }

    #[test]
    fn yaml_mistakes_are_told_in_persian() {
        let persian = |yaml| front_matter_error(yaml).persian.unwrap();
        let tab = persian("id: 1\ntitle:\n\t- x\n");
        assert_eq!(tab.what, "مشخصات نادرست");
        assert!(tab.detail.contains("تب (Tab)"), "{}", tab.detail);
        let quote = persian("id: 1\ntitle: \"x\ndate: y\n");
        assert_eq!(
            quote.detail,
            "گیومه‌ای در سطر ۳ باز شده و بسته نشده است: گیومهٔ پایانی را بیفزایید"
        );
        assert_eq!(persian("id: abc\n").detail, "`id` باید عدد صحیح باشد");
        assert_eq!(persian("titel: x\n").what, "فیلد ناشناخته `titel`");
    }
}
