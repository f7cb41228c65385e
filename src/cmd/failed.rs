//! The step of a command that failed for a reason outside akhbar (the operating system, the
//! network), told at the command line's edge in the language of the command's messages.

use std::fmt;
use std::io;
use std::sync::OnceLock;

use akhbar::diagnostic::{Lang, io_persian};

/// What was being done when an error came, in Persian and English: the context of an
/// `anyhow` error at the command line's edge.
#[derive(Debug)]
pub struct Failed {
    fa: String,
    en: String,
}

/// The step `fa` / `en` failed.
pub fn failed(fa: impl Into<String>, en: impl Into<String>) -> Failed {
    Failed {
        fa: fa.into(),
        en: en.into(),
    }
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// The language the running command tells its messages in, once it has chosen.
static CHOSEN: OnceLock<Lang> = OnceLock::new();

/// Records the language the command's messages are told in, for its last error.
pub fn choose(lang: Lang) {
    let _ = CHOSEN.set(lang);
}

/// `error` told in the language the command chose (English before it chose).
pub fn told(error: &anyhow::Error) -> String {
    told_in(error, CHOSEN.get().copied().unwrap_or(Lang::En))
}

/// `error` told in `lang`: the failed step, then its causes, the operating system's errors in
/// Persian too.
fn told_in(error: &anyhow::Error, lang: Lang) -> String {
    let cause = |cause: &(dyn std::error::Error + 'static)| match cause.downcast_ref::<io::Error>()
    {
        Some(io) if lang == Lang::Fa => io_persian(io),
        _ => cause.to_string(),
    };
    let mut chain = error.chain();
    let first = chain.next().map(cause).unwrap_or_default();
    let head = match error.downcast_ref::<Failed>() {
        Some(step) => lang.pick(&step.fa, &step.en).to_string(),
        None => first,
    };
    let mut parts = vec![head];
    parts.extend(chain.map(cause));
    parts.join(lang.pick("؛ ", ": "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn a_failed_step_and_its_cause_are_told_in_one_language() {
        let error = Err::<(), _>(io::Error::from(io::ErrorKind::NotFound))
            .context(failed("پوشه ساخته نشد", "cannot make the folder"))
            .unwrap_err();
        assert_eq!(
            told_in(&error, Lang::En),
            "cannot make the folder: entity not found"
        );
        assert_eq!(
            told_in(&error, Lang::Fa),
            format!(
                "پوشه ساخته نشد؛ {}",
                io_persian(&io::Error::from(io::ErrorKind::NotFound))
            )
        );
        let plain = anyhow::Error::new(io::Error::from(io::ErrorKind::PermissionDenied));
        assert_eq!(told_in(&plain, Lang::Fa), "اجازهٔ دسترسی به آن نیست");
    }
}
