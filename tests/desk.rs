//! The desk's hold on an item's file: a hand-written item opened into the form and saved back,
//! changing only what the editor changed; a file changed meanwhile, or a form a build would
//! refuse, writes nothing.

mod support;

use std::fs;
use std::path::Path;

use akhbar::config::Config;
use akhbar::desk::item_form::{FieldProblem, ItemForm, SaveError, Saved, open, save};

/// A hand-written item, with a comment, a block list, a folded summary and a quoted title.
const HAND_WRITTEN: &str = "---\n# نوشتهٔ دست\nid: 242513\ntitle: \"کارت هوشمند ملی برای ۹۷ درصد البرزی ها صادر شده است\"\ndate: 1399/07/05\ncategory: اجتماعی\ntags:\n  - کارت هوشمند ملی\n  - ثبت احوال\nsummary: >\n  خلاصهٔ خبر\n  در دو سطر\nsource: ایرنا\npinned: true\n---\n\nمدیرکل ثبت احوال البرز گفت: **کارت** صادر شد.\n";

const ITEM: &str = "content/news/1399/07/242513.md";

fn site() -> (tempfile::TempDir, Config) {
    let dir = support::desk_http::seed_site(HAND_WRITTEN);
    let config = Config::load(dir.path()).unwrap();
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
    let said: Vec<(Option<&str>, &str)> = (problems.iter())
        .map(|p| (p.field, p.problem.message.as_str()))
        .collect();
    let date = said
        .iter()
        .find(|(_, m)| m.contains("date"))
        .expect("the date's");
    assert_eq!(date.0, Some("date"), "at its field: {said:?}");
    let title = said
        .iter()
        .find(|(_, m)| m.contains("title"))
        .expect("the title's");
    assert_eq!(
        title.0, None,
        "a missing field is the whole item's: {said:?}"
    );
    let located =
        |p: &FieldProblem| p.problem.path == Path::new(ITEM) && p.problem.persian.is_some();
    assert!(problems.iter().all(located));
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

mod http {
    use super::support::desk_http::{call, get, hidden, pairs, post};
    use super::*;
    use axum::http::StatusCode;

    #[tokio::test]
    async fn the_list_the_form_and_a_save_through_http() {
        let (_dir, config) = site();
        let app = akhbar::desk::router(&config.root);
        let (status, _, list) = call(&app, get("/_desk/")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(list.contains("<html lang=\"fa\" dir=\"rtl\">"));
        assert!(list.contains("کارت هوشمند ملی برای ۹۷ درصد"), "{list}");
        assert!(
            list.contains("۱۳۹۹/۰۷/۰۵"),
            "the Jalali date in Persian digits: {list}"
        );
        assert!(list.contains("منتشرشده (۱)"), "{list}");
        // Titles found by the site's matching rule: Arabic ي and ك, Latin digits.
        let (_, _, found) = call(&app, get("/_desk/?q=%D9%83%D8%A7%D8%B1%D8%AA+97")).await;
        assert!(found.contains("کارت هوشمند ملی برای ۹۷ درصد"), "{found}");
        let (_, _, none) = call(
            &app,
            get("/_desk/?q=%D8%B4%D9%86%D8%A7%D8%B3%D9%86%D8%A7%D9%85%D9%87"),
        )
        .await;
        assert!(!none.contains("کارت هوشمند ملی برای ۹۷"), "{none}");

        let item = "/_desk/item?path=content%2Fnews%2F1399%2F07%2F242513.md";
        let (status, _, form) = call(&app, get(item)).await;
        assert_eq!(status, StatusCode::OK);
        let (token, version) = (hidden(&form, "token"), hidden(&form, "version"));
        let opened = open(&config, Path::new(ITEM)).unwrap();
        let fields = |title: &'static str, token: String| {
            vec![
                ("token", token),
                ("path", ITEM.to_string()),
                ("version", version.clone()),
                ("title", title.to_string()),
                ("date", opened.form.date.clone()),
                ("category", opened.form.category.clone()),
                ("tags", opened.form.tags.join("، ")),
                ("source", opened.form.source.clone()),
                ("summary", opened.form.summary.clone()),
                ("pinned", "on".to_string()),
                ("body", opened.form.body.replace('\n', "\r\n")),
            ]
        };

        // Without the desk's token, or from another site's page: refused, nothing written.
        let forged = fields("جعلی", "0".repeat(64));
        let forged = post("/_desk/item", None, &pairs(&forged));
        assert_eq!(call(&app, forged).await.0, StatusCode::FORBIDDEN);
        let other = fields("جعلی", token.clone());
        let from_elsewhere = post("/_desk/item", Some("http://evil.example"), &pairs(&other));
        assert_eq!(call(&app, from_elsewhere).await.0, StatusCode::FORBIDDEN);
        assert_eq!(file(&config), HAND_WRITTEN);

        // From the desk's own page: saved, only the title's line changed.
        let good = fields("عنوان <تازه> از میز", token.clone());
        let good = pairs(&good);
        let (status, location, _) = call(
            &app,
            post("/_desk/item", Some("http://127.0.0.1:1112"), &good),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.ends_with("&saved=1"), "{location}");
        let changed = changed_lines(HAND_WRITTEN, &file(&config));
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert_eq!(changed[0].1, "title: عنوان <تازه> از میز");
        let (_, _, saved) = call(&app, get(&location)).await;
        assert!(saved.contains("ذخیره شد"), "{saved}");
        assert!(
            saved.contains("عنوان &lt;تازه&gt; از میز"),
            "escaped: {saved}"
        );

        // A colleague's form, opened before that save: refused, the change shown, their
        // own edit kept in the form.
        let second = fields("عنوان ویرایش دوم", token.clone());
        let second = pairs(&second);
        let origin = Some("http://127.0.0.1:1112");
        let (status, _, conflict) = call(&app, post("/_desk/item", origin, &second)).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(conflict.contains("تغییر کرده است"), "{conflict}");
        assert!(
            conflict.contains("<li>عنوان: «عنوان &lt;تازه&gt; از میز»</li>"),
            "what the file has now: {conflict}"
        );
        assert!(
            conflict.contains("value=\"عنوان ویرایش دوم\""),
            "their edit kept: {conflict}"
        );
        let before = file(&config);
        assert!(before.contains("title: عنوان <تازه> از میز"));
        // Saved again from that page (at the file's version now), it replaces the title.
        let now_version = hidden(&conflict, "version");
        let again: Vec<(&str, &str)> = (second.iter())
            .map(|&(key, value)| match key {
                "version" => (key, now_version.as_str()),
                _ => (key, value),
            })
            .collect();
        let (status, _, _) = call(&app, post("/_desk/item", origin, &again)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(file(&config).contains("title: عنوان ویرایش دوم"));
    }

    #[tokio::test]
    async fn a_refused_save_shows_each_problem_beside_its_field() {
        let (_dir, config) = site();
        let app = akhbar::desk::router(&config.root);
        let item = "/_desk/item?path=content%2Fnews%2F1399%2F07%2F242513.md";
        let (_, _, form) = call(&app, get(item)).await;
        let (token, version) = (hidden(&form, "token"), hidden(&form, "version"));
        let fields = [
            ("token", token.as_str()),
            ("path", ITEM),
            ("version", version.as_str()),
            ("title", "عنوان"),
            ("date", "1399/07/32"),
            ("body", "متن"),
        ];
        let (status, _, page) = call(&app, post("/_desk/item", None, &fields)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            page.contains("name=\"date\" value=\"1399/07/32\""),
            "the editor's value kept: {page}"
        );
        assert!(
            page.contains("aria-invalid=\"true\" aria-describedby=\"problem-date\"><span class=\"field-problem\" id=\"problem-date\">"),
            "{page}"
        );
        assert!(!page.contains("problem-title"), "{page}");
        assert_eq!(file(&config), HAND_WRITTEN);
    }

    #[tokio::test]
    async fn a_new_item_gets_the_next_news_number_as_a_draft() {
        let (_dir, config) = site();
        let app = akhbar::desk::router(&config.root);
        let (_, _, list) = call(&app, get("/_desk/")).await;
        let token = hidden(&list, "token");
        let fields = [
            ("token", token.as_str()),
            ("title", "خبر تازهٔ میز"),
            ("category", "اطلاعیه‌ها"),
        ];
        let (status, location, _) = call(&app, post("/_desk/new", None, &fields)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.ends_with("%2F242514%2Emd"), "{location}");
        let (_, _, form) = call(&app, get(&location)).await;
        assert!(form.contains("value=\"خبر تازهٔ میز\""), "{form}");
        assert!(form.contains("name=\"draft\" checked"), "{form}");
    }

    #[tokio::test]
    async fn a_long_list_is_shown_fifty_items_a_page_newest_first() {
        let (_dir, config) = site();
        for id in 1..=60u32 {
            let day = id % 28 + 1;
            let text = format!(
                "---\nid: {id}\ntitle: خبر شمارهٔ {id}\ndate: 1404/01/{day:02} 10:00\n---\nمتن\n"
            );
            fs::write(
                config.root.join(format!("content/news/1399/07/{id}.md")),
                text,
            )
            .unwrap();
        }
        let app = akhbar::desk::router(&config.root);
        let (_, _, first) = call(&app, get("/_desk/")).await;
        assert_eq!(first.matches("<tr class=").count(), 50);
        assert!(
            first.contains("صفحهٔ ۱ از ۲") && first.contains("rel=\"next\""),
            "{first}"
        );
        let (_, _, second) = call(&app, get("/_desk/?page=2")).await;
        assert_eq!(second.matches("<tr class=").count(), 11);
        assert!(second.contains("rel=\"prev\"") && !second.contains("rel=\"next\""));
        assert!(
            second.contains("کارت هوشمند ملی"),
            "the oldest, 1399, last: {second}"
        );
    }

    #[tokio::test]
    async fn the_list_is_filtered_by_category_and_month_counts_comments_and_sees_hand_edits() {
        let (_dir, config) = site();
        let other = "---\nid: 242600\ntitle: ساعت کاری ادارات ثبت احوال\ndate: 1404/09/08 10:30\ncategory: اداری\ntags: [ثبت احوال]\n---\n\nمتن.\n";
        fs::create_dir_all(config.root.join("content/news/1404/09")).unwrap();
        fs::write(config.root.join("content/news/1404/09/242600.md"), other).unwrap();
        let store = akhbar::comments::model::CommentStore::of_site(&config);
        for (id, status) in [("x", "pending"), ("y", "approved")] {
            let file = store
                .dir()
                .join("242513")
                .join(format!("20261206T100000Z-{id}.yaml"));
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            let yaml = format!(
                "id: 20261206T100000Z-{id}\nnews_id: 242513\nname: علی\nemail: a@example.org\nbody: متن دیدگاه\nreceived_at: 2026-12-06T10:00:00Z\nstatus: {status}\n"
            );
            fs::write(file, yaml).unwrap();
        }
        let app = akhbar::desk::router(&config.root);
        let rows = |page: &str| page.matches("<tr class=").count();
        let (_, _, all) = call(&app, get("/_desk/")).await;
        assert_eq!(rows(&all), 2);
        assert!(
            all.contains("<option value=\"1404-09\">آذر ۱۴۰۴</option>"),
            "{all}"
        );
        assert!(all.contains("<option>اداری</option>"), "{all}");
        assert!(
            all.contains("۲ (<a href=\"/_desk/comments\">۱ در انتظار</a>)"),
            "{all}"
        );
        // The category as an editor may type it: Arabic ي, a different spelling of one term.
        let (_, _, office) =
            call(&app, get("/_desk/?category=%D8%A7%D8%AF%D8%A7%D8%B1%D9%8A")).await;
        assert_eq!(rows(&office), 1);
        assert!(office.contains("ساعت کاری ادارات"), "{office}");
        let (_, _, mehr) = call(&app, get("/_desk/?month=1399-07")).await;
        assert_eq!(rows(&mehr), 1);
        assert!(mehr.contains("کارت هوشمند ملی"), "{mehr}");
        assert!(
            mehr.contains("همه (۱)"),
            "the states count within the filter: {mehr}"
        );

        // A title changed by hand is seen at once (the list keeps rows of unchanged files).
        let path = config.root.join("content/news/1404/09/242600.md");
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&path, other.replace("ساعت کاری", "ساعات کاری")).unwrap();
        let (_, _, again) = call(&app, get("/_desk/")).await;
        assert!(again.contains("ساعات کاری ادارات"), "{again}");
    }

    /// The warnings a previewed page carries for the desk's script.
    fn warnings_of(page: &str) -> serde_json::Value {
        let json = (page.split("<script type=\"application/json\" id=\"akhbar-desk-warnings\">"))
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .expect("the preview carries its warnings");
        serde_json::from_str(json).expect("the warnings as JSON")
    }

    #[tokio::test]
    async fn an_unsaved_form_is_previewed_through_the_site_templates_and_nothing_is_written() {
        let dir = super::support::fixture_copy("minimal");
        let root = dir.path();
        let item = "content/news/1404/01/1005.md";
        let before = fs::read_to_string(root.join(item)).unwrap();
        let app = akhbar::desk::router(root);
        let (_, _, form) = call(&app, get(&format!("/_desk/item?path={item}"))).await;
        assert!(form.contains("formaction=\"/_desk/preview\""), "{form}");
        let opened = open(&Config::load(root).unwrap(), Path::new(item))
            .unwrap()
            .form;
        let token = hidden(&form, "token");
        let fields = |title: &str, date: &str| {
            vec![
                ("token", token.clone()),
                ("path", item.to_string()),
                ("version", hidden(&form, "version")),
                ("title", title.to_string()),
                ("date", date.to_string()),
                ("category", opened.category.clone()),
                ("tags", opened.tags.join("، ")),
                ("body", "متن **تازه** پیش از ذخیره.".to_string()),
            ]
        };
        let previewed = fields("گزارش بهاری، بازنویسی‌شده", &opened.date);
        let (status, _, page) = call(&app, post("/_desk/preview", None, &pairs(&previewed))).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("گزارش بهاری، بازنویسی‌شده"), "{page}");
        assert!(
            page.contains("<strong>تازه</strong>"),
            "the body rendered: {page}"
        );
        assert!(page.contains("<!DOCTYPE html>") || page.contains("<!doctype html>"));
        assert_eq!(
            warnings_of(&page),
            serde_json::json!([]),
            "nothing to warn of"
        );
        // What `akhbar check` would warn of, carried for the desk's script: a `publish_at`
        // before the date (at its field), a `**` left open in the text (at no field).
        let mut warned = fields("گزارش بهاری، بازنویسی‌شده", &opened.date);
        warned.retain(|(key, _)| *key != "body");
        warned.push(("publish_at", "1403/12/01 10:00".to_string()));
        warned.push(("body", "متن با **ستاره‌هایی که بسته نشد.".to_string()));
        let (status, _, page) = call(&app, post("/_desk/preview", None, &pairs(&warned))).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let warnings = warnings_of(&page);
        let fields_warned: Vec<&serde_json::Value> = warnings
            .as_array()
            .unwrap()
            .iter()
            .map(|w| &w["field"])
            .collect();
        assert!(
            fields_warned.contains(&&serde_json::json!("publish_at")),
            "{warnings}"
        );
        assert!(
            fields_warned.contains(&&serde_json::Value::Null),
            "{warnings}"
        );
        assert!(
            warnings.to_string().contains("publish_at"),
            "in Persian, naming the field: {warnings}"
        );
        let broken = fields("عنوان", "1404/13/01");
        let (status, _, page) = call(&app, post("/_desk/preview", None, &pairs(&broken))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("پیش‌نمایش ساخته نشد"), "{page}");
        assert_eq!(
            fs::read_to_string(root.join(item)).unwrap(),
            before,
            "nothing written"
        );
        assert!(!root.join("public").exists());
    }

    #[tokio::test]
    async fn the_date_picker_is_given_a_month_by_the_sites_calendar() {
        let (_dir, config) = site();
        let app = akhbar::desk::router(&config.root);
        let (status, _, mehr) = call(&app, get("/_desk/calendar?month=1399-07")).await;
        assert_eq!(status, StatusCode::OK);
        let mehr: serde_json::Value = serde_json::from_str(&mehr).unwrap();
        assert_eq!(mehr["title"], "مهر ۱۳۹۹");
        assert_eq!(
            (mehr["days"].as_u64(), mehr["offset"].as_u64()),
            (Some(30), Some(3))
        );
        assert_eq!(
            (mehr["previous"].as_str(), mehr["next"].as_str()),
            (Some("1399-06"), Some("1399-08"))
        );
        let (_, _, now) = call(&app, get("/_desk/calendar")).await;
        let now: serde_json::Value = serde_json::from_str(&now).unwrap();
        let shown = now["now"].as_str().unwrap();
        assert!(
            shown
                .chars()
                .all(|c| c == '/' || c == ' ' || c == ':' || ('۰'..='۹').contains(&c)),
            "{shown}"
        );
    }

    /// Presses the publish button with `press`, then asks its page until publishing ends:
    /// the page's status and text then.
    async fn published(
        app: &axum::Router,
        press: axum::http::Request<axum::body::Body>,
    ) -> (StatusCode, String) {
        let (status, location, _) = call(app, press).await;
        assert_eq!(
            (status, location.as_str()),
            (StatusCode::SEE_OTHER, "/_desk/publish")
        );
        for _ in 0..600 {
            let (status, _, page) = call(app, get("/_desk/publish")).await;
            if !page.contains("http-equiv=\"refresh\"") {
                return (status, page);
            }
            assert!(page.contains("<progress"), "{page}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("publishing did not end in a minute");
    }

    #[tokio::test]
    async fn the_publish_button_builds_the_site_or_names_what_keeps_it_from_being_built() {
        let dir = super::support::fixture_copy("minimal");
        let root = dir.path();
        let app = akhbar::desk::router(root);
        let (_, _, list) = call(&app, get("/_desk/")).await;
        let token = hidden(&list, "token");
        let publish = |token: &str| post("/_desk/publish", None, &[("token", token)]);
        assert_eq!(call(&app, publish("x")).await.0, StatusCode::FORBIDDEN);
        assert!(!root.join("public").exists());

        let (status, page) = published(&app, publish(&token)).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("سایت ساخته شد"), "{page}");
        let desk_in_output = super::support::site_files(&root.join("public"))
            .into_iter()
            .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("_desk"))
            .map(|(path, _)| path)
            .collect::<Vec<_>>();
        assert!(
            desk_in_output.is_empty(),
            "nothing of the desk: {desk_in_output:?}"
        );
        assert!(
            page.contains("مقصدی برای فرستادن"),
            "no [deploy] target: {page}"
        );
        let home = fs::read_to_string(root.join("public/index.html")).unwrap();

        // An item a build refuses: nothing published, the problem linked to the item's form.
        let item = root.join("content/news/1404/01/1005.md");
        let text = fs::read_to_string(&item).unwrap();
        let broken = text.replacen("date: 1404/01/", "date: 1404/13/", 1);
        assert_ne!(broken, text);
        fs::write(&item, broken).unwrap();
        let (status, page) = published(&app, publish(&token)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
        assert!(page.contains("سایت ساخته نشد"), "{page}");
        let form = "/_desk/item?path=content%2Fnews%2F1404%2F01%2F1005%2Emd";
        assert!(page.contains(form), "{page}");
        // The link leads to the form with the problem beside its field, to be mended.
        let (_, _, opened) = call(&app, get(form)).await;
        assert!(opened.contains("سایت با این خبر ساخته نمی‌شود"), "{opened}");
        assert!(
            opened.contains("name=\"date\" value=\"1404/13/05 09:00\"")
                && opened.contains("aria-describedby=\"problem-date\""),
            "{opened}"
        );
        let kept = fs::read_to_string(root.join("public/index.html")).unwrap();
        assert_eq!(kept, home, "the published site as it was");
    }
}
