//! Messages for editors: Persian on a Persian site unless `--lang en` says otherwise, English on
//! a site in another language, both in `check --format json`, and `--bidi visual` for terminals
//! that do not reorder right-to-left text.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use akhbar::persian::bidi::{Direction, visual_line};

/// The site with every kind of bad content; its `site.toml` leaves `language` at `fa`.
fn broken() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken")
}

fn akhbar(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

const LEAP_DAY_FA: &str = "  تاریخ نامعتبر در \u{2068}content/news/k-date.md\u{2069}، سطر ۴: سال ۱۴۰۰ کبیسه نیست و اسفند آن ۲۹ روز دارد\n";
const LEAP_DAY_EN: &str = "  content/news/k-date.md:4: `date`: 1400 is not a leap year, so Esfand 1400 has 29 days and day 30 does not exist\n";

#[test]
fn a_persian_site_hears_of_its_problems_in_persian() {
    let output = akhbar(&["check"], &broken());
    assert_eq!(output.status.code(), Some(1));
    let report = stderr(&output);
    // The line starts with the Latin "akhbar:", so a mark makes it read right to left.
    assert!(
        report.starts_with("\u{200F}akhbar: ") && report.contains(" مشکل در پایگاه:\n"),
        "{report}"
    );
    assert!(report.contains(LEAP_DAY_FA), "{report}");
    assert!(report.contains(
        "  فیلد ناشناخته `titel` در \u{2068}content/news/j-unknown.md\u{2069}، سطر ۳: آیا منظورتان `title` است؟\n"
    ));
    assert!(
        report.ends_with("\u{200F}akhbar: آن‌ها را درست کنید و akhbar check را دوباره اجرا کنید\n"),
        "{report}"
    );

    let output = akhbar(&["check", "--lang", "en"], &broken());
    assert_eq!(output.status.code(), Some(1));
    let report = stderr(&output);
    assert!(report.contains(" problems in the site:\n"), "{report}");
    assert!(report.contains(LEAP_DAY_EN), "{report}");
    assert!(report.ends_with("akhbar: fix them and run akhbar check again\n"));
}

#[test]
fn a_site_in_another_language_hears_english() {
    let site = tempfile::tempdir().unwrap();
    support::copy_dir(&broken(), site.path());
    let settings = site.path().join("site.toml");
    let text = fs::read_to_string(&settings).unwrap();
    fs::write(&settings, format!("language = \"en\"\n{text}")).unwrap();
    let report = stderr(&akhbar(&["build"], site.path()));
    assert!(report.contains(LEAP_DAY_EN), "{report}");
    assert!(report.ends_with("akhbar: nothing was written; the previous site is unchanged\n"));
    let report = stderr(&akhbar(&["build", "--lang", "fa"], site.path()));
    assert!(report.contains(LEAP_DAY_FA), "{report}");
    assert!(report.ends_with("akhbar: ساخت انجام نشد؛ پایگاه پیشین دست‌نخورده ماند\n"));
}

#[test]
fn visual_order_reorders_each_line_and_logical_order_leaves_it() {
    let logical = stderr(&akhbar(&["check", "--bidi", "logical"], &broken()));
    let visual = stderr(&akhbar(&["check", "--bidi", "visual"], &broken()));
    assert!(logical.contains(LEAP_DAY_FA), "{logical}");
    assert!(!visual.contains("تاریخ نامعتبر"), "{visual}");
    let reversed: String = "تاریخ نامعتبر".chars().rev().collect();
    assert!(visual.contains(&reversed), "{visual}");
    assert!(
        visual.contains("content/news/k-date.md"),
        "a path keeps its order"
    );
    assert_eq!(logical.lines().count(), visual.lines().count());
    for (logical, visual) in logical.lines().zip(visual.lines()) {
        assert_eq!(visual_line(logical, Direction::Rtl), visual);
    }
}

#[test]
fn json_has_the_message_in_both_languages() {
    let output = akhbar(&["check", "--format", "json"], &broken());
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let leap_day = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|error| error["path"] == "content/news/k-date.md" && error["line"] == 4)
        .unwrap();
    assert_eq!(
        leap_day["message"],
        "`date`: 1400 is not a leap year, so Esfand 1400 has 29 days and day 30 does not exist"
    );
    assert_eq!(
        leap_day["message_fa"],
        "تاریخ نامعتبر: سال ۱۴۰۰ کبیسه نیست و اسفند آن ۲۹ روز دارد"
    );
}

#[test]
fn a_date_is_explained_in_persian_when_asked() {
    let output = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["date", "--lang", "fa", "1400/12/30"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "\u{200F}akhbar: \u{2068}1400/12/30\u{2069}: سال ۱۴۰۰ کبیسه نیست و اسفند آن ۲۹ روز دارد\n"
    );
}
