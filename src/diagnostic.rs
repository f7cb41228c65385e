//! Problems with a site's input, each located in a file and line, collected across a whole build,
//! and told in English or, for the editors, in Persian.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::persian::bidi::isolate;
use crate::persian::digits::to_persian;

/// The language problems are told in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Persian, for the editors; the default, as `language = "fa"` is.
    Fa,
    En,
}

impl Lang {
    /// The messages' language for a site's `language`: Persian for `fa` (and `fa-IR`), English
    /// for any other, since editors of a site in another language may not read Persian.
    pub fn of_site(language: &str) -> Lang {
        let primary = language.trim().split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("fa") {
            Lang::Fa
        } else {
            Lang::En
        }
    }

    /// `fa` in Persian, `en` in English: for the few fixed sentences around the problems.
    pub fn pick<'a>(self, fa: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fa => fa,
            Lang::En => en,
        }
    }
}

/// A problem told in Persian, in the order editors read it: what is wrong, the place, then the
/// detail and what to do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Persian {
    /// A short phrase such as «تاریخ نامعتبر», put before the file's name.
    pub what: String,
    /// What exactly is wrong and what to do, put after the file's name and line.
    pub detail: String,
}

/// One problem with the site's input: where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based line in the file, where the problem has one.
    pub line: Option<usize>,
    /// The English text, which `Display`, logs and scripts use.
    pub message: String,
    /// The text for Persian-speaking editors; without it they are shown the English.
    pub persian: Option<Persian>,
}

