//! Splitting a content file into its YAML front matter and its Markdown body.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// A content file cut in two, with the lines each part starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// The line of the file the YAML's first line is on.
    pub yaml_line: usize,
    pub body: &'a str,
    /// The line of the file the body's first line is on.
    pub body_line: usize,
}

/// Why a file has no usable front matter, and the line to look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub line: usize,
    pub message: &'static str,
    /// The same in Persian: what is wrong, and what to do.
    pub persian: (&'static str, &'static str),
}

impl SplitError {
    /// The problem in the file at `path`, in both languages.
    pub fn diagnostic(&self, path: &Path) -> Diagnostic {
        let (what, detail) = self.persian;
        Diagnostic::new(path, Some(self.line), self.message).with_persian(what, detail)
    }
}

/// Cuts `text` (as [`crate::text_file`] hands it on: no byte-order mark, LF line ends) at the `---` lines that open and close its front matter.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError {
            line: 1,
            message: "the file is empty: it needs front matter between `---` lines, then the text",
            persian: (
                "فایل خالی",
                "فایل باید با مشخصات میان دو خط `---` آغاز شود و پس از آن متن بیاید",
            ),
        });
    }
    let Some(rest) = text.strip_prefix("---\n") else {
        return Err(SplitError {
            line: 1,
            message: "no front matter: the file must begin with a `---` line, then fields like `title: …`, then `---`",
            persian: (
                "مشخصات جاافتاده",
                "فایل باید با یک خط `---` آغاز شود، سپس فیلدهایی مانند `title: …` و سپس باز `---`",
            ),
        });
    };
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                yaml: &rest[..offset],
                yaml_line: 2,
                body,
                body_line: index + 3,
            });
        }
        offset += line.len();
    }
    Err(SplitError {
        line: 1,
        message: "the front matter opened on this line is never closed: add a `---` line after its last field",
        persian: (
            "مشخصات بسته‌نشده",
            "مشخصاتی که در این سطر باز شده هرگز بسته نمی‌شود: پس از آخرین فیلد یک خط `---` بیفزایید",
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_from_body() {
        let text = "---\nid: 1\ntitle: x\n---\n\nمتن خبر\n";
        let split = split(text).unwrap();
        assert_eq!(split.yaml, "id: 1\ntitle: x\n");
        assert_eq!(split.body, "\nمتن خبر\n");
        assert_eq!((split.yaml_line, split.body_line), (2, 5));
    }

    #[test]
    fn a_closing_line_may_end_the_file() {
        let split = split("---\nid: 1\n---").unwrap();
        assert_eq!((split.yaml, split.body), ("id: 1\n", ""));
    }

    #[test]
    fn missing_or_unclosed_front_matter() {
        assert_eq!(split("").unwrap_err().line, 1);
        assert!(
            split(" \n")
                .unwrap_err()
                .message
                .starts_with("the file is empty")
        );
        assert!(
            split("id: 1\n---\n")
                .unwrap_err()
                .message
                .starts_with("no front matter")
        );
        assert!(
            split("---\nid: 1\n")
                .unwrap_err()
                .message
                .contains("never closed")
        );
    }
}
