//! End to end: what editors write in front matter and Markdown is what the page shows, or
//! `check` says why; ids on a built page are unique.

mod support;

use std::fs;
use std::process::Output;

use support::{akhbar, fixture_copy};

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn a_title_cut_by_a_comment_is_an_error_with_every_other_one() {
    let root = fixture_copy("minimal");
    let news = root.path().join("content/news/1404/01");
    fs::write(
        news.join("1005.md"),
        "---\nid: 1005\ntitle: اطلاعیه شماره #۳ ثبت احوال\ndate: 1404/01/05\ntags:\n  - کارت #ملی\n---\nمتن\n",
    )
    .unwrap();
    fs::write(
        news.join("1002.md"),
        "---\nid: 1002\ntitle: خبر\ndate: 1400/12/30\n---\n",
    )
    .unwrap();
    let output = akhbar(&["check"], root.path());
    let text = stderr(&output);
    assert!(!output.status.success());
    assert!(text.contains("1005.md:3: `title`"), "{text}");
    assert!(
        text.contains("only \"اطلاعیه شماره\" would be published"),
        "{text}"
    );
    assert!(text.contains("double quotes"), "{text}");
    assert!(text.contains("1005.md:6: `tags`"), "{text}");
    assert!(text.contains("1002.md:4"), "{text}");

    fs::write(
        news.join("1005.md"),
        "---\nid: 1005\ntitle: \"اطلاعیه شماره #۳ ثبت احوال\"\ndate: 1404/01/05\n---\nمتن\n",
    )
    .unwrap();
    fs::write(
        news.join("1002.md"),
        "---\nid: 1002\ntitle: خبر\ndate: 1404/01/02\n---\n",
    )
    .unwrap();
    let output = akhbar(&["build"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let page = fs::read_to_string(root.path().join("public/news/1005/index.html")).unwrap();
    assert!(page.contains("اطلاعیه شماره #۳ ثبت احوال"));
}

#[test]
fn headings_and_footnotes_get_distinct_ids_and_emphasis_is_persian() {
    let root = fixture_copy("minimal");
    fs::write(
        root.path().join("content/news/1404/01/1005.md"),
        "---\nid: 1005\ntitle: خبر\ndate: 1404/01/05\n---\n## ۱\n\nمتن[^1] **«سامانه»**\u{200c}ها و **نکته:**متقاضیان\n\n## comments\n\n[^1]: پانویس\n",
    )
    .unwrap();
    let output = akhbar(&["build"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let page = fs::read_to_string(root.path().join("public/news/1005/index.html")).unwrap();
    assert!(page.contains("<h2 id=\"1\">۱</h2>"), "{page}");
    assert!(page.contains("<a href=\"#fn-1\">۱</a>"), "{page}");
    assert!(page.contains("id=\"fn-1\""), "{page}");
    assert!(page.contains("<h2 id=\"comments-2\">"), "{page}");
    assert!(
        page.contains("<strong>«سامانه»</strong>\u{200c}ها"),
        "{page}"
    );
    assert!(page.contains("<strong>نکته:</strong>متقاضیان"), "{page}");
}

#[test]
fn check_reports_an_id_given_twice_and_literal_asterisks() {
    let root = fixture_copy("minimal");
    fs::write(
        root.path().join("content/news/1404/01/1005.md"),
        "---\nid: 1005\ntitle: خبر\ndate: 1404/01/05\n---\nمتن\n\n## دو {#two}\n\n**«نیمه باز\n",
    )
    .unwrap();
    let output = akhbar(&["check"], root.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("1005.md:10: `**` or `__` stays literal"),
        "{}",
        stderr(&output)
    );
    fs::write(
        root.path().join("content/pages/contact.md"),
        "---\ntitle: تماس\n---\nتلفن:\n\n__ساعت کاری بی‌پایان\n",
    )
    .unwrap();
    let output = akhbar(&["check"], root.path());
    assert!(
        stderr(&output).contains("contact.md:6: `**` or `__` stays literal"),
        "pages are checked as items are: {}",
        stderr(&output)
    );

    let template = root.path().join("themes");
    let news_html = fs::read_dir(&template)
        .unwrap()
        .map(|theme| theme.unwrap().path().join("templates/news.html"))
        .find(|path| path.exists())
        .unwrap();
    let text = fs::read_to_string(&news_html).unwrap();
    fs::write(
        &news_html,
        text.replace(
            "{{ news.body | safe }}",
            "<p id=\"two\"></p>{{ news.body | safe }}",
        ),
    )
    .unwrap();
    let output = akhbar(&["check"], root.path());
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("news/1005/index.html: the id \"two\" is given to two elements"),
        "{}",
        stderr(&output)
    );
    // The preview renders in memory, and says the same.
    let options = akhbar::pipeline::BuildOptions::new(root.path());
    let previewed = akhbar::pipeline::render_only(&options)
        .err()
        .unwrap()
        .to_string();
    assert!(
        previewed.contains("news/1005/index.html: the id \"two\" is given to two elements"),
        "{previewed}"
    );
}