impl Diagnostic {
    pub fn new(path: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            message: message.into(),
            persian: None,
        }
    }

    /// The same problem in Persian: `what` goes before the file's name, `detail` after its line.
    pub fn with_persian(mut self, what: impl Into<String>, detail: impl Into<String>) -> Self {
        self.persian = Some(Persian {
            what: what.into(),
            detail: detail.into(),
        });
        self
    }

    /// The message without its place, in `lang` (English when there is no Persian text).
    pub fn message_in(&self, lang: Lang) -> String {
        match (lang, &self.persian) {
            (Lang::Fa, Some(persian)) => format!("{}: {}", persian.what, persian.detail),
            _ => self.message.clone(),
        }
    }

    /// The whole problem in `lang`: `path:line: message`, or in Persian
    /// «what در path، سطر n: detail» with the path isolated so it keeps its own order.
    pub fn render(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let path = self.path.display().to_string();
        let place = match self.line {
            Some(line) => format!("{}، سطر {}", isolate(&path), persian_number(line)),
            None => isolate(&path).into_owned(),
        };
        match &self.persian {
            Some(Persian { what, detail }) => format!("{what} در {place}: {detail}"),
            // English inside a Persian frame, isolated so its words keep their order.
            None => format!("مشکل در {place}: {}", isolate(&self.message)),
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

impl Diagnostics {
    /// The line before the problems: "3 problems in the site:" or «۳ مشکل در پایگاه:».
    pub fn header(&self, lang: Lang) -> String {
        let count = self.0.len();
        match lang {
            Lang::Fa => format!("{} مشکل در پایگاه:", persian_number(count)),
            Lang::En => format!(
                "{count} problem{} in the site:",
                if count == 1 { "" } else { "s" }
            ),
        }
    }

    /// The header and every problem, one a line, indented, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = self.header(lang);
        out.push('\n');
        for diagnostic in &self.0 {
            out.push_str("  ");
            out.push_str(&diagnostic.render(lang));
            out.push('\n');
        }
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// `number` in Persian digits.
pub fn persian_number(number: impl fmt::Display) -> String {
    to_persian(&number.to_string()).into_owned()
}

/// What an editor wrote, in Persian quotation marks and isolated, for a Persian sentence.
pub fn quoted(text: &str) -> String {
    format!("«{}»", isolate(text))
}

/// An I/O error for editors: the common kinds in Persian, any other as the system words it.
pub fn io_persian(error: &io::Error) -> String {
    let text = match error.kind() {
        io::ErrorKind::NotFound => "چنین فایل یا پوشه‌ای نیست",
        io::ErrorKind::PermissionDenied => "اجازهٔ دسترسی به آن نیست",
        io::ErrorKind::AlreadyExists => "فایلی با همین نام هست",
        io::ErrorKind::InvalidData => "متن آن UTF-8 نیست",
        io::ErrorKind::StorageFull => "جایی روی دیسک نمانده است",
        io::ErrorKind::IsADirectory => "این پوشه است، نه فایل",
        _ => return isolate(&error.to_string()).into_owned(),
    };
    text.into()
}

/// Rewrites serde's "unknown field `x`, expected one of `a`, `b`" to name the closest field;
/// `what` is "field" or "key". Returns the English message and the Persian text.
pub fn explain_unknown_field(message: &str, what: &str) -> Option<(String, Persian)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, expected) = rest.split_once('`')?;
    let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let closest = known
        .iter()
        .map(|name| (strsim::jaro_winkler(unknown, name), *name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let what_fa = if what == "key" {
        "کلید"
    } else {
        "فیلد"
    };
    let (english, detail) = match closest {
        Some((_, name)) => (
            format!("unknown {what} `{unknown}`: did you mean `{name}`?"),
            format!("آیا منظورتان `{name}` است؟"),
        ),
        None => (
            format!(
                "unknown {what} `{unknown}`: the {what}s are {}",
                known.join(", ")
            ),
            format!("{what_fa}های پذیرفته: {}", known.join("، ")),
        ),
    };
    let persian = Persian {
        what: format!("{what_fa} ناشناخته `{unknown}`"),
        detail,
    };
    Some((english, persian))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_field() {
        let message = "unknown field `titel`, expected one of `id`, `title`, `date`";
        let (english, persian) = explain_unknown_field(message, "field").unwrap();
        assert_eq!(english, "unknown field `titel`: did you mean `title`?");
        assert_eq!(persian.what, "فیلد ناشناخته `titel`");
        assert_eq!(persian.detail, "آیا منظورتان `title` است؟");
        let message = "unknown field `colour`, expected `id` or `date`";
        let (english, persian) = explain_unknown_field(message, "key").unwrap();
        assert_eq!(english, "unknown key `colour`: the keys are id, date");
        assert_eq!(persian.detail, "کلیدهای پذیرفته: id، date");
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
        assert_eq!(report.render(Lang::En), report.to_string());
    }

    #[test]
    fn tells_editors_in_persian_with_the_path_isolated_and_persian_digits() {
        let problem = Diagnostic::new("content/news/1403/x.md", Some(14), "`id` is -3")
            .with_persian("شمارهٔ خبر نامعتبر", "شمارهٔ خبر باید مثبت باشد");
        assert_eq!(
            problem.render(Lang::Fa),
            "شمارهٔ خبر نامعتبر در \u{2068}content/news/1403/x.md\u{2069}، سطر ۱۴: شمارهٔ خبر باید مثبت باشد"
        );
        assert_eq!(
            problem.message_in(Lang::Fa),
            "شمارهٔ خبر نامعتبر: شمارهٔ خبر باید مثبت باشد"
        );
        assert_eq!(problem.message_in(Lang::En), "`id` is -3");
        assert_eq!(
            problem.render(Lang::En),
            "content/news/1403/x.md:14: `id` is -3"
        );
    }

    #[test]
    fn falls_back_to_english_inside_a_persian_frame() {
        let problem = Diagnostic::new("templates/page.html", None, "Found `}` but expected }}.");
        assert_eq!(
            problem.render(Lang::Fa),
            "مشکل در \u{2068}templates/page.html\u{2069}: \u{2068}Found `}` but expected }}.\u{2069}"
        );
        assert_eq!(problem.message_in(Lang::Fa), "Found `}` but expected }}.");
    }

    #[test]
    fn counts_problems_in_persian() {
        let one = Diagnostic::new("site.toml", None, "x");
        let report = Diagnostics(vec![one.clone(), one.clone(), one]);
        assert_eq!(report.header(Lang::Fa), "۳ مشکل در پایگاه:");
        assert_eq!(report.header(Lang::En), "3 problems in the site:");
        assert!(
            report
                .render(Lang::Fa)
                .starts_with("۳ مشکل در پایگاه:\n  مشکل در ")
        );
    }

    #[test]
    fn the_site_language_chooses_the_messages_language() {
        for (language, lang) in [
            ("fa", Lang::Fa),
            ("fa-IR", Lang::Fa),
            ("FA", Lang::Fa),
            ("en", Lang::En),
            ("ar", Lang::En),
            ("", Lang::En),
        ] {
            assert_eq!(Lang::of_site(language), lang, "{language:?}");
        }
    }
}
