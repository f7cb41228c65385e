//! Addresses of a built fixture site: Persian links pass the link check in any spelling,
//! every address leaving HTML is an absolute percent-encoded URI, and crawlers find only
//! what exists.

mod support;

use std::fs;
use std::path::Path;

use support::{akhbar, copy_dir, fixture_copy};
use tempfile::TempDir;

/// The minimal fixture with the product's own theme and an item linking to a Persian tag,
/// with a footnote, a protocol-relative image and two tags.
fn site_with(body: &str) -> TempDir {
    let root = fixture_copy("minimal");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("themes/sabt"), &root.path().join("themes/sabt"));
    let toml = root.path().join("site.toml");
    let settings = fs::read_to_string(&toml).unwrap();
    fs::write(
        &toml,
        settings.replace("theme = \"plain\"", "theme = \"sabt\""),
    )
    .unwrap();
    let item = format!(
        "---\nid: 1006\ntitle: خبر\ndate: 1404/01/06\nimage: //other.example/x.png\ntags: [بهار, نوروز]\n---\n\n{body}\n"
    );
    fs::write(root.path().join("content/news/1404/01/1006.md"), item).unwrap();
    root
}

fn read(path: impl AsRef<Path>) -> String {
    fs::read_to_string(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// The text of every `<tag>…</tag>` and `attribute="…"` in `xml`.
fn values<'a>(xml: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    xml.match_indices(open)
        .filter_map(|(at, _)| {
            let rest = &xml[at + open.len()..];
            Some(&rest[..rest.find(close)?])
        })
        .collect()
}

fn assert_uri(address: &str, file: &str) {
    assert!(
        address.starts_with("https://") && address.is_ascii() && !address.contains(' '),
        "{file}: {address} is not an absolute percent-encoded URI"
    );
}

#[test]
fn a_persian_tag_link_builds_and_a_broken_one_is_reported() {
    let good = site_with("[برچسب بهار](/tag/بهار/)");
    let output = akhbar(&["build"], good.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let broken = site_with("[برچسب البرز](/tag/البرز/)");
    let output = akhbar(&["check"], broken.path());
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        report.contains("the page /news/1006/ links to /tag/البرز/, which the site does not have"),
        "{report}"
    );
}

#[test]
fn every_address_leaving_html_is_an_absolute_uri() {
    let root = site_with("متن[^1] و [بهار](/tag/بهار/).\n\n[^1]: پانوشت.");
    let output = akhbar(&["build"], root.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let public = root.path().join("public");
    let index = read(public.join("sitemap.xml"));
    for loc in values(&index, "<loc>", "</loc>") {
        assert_uri(loc, "sitemap.xml");
    }
    let parts = support::sitemap_parts(&public, "https://news.example.org");
    let locs: Vec<(&str, &str)> = parts
        .iter()
        .flat_map(|(name, xml)| {
            values(xml, "<loc>", "</loc>")
                .into_iter()
                .map(move |loc| (name.as_str(), loc))
        })
        .collect();
    assert!(
        locs.iter()
            .any(|(_, loc)| loc.contains("/tag/%D8%A8%D9%87%D8%A7%D8%B1/"))
    );
    for (name, loc) in &locs {
        assert_uri(loc, name);
    }
    let category = "category/گزارش-ها";
    for feed in [
        "rss.xml",
        "atom.xml",
        &format!("{category}/rss.xml"),
        &format!("{category}/atom.xml"),
    ] {
        let xml = read(public.join(feed));
        let mut addresses = values(&xml, "<link>", "</link>");
        addresses.extend(values(&xml, "<guid isPermaLink=\"true\">", "</guid>"));
        addresses.extend(values(&xml, "<id>", "</id>"));
        addresses.extend(values(&xml, " href=\"", "\""));
        // Entry bodies are escaped markup inside the feed.
        addresses.extend(values(&xml, "href=&quot;", "&quot;"));
        addresses.extend(values(&xml, "src=&quot;", "&quot;"));
        assert!(addresses.len() > 3, "{feed}");
        for address in addresses {
            assert_uri(address, feed);
        }
    }
    let rss = read(public.join("rss.xml"));
    assert!(
        rss.contains("href=&quot;https://news.example.org/news/1006/#"),
        "footnote links point at the item's page"
    );
    let robots = read(public.join("robots.txt"));
    for line in robots
        .lines()
        .filter_map(|line| line.strip_prefix("Sitemap: "))
    {
        assert_uri(line, "robots.txt");
    }
}

#[test]
fn json_ld_keeps_other_hosts_and_joins_keywords_with_commas() {
    let root = site_with("متن.");
    assert!(akhbar(&["build"], root.path()).status.success());
    let page = read(root.path().join("public/news/1006/index.html"));
    let start = page.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + page[start..].find("</script>").unwrap();
    let json: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
    assert_eq!(json["image"][0], "https://other.example/x.png");
    assert_eq!(json["keywords"], "بهار, نوروز");
    assert_eq!(json["url"], "https://news.example.org/news/1006/");
}

#[test]
fn crawlers_are_pointed_only_at_what_exists() {
    // The fixture's items are from 1403 and 1404: none is from the last two days.
    let root = site_with("متن.");
    assert!(akhbar(&["build"], root.path()).status.success());
    let public = root.path().join("public");
    assert!(
        !public.join("news-sitemap.xml").exists(),
        "an empty news sitemap is invalid"
    );
    let robots = read(public.join("robots.txt"));
    assert!(!robots.contains("news-sitemap"), "{robots}");
    for line in robots
        .lines()
        .filter_map(|line| line.strip_prefix("Sitemap: "))
    {
        let name = line.rsplit('/').next().unwrap();
        assert!(public.join(name).is_file(), "{line}");
    }
    let parts = support::sitemap_parts(&public, "https://news.example.org");
    assert!(!parts.is_empty(), "the sitemap index names its parts");
    for (name, xml) in &parts {
        assert!(
            xml.contains("<url>"),
            "{name}: a sitemap lists at least one address"
        );
    }
}

#[test]
fn pages_have_a_favicon_and_every_link_an_href() {
    let root = site_with("متن.");
    assert!(akhbar(&["build"], root.path()).status.success());
    let public = root.path().join("public");
    let page = read(public.join("index.html"));
    assert!(page.contains("<link rel=\"icon\" href=\"/favicon.svg\""));
    assert!(public.join("favicon.svg").is_file());
    for html in ["index.html", "news/1006/index.html", "search/index.html"] {
        let Ok(page) = fs::read_to_string(public.join(html)) else {
            continue;
        };
        for anchor in values(&page, "<a ", ">") {
            assert!(anchor.contains("href="), "{html}: <a{anchor}>");
        }
    }
    let script = read(public.join("search/search.js"));
    assert!(
        script.contains("all.href = ROOT;"),
        "the suggestions' link has an address from the start"
    );
}
