//! The desk's hold on an item's file: a hand-written item opened into the form and saved back,
//! changing only what the editor changed; a file changed meanwhile, or a form a build would
//! refuse, writes nothing.

use std::fs;
use std::path::Path;

use akhbar::config::Config;
use akhbar::desk::item_form::{ItemForm, SaveError, Saved, open, save};

/// A hand-written item, with a comment, a block list, a folded summary and a quoted title.
const HAND_WRITTEN: &str = "---\n# نوشتهٔ دست\nid: 242513\ntitle: \"کارت هوشمند ملی برای ۹۷ درصد البرزی ها صادر شده است\"\ndate: 1399/07/05\ncategory: اجتماعی\ntags:\n  - کارت هوشمند ملی\n  - ثبت احوال\nsummary: >\n  خلاصهٔ خبر\n  در دو سطر\nsource: ایرنا\npinned: true\n---\n\nمدیرکل ثبت احوال البرز گفت: **کارت** صادر شد.\n";

const ITEM: &str = "content/news/1399/07/242513.md";

fn site() -> (tempfile::TempDir, Config) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("site.toml"),
        "title = \"ثبت احوال البرز\"\nbase_url = \"https://alborz.example.org\"\nlanguage = \"fa\"\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("content/news/1399/07")).unwrap();
    fs::write(root.join(ITEM), HAND_WRITTEN).unwrap();
    let config = Config::load(root).unwrap();
    (dir, config)
}

fn file(config: &Config) -> String {
    fs::read_to_string(config.root.join(ITEM)).unwrap()
}

/// The lines of `before` and `after` that differ, by position.
fn changed_lines(before: &str, after: &str) -> Vec<(String, String)> {
    let (a, b): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(a.len(), b.len(), "as many lines:\n{after}");
    (a.into_iter().zip(b))
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_hand_written_item_opens_with_every_field_as_written() {
    let (_dir, config) = site();
    let opened = open(&config, Path::new(ITEM)).unwrap();
    let form = &opened.form;
    assert_eq!(
        form.title,
        "کارت هوشمند ملی برای ۹۷ درصد البرزی ها صادر شده است"
    );
    assert_eq!(form.date, "1399/07/05");
    assert_eq!(form.category, "اجتماعی");
    assert_eq!(form.tags, ["کارت هوشمند ملی", "ثبت احوال"]);
    assert_eq!(form.summary, "خلاصهٔ خبر در دو سطر\n");
    assert_eq!(
        (form.pinned, form.draft, form.comments),
        (true, false, None)
    );
    assert_eq!(
        form.body,
        "\nمدیرکل ثبت احوال البرز گفت: **کارت** صادر شد.\n"
    );
    assert_eq!(opened.version.len(), 64);
}

#[test]
fn changing_the_title_changes_only_its_line() {
    let (_dir, config) = site();
    let opened = open(&config, Path::new(ITEM)).unwrap();
    let form = ItemForm {
        title: "کارت هوشمند ملی برای ۹۸ درصد البرزی‌ها صادر شده است".into(),
        ..opened.form.clone()
    };
    let saved = save(&config, Path::new(ITEM), &opened.version, &form).unwrap();
    assert!(matches!(saved, Saved::Written { .. }));
    assert_eq!(
        changed_lines(HAND_WRITTEN, &file(&config)),
        [(
            "title: \"کارت هوشمند ملی برای ۹۷ درصد البرزی ها صادر شده است\"".to_string(),
            "title: کارت هوشمند ملی برای ۹۸ درصد البرزی‌ها صادر شده است".to_string()
        )]
    );
    // Saved again as it is now: nothing to write.
    let again = open(&config, Path::new(ITEM)).unwrap();
    let unchanged = save(&config, Path::new(ITEM), &again.version, &again.form).unwrap();
    assert_eq!(unchanged, Saved::Unchanged);
}

#[test]
fn tags_flags_and_the_body_are_written_where_they_were() {
    let (_dir, config) = site();
    let opened = open(&config, Path::new(ITEM)).unwrap();
    let form = ItemForm {
        tags: vec!["کارت هوشمند ملی".into(), " البرز ".into(), String::new()],
        draft: true,
        body: "\r\nمتن تازه،\r\nدر دو سطر.\r\n".into(),
        ..opened.form.clone()
    };
    save(&config, Path::new(ITEM), &opened.version, &form).unwrap();
    let text = file(&config);
    assert!(
        text.contains("category: اجتماعی\ntags: [کارت هوشمند ملی, البرز]\nsummary: >\n"),
        "{text}"
    );
    assert!(
        text.contains("pinned: true\ndraft: true\n---\n\nمتن تازه،\nدر دو سطر.\n"),
        "{text}"
    );
    assert!(text.starts_with("---\n# نوشتهٔ دست\nid: 242513\n"));
}

#[test]
fn a_file_changed_since_it_was_opened_is_not_overwritten() {
    let (_dir, config) = site();
    let opened = open(&config, Path::new(ITEM)).unwrap();
    let by_hand = HAND_WRITTEN.replace("source: ایرنا", "source: ایسنا");
    fs::write(config.root.join(ITEM), &by_hand).unwrap();
    let form = ItemForm {
        title: "عنوان دیگر".into(),
        ..opened.form.clone()
    };
    let refused = save(&config, Path::new(ITEM), &opened.version, &form).unwrap_err();
    let SaveError::Changed { now } = refused else {
        panic!("{refused:?}");
    };
    assert_eq!(now.form.source, "ایسنا", "the file as it is now");
    assert_ne!(now.version, opened.version);
    assert_eq!(file(&config), by_hand, "nothing written");
}

#[test]
fn a_form_a_build_would_refuse_writes_nothing_and_says_where() {
    let (_dir, config) = site();
    let opened = open(&config, Path::new(ITEM)).unwrap();
    let form = ItemForm {
        date: "1399/07/32".into(),
        title: String::new(),
        ..opened.form.clone()
    };
    let refused = save(&config, Path::new(ITEM), &opened.version, &form).unwrap_err();
    let SaveError::Invalid(problems) = refused else {
        panic!("{refused:?}");
    };
    let said: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
    assert!(said.iter().any(|m| m.contains("date")), "{said:?}");
    assert!(said.iter().any(|m| m.contains("title")), "{said:?}");
    assert!(
        problems
            .iter()
            .all(|p| p.path == Path::new(ITEM) && p.persian.is_some())
    );
    assert_eq!(file(&config), HAND_WRITTEN, "nothing written");
}

#[test]
fn only_news_items_inside_the_site_are_opened() {
    let (_dir, config) = site();
    for path in [
        "site.toml",
        "content/news/../../site.toml",
        "/etc/passwd",
        "content/pages/about.md",
    ] {
        assert!(
            matches!(open(&config, Path::new(path)), Err(SaveError::File(_))),
            "{path}"
        );
    }
}
