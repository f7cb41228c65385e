//! What the pages know of the site's pictures: each one's size and copies, by its address in
//! the site, so that an `<img>` of one is given `width`, `height`, `srcset` and `sizes`, and a
//! `<source>` of its WebP copies (HTML's `<picture>`): a phone downloads the copy its screen
//! needs, and the page keeps the picture's room before it arrives.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};

use percent_encoding::percent_decode_str;
use rustc_hash::{FxHashMap as HashMap, FxHasher};

/// The site's pictures by their addresses (`/images/karaj-office.jpg`, not percent-encoded).
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    pictures: HashMap<String, Picture>,
}

/// A picture as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Picture {
    /// Its size in pixels, as published (turned).
    pub width: u32,
    pub height: u32,
    /// The media type of its own format.
    pub media_type: &'static str,
    /// Its copies in its own format and itself, each address with its width, narrowest first.
    pub own: Vec<(u32, String)>,
    /// Its WebP copies, narrowest first; none for a WebP picture's own (they are in `own`).
    pub webp: Vec<(u32, String)>,
    /// Its AVIF copies, narrowest first, when the settings ask for them.
    pub avif: Vec<(u32, String)>,
}

impl Picture {
    /// `own` as a `srcset`: `/images/a.1f2e.480.jpg 480w, /images/a.jpg 1000w`.
    pub fn srcset(&self) -> String {
        srcset(&self.own)
    }

    /// `webp` as a `srcset`; empty when there are none.
    pub fn webp_srcset(&self) -> String {
        srcset(&self.webp)
    }

    /// `avif` as a `srcset`; empty when there are none.
    pub fn avif_srcset(&self) -> String {
        srcset(&self.avif)
    }
}

fn srcset(copies: &[(u32, String)]) -> String {
    let listed: Vec<String> = copies
        .iter()
        .map(|(width, address)| format!("{} {width}w", encoded(address)))
        .collect();
    listed.join(", ")
}

/// `address` percent-encoded where a `srcset` needs it (spaces, commas, what is not ASCII).
fn encoded(address: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b',')
        .add(b'"')
        .add(b'<')
        .add(b'>');
    percent_encoding::utf8_percent_encode(address, SET).to_string()
}

impl Catalog {
    /// Adds the picture at `address`.
    pub fn insert(&mut self, address: String, picture: Picture) {
        self.pictures.insert(address, picture);
    }

    /// The picture at `address` as a page writes it (percent-encoded or not), if the site has
    /// one there.
    pub fn get(&self, address: &str) -> Option<&Picture> {
        let decoded = percent_decode_str(address).decode_utf8().ok()?;
        self.pictures.get(decoded.as_ref())
    }

    /// A hash of what the catalog says of every picture.
    pub fn print_all(&self) -> u64 {
        let mut addresses: Vec<&str> = self.pictures.keys().map(String::as_str).collect();
        addresses.sort_unstable();
        self.print(addresses)
    }

    /// A hash of what the catalog says of the pictures at `addresses`, and of which of them it
    /// has: a page that shows them is made again when it changes.
    pub fn print<'a>(&self, addresses: impl IntoIterator<Item = &'a str>) -> u64 {
        let mut hasher = FxHasher::default();
        for address in addresses {
            self.get(address).hash(&mut hasher);
        }
        hasher.finish()
    }
}

