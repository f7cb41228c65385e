//! A news item's body as HTML, with its first paragraph as plain text (the summary of an item
//! whose front matter gives none). An item parsed in this build has its body rendered; an item
//! taken unread from the parsed-content cache of an earlier build ([`super::cache`]) renders
//! its body from its file the first time a page, a feed or the search index asks for it, so
//! that a build which renders a few pages of a portal reads a few bodies, not all of them.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use super::beside::folder_address;
use super::{front_matter, markdown};
use crate::diagnostic::Diagnostic;
use crate::text_file;

/// A body's HTML and first paragraph, rendered or to be rendered from its file.
#[derive(Debug, Clone, Default)]
pub struct Body {
    rendered: OnceLock<Result<Rendered, Diagnostic>>,
    deferred: Option<Arc<Deferred>>,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
struct Rendered {
    html: String,
    /// The first paragraph as plain text.
    first_paragraph: String,
}

/// Where a body not rendered yet comes from.
#[derive(Debug)]
struct Deferred {
    /// The item's file, absolute.
    file: PathBuf,
    /// The file as messages name it (relative to the site's root).
    shown: PathBuf,
    /// The [`text_hash`] of the file's text the item was parsed from.
    text: u64,
    /// The site's address, which tells links out from links in.
    base_url: Arc<str>,
}

impl Body {
    /// A body already rendered as `html`, whose first paragraph is `first_paragraph`.
    pub fn rendered(html: String, first_paragraph: String) -> Body {
        let rendered = Rendered {
            html,
            first_paragraph,
        };
        Body {
            rendered: OnceLock::from(Ok(rendered)),
            deferred: None,
        }
    }

    /// The body of the item in `file` (named `shown` in messages), parsed from a text whose
    /// [`text_hash`] was `text`, for a site at `base_url`; rendered when first asked for.
    pub fn deferred(file: PathBuf, shown: PathBuf, text: u64, base_url: Arc<str>) -> Body {
        let deferred = Deferred {
            file,
            shown,
            text,
            base_url,
        };
        Body {
            rendered: OnceLock::new(),
            deferred: Some(Arc::new(deferred)),
        }
    }

    /// The body's HTML, rendered from the file now if it was not yet; empty when that failed,
    /// which [`Body::problem`] then tells.
    pub fn html(&self) -> &str {
        self.get().map_or("", |rendered| &rendered.html)
    }

    /// The body's first paragraph as plain text, rendered as [`Body::html`] is.
    pub fn first_paragraph(&self) -> &str {
        self.get().map_or("", |rendered| &rendered.first_paragraph)
    }

    /// Whether the body's HTML is held, rendered at parsing or since.
    pub fn is_rendered(&self) -> bool {
        self.rendered.get().is_some()
    }

    /// Why the body could not be rendered from its file when asked for: the file changed or
    /// went away since the build read it, and the build must start again.
    pub fn problem(&self) -> Option<&Diagnostic> {
        self.rendered.get()?.as_ref().err()
    }

    fn get(&self) -> Option<&Rendered> {
        let rendered = self.rendered.get_or_init(|| match &self.deferred {
            Some(deferred) => deferred.render(),
            None => Ok(Rendered::default()),
        });
        rendered.as_ref().ok()
    }
}

impl Deferred {
    fn render(&self) -> Result<Rendered, Diagnostic> {
        let text = text_file::read(&self.file)
            .map_err(|error| error.diagnostic(&self.shown, "خطای خواندن فایل"))?;
        if text_hash(&text) != self.text {
            return Err(Diagnostic::new(
                &self.shown,
                None,
                "changed while the site was being built: build it again",
            )
            .with_persian("فایل در میانهٔ ساخت تغییر کرد", "پایگاه را دوباره بسازید"));
        }
        let split = front_matter::split(&text).map_err(|error| error.diagnostic(&self.shown))?;
        let body = markdown::render(split.body, &self.base_url, &folder_address(&self.shown));
        Ok(Rendered {
            html: body.html,
            first_paragraph: body.first_paragraph,
        })
    }
}

/// The hash of an item's file's text, which tells whether the text changed.
pub fn text_hash(text: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deferred_body_is_rendered_from_its_file_only_while_the_text_is_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("1.md");
        let text = "---\nid: 1\n---\n\nکارت **هوشمند** ملی\n";
        std::fs::write(&file, text).unwrap();
        let deferred = |text: u64| {
            Body::deferred(
                file.clone(),
                "content/news/1.md".into(),
                text,
                "https://news.example.org".into(),
            )
        };
        let body = deferred(text_hash(text));
        assert_eq!(body.html(), "<p>کارت <strong>هوشمند</strong> ملی</p>\n");
        assert_eq!(body.first_paragraph(), "کارت هوشمند ملی");
        assert!(body.problem().is_none());

        let stale = deferred(text_hash(text));
        std::fs::write(&file, "---\nid: 1\n---\n\nمتن دیگر\n").unwrap();
        assert_eq!(stale.html(), "");
        let problem = stale.problem().expect("the file changed");
        assert_eq!(problem.path, PathBuf::from("content/news/1.md"));
        assert!(problem.message.contains("build it again"), "{problem:?}");

        std::fs::remove_file(&file).unwrap();
        let gone = deferred(text_hash(text));
        assert_eq!(gone.html(), "");
        assert!(gone.problem().is_some());
        assert_eq!(
            body.html(),
            "<p>کارت <strong>هوشمند</strong> ملی</p>\n",
            "kept"
        );
    }
}
