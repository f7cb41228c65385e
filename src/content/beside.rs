//! Pictures beside an item: a picture file in `content/news/` or `content/pages/` is published
//! at the same place relative to the site's root as it has relative to `content/`
//! (`content/news/1399/07/karaj.jpg` at `/news/1399/07/karaj.jpg`), and an item or page that
//! names a picture by a relative address (`![…](karaj.jpg)`, `image: karaj.jpg`) means the one
//! beside its own file. The address is resolved when the file is read, so every page, card,
//! feed and check that shows the picture uses the one address the picture is published at,
//! as an editor's Markdown preview shows it beside the file.

use std::borrow::Cow;
use std::path::{Component, Path};

/// The folder of the site's items and pages, relative to the site's root.
pub const CONTENT_FOLDER: &str = "content";

/// The folders of `content/` that hold items and pages, and so the pictures beside them.
pub const ITEM_FOLDERS: [&str; 2] = ["news", "pages"];

/// Extensions (lowercase) of the picture files published from `content/`; no other file of
/// the folder is (its comments, notes and drafts stay private).
const PICTURE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "gif", "svg", "avif"];

/// Whether the file at `path` is a picture that is published from beside an item.
pub fn is_picture(path: &Path) -> bool {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let hidden = path
        .file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with('.'));
    !hidden && PICTURE_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
}

/// The site address of the folder the content file at `shown` (relative to the site's root,
/// `content/news/1399/07/242513.md`) is in, ending in `/` (`/news/1399/07/`): the address its
/// relative picture addresses start from.
pub fn folder_address(shown: &Path) -> String {
    let inside = shown.strip_prefix(CONTENT_FOLDER).unwrap_or(shown);
    let mut address = String::from("/");
    for part in inside.parent().into_iter().flat_map(Path::components) {
        if let Component::Normal(part) = part {
            address.push_str(&part.to_string_lossy());
            address.push('/');
        }
    }
    address
}

/// The address a picture written as `written` in a file whose folder is at `folder` (see
/// [`folder_address`]) is published at: a relative address (no scheme, not starting with `/`,
/// `#` or `?`) is joined to the folder, with `.` and `..` taken away (a `..` at the site's root
/// stays there, as a browser resolves it: RFC 3986, 5.2.4); any other is as written.
pub fn picture_address<'a>(folder: &str, written: &'a str) -> Cow<'a, str> {
    if !is_relative(written) {
        return Cow::Borrowed(written);
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    let (path, rest) = match written.find(['?', '#']) {
        Some(at) => written.split_at(at),
        None => (written, ""),
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    Cow::Owned(format!("/{}{rest}", parts.join("/")))
}

/// Whether `address` is relative to the page's own folder: not empty, no scheme
/// (`https:`, `data:`), not from the root or another host (`/`, `//`), not a fragment or query.
fn is_relative(address: &str) -> bool {
    let scheme = address
        .find(':')
        .is_some_and(|colon| !address[..colon].contains(['/', '?', '#']));
    !address.is_empty() && !scheme && !address.starts_with(['/', '#', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_content_files_folder_is_its_address_without_content() {
        let shown = Path::new("content/news/1399/07/242513.md");
        assert_eq!(folder_address(shown), "/news/1399/07/");
        assert_eq!(
            folder_address(Path::new("content/pages/about.md")),
            "/pages/"
        );
        assert_eq!(
            folder_address(Path::new("content/news/تهران/1.md")),
            "/news/تهران/"
        );
    }

    #[test]
    fn relative_picture_addresses_lead_beside_the_file() {
        let folder = "/news/1399/07/";
        assert_eq!(
            picture_address(folder, "karaj.jpg"),
            "/news/1399/07/karaj.jpg"
        );
        assert_eq!(
            picture_address(folder, "./عکس/دفتر کرج.jpg"),
            "/news/1399/07/عکس/دفتر کرج.jpg"
        );
        assert_eq!(
            picture_address(folder, "../06/a.png?v=2#top"),
            "/news/1399/06/a.png?v=2#top"
        );
        assert_eq!(picture_address(folder, "../../../../a.png"), "/a.png");
    }

    #[test]
    fn other_addresses_are_kept_as_written() {
        let folder = "/news/1399/07/";
        for written in [
            "/images/karaj.jpg",
            "https://example.org/a.jpg",
            "//cdn.example.org/a.jpg",
            "data:image/png;base64,AAAA",
            "mailto:a@example.org",
            "#top",
            "",
        ] {
            assert_eq!(picture_address(folder, written), written);
        }
    }

    #[test]
    fn only_pictures_are_published_from_content() {
        for picture in [
            "a.jpg", "b.JPEG", "c.png", "d.webp", "e.gif", "f.svg", "g.avif",
        ] {
            assert!(is_picture(Path::new(picture)), "{picture}");
        }
        for other in ["a.md", "b.json", "c.txt", ".hidden.jpg", "d", "e.jpg.bak"] {
            assert!(!is_picture(Path::new(other)), "{other}");
        }
    }
}
