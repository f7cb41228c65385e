//! End-to-end builds of fixture sites: what lands in the output, and what a failed build leaves.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

use support::akhbar;
use support::search::{search, search_all};

/// A copy of the fixture site `name` in a temporary folder, to change and build.
fn site(name: &str) -> TempDir {
    support::fixture_copy(name)
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn read(path: PathBuf) -> String {
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `dir` with its bytes, to compare whole sites.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn builds_every_page_of_a_site() {
    let root = site("minimal");
    let output = akhbar(&["build"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).starts_with(
        "akhbar: built 24 pages and 21 other files (feeds, sitemaps, search index, robots.txt), copied 2 static files into "
    ));
    let public = root.path().join("public");
    let files: Vec<PathBuf> = snapshot(&public)
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| !path.starts_with("search"))
        .collect();
    for index in ["search/meta.json", "search/search.js", "search/r/0.json"] {
        assert!(public.join(index).is_file(), "{index}");
    }
    let expected = [
        ".akhbar-build",
        "404.html",
        "about/index.html",
        "archive/1403/12/index.html",
        "archive/1403/index.html",
        "archive/1404/01/index.html",
        "archive/1404/index.html",
        "archive/index.html",
        "atom.xml",
        "category/index.html",
        "category/اطلاعیه-ها/atom.xml",
        "category/اطلاعیه-ها/index.html",
        "category/اطلاعیه-ها/rss.xml",
        "category/گزارش-ها/atom.xml",
        "category/گزارش-ها/index.html",
        "category/گزارش-ها/rss.xml",
        "css/site.css",
        "images/logo.svg",
        "index.html",
        "news/1001/index.html",
        "news/1002/index.html",
        "news/1004/index.html",
        "news/1005/index.html",
        "pages/1/index.html",
        "robots.txt",
        "rss.xml",
        "sitemap.xml",
        "sitemaps/lists-1403.xml",
        "sitemaps/lists-1404.xml",
        "sitemaps/news-1403.xml",
        "sitemaps/news-1404.xml",
        "sitemaps/pages.xml",
        "source/index.html",
        "source/ایرنا/index.html",
        "tag/index.html",
        "tag/اخبار-استانی/index.html",
        "tag/بهار/index.html",
        "tag/ساعات-کاری/index.html",
        "tag/نوروز/index.html",
        "tag/پایان-سال/index.html",
    ];
    assert_eq!(files, expected.map(PathBuf::from));
    assert!(read(public.join(".akhbar-build")).contains("replaced whole"));

    let nowruz = read(public.join("news/1001/index.html"));
    assert!(nowruz.contains("<html lang=\"fa\" dir=\"rtl\">"));
    assert!(nowruz.contains("<h1>تعطیلی ادارات در نوروز ۱۴۰۴</h1>"));
    assert!(nowruz.contains("شماره خبر: ۱۰۰۱"));
    assert!(nowruz.contains(
        "<time datetime=\"2025-03-18T09:00:00+03:30\">سه‌شنبه ۲۸ اسفند ۱۴۰۳، ساعت ۰۹:۰۰</time>"
    ));
    assert!(nowruz.contains("href=\"https://news.example.org/news/1001/\""));
    assert!(nowruz.contains("<ol>\n<li>کشیک</li>"));

    let covid = read(public.join("news/1002/index.html"));
    assert!(
        covid.contains("<title>\u{200F}COVID-19 و خدمات ثبت احوال - "),
        "bidi_text"
    );

    let home = read(public.join("index.html"));
    let newest = home.find("/news/1005/").unwrap();
    assert!(newest < home.find("/news/1002/").unwrap(), "newest first");
    assert!(home.contains("newest of ۲"), "two per page");
    // The older page is counted from the oldest, so its address keeps its news.
    let second = read(public.join("pages/1/index.html"));
    assert!(second.find("/news/1004/").unwrap() < second.find("/news/1001/").unwrap());
    assert!(second.contains("<p>۱</p>"), "{second}");
    assert!(!public.join("page/2/index.html").exists());
    for page in [home, second] {
        assert!(!page.contains("/news/1003/"), "drafts are not published");
    }
}

#[test]
fn drafts_are_built_on_request() {
    let root = site("minimal");
    let output = akhbar(&["build", "--drafts"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(root.path().join("public/news/1003/index.html").exists());
}

#[test]
fn check_writes_nothing() {
    let root = site("minimal");
    let output = akhbar(&["check"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).starts_with("akhbar: the site is fine: 24 pages checked"));
    assert!(!root.path().join("public").exists());
}

#[test]
fn a_failed_build_leaves_the_previous_site_byte_for_byte() {
    let root = site("minimal");
    assert!(akhbar(&["build"], root.path()).status.success());
    let before = snapshot(&root.path().join("public"));

    fs::write(
        root.path().join("content/news/1404/01/1002.md"),
        "---\nid: 1002\ntitle: خبر\ndate: 1400/12/30\n---\n",
    )
    .unwrap();
    fs::create_dir_all(root.path().join("templates")).unwrap();
    fs::write(
        root.path().join("templates/page.html"),
        "{% extends \"base.html\" %}\n{% block content %}{{ page.title }\n{% endblock %}\n",
    )
    .unwrap();
    let output = akhbar(&["build"], root.path());
    assert_eq!(output.status.code(), Some(1));
    let report = stderr(&output);
    assert!(
        report.starts_with("akhbar: 2 problems in the site:\n"),
        "{report}"
    );
    assert!(
        report.contains("content/news/1404/01/1002.md:4: `date`: 1400 is not a leap year"),
        "{report}"
    );
    assert!(report.contains("templates/page.html:2: "), "{report}");
    assert!(report.ends_with("akhbar: nothing was written; the previous site is unchanged\n"));
    assert_eq!(snapshot(&root.path().join("public")), before);
    let entries: Vec<_> = fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public"))
        .collect();
    assert_eq!(
        entries,
        [".public.akhbar"],
        "only the work folder is beside the output"
    );
    let mut work: Vec<_> = fs::read_dir(root.path().join(".public.akhbar"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    work.sort();
    assert_eq!(
        work,
        ["ledger.json", "lock"],
        "and it holds only the lock and the ledger of changes"
    );
}

#[test]
fn a_missing_variable_names_the_template_line() {
    let root = site("minimal");
    fs::create_dir_all(root.path().join("templates")).unwrap();
    fs::write(
        root.path().join("templates/404.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{{ not_there.title }}\n{% endblock %}\n",
    )
    .unwrap();
    let output = akhbar(&["build"], root.path());
    assert_eq!(output.status.code(), Some(1));
    let report = stderr(&output);
    assert!(
        report.contains("templates/404.html:3: while rendering /404.html: "),
        "{report}"
    );
}

#[test]
fn an_unknown_theme_is_named() {
    let root = site("minimal");
    let config =
        read(root.path().join("site.toml")).replace("theme = \"plain\"", "theme = \"plian\"");
    fs::write(root.path().join("site.toml"), config).unwrap();
    let output = akhbar(&["check"], root.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(
            "site.toml: unknown theme 'plian': there is no folder themes/plian/templates"
        )
    );
}

#[test]
fn new_items_take_the_next_number_and_stay_drafts() {
    let root = site("minimal");
    let first = akhbar(
        &["new", "خبر «تازه» با \"نقل‌قول\"", "--category", "اجتماعی"],
        root.path(),
    );
    assert!(first.status.success(), "{}", stderr(&first));
    let second = akhbar(&["new", "خبر دوم"], root.path());
    let paths: Vec<String> = [&first, &second]
        .iter()
        .map(|o| {
            String::from_utf8(o.stdout.clone())
                .unwrap()
                .trim()
                .to_string()
        })
        .collect();
    assert!(
        paths[0].starts_with("content/news/") && paths[0].ends_with("/1006.md"),
        "{paths:?}"
    );
    assert!(paths[1].ends_with("/1007.md"), "{paths:?}");
    let text = read(root.path().join(&paths[0]));
    assert!(text.contains("title: خبر «تازه» با \"نقل‌قول\"\n"), "{text}");
    assert!(text.contains("draft: true\n"));

    assert!(akhbar(&["build"], root.path()).status.success());
    assert!(!root.path().join("public/news/1006/index.html").exists());
    assert!(akhbar(&["build", "--drafts"], root.path()).status.success());
    let page = read(root.path().join("public/news/1006/index.html"));
    assert!(
        page.contains("<h1>خبر «تازه» با &quot;نقل‌قول&quot;</h1>"),
        "{page}"
    );
}

#[test]
fn init_makes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("portal");
    let init = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .arg("init")
        .arg(&root)
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    for file in [
        "site.toml",
        ".gitignore",
        "content/pages/about.md",
        "themes/sabt/templates/news.html",
    ] {
        assert!(root.join(file).is_file(), "{file}");
    }
    let build = akhbar(&["build"], &root);
    assert!(build.status.success(), "{}", stderr(&build));
    let item = read(root.join("public/news/1/index.html"));
    assert!(item.contains("نخستین خبر پایگاه"));

    let again = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["init", "--lang", "en"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("is not empty: give a new folder"));
}

/// `init` with the portal's title and address: `site.toml` holds them exactly (a title with
/// quotes and a `#` too), the built site shows the title, and the next steps are told in the
/// new site's language, Persian.
#[test]
fn init_names_the_site_and_tells_the_next_steps() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("portal");
    let title = "اخبار «ثبت احوال» البرز \"شماره ۱\" # ویژه";
    let init = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .arg("init")
        .arg(&root)
        .args([
            "--title",
            title,
            "--base-url",
            "https://news.sabt-alborz.ir/",
        ])
        .output()
        .unwrap();
    assert!(init.status.success(), "{}", stderr(&init));
    let told = stderr(&init);
    assert!(told.contains("گام‌های بعد"), "{told}");
    assert!(told.contains("akhbar serve --open"), "{told}");
    assert!(!told.contains("base_url"), "the address is given: {told}");
    let settings: toml::Table = read(root.join("site.toml")).parse().unwrap();
    assert_eq!(settings["title"].as_str(), Some(title));
    assert_eq!(
        settings["base_url"].as_str(),
        Some("https://news.sabt-alborz.ir")
    );
    let build = akhbar(&["build"], &root);
    assert!(build.status.success(), "{}", stderr(&build));
    let home = read(root.join("public/index.html"));
    assert!(home.contains("https://news.sabt-alborz.ir/"));
    assert!(home.contains("اخبار «ثبت احوال» البرز &quot;شماره ۱&quot; # ویژه"));

    // Without an address, the placeholder and a reminder to change it.
    let other = dir.path().join("other");
    let init = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["init", "--lang", "en"])
        .arg(&other)
        .output()
        .unwrap();
    assert!(init.status.success());
    assert!(stderr(&init).contains("change base_url in site.toml"));
    assert!(stderr(&init).contains("Next:"));

    // A wrong address writes nothing.
    let wrong = dir.path().join("wrong");
    let init = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["init", "--base-url", "news.sabt-alborz.ir"])
        .arg(&wrong)
        .output()
        .unwrap();
    assert_eq!(init.status.code(), Some(1));
    assert!(
        stderr(&init).contains("https://news.example.org"),
        "{}",
        stderr(&init)
    );
    assert!(!wrong.join("site.toml").exists());
}

/// The demo portal of this repository, whose first item is the seed article.
#[test]
fn the_demo_renders_the_seed_article_whole() {
    let output = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    // --no-cache: a build into a passing folder leaves no cache in the repository.
    let build = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["build", "--no-cache", "--output"])
        .arg(output.path())
        .arg("--root")
        .arg(repo)
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", stderr(&build));
    let page = read(output.path().join("news/242513/index.html"));
    assert!(page.contains("<html lang=\"fa\" dir=\"rtl\">"));
    assert!(page.contains("کارت هوشمند ملی برای ۹۷ درصد البرزی ها صادر شده است"));
    assert!(page.contains("۲۴۲۵۱۳"), "the news number in Persian digits");
    assert!(page.contains("۵ مهر ۱۳۹۹"));
    assert!(page.contains("datetime=\"2020-09-26T00:00:00+03:30\""));
    assert!(page.contains("ایرنا"));
    let seed = read(repo.join("tests/data/alborz-smart-card-1399-07-05.txt"));
    let paragraphs: Vec<&str> = seed
        .lines()
        .filter(|line| {
            line.starts_with("مدیرکل ثبت احوال البرز با") || line.starts_with("محمد علی رفیع")
        })
        .collect();
    assert_eq!(paragraphs.len(), 2);
    for paragraph in paragraphs {
        assert!(page.contains(&format!("<p>{paragraph}</p>")), "{paragraph}");
    }
    let home = read(output.path().join("index.html"));
    assert!(home.contains("/news/242513/"));
    assert!(
        !home.contains("/news/261350/"),
        "the demo's draft stays out"
    );
    assert!(
        !output.path().join("news/261480").exists(),
        "the embargoed item stays out"
    );
    assert!(
        !output.path().join("news/244390").exists(),
        "the expired notice stays out"
    );
    assert!(
        output
            .path()
            .join("fonts/Vazirmatn-Variable.woff2")
            .is_file()
    );
    let article = json_ld(&page);
    assert_eq!(article["@type"], "NewsArticle");
    assert_eq!(
        article["headline"],
        "کارت هوشمند ملی برای ۹۷ درصد البرزی ها صادر شده است"
    );
    assert_eq!(article["datePublished"], "2020-09-26T00:00:00+03:30");
    assert_eq!(article["publisher"]["name"], "اخبار ثبت احوال استان البرز");
    assert!(
        page.contains("<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/rss.xml\"")
    );
}

#[test]
fn a_folder_akhbar_did_not_write_is_never_replaced() {
    let root = site("minimal");
    for target in [root.path().join("content"), root.path().to_path_buf()] {
        let output = Command::new(env!("CARGO_BIN_EXE_akhbar"))
            .arg("build")
            .arg("--root")
            .arg(root.path())
            .arg("--output")
            .arg(&target)
            .args(["--lang", "en"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let report = stderr(&output);
        assert!(
            report.contains(": holds files akhbar did not write"),
            "{report}"
        );
    }
    assert!(root.path().join("content/news/1403/12/1001.md").is_file());
    assert!(root.path().join("site.toml").is_file());
}

#[test]
fn archives_cross_the_year_and_keep_the_leap_day() {
    let root = site("minimal");
    assert!(akhbar(&["build"], root.path()).status.success());
    let public = root.path().join("public");
    let all = read(public.join("archive/index.html"));
    assert!(
        all.contains("<a href=\"/archive/1404/\">۱۴۰۴ (۲)</a>"),
        "{all}"
    );
    assert!(
        all.contains("<a href=\"/archive/1403/\">۱۴۰۳ (۲)</a>"),
        "{all}"
    );
    let year = read(public.join("archive/1403/index.html"));
    assert!(
        year.contains("<a href=\"/archive/1403/12/\">اسفند (۲)</a>"),
        "{year}"
    );
    assert!(
        year.contains("<span>فروردین (۰)</span>"),
        "empty months are shown, not linked"
    );
    assert!(year.contains("rel=\"next\" href=\"/archive/1404/\""));
    let esfand = read(public.join("archive/1403/12/index.html"));
    let leap_day = esfand.find("/news/1004/").expect("the leap day's item");
    assert!(
        leap_day < esfand.find("/news/1001/").unwrap(),
        "newest first"
    );
    assert!(esfand.contains("<a rel=\"next\" href=\"/archive/1404/01/\">فروردین ۱۴۰۴</a>"));
    assert!(
        !esfand.contains("rel=\"prev\""),
        "no month before the first"
    );
    let farvardin = read(public.join("archive/1404/01/index.html"));
    assert!(farvardin.contains("<a rel=\"prev\" href=\"/archive/1403/12/\">اسفند ۱۴۰۳</a>"));
    assert!(
        !public.join("archive/1404/02").exists(),
        "no page for an empty month"
    );
    let widget = read(public.join("about/index.html"));
    assert!(widget.contains(
        "<aside><a href=\"/archive/1404/\">۱۴۰۴</a><a href=\"/archive/1403/\">۱۴۰۳</a></aside>"
    ));
}

#[test]
fn terms_merge_spellings_and_sort_in_persian_order() {
    let root = site("minimal");
    assert!(akhbar(&["build"], root.path()).status.success());
    let public = root.path().join("public");
    let tags = read(public.join("tag/index.html"));
    let order: Vec<usize> = ["اخبار استانی", "بهار", "پایان سال", "ساعات کاری", "نوروز"]
        .iter()
        .map(|name| {
            tags.find(&format!(">{name} ("))
                .unwrap_or_else(|| panic!("{name}: {tags}"))
        })
        .collect();
    assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "{order:?}");
    assert!(
        tags.contains(">اخبار استانی (۲)</a>"),
        "ي and ی are one tag"
    );
    let provincial = read(public.join("tag/اخبار-استانی/index.html"));
    assert!(provincial.contains("/news/1004/") && provincial.contains("/news/1005/"));
    let item = read(public.join("news/1005/index.html"));
    assert!(item.contains("<a href=\"/category/گزارش-ها/\">گزارش‌ها</a>"));
    assert!(
        item.contains("<a class=\"related\" href=\"/news/1004/\">"),
        "shares a tag"
    );
    assert!(
        item.contains("<a rel=\"prev\" href=\"/news/1002/\">"),
        "the next older item"
    );
}

#[test]
fn a_term_without_letters_is_named() {
    let root = site("minimal");
    fs::write(
        root.path().join("content/news/1404/01/1006.md"),
        "---\nid: 1006\ntitle: خبر\ndate: 1404/01/06\ntags: [نوروز!, '؟']\n---\n",
    )
    .unwrap();
    let output = akhbar(&["check"], root.path());
    assert_eq!(output.status.code(), Some(1));
    let report = stderr(&output);
    assert!(
        report.contains("content/news/1404/01/1006.md: the tags '؟' has no letters or digits"),
        "{report}"
    );
    assert!(!report.contains("same address"), "{report}");
}

/// The spellings: a new item's variant of an older term joins it, never fails the
/// build, and leaves the term's name and address as the older items have them.
#[test]
fn spellings_of_one_term_are_one_term_with_one_address() {
    let root = site("minimal");
    let item = |id: u32, day: u32, category: &str, tags: &str| {
        fs::write(
            root.path().join(format!("content/news/1404/01/{id}.md")),
            format!("---\nid: {id}\ntitle: خبر {id}\ndate: 1404/01/{day:02}\ncategory: {category}\ntags: [{tags}]\n---\nمتن\n"),
        )
        .unwrap();
    };
    item(1006, 6, "اطلاعیه ها", "ثبت احوال, نوبت دهی, مسئول");
    item(1007, 7, "اطلاعیه ها", "ثبت احوال, نوبت‌دهی, مسئول");
    item(1008, 8, "اطلاعیه‌ها", "ثبت‌احوال, نوبت‌دهی, مسؤول");
    let output = akhbar(&["build"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let public = root.path().join("public");
    let tags = read(public.join("tag/index.html"));
    assert_eq!(tags.matches("/tag/ثبت-احوال/").count(), 1, "{tags}");
    assert_eq!(tags.matches("/tag/نوبت-دهی/").count(), 1, "{tags}");
    let registry = read(public.join("tag/ثبت-احوال/index.html"))
        + &read(public.join("tag/ثبت-احوال/pages/1/index.html"));
    for id in [1006, 1007, 1008] {
        assert!(registry.contains(&format!("/news/{id}/")), "{id}");
    }
    // Two items spell it «مسئول», the newest «مسؤول»: the most used spelling names it.
    assert!(public.join("tag/مسئول/index.html").exists());
    let moved = read(public.join("tag/مسؤول/index.html"));
    assert!(moved.contains("http-equiv=\"refresh\""), "{moved}");
    assert!(moved.contains("/tag/مسئول/"), "{moved}");
    for (name, part) in support::sitemap_parts(&public, "https://news.example.org") {
        assert!(
            !part.contains("مسؤول") && !part.contains("%D9%85%D8%B3%D8%A4"),
            "{name}"
        );
    }
    let newest = read(public.join("news/1008/index.html"));
    assert!(
        newest.contains(">مسئول</a>"),
        "the term's name, not the item's spelling"
    );
    // Every category spelling is the one category the older items gave it.
    let categories = read(public.join("category/index.html"));
    assert_eq!(
        categories.matches("/category/اطلاعیه-ها/").count(),
        1,
        "{categories}"
    );
}

#[test]
fn feeds_and_sitemaps_use_absolute_addresses_and_tehran_dates() {
    let root = site("minimal");
    assert!(akhbar(&["build"], root.path()).status.success());
    let public = root.path().join("public");
    let rss = read(public.join("rss.xml"));
    assert!(rss.contains("<language>fa</language>"));
    assert!(rss.contains("<link>https://news.example.org/news/1004/</link>"));
    assert!(
        rss.contains("<pubDate>Thu, 20 Mar 2025 10:00:00 +0330</pubDate>"),
        "the leap day, Tehran time"
    );
    assert!(
        rss.contains("<title>\u{200F}COVID-19 و خدمات ثبت احوال</title>"),
        "bidi-safe titles"
    );
    assert!(rss.contains("&lt;div dir=&quot;rtl&quot;"));
    let atom = read(public.join("atom.xml"));
    assert!(atom.contains("xml:lang=\"fa\""));
    assert!(atom.contains("<published>2025-03-20T10:00:00+03:30</published>"));
    let category = read(public.join("category/گزارش-ها/rss.xml"));
    assert!(category.contains("/news/1005/") && !category.contains("/news/1004/"));
    // The index names its parts: news by the Jalali year of their date, the addresses that
    // came with news by the year they came, the rest apart.
    let parts = support::sitemap_parts(&public, "https://news.example.org");
    let names: Vec<&str> = parts.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "sitemaps/pages.xml",
            "sitemaps/news-1403.xml",
            "sitemaps/news-1404.xml",
            "sitemaps/lists-1403.xml",
            "sitemaps/lists-1404.xml",
        ]
    );
    assert!(!read(public.join("sitemap.xml")).contains("<lastmod>"));
    let part = |name: &str| &parts.iter().find(|(n, _)| n == name).unwrap().1;
    // 1403/12/30, the leap day of 1403, is still 1403.
    assert!(part("sitemaps/news-1403.xml").contains("<url><loc>https://news.example.org/news/1004/</loc><lastmod>2025-03-20T10:00:00+03:30</lastmod></url>"));
    assert!(!part("sitemaps/news-1404.xml").contains("/news/1004/"));
    assert!(
        part("sitemaps/lists-1403.xml")
            .contains("<loc>https://news.example.org/archive/1403/12/</loc>")
    );
    assert!(part("sitemaps/pages.xml").contains("<loc>https://news.example.org/</loc>"));
    assert!(part("sitemaps/pages.xml").contains("<loc>https://news.example.org/about/</loc>"));
    let urls: usize = parts
        .iter()
        .map(|(_, xml)| xml.matches("<url>").count())
        .sum();
    assert_eq!(urls, 23, "every page but the not-found page");
    assert!(
        parts.iter().all(|(_, xml)| !xml.contains("404.html")),
        "the not-found page is not listed"
    );
    let robots = read(public.join("robots.txt"));
    assert!(robots.contains("Sitemap: https://news.example.org/sitemap.xml\n"));
    assert!(
        !public.join("news-sitemap.xml").exists() && !robots.contains("news-sitemap"),
        "no item is of the last two days: no news sitemap, and robots.txt does not name one"
    );
}

#[test]
fn every_internal_link_must_lead_somewhere() {
    let root = site("minimal");
    fs::write(
        root.path().join("content/news/1404/01/1006.md"),
        "---\nid: 1006\ntitle: خبر\ndate: 1404/01/06\n---\n\n[قبلی](/news/9999/) و ![تصویر](/images/missing.svg) و [درست](/news/1001/)\n",
    )
    .unwrap();
    let output = akhbar(&["check"], root.path());
    assert_eq!(output.status.code(), Some(1));
    let report = stderr(&output);
    assert!(
        report.starts_with("akhbar: 2 problems in the site:\n"),
        "{report}"
    );
    assert!(report.contains("news/1006/index.html: the page /news/1006/ links to /news/9999/, which the site does not have"));
    // A missing picture is named once, at the line of the file that shows it.
    assert!(report.contains("content/news/1404/01/1006.md:7: the body shows the picture /images/missing.svg, which the site does not have"), "{report}");
}

#[test]
fn an_unlikely_year_is_built_with_a_warning() {
    let root = site("minimal");
    fs::write(
        root.path().join("content/news/1404/01/1006.md"),
        "---\nid: 1006\ntitle: خبر\ndate: 1299/01/06\n---\nمتن\n",
    )
    .unwrap();
    let output = akhbar(&["build"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).starts_with(
        "akhbar: warning: content/news/1404/01/1006.md:4: the date is in the year 1299, far from the news of our time (1300 to 1500): is the year right?\n"
    ), "{}", stderr(&output));
    assert!(root.path().join("public/archive/1299/index.html").is_file());
}

/// The JSON-LD of a built page, parsed.
fn json_ld(page: &str) -> serde_json::Value {
    let start = page
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).unwrap()
}

#[test]
fn front_matter_cannot_break_out_of_its_place() {
    let root = site("minimal");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::create_dir_all(root.path().join("themes/sabt")).unwrap();
    support::copy_dir(&repo.join("themes/sabt"), &root.path().join("themes/sabt"));
    let config =
        read(root.path().join("site.toml")).replace("theme = \"plain\"", "theme = \"sabt\"");
    fs::write(root.path().join("site.toml"), config).unwrap();
    let hostile = "</script><script>alert(1)</script> & \"quotes\" <b>";
    fs::write(
        root.path().join("content/news/1404/01/1006.md"),
        format!(
            "---\nid: 1006\ntitle: '{hostile}'\ndate: 1404/01/06\ntags: ['<i>x</i>']\n---\nمتن\n"
        ),
    )
    .unwrap();
    let output = akhbar(&["build"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let page = read(root.path().join("public/news/1006/index.html"));
    assert!(!page.contains("<script>alert(1)"), "{page}");
    assert!(!page.contains("<b>") && !page.contains("<i>x</i>"));
    assert!(
        page.contains("&lt;&#x2F;script&gt;") || page.contains("&lt;/script&gt;"),
        "{page}"
    );
    assert_eq!(
        json_ld(&page)["headline"],
        hostile,
        "JSON-LD keeps the text, escaped"
    );
    let rss = read(root.path().join("public/rss.xml"));
    assert!(rss.contains("&lt;/script&gt;&lt;script&gt;alert(1)"));
}

#[test]
fn the_search_index_folds_persian_spellings() {
    let root = site("minimal");
    assert!(akhbar(&["build"], root.path()).status.success());
    let public = root.path().join("public");
    let meta: serde_json::Value =
        serde_json::from_str(&read(public.join("search/meta.json"))).unwrap();
    assert_eq!(
        meta["docs"], 5,
        "every item of the content has a number, the draft too"
    );
    assert_eq!(meta["categories"][0][0], "اطلاعیه‌ها");
    assert_eq!(meta["categories"][1][0], "گزارش‌ها");
    // Oldest first: 1001, 1004 (Esfand 1403), then 1002, 1003 (the draft), 1005.
    assert_eq!(
        meta["months"],
        serde_json::json!([[1403, 12, 0], [1404, 1, 2]])
    );
    let news =
        |ids: &[u32]| -> Vec<String> { ids.iter().map(|id| format!("/news/{id}/")).collect() };
    assert_eq!(
        search(&public, "\"اخبار استانی\""),
        news(&[1005, 1004]),
        "اخبار استاني and استانی are one phrase"
    );
    assert_eq!(
        search(&public, "۱۴۰۳"),
        news(&[1004, 1001]),
        "۱۴۰۳ in the title of 1004 first, then the year of 1001's date"
    );
    assert_eq!(search(&public, "كوتاه"), news(&[1002]), "Arabic kaf");
    assert_eq!(
        search(&public, "پیش‌نویس"),
        news(&[]),
        "drafts are not found"
    );
    let found = search_all(
        &public,
        &[
            ("ثبت احوال", serde_json::json!({"year": "1404"})),
            ("ثبت", serde_json::json!({"category": "اطلاعیه‌ها"})),
        ],
    );
    assert_eq!(found[0].urls, news(&[1005, 1002]));
    assert_eq!(found[1].urls, news(&[1001]));
    let script = read(public.join("search/search.js"));
    assert!(script.contains("\"ك\":\"ک\""));
}

#[test]
fn a_comment_on_a_missing_item_is_warned_about_and_broken_ones_are_errors() {
    let root = site("minimal");
    let folder = root.path().join("content/comments/4242");
    fs::create_dir_all(&folder).unwrap();
    fs::write(
        folder.join("c1.yaml"),
        "id: c1\nnews_id: 4242\nname: علی\nemail: a@example.org\nbody: سلام\nreceived_at: 2025-03-21T10:00:00Z\nstatus: approved\n",
    )
    .unwrap();
    let output = akhbar(&["build"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains(
        "warning: content/comments/4242/c1.yaml: is a comment on news 4242, which the site does not have"
    ), "{}", stderr(&output));

    fs::write(
        folder.join("c2.yaml"),
        "id: c2\nnews_id: 4242\nstatus: maybe\n",
    )
    .unwrap();
    let output = akhbar(&["check"], root.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("content/comments/4242/c2.yaml:"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn check_warns_about_what_editors_likely_did_not_mean() {
    let root = site("minimal");
    let news = root.path().join("content/news/1404/02");
    fs::create_dir_all(&news).unwrap();
    let item = |id: u32, front: &str, body: &str| {
        fs::write(
            news.join(format!("{id}.md")),
            format!("---\nid: {id}\n{front}---\n\n{body}"),
        )
        .unwrap();
    };
    item(
        2001,
        "title: ساعات کاری ادارات\ndate: 1404/02/01 09:00\n",
        "متن نخست\n",
    );
    item(
        2002,
        "title: ساعات كاري ادارات\ndate: 1404/02/01 11:00\n",
        "متن دوم\n",
    );
    item(
        2003,
        "title: خبر زمان‌بندی\ndate: 1404/02/05 10:00\npublish_at: 1404/02/04 10:00\n",
        "متن\n",
    );
    item(2004, "title: خبر آینده\ndate: 1499/02/05 10:00\n", "متن\n");
    item(
        2005,
        "title: خبر با عکس\ndate: 1404/02/06\nimage: /images/logo.svg\n",
        "متن\n",
    );
    item(2006, "title: خبر بی‌متن\ndate: 1404/02/07\n", "");

    let output = akhbar(&["check"], root.path());
    assert!(
        output.status.success(),
        "warnings do not fail: {}",
        stderr(&output)
    );
    let report = stderr(&output);
    for expected in [
        "warning: content/news/1404/02/2002.md:3: has the same title as content/news/1404/02/2001.md on the same day: was it posted twice?",
        "warning: content/news/1404/02/2003.md:5: `publish_at` is before the item's `date`",
        "warning: content/news/1404/02/2004.md:4: `date` is more than a year ahead: is the year right?",
        "warning: content/news/1404/02/2005.md:5: `image` has no `image_alt`",
        "warning: content/news/1404/02/2006.md:6: the item has no summary and no first paragraph",
    ] {
        assert!(report.contains(expected), "{expected}\nin:\n{report}");
    }
    assert!(report.contains(", 5 warnings"), "{report}");
    let build = akhbar(&["build"], root.path());
    assert!(
        !stderr(&build).contains("posted twice"),
        "build leaves editorial advice to check"
    );

    let json = akhbar(&["check", "--format", "json"], root.path());
    assert!(json.status.success());
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["warnings"].as_array().unwrap().len(), 5);
    assert_eq!(
        report["warnings"][0]["path"],
        "content/news/1404/02/2002.md"
    );
    assert_eq!(report["warnings"][0]["line"], 3);

    item(
        2007,
        "title: پیوند شکسته\ndate: 1404/02/08\n",
        "[گم](/news/1/)\n",
    );
    let json = akhbar(&["check", "--format", "json"], root.path());
    assert_eq!(json.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert!(
        report["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("/news/1/")
    );
}

#[cfg(unix)]
#[test]
fn new_opens_the_file_in_the_editor() {
    use std::os::unix::fs::PermissionsExt;
    let root = site("minimal");
    let editor = root.path().join("editor.sh");
    fs::write(&editor, "#!/bin/sh\necho 'متن خبر از ویرایشگر' >> \"$1\"\n").unwrap();
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["new", "خبر ویرایشگر", "--edit", "--root"])
        .arg(root.path())
        .env("EDITOR", &editor)
        .env_remove("VISUAL")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let path = String::from_utf8(output.stdout).unwrap();
    let text = read(root.path().join(path.trim()));
    assert!(text.ends_with("متن خبر از ویرایشگر\n"), "{text}");

    let no_editor = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["new", "خبر دیگر", "--edit", "--lang", "en", "--root"])
        .arg(root.path())
        .env_remove("EDITOR")
        .env_remove("VISUAL")
        .output()
        .unwrap();
    assert_eq!(no_editor.status.code(), Some(1));
    assert!(stderr(&no_editor).contains("--edit needs $VISUAL or $EDITOR"));
}
