//! Every internal link and image a build writes must lead somewhere: a page, a feed or a static
//! file of the same build.

use rustc_hash::FxHashSet as HashSet;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::{OutputFile, file_for};
use crate::diagnostic::Diagnostic;
use crate::persian::bidi::isolate;
use crate::site::address::canonical;

/// A page's distinct internal links, sorted, each with the file it leads to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks(Vec<(String, PathBuf)>);

impl PageLinks {
    /// The files the links lead to.
    pub fn targets(&self) -> impl Iterator<Item = &PathBuf> {
        self.0.iter().map(|(_, target)| target)
    }

    /// The links that lead to none of `known`: what is left to check once the build's other
    /// files are known.
    pub fn without(self, known: &HashSet<&Path>) -> PageLinks {
        let mut links = self.0;
        links.retain(|(_, target)| !known.contains(target.as_path()));
        links.shrink_to_fit();
        PageLinks(links)
    }
}

/// The internal links of `page`, sorted, without repeats.
pub fn page_links(page: &OutputFile) -> PageLinks {
    let mut links: Vec<(String, PathBuf)> = internal_links(&page.bytes)
        .map(|link| {
            let target = file_for(&link);
            (link, target)
        })
        .collect();
    links.sort_unstable();
    links.dedup();
    PageLinks(links)
}

/// Whether a path in the output is a file of the site (a page, another file it makes, or a
/// static file).
pub type IsTarget<'a> = dyn Fn(&Path) -> bool + Sync + 'a;

/// A problem for each of `links` (of the page at `path`) that leads to no file `is_target`
/// knows.
pub fn broken_in(path: &Path, links: &PageLinks, is_target: &IsTarget) -> Vec<Diagnostic> {
    let page = format!("/{}", path.display()).replace("index.html", "");
    links
        .0
        .iter()
        .filter(|(_, target)| !is_target(target))
        .map(|(link, _)| {
            let message = format!("the page {page} links to {link}, which the site does not have");
            let detail = format!(
                "صفحهٔ {} به {} پیوند دارد که در پایگاه نیست",
                isolate(&page),
                isolate(link)
            );
            Diagnostic::new(path, None, message).with_persian("پیوند شکسته", detail)
        })
        .collect()
}

/// The addresses that lead to files the previous build had and this one has not. A page kept
/// from the previous build had every link checked then; of the files its links led to, only
/// these can be missing now, so only its links to these are looked for.
#[derive(Debug, Default)]
pub struct GoneLinks(HashSet<String>);

impl GoneLinks {
    /// The addresses of `files` (paths in the output): `/news/1/` and `/news/1/index.html`
    /// for `news/1/index.html`, as [`file_for`] reads them.
    pub fn new<'p>(files: impl IntoIterator<Item = &'p PathBuf>) -> GoneLinks {
        let mut links = HashSet::default();
        for file in files {
            let link = format!("/{}", super::manifest::key(file));
            if let Some(folder) = link.strip_suffix("index.html") {
                links.insert(folder.to_string());
            }
            links.insert(link);
        }
        GoneLinks(links)
    }

    /// The links of the page at `path`, whose HTML is `bytes`, that lead to one of these
    /// addresses, checked with `is_target` as [`broken_in`] does. A link spelled plainly is
    /// compared as it is; one with a character reference, a percent sign, a query or a fragment
    /// in its [`canonical`] form.
    pub fn broken_in(&self, path: &Path, bytes: &[u8], is_target: &IsTarget) -> Vec<Diagnostic> {
        let mut links = Vec::new();
        for value in attribute_values(bytes) {
            let link = match value.contains(['&', '%', '?', '#']) {
                true => Cow::Owned(canonical(&value)),
                false => value,
            };
            if self.0.contains(link.as_ref()) {
                let target = file_for(&link);
                links.push((link.into_owned(), target));
            }
        }
        links.sort_unstable();
        links.dedup();
        broken_in(path, &PageLinks(links), is_target)
    }
}

/// The values of the `href="…"` and then the `src="…"` attributes of `html`, as written.
fn attribute_values(html: &[u8]) -> impl Iterator<Item = Cow<'_, str>> {
    [&b"href=\""[..], b"src=\""]
        .into_iter()
        .flat_map(move |start| {
            memchr::memmem::find_iter(html, start).filter_map(move |at| {
                let value = &html[at + start.len()..];
                let end = memchr::memchr(b'"', value)?;
                Some(String::from_utf8_lossy(&value[..end]))
            })
        })
}

