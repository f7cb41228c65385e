//! Every address the site has, made in one place: the paths of its pages and files, the
//! absolute forms that leave HTML, and the one canonical form links are compared in.
//!
//! Paths are readable (`/tag/البرز/`), as HTML allows (an IRI). Sitemaps, feeds and JSON-LD
//! need URIs (RFC 3986): [`Addresses::uri`] percent-encodes what is not ASCII.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use super::TaxonomyKind;

/// What a URI may not carry raw: controls, space, non-ASCII (always encoded by the crate),
/// and the characters RFC 3986 allows nowhere in a path, query or fragment.
const NOT_IN_URI: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The page of news item `id`: `/news/12/`.
pub fn news(id: u64) -> String {
    format!("/news/{id}/")
}

/// The news number of the news page at `url` ([`news`]); none for any other address.
pub fn news_id(url: &str) -> Option<u64> {
    let digits = url.strip_prefix("/news/")?.strip_suffix('/')?;
    let plain = digits.bytes().all(|b| b.is_ascii_digit());
    let canonical = plain && (digits == "0" || !digits.starts_with('0'));
    canonical.then(|| digits.parse().ok()).flatten()
}

/// A page of the site's own (`content/pages/<slug>.md`): `/about/`.
pub fn page(slug: &str) -> String {
    format!("/{slug}/")
}

/// The index of a taxonomy's terms: `/tag/`.
pub fn taxonomy(kind: TaxonomyKind) -> String {
    format!("/{}/", kind.path())
}

/// The first list page of the term with `slug`: `/tag/البرز/`.
pub fn term(kind: TaxonomyKind, slug: &str) -> String {
    format!("/{}/{slug}/", kind.path())
}

/// The archive of a Jalali year: `/archive/1399/`.
pub fn archive_year(year: i32) -> String {
    format!("/archive/{year}/")
}

/// The archive of a Jalali month (1 to 12): `/archive/1399/07/`.
pub fn archive_month(year: i32, month: u8) -> String {
    format!("/archive/{year}/{month:02}/")
}

/// Page `number` of the list at `list` (which ends with `/`), counted from the list's oldest
/// items: `/tag/x/pages/2/`. The list's newest items are at `list` itself (see
/// [`super::pagination`]); the segment is `pages`, not the `page` of the numbering from the
/// newest that akhbar used before, so an old address leads nowhere rather than to other news.
pub fn list_page(list: &str, number: usize) -> String {
    format!("{list}pages/{number}/")
}

/// The RSS feed of the list at `list`: `/category/اجتماعی/rss.xml`.
pub fn rss(list: &str) -> String {
    format!("{list}rss.xml")
}

/// The Atom feed of the list at `list`.
pub fn atom(list: &str) -> String {
    format!("{list}atom.xml")
}

/// The search page.
pub const SEARCH: &str = "/search/";

/// A file at the site's root, such as `sitemap.xml`: `/sitemap.xml`.
pub fn root_file(name: &str) -> String {
    format!("/{name}")
}

/// The site's addresses joined with its `base_url`.
#[derive(Debug, Clone)]
pub struct Addresses {
    /// `base_url` without a trailing `/`, such as `https://news.example.org`.
    base: String,
}

impl Addresses {
    /// The addresses of the site served from `base_url` (`https://…`, a trailing `/` or not).
    pub fn new(base_url: &str) -> Self {
        Addresses {
            base: base_url.trim_end_matches('/').to_string(),
        }
    }

    /// `base_url` without a trailing `/`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The readable absolute address (an IRI) of the site path or link `link`, for HTML.
    pub fn iri(&self, link: &str) -> String {
        self.resolve(link, "/")
    }

    /// The absolute URI of the site path or link `link`, percent-encoded, for XML and JSON.
    pub fn uri(&self, link: &str) -> String {
        encode(&self.resolve(link, "/")).into_owned()
    }

    /// The absolute URI of `link` as written on the page at site path `page`.
    pub fn uri_from(&self, link: &str, page: &str) -> String {
        encode(&self.resolve(link, page)).into_owned()
    }

    /// `link` as written on the page at site path `page` made absolute: a full address stays,
    /// `//host/x` takes base_url's scheme, `/x` joins base_url, `#x` and `?x` join `page`, and
    /// `x` joins `page`'s folder.
    pub fn resolve(&self, link: &str, page: &str) -> String {
        if has_scheme(link) {
            return link.to_string();
        }
        if let Some(rest) = link.strip_prefix("//") {
            let scheme = self.base.split(':').next().unwrap_or("https");
            return format!("{scheme}://{rest}");
        }
        if link.starts_with('/') {
            return format!("{}{link}", self.base);
        }
        if link.starts_with(['#', '?']) || link.is_empty() {
            return format!("{}{page}{link}", self.base);
        }
        let folder = &page[..page.rfind('/').map_or(0, |at| at + 1)];
        format!("{}{folder}{link}", self.base)
    }
}