/// `html` (as akhbar's Markdown makes it) with each `<img>` of a picture the catalog has given
/// its `width` and `height`, its copies as `srcset` with `sizes`, and its WebP copies in a
/// `<source>` before it, inside a `<picture>`. With `first_seen` (no picture above the body on
/// its page), the first picture is likely the largest thing on the first screen: it is loaded
/// at once, with high priority, rather than lazily.
pub fn responsive<'h>(
    html: &'h str,
    catalog: &Catalog,
    sizes: &str,
    first_seen: bool,
) -> Cow<'h, str> {
    if !html.contains("<img ") || (catalog.pictures.is_empty() && !first_seen) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    let mut first = first_seen;
    while let Some(start) = rest.find("<img ") {
        let Some(length) = rest[start..].find('>') else {
            break;
        };
        let found = &rest[start..=start + length];
        let eager = found.replacen(" loading=\"lazy\"", " fetchpriority=\"high\"", 1);
        let tag = match std::mem::take(&mut first) {
            true => eager.as_str(),
            false => found,
        };
        out.push_str(&rest[..start]);
        match source_of(tag).and_then(|src| catalog.get(&unescaped(src))) {
            Some(picture) => push_picture(&mut out, tag, picture, sizes),
            None => out.push_str(tag),
        }
        rest = &rest[start + length + 1..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The `src` attribute's value of the tag `<img …>`.
fn source_of(tag: &str) -> Option<&str> {
    let from = tag.find(" src=\"")? + 6;
    let length = tag[from..].find('"')?;
    Some(&tag[from..from + length])
}

/// An attribute's value with the entities akhbar's HTML escaping writes taken back.
fn unescaped(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let value = value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    Cow::Owned(value)
}

fn push_picture(out: &mut String, tag: &str, picture: &Picture, sizes: &str) {
    let size = format!(" width=\"{}\" height=\"{}\"", picture.width, picture.height);
    let has_copies = picture.own.len() > 1 || !picture.webp.is_empty() || !picture.avif.is_empty();
    if !has_copies {
        out.push_str(&tag[..tag.len() - 1]);
        out.push_str(&size);
        out.push('>');
        return;
    }
    out.push_str("<picture>");
    // The browser takes the first source whose type it reads: AVIF, the smallest, first.
    for (media_type, copies) in [("image/avif", &picture.avif), ("image/webp", &picture.webp)] {
        if !copies.is_empty() {
            out.push_str("<source type=\"");
            out.push_str(media_type);
            out.push_str("\" srcset=\"");
            out.push_str(&srcset(copies));
            out.push_str("\" sizes=\"");
            out.push_str(sizes);
            out.push_str("\">");
        }
    }
    out.push_str(&tag[..tag.len() - 1]);
    out.push_str(" srcset=\"");
    out.push_str(&picture.srcset());
    out.push_str("\" sizes=\"");
    out.push_str(sizes);
    out.push('"');
    out.push_str(&size);
    out.push_str("></picture>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let mut catalog = Catalog::default();
        catalog.insert(
            "/images/دفتر کرج.jpg".into(),
            Picture {
                width: 1000,
                height: 750,
                media_type: "image/jpeg",
                own: vec![
                    (480, "/images/دفتر کرج.1f.480.jpg".into()),
                    (1000, "/images/دفتر کرج.jpg".into()),
                ],
                webp: vec![(480, "/images/دفتر کرج.1f.480.webp".into())],
                avif: vec![],
            },
        );
        catalog.insert(
            "/images/small.png".into(),
            Picture {
                width: 300,
                height: 200,
                media_type: "image/png",
                own: vec![(300, "/images/small.png".into())],
                webp: vec![],
                avif: vec![],
            },
        );
        catalog
    }

    #[test]
    fn an_img_of_a_known_picture_gets_its_size_and_copies() {
        let src = "/images/%D8%AF%D9%81%D8%AA%D8%B1%20%DA%A9%D8%B1%D8%AC.jpg";
        let html = format!(
            "<p>پیش <img src=\"{src}\" alt=\"دفتر\" loading=\"lazy\" decoding=\"async\"> پس</p>"
        );
        let made = responsive(&html, &catalog(), "100vw", false);
        let webp = "/images/%D8%AF%D9%81%D8%AA%D8%B1%20%DA%A9%D8%B1%D8%AC.1f.480.webp 480w";
        assert_eq!(
            made,
            format!(
                "<p>پیش <picture><source type=\"image/webp\" srcset=\"{webp}\" sizes=\"100vw\">\
                 <img src=\"{src}\" alt=\"دفتر\" loading=\"lazy\" decoding=\"async\" \
                 srcset=\"/images/%D8%AF%D9%81%D8%AA%D8%B1%20%DA%A9%D8%B1%D8%AC.1f.480.jpg 480w, {src} 1000w\" \
                 sizes=\"100vw\" width=\"1000\" height=\"750\"></picture> پس</p>"
            )
        );
    }

    #[test]
    fn a_picture_without_copies_gets_its_size_and_others_nothing() {
        let html =
            "<img src=\"/images/small.png\" alt=\"\"><img src=\"/images/logo.svg\" alt=\"\">";
        assert_eq!(
            responsive(html, &catalog(), "100vw", false),
            "<img src=\"/images/small.png\" alt=\"\" width=\"300\" height=\"200\"><img src=\"/images/logo.svg\" alt=\"\">"
        );
        let text = "<p>متن</p>";
        assert!(matches!(
            responsive(text, &catalog(), "100vw", true),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn the_first_picture_of_a_page_without_one_above_is_loaded_at_once() {
        let lazy =
            |src: &str| format!("<img src=\"{src}\" alt=\"\" loading=\"lazy\" decoding=\"async\">");
        let html = format!("{}{}", lazy("/images/logo.svg"), lazy("/images/other.svg"));
        let made = responsive(&html, &Catalog::default(), "100vw", true);
        let eager =
            "<img src=\"/images/logo.svg\" alt=\"\" fetchpriority=\"high\" decoding=\"async\">";
        assert_eq!(made, format!("{eager}{}", lazy("/images/other.svg")));
        assert_eq!(responsive(&html, &Catalog::default(), "100vw", false), html);
    }

    #[test]
    fn a_pages_print_follows_the_pictures_it_shows() {
        let mut catalog = catalog();
        let shown = ["/images/small.png", "/images/none.jpg"];
        let before = catalog.print(shown);
        assert_eq!(catalog.print(shown), before);
        catalog.insert(
            "/images/none.jpg".into(),
            Picture {
                width: 1,
                height: 1,
                media_type: "image/jpeg",
                own: vec![],
                webp: vec![],
                avif: vec![],
            },
        );
        assert_ne!(catalog.print(shown), before);
        assert_eq!(
            catalog.print(["/images/دفتر کرج.jpg"]),
            catalog.print(["/images/دفتر کرج.jpg"])
        );
    }
}
