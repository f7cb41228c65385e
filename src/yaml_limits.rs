//! Limits on the YAML akhbar reads — items' and pages' front matter, comment files — checked
//! by one cheap pass over the text before the YAML parser sees it. The parser's time grows
//! with the square of a deep nesting (a line of 100,000 `[` took 40 s to be refused), so
//! input past these limits is refused at once, at its line, in both languages.

use std::path::Path;

use crate::diagnostic::{Diagnostic, persian_number};

/// The most bytes of YAML in one front matter or comment file (64 KiB).
pub const MAX_BYTES: usize = 64 * 1024;
/// The deepest nesting of lists and maps, indented or in brackets.
pub const MAX_DEPTH: usize = 32;

/// A limit that YAML goes past, at a 1-based line of the YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    Bytes { line: usize },
    Depth { line: usize },
}

impl Exceeded {
    /// The problem in the file at `path`, whose YAML starts on the file's line `first_line`.
    pub fn diagnostic(self, path: &Path, first_line: usize) -> Diagnostic {
        let (line, message, what, detail) = match self {
            Exceeded::Bytes { line } => (
                line,
                format!(
                    "the YAML is longer than {} KiB: move long text into the body, or split the file",
                    MAX_BYTES / 1024
                ),
                "مشخصات بیش از اندازه بلند",
                format!(
                    "مشخصات بیش از {} کیلوبایت است: متن بلند را به بدنهٔ خبر ببرید یا فایل را بخش کنید",
                    persian_number(MAX_BYTES / 1024)
                ),
            ),
            Exceeded::Depth { line } => (
                line,
                format!(
                    "lists and maps are nested more than {MAX_DEPTH} deep: a field holds text, a date or a flat list like [a, b]"
                ),
                "تودرتوی بیش از اندازه",
                format!(
                    "فهرست‌ها و نگاشت‌ها بیش از {} لایه تودرتو شده‌اند: هر فیلد متن، تاریخ یا فهرستی ساده مانند [الف, ب] است",
                    persian_number(MAX_DEPTH)
                ),
            ),
        };
        Diagnostic::new(path, Some(first_line + line - 1), message).with_persian(what, detail)
    }
}

/// The first limit `yaml` goes past, if any.
pub fn check(yaml: &str) -> Result<(), Exceeded> {
    if yaml.len() > MAX_BYTES {
        let line = yaml.as_bytes()[..MAX_BYTES]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        return Err(Exceeded::Bytes { line });
    }
    let mut scanner = Scanner::default();
    for (index, line) in yaml.lines().enumerate() {
        if scanner.line(line) > MAX_DEPTH {
            return Err(Exceeded::Depth { line: index + 1 });
        }
    }
    Ok(())
}

/// The state of the pass between lines.
#[derive(Default)]
struct Scanner {
    /// Indentations of the open block levels.
    indents: Vec<usize>,
    /// Open `[` and `{`, and the block depth they opened at.
    flow: usize,
    flow_base: usize,
    /// The quote of a quoted scalar still open.
    quote: Option<char>,
    /// The indentation a block scalar's text is deeper than, while in one.
    block_text: Option<usize>,
    /// Whether the next character starts a value (where a quote or bracket opens one).
    at_value: bool,
}

impl Scanner {
    /// Reads one line; the deepest nesting it reaches.
    fn line(&mut self, line: &str) -> usize {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if let Some(parent) = self.block_text {
            if rest.is_empty() || indent > parent {
                return 0;
            }
            self.block_text = None;
        }
        if self.flow > 0 || self.quote.is_some() {
            return self.inline(line, false);
        }
        if rest.is_empty() || rest.starts_with('#') {
            return 0;
        }
        while self.indents.last().is_some_and(|&top| top > indent) {
            self.indents.pop();
        }
        if self.indents.last() != Some(&indent) {
            self.indents.push(indent);
        }
        let mut value = rest;
        let mut depth = self.indents.len();
        let item = |after: &&str| after.is_empty() || after.starts_with([' ', '\t']);
        while let Some(after) = value.strip_prefix('-').filter(item) {
            depth += 1;
            value = after.trim_start();
        }
        self.flow_base = depth;
        if value.starts_with(['|', '>']) {
            self.block_text = Some(indent);
            return depth;
        }
        depth.max(self.inline(value, true))
    }