/// The values of `href="/…"` and `src="/…"` attributes in their [`canonical`] form: decoded,
/// without query or fragment, so a percent-encoded link and the raw address are one.
fn internal_links(html: &[u8]) -> impl Iterator<Item = String> + '_ {
    attribute_values(html).filter_map(|value| {
        let value = canonical(&value);
        (value.starts_with('/') && !value.starts_with("//")).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The broken links of the pages among `files`, against `files` themselves.
    fn broken_links(files: &[OutputFile]) -> Vec<Diagnostic> {
        let targets: HashSet<PathBuf> = files.iter().map(|file| file.path.clone()).collect();
        let pages = files
            .iter()
            .filter(|f| f.path.extension().is_some_and(|e| e == "html"));
        pages
            .flat_map(|page| broken_in(&page.path, &page_links(page), &|p| targets.contains(p)))
            .collect()
    }

    fn page(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: html.as_bytes().into(),
        }
    }

    #[test]
    fn finds_links_to_missing_pages_and_files() {
        let files = [
            page(
                "index.html",
                "<a href=\"/news/1/#top\">x</a><a href=\"/news/2/\">y</a><img src=\"/images/a.svg\"><a href=\"//cdn.example.org/x\">z</a><a href=\"https://example.org/\">w</a>",
            ),
            page(
                "news/1/index.html",
                "<a href=\"/\">home</a><link href=\"/rss.xml?v=1\">",
            ),
            page("sitemap.xml", "<loc>/nowhere/</loc>"),
        ];
        let problems: Vec<String> = broken_links(&files)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "index.html: the page / links to /images/a.svg, which the site does not have",
                "index.html: the page / links to /news/2/, which the site does not have",
                "news/1/index.html: the page /news/1/ links to /rss.xml, which the site does not have",
            ]
        );
    }

    #[test]
    fn a_persian_link_is_found_in_any_spelling_and_a_broken_one_reported() {
        let files = [
            page(
                "index.html",
                "<a href=\"/tag/%D8%A7%D9%84%D8%A8%D8%B1%D8%B2/\">a</a><a href=\"/tag/%d8%a7%d9%84%d8%a8%d8%b1%d8%b2/?x=1&amp;y=2\">b</a><a href=\"/tag/البرز/#top\">c</a><a href=\"/tag/%D8%B2%D9%86%D8%AC%D8%A7%D9%86/\">d</a>",
            ),
            page("tag/البرز/index.html", ""),
        ];
        let problems: Vec<String> = broken_links(&files)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            ["index.html: the page / links to /tag/زنجان/, which the site does not have"]
        );
    }

    #[test]
    fn a_kept_page_is_searched_only_for_links_to_gone_files_in_any_spelling() {
        let gone = [
            PathBuf::from("news/2/index.html"),
            PathBuf::from("tag/البرز/index.html"),
            PathBuf::from("rss.xml"),
        ];
        let gone_links = GoneLinks::new(&gone);
        let targets: HashSet<PathBuf> = [PathBuf::from("news/1/index.html")].into_iter().collect();
        let html = concat!(
            "<a href=\"/news/1/\">kept</a>",
            "<a href=\"/news/2/#comments\">a</a>",
            "<a href=\"/news/2/index.html\">b</a>",
            "<a href=\"&#x2F;tag&#x2F;%D8%A7%D9%84%D8%A8%D8%B1%D8%B2&#x2F;\">c</a>",
            "<link href=\"/rss.xml?v=2\">",
            "<img src=\"/images/never-there.png\">",
            "<a href=\"/news/22/\">d</a>",
        );
        let problems: Vec<String> = gone_links
            .broken_in(Path::new("news/1/index.html"), html.as_bytes(), &|p| {
                targets.contains(p)
            })
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "news/1/index.html: the page /news/1/ links to /news/2/, which the site does not have",
                "news/1/index.html: the page /news/1/ links to /news/2/index.html, which the site does not have",
                "news/1/index.html: the page /news/1/ links to /rss.xml, which the site does not have",
                "news/1/index.html: the page /news/1/ links to /tag/البرز/, which the site does not have",
            ],
            "a link the previous build checked, to a file not gone, is not looked at again"
        );
        assert!(
            GoneLinks::new(&[])
                .broken_in(Path::new("a.html"), html.as_bytes(), &|p| targets
                    .contains(p))
                .is_empty()
        );
    }
}
