//! Problems with a site's input, each located in a file and line, collected across a whole build.

use std::fmt;
use std::path::PathBuf;

/// One problem with the site's input: where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based line in the file, where the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(path: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Every problem found in one pass over a site, reported together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        writeln!(
            f,
            "{count} problem{} in the site:",
            if count == 1 { "" } else { "s" }
        )?;
        for diagnostic in &self.0 {
            writeln!(f, "  {diagnostic}")?;
        }
        Ok(())
    }
}

/// Rewrites serde's "unknown field `x`, expected one of `a`, `b`" to name the closest field.
pub fn explain_unknown_field(message: &str, what: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, expected) = rest.split_once('`')?;
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let closest = known
        .iter()
        .map(|name| (strsim::jaro_winkler(unknown, name), *name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    Some(match closest {
        Some((_, name)) => format!("unknown {what} `{unknown}`: did you mean `{name}`?"),
        None => format!(
            "unknown {what} `{unknown}`: the {what}s are {}",
            known.join(", ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_field() {
        let message = "unknown field `titel`, expected one of `id`, `title`, `date`";
        assert_eq!(
            explain_unknown_field(message, "field").unwrap(),
            "unknown field `titel`: did you mean `title`?"
        );
        let message = "unknown field `colour`, expected `id` or `date`";
        assert_eq!(
            explain_unknown_field(message, "key").unwrap(),
            "unknown key `colour`: the keys are id, date"
        );
        assert_eq!(explain_unknown_field("invalid type: string", "key"), None);
    }

    #[test]
    fn reports_every_problem_with_its_place() {
        let report = Diagnostics(vec![
            Diagnostic::new("content/news/a.md", Some(3), "missing `id`"),
            Diagnostic::new("site.toml", None, "cannot be read"),
        ]);
        assert_eq!(
            report.to_string(),
            "2 problems in the site:\n  content/news/a.md:3: missing `id`\n  site.toml: cannot be read\n"
        );
    }
}