/// Whether `link` starts with a scheme (`https:`, `mailto:`, …), as RFC 3986 spells one.
pub fn has_scheme(link: &str) -> bool {
    let Some((scheme, _)) = link.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `address` as a URI: every byte that is not ASCII, and the few ASCII characters no URI may
/// carry, percent-encoded; `%` escapes already there stay as they are.
pub fn encode(address: &str) -> Cow<'_, str> {
    if address.bytes().all(|b| b.is_ascii_graphic()) && !address.contains(['"', '<', '>']) {
        return Cow::Borrowed(address);
    }
    utf8_percent_encode(address, NOT_IN_URI).into()
}

/// The one form two links to the same place share, for comparing them: HTML's character
/// references resolved (`&amp;`), percent escapes decoded (so `%D8%A7` and `ا` are one, and
/// hex case does not matter), then query and fragment dropped. A decoded `/` stays a `/`.
pub fn canonical(link: &str) -> String {
    let unescaped = unescape_html(link);
    let path = unescaped.split(['#', '?']).next().unwrap_or_default();
    percent_decode_str(path).decode_utf8_lossy().into_owned()
}

/// `text` with the character references HTML attributes carry (`&amp;`, `&quot;`, `&#39;`,
/// `&#x2F;`, …) resolved; an unknown one stays as written.
fn unescape_html(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let resolved = rest.find(';').and_then(|end| {
            let c = reference(&rest[1..end])?;
            Some((c, end + 1))
        });
        match resolved {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character of the reference `name` (between `&` and `;`).
fn reference(name: &str) -> Option<char> {
    let number = match name.strip_prefix('#') {
        Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16).ok(),
        Some(decimal) => decimal.parse().ok(),
        None => None,
    };
    if let Some(number) = number {
        return char::from_u32(number);
    }
    Some(match name {
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "lt" => '<',
        "gt" => '>',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Addresses {
        Addresses::new("https://news.example.org/")
    }

    #[test]
    fn paths_of_every_kind() {
        assert_eq!(news(12), "/news/12/");
        for id in [0, 12, 242513, u64::MAX] {
            assert_eq!(news_id(&news(id)), Some(id));
        }
        for other in [
            "/news/",
            "/news/012/",
            "/news/+12/",
            "/news/12",
            "/tag/12/",
            "/news/1/2/",
        ] {
            assert_eq!(news_id(other), None, "{other}");
        }
        assert_eq!(term(TaxonomyKind::Tag, "البرز"), "/tag/البرز/");
        assert_eq!(
            list_page(&term(TaxonomyKind::Tag, "x"), 2),
            "/tag/x/pages/2/"
        );
        assert_eq!(list_page("/", 1), "/pages/1/");
        assert_eq!(archive_month(1399, 7), "/archive/1399/07/");
        assert_eq!(rss("/category/a/"), "/category/a/rss.xml");
    }

    #[test]
    fn uris_are_ascii_and_iris_readable() {
        let path = term(TaxonomyKind::Tag, "کارت\u{200C}ملی");
        assert_eq!(
            site().iri(&path),
            "https://news.example.org/tag/کارت\u{200C}ملی/"
        );
        let uri = site().uri(&path);
        assert!(uri.is_ascii(), "{uri}");
        assert_eq!(
            uri,
            "https://news.example.org/tag/%DA%A9%D8%A7%D8%B1%D8%AA%E2%80%8C%D9%85%D9%84%DB%8C/"
        );
        assert_eq!(canonical(&uri), format!("https://news.example.org{path}"));
        assert_eq!(site().uri("/a%20b/"), "https://news.example.org/a%20b/");
        assert_eq!(
            site().uri("/a b/?q=1&r=2"),
            "https://news.example.org/a%20b/?q=1&r=2"
        );
    }

    #[test]
    fn links_resolve_against_their_page() {
        let s = site();
        assert_eq!(
            s.resolve("#fn-1", "/news/3/"),
            "https://news.example.org/news/3/#fn-1"
        );
        assert_eq!(
            s.resolve("x.png", "/news/3/"),
            "https://news.example.org/news/3/x.png"
        );
        assert_eq!(
            s.resolve("/x.png", "/news/3/"),
            "https://news.example.org/x.png"
        );
        assert_eq!(
            s.resolve("//other.example/x.png", "/"),
            "https://other.example/x.png"
        );
        assert_eq!(
            Addresses::new("http://localhost:8000").resolve("//cdn.example/x", "/"),
            "http://cdn.example/x"
        );
        assert_eq!(
            s.resolve("mailto:a@example.org", "/"),
            "mailto:a@example.org"
        );
        assert_eq!(s.resolve("https://x.example/", "/"), "https://x.example/");
    }

    #[test]
    fn one_canonical_form_for_a_link() {
        let raw = "/tag/البرز/";
        for written in [
            "/tag/%D8%A7%D9%84%D8%A8%D8%B1%D8%B2/",
            "/tag/%d8%a7%d9%84%d8%a8%d8%b1%d8%b2/",
            "/tag/البرز/#top",
            "/tag/البرز/?a=1&amp;b=2",
            "&#x2F;tag/البرز/",
        ] {
            assert_eq!(canonical(written), raw, "{written}");
        }
        assert_ne!(canonical("/tag/البرزز/"), raw);
        assert_eq!(canonical("/a&unknown;b/"), "/a&unknown;b/");
    }
}
