//! Reading `content/` of fixture sites: every field of good items, and every error of bad ones.

use std::path::{Path, PathBuf};

use akhbar::config::Config;
use akhbar::content::Content;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load(name: &str) -> Result<Content, akhbar::diagnostic::Diagnostics> {
    let config = Config::load(&fixture(name)).expect("the fixture's site.toml is valid");
    Content::load(&config)
}

#[test]
fn reads_every_field_of_a_good_site() {
    let content = load("minimal").unwrap();
    assert_eq!(content.news.len(), 5);
    let nowruz = &content.news[0];
    assert_eq!(nowruz.id, 1001);
    assert_eq!(nowruz.title, "تعطیلی ادارات در نوروز ۱۴۰۴");
    assert_eq!(
        nowruz.date.moment.date().to_gregorian(),
        jiff::civil::date(2025, 3, 18)
    );
    assert!(nowruz.date.has_time);
    assert_eq!(
        nowruz.category.as_deref(),
        Some("اطلاعیه‌ها"),
        "Arabic yeh made Persian"
    );
    assert_eq!(nowruz.tags, ["نوروز", "ساعات کاری"]);
    assert_eq!(nowruz.summary(), "ادارات ثبت احوال از ۲۹ اسفند تعطیل است.");
    assert!(
        nowruz.body.html().contains("<ol>\n<li>کشیک</li>"),
        "{}",
        nowruz.body.html()
    );
    assert!(nowruz.comments_open && !nowruz.pinned && !nowruz.draft);
    assert_eq!(nowruz.path, Path::new("content/news/1403/12/1001.md"));

    let covid = &content.news[2];
    assert_eq!(covid.summary(), "خلاصه‌ای کوتاه");
    assert!(!covid.comments_open);
    assert!(covid.body.html().contains("<h2 id=\"بخش-اول\">"));

    let draft = &content.news[3];
    let now = jiff::Timestamp::now();
    assert!(draft.draft && !draft.is_published(now) && covid.is_published(now));

    assert_eq!(content.pages.len(), 1);
    assert_eq!(content.pages[0].slug, "about");
    assert_eq!(content.pages[0].title, "درباره ما");
}

#[test]
fn reports_every_error_of_every_file_together() {
    let report = load("broken").unwrap_err();
    let mut lines: Vec<String> = report.0.iter().map(ToString::to_string).collect();
    lines.sort();
    let expected = [
        "content/news/a-no-front-matter.md:1: no front matter: the file must begin with a `---` line, then fields like `title: …`, then `---`",
        "content/news/b-unclosed.md:1: the front matter opened on this line is never closed: add a `---` line after its last field",
        "content/news/c-tab.md:5: the front matter is not valid YAML: found character that cannot start any token, while scanning for the next token: indent with spaces, YAML does not allow tabs",
        "content/news/d-quote.md:5: the front matter is not valid YAML: found unexpected end of stream, while scanning a quoted scalar on line 3",
        "content/news/e-missing.md:1: missing `date`: write it like `date: 1399/07/05 10:30`",
        "content/news/e-missing.md:1: missing `id`: give the news number, like `id: 242513`",
        "content/news/e-missing.md:1: missing `title`",
        "content/news/f-negative.md:2: `id` is -3: the news number must be a positive whole number",
        "content/news/g-text-id.md:3: the front matter is not valid YAML: id: invalid type: string \"abc\", expected i64",
        "content/news/i-dup-two.md:3: the news number 9 is also used by content/news/h-dup-one.md: give each item its own `id`",
        "content/news/j-unknown.md:3: unknown field `titel`: did you mean `title`?",
        "content/news/k-date.md:4: `date`: 1400 is not a leap year, so Esfand 1400 has 29 days and day 30 does not exist",
        "content/news/k-date.md:5: `expire_at`: month 13 is out of range: months run from 1 to 12",
        "content/news/l-latin1.md:3: is not UTF-8 text (line 3, column 11, byte 21): save it as UTF-8 (in Notepad, «Save as» with Encoding «UTF-8»)",
        "content/news/m-empty.md:1: the file is empty: it needs front matter between `---` lines, then the text",
        "content/pages/escape.md:3: the page address '../../etc' is not one path segment of letters, digits and '-'; try 'etc'",
        "content/pages/news.md: the page address '/news/' is used by the site itself: choose another `slug`",
    ];
    assert_eq!(lines, expected);
    assert!(report.to_string().starts_with("17 problems in the site:\n"));
}

/// Front matter past the documented limits (docs/content.md, «A news item») is refused at once, at its
/// line, in both languages: 20,000 tags took 84 s in `check`, 100,000 brackets 40 s.
#[test]
fn front_matter_past_the_limits_is_refused_at_its_line() {
    let site = tempfile::tempdir().unwrap();
    let news = site.path().join("content/news");
    std::fs::create_dir_all(&news).unwrap();
    std::fs::write(
        site.path().join("site.toml"),
        "title = \"x\"\nbase_url = \"https://news.example.org\"\n",
    )
    .unwrap();
    let item = |id: u32, name: &str, fields: &str| {
        let text = format!("---\nid: {id}\ntitle: خبر\ndate: 1403/12/28\n{fields}\n---\nمتن\n");
        std::fs::write(news.join(format!("{name}.md")), text).unwrap();
    };
    let tags = |n: usize| {
        (0..n)
            .map(|i| format!("برچسب {i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    item(1, "a-many-tags", &format!("tags: [{}]", tags(20_000)));
    item(2, "b-101-tags", &format!("tags: [{}]", tags(101)));
    item(3, "c-100-tags", &format!("tags: [{}]", tags(100)));
    item(
        4,
        "d-deep",
        &format!("tags: {}{}", "[".repeat(100_000), "]".repeat(100_000)),
    );
    item(
        5,
        "e-33-deep",
        &format!("tags: {}{}", "[".repeat(33), "]".repeat(33)),
    );
    let config = Config::load(site.path()).unwrap();
    let report = Content::load(&config).unwrap_err();
    let mut lines: Vec<String> = report.0.iter().map(ToString::to_string).collect();
    lines.sort();
    let too_long =
        "the YAML is longer than 64 KiB: move long text into the body, or split the file";
    let too_deep = "lists and maps are nested more than 32 deep: a field holds text, a date or a flat list like [a, b]";
    assert_eq!(
        lines,
        [
            format!("content/news/a-many-tags.md:5: {too_long}"),
            "content/news/b-101-tags.md:5: `tags` has 101 tags: an item may have at most 100; keep the ones readers look for".to_string(),
            format!("content/news/d-deep.md:5: {too_long}"),
            format!("content/news/e-33-deep.md:5: {too_deep}"),
        ]
    );
    let persian: Vec<String> = report
        .0
        .iter()
        .map(|problem| problem.render(akhbar::diagnostic::Lang::Fa))
        .collect();
    assert!(
        persian.iter().any(|p| p.starts_with("برچسب‌های بیش از اندازه در \u{2068}content/news/b-101-tags.md\u{2069}، سطر ۵: `tags` ۱۰۱ برچسب دارد")),
        "{persian:#?}"
    );
    assert!(persian.iter().any(|p| p.contains("تودرتوی بیش از اندازه")));
    assert!(
        persian
            .iter()
            .any(|p| p.contains("مشخصات بیش از ۶۴ کیلوبایت است"))
    );
}
