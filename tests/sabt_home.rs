//! The demo portal's home page and footer as the sabt theme makes them: pinned items in their
//! own box and not again in the latest news, the box and the footer named by the site.

mod support;

use std::fs;
use std::path::Path;

use akhbar::calendar::{JalaliDateTime, time_zone};
use akhbar::persian::digits::to_persian;
use support::{akhbar, copy_dir};

const REPOSITORY: &str = env!("CARGO_MANIFEST_DIR");

/// The demo portal (this repository's content, theme and pictures) in a temporary folder,
/// with `extra` added to its settings, built; gives the folder and the home page.
fn demo_home(extra: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for folder in ["content/news", "content/pages", "themes", "static"] {
        copy_dir(&Path::new(REPOSITORY).join(folder), &root.join(folder));
    }
    let settings = fs::read_to_string(Path::new(REPOSITORY).join("site.toml")).unwrap();
    fs::write(root.join("site.toml"), format!("{settings}\n{extra}")).unwrap();
    let output = akhbar(&["build"], root);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let home = fs::read_to_string(root.join("public/index.html")).unwrap();
    (dir, home)
}

/// The news addresses linked from the part of `html` between `from` and the next `until`.
fn links_in(html: &str, from: &str, until: &str) -> Vec<String> {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from}"));
    let part = &html[start..];
    let part = &part[..part.find(until).unwrap()];
    part.split("href=\"/news/")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

fn footer_line(home: &str) -> &str {
    let start = home.find("class=\"footer-legal\">").unwrap() + "class=\"footer-legal\">".len();
    home[start..][..home[start..].find("</p>").unwrap()].trim()
}

#[test]
fn pinned_items_are_in_their_box_and_not_again_among_the_latest() {
    let (_dir, home) = demo_home("");
    let pinned = links_in(&home, "class=\"pinned\"", "</section>");
    let latest = links_in(&home, "class=\"latest\"", "</section>");
    assert!(
        pinned.contains(&"242513/".to_string()),
        "the seed is pinned: {pinned:?}"
    );
    assert!(!latest.is_empty());
    for link in &pinned {
        assert!(!latest.contains(link), "{link} in both: {latest:?}");
    }
    assert_eq!(home.matches("card--lead").count(), 1, "one lead story");
    assert!(home.contains("id=\"pinned-heading\" class=\"pinned-heading\">برگزیده</h2>"));
}

#[test]
fn the_footer_names_the_site_and_the_jalali_year_unless_the_site_says_otherwise() {
    let year = JalaliDateTime::now(&time_zone("Asia/Tehran").unwrap())
        .date()
        .year()
        .to_string();
    let year = to_persian(&year);
    let (_dir, home) = demo_home("");
    assert_eq!(
        footer_line(&home),
        format!("© {year} اخبار ثبت احوال استان البرز. تمامی حقوق محفوظ است.")
    );

    let extra = "[extra]\npinned_heading = \"اطلاعیه‌های مهم\"\n\
                 copyright = \"© {year} اداره کل ثبت احوال استان البرز\"\n";
    let (_dir, home) = demo_home(extra);
    assert_eq!(
        footer_line(&home),
        format!("© {year} اداره کل ثبت احوال استان البرز")
    );
    assert!(home.contains("class=\"pinned-heading\">اطلاعیه‌های مهم</h2>"));
}