    /// Reads `text`, in flow or quoted context or (when `block`) as a block line's content
    /// from a value's start; the deepest nesting reached.
    fn inline(&mut self, text: &str, block: bool) -> usize {
        let mut deepest = 0;
        if block {
            self.at_value = true;
        }
        let mut previous = ' ';
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if let Some(quote) = self.quote {
                if c == '\\' && quote == '"' {
                    chars.next();
                } else if c == quote {
                    if quote == '\'' && chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        self.quote = None;
                    }
                }
                previous = c;
                continue;
            }
            let in_flow = self.flow > 0;
            match c {
                ' ' | '\t' => {
                    previous = c;
                    continue;
                }
                '#' if previous == ' ' || previous == '\t' => break,
                '"' | '\'' if self.at_value => self.quote = Some(c),
                '[' | '{' if in_flow || self.at_value => {
                    self.flow += 1;
                    deepest = deepest.max(self.flow_base + self.flow);
                    self.at_value = true;
                    previous = c;
                    continue;
                }
                ']' | '}' if in_flow => {
                    self.flow -= 1;
                    if self.flow == 0 {
                        break;
                    }
                }
                ',' if in_flow => {
                    self.at_value = true;
                    previous = c;
                    continue;
                }
                ':' if in_flow || chars.peek().is_none_or(|n| *n == ' ' || *n == '\t') => {
                    let mut ahead = chars.clone();
                    let next = ahead.find(|n| *n != ' ' && *n != '\t');
                    if !in_flow && next.is_some_and(|n| n == '|' || n == '>') {
                        // A block scalar: its text is the lines indented deeper than the key.
                        self.block_text = Some(self.indents.last().copied().unwrap_or(0));
                        break;
                    }
                    self.at_value = true;
                    previous = c;
                    continue;
                }
                _ if !in_flow && !block => break,
                _ => {}
            }
            self.at_value = false;
            previous = c;
        }
        deepest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_error(yaml: &str) -> Option<usize> {
        match check(yaml) {
            Err(Exceeded::Depth { line }) => Some(line),
            _ => None,
        }
    }

    #[test]
    fn ordinary_front_matter_passes() {
        let yaml = "id: 1\ntitle: \"[[[[ اطلاعیه {{{{\"\ntags: [نوروز, 'ساعات [کاری']\nsummary: |\n  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\nimage_alt: a[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[b\nsource: x # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\ntags2:\n  - a\n  - b\n";
        assert_eq!(check(yaml), Ok(()));
        let quoted = format!("title: 'it''s {}'\n", "[".repeat(40));
        assert_eq!(check(&quoted), Ok(()));
    }

    #[test]
    fn deep_brackets_are_refused_at_their_line() {
        assert_eq!(
            depth_error(&format!("id: 1\ntags: {}\n", "[".repeat(40))),
            Some(2)
        );
        let wide = format!("tags: {}{}\n", "[".repeat(31), "]".repeat(31));
        assert_eq!(check(&wide), Ok(()), "31 brackets under one key: 32 levels");
        let spread = format!("id: 1\ntags:\n{}", "  [\n".repeat(40));
        assert_eq!(depth_error(&spread), Some(33));
        let after_quote = format!("title: a 'b\ntags: {}\n", "[".repeat(40));
        assert_eq!(
            depth_error(&after_quote),
            Some(2),
            "a quote inside plain text opens nothing"
        );
        let flow_quote = format!("tags: [a 'b, {}]\n", "[".repeat(40));
        assert_eq!(depth_error(&flow_quote), Some(1));
        assert_eq!(depth_error(&format!("a: {}\n", "{x: ".repeat(40))), Some(1));
    }

    #[test]
    fn deep_indentation_and_dashes_are_refused() {
        let dashes = format!("tags:\n  {}x\n", "- ".repeat(40));
        assert_eq!(depth_error(&dashes), Some(2));
        let indented: String = (0..40)
            .map(|n| format!("{}k{n}:\n", " ".repeat(n)))
            .collect();
        assert_eq!(depth_error(&indented), Some(MAX_DEPTH + 1));
    }

    #[test]
    fn size_is_refused_at_the_line_past_it() {
        let yaml = "summary: x\n".repeat(MAX_BYTES / 11 + 10);
        assert_eq!(
            check(&yaml),
            Err(Exceeded::Bytes {
                line: MAX_BYTES / 11 + 1
            })
        );
    }
}
