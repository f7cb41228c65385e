//! What the commands tell people: in the site's language (`--lang`), and in visual order
//! (`--bidi`) where the terminal does not reorder right-to-left text itself.

use std::io::IsTerminal;
use std::path::Path;

use clap::ValueEnum;

use akhbar::config::messages_lang;
use akhbar::diagnostic::{Diagnostic, Diagnostics, Lang, persian_number};
use akhbar::persian::bidi::{Direction, first_strong, visual_line};

/// The language of messages, as `--lang` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Fa,
    En,
}

/// How to print right-to-left text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BidiMode {
    /// Reordered for display, for terminals that print characters in the order they come.
    Visual,
    /// In the order it is written, for terminals, editors and files that reorder it themselves.
    Logical,
}

/// The global `--lang` and `--bidi`, before a command knows its site.
#[derive(Debug, Clone, Copy)]
pub struct Choices {
    pub lang: Option<LangArg>,
    pub bidi: Option<BidiMode>,
}

impl Choices {
    /// Messages for a command with a site at `root`: `--lang`, else the site's `language`.
    pub fn for_site(self, root: &Path) -> Terminal {
        let lang = match self.lang {
            Some(lang) => lang.into(),
            None => messages_lang(root),
        };
        self.terminal(lang)
    }

    /// Messages for `init`: `--lang`, else the language of the site it makes (Persian).
    pub fn for_new_site(self) -> Terminal {
        self.terminal(self.lang.map_or(Lang::Fa, Lang::from))
    }

    /// Messages for a command without a site: `--lang`, else English.
    pub fn without_site(self) -> Terminal {
        self.terminal(self.lang.map_or(Lang::En, Lang::from))
    }

    fn terminal(self, lang: Lang) -> Terminal {
        super::failed::choose(lang);
        Terminal {
            lang,
            visual: self.visual(std::io::stderr().is_terminal()),
        }
    }

    /// Whether to reorder lines for a stream that `is_terminal` or not: `--bidi`, else visual
    /// only on a terminal that shows no sign of doing bidi itself.
    pub fn visual(self, is_terminal: bool) -> bool {
        match self.bidi {
            Some(mode) => mode == BidiMode::Visual,
            None => is_terminal && !terminal_reorders(),
        }
    }
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Fa => Lang::Fa,
            LangArg::En => Lang::En,
        }
    }
}

/// Whether the environment names a terminal that reorders right-to-left text itself: VTE's
/// (GNOME Terminal, Tilix, …), Konsole or mlterm.
fn terminal_reorders() -> bool {
    ["VTE_VERSION", "KONSOLE_VERSION", "MLTERM"]
        .iter()
        .any(|name| std::env::var_os(name).is_some())
}

/// Messages on standard error, in one language and one order.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    pub lang: Lang,
    pub visual: bool,
}

impl Terminal {
    /// Prints `text` after "akhbar: ", each of its lines laid out for the terminal.
    pub fn say(&self, text: &str) {
        eprint!("{}", self.lay_out(&format!("akhbar: {text}")));
    }

    /// Prints the Persian or the English sentence, whichever the messages are in.
    pub fn say_in(&self, fa: &str, en: &str) {
        self.say(self.lang.pick(fa, en));
    }

    /// One problem that stopped the command.
    pub fn problem(&self, problem: &Diagnostic) {
        self.say(&problem.render(self.lang));
    }

    pub fn warning(&self, warning: &Diagnostic) {
        let label = self.lang.pick("هشدار", "warning");
        self.say(&format!("{label}: {}", warning.render(self.lang)));
    }

    /// Every problem, `before` the count on the first line.
    pub fn problems(&self, before: &str, problems: &Diagnostics) {
        self.say(&format!(
            "{before}{}",
            problems.render(self.lang).trim_end()
        ));
    }

    /// Every problem, then what they mean for the user: `then` in Persian and English.
    pub fn report(&self, problems: &Diagnostics, then: (&str, &str)) {
        self.problems("", problems);
        self.say_in(then.0, then.1);
    }

    /// `text` line by line as the terminal should get it: with `visual`, each line reordered
    /// for display; else as written, with a Persian line that starts with Latin letters
    /// ("akhbar:") marked to read right to left.
    pub fn lay_out(&self, text: &str) -> String {
        let base = match self.lang {
            Lang::Fa => Direction::Rtl,
            Lang::En => Direction::Ltr,
        };
        let mut out = String::with_capacity(text.len() + 8);
        for line in text.lines() {
            if self.visual {
                out.push_str(&visual_line(line, base));
            } else {
                if base == Direction::Rtl && first_strong(line) == Some(Direction::Ltr) {
                    out.push('\u{200F}');
                }
                out.push_str(line);
            }
            out.push('\n');
        }
        out
    }

    /// Seconds as people read them: `0.12`, or «۰٫۱۲» in Persian.
    pub fn seconds(&self, seconds: f64) -> String {
        let text = format!("{seconds:.2}");
        match self.lang {
            Lang::Fa => persian_number(text).replace('.', "٫"),
            Lang::En => text,
        }
    }

    /// A count as people read it: Persian digits in Persian.
    pub fn count(&self, count: usize) -> String {
        match self.lang {
            Lang::Fa => persian_number(count),
            Lang::En => count.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terminal(lang: Lang, visual: bool) -> Terminal {
        Terminal { lang, visual }
    }

    #[test]
    fn persian_lines_read_right_to_left() {
        let line = "akhbar: ۲ مشکل در پایگاه:";
        assert_eq!(
            terminal(Lang::Fa, false).lay_out(line),
            format!("\u{200F}{line}\n")
        );
        assert_eq!(
            terminal(Lang::Fa, false).lay_out("  تاریخ نامعتبر"),
            "  تاریخ نامعتبر\n"
        );
        assert_eq!(
            terminal(Lang::Fa, true).lay_out("akhbar: سلام"),
            "مالس :akhbar\n"
        );
    }

    #[test]
    fn english_lines_stay_left_to_right() {
        let line = "akhbar: 2 problems in the site:";
        assert_eq!(terminal(Lang::En, false).lay_out(line), format!("{line}\n"));
        assert_eq!(terminal(Lang::En, true).lay_out(line), format!("{line}\n"));
        assert_eq!(
            terminal(Lang::En, true).lay_out("the tag 'سلام' has no letters"),
            "the tag 'مالس' has no letters\n"
        );
    }

    #[test]
    fn the_bidi_choice_wins_over_the_terminal() {
        let choices = |bidi| Choices { lang: None, bidi };
        assert!(choices(Some(BidiMode::Visual)).visual(false));
        assert!(!choices(Some(BidiMode::Logical)).visual(true));
        assert!(
            !choices(None).visual(false),
            "a pipe or a file gets logical order"
        );
    }

    #[test]
    fn numbers_in_persian() {
        assert_eq!(terminal(Lang::Fa, false).seconds(0.5), "۰٫۵۰");
        assert_eq!(terminal(Lang::En, false).seconds(1.5), "1.50");
        assert_eq!(terminal(Lang::Fa, false).count(24), "۲۴");
    }
}
