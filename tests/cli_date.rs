//! `akhbar date` as editors and scripts run it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use akhbar::calendar::JalaliDate;

fn akhbar_date(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .arg("date")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("akhbar runs");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_owned();
    let writer = std::thread::spawn(move || input.write_all(stdin.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output
}

fn stdout(output: &Output) -> &str {
    std::str::from_utf8(&output.stdout).unwrap()
}

fn stderr(output: &Output) -> &str {
    std::str::from_utf8(&output.stderr).unwrap()
}

fn converts(args: &[&str], expected: &str) {
    let output = akhbar_date(args, "");
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    assert_eq!(stdout(&output), format!("{expected}\n"), "{args:?}");
}

#[test]
fn the_examples_of_the_readme() {
    converts(
        &["--format", "%Y-%m-%d", "--digits", "latin", "2025-03-20"],
        "1403-12-30",
    );
    converts(
        &["--gregorian", "--format", "%Y-%m-%d", "1404/01/01"],
        "2025-03-21",
    );
    converts(
        &["--format", "%A %-d %B %Y %H:%M", "2020-09-26T07:00:00Z"],
        "شنبه ۵ مهر ۱۳۹۹ ۱۰:۳۰",
    );
    converts(
        &[
            "--format",
            "%H:%M",
            "--digits",
            "latin",
            "2020-07-01T12:00:00Z",
        ],
        "16:30",
    );
}

#[test]
fn default_forms_in_each_calendar() {
    converts(&["1399/07/05 10:30"], "شنبه ۵ مهر ۱۳۹۹، ساعت ۱۰:۳۰");
    converts(&["۱۳۹۹/۰۷/۰۵"], "شنبه ۵ مهر ۱۳۹۹");
    converts(
        &["--gregorian", "1399/07/05 10:30"],
        "2020-09-26T10:30:00+03:30",
    );
    converts(
        &["--gregorian", "--digits", "persian", "1399/07/05"],
        "۲۰۲۰-۰۹-۲۶",
    );
    converts(
        &[
            "--tz",
            "UTC",
            "--format",
            "%Y/%m/%d %H:%M",
            "2025-03-20T23:00:00+03:30",
        ],
        "۱۴۰۳/۱۲/۳۰ ۱۹:۳۰",
    );
}

#[test]
fn a_missing_leap_day_is_explained() {
    let output = akhbar_date(&["1400/12/30"], "");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "akhbar: 1400/12/30: 1400 is not a leap year, so Esfand 1400 has 29 days and day 30 does not exist\n"
    );
}

fn slashed(date: JalaliDate) -> String {
    format!("{}/{:02}/{:02}", date.year(), date.month(), date.day())
}

#[test]
fn without_a_date_it_shows_now_in_tehran() {
    let output = akhbar_date(&["--format", "%Y/%m/%d %z", "--digits", "latin"], "");
    assert!(output.status.success());
    let tehran = jiff::tz::db().get("Asia/Tehran").unwrap();
    let now = jiff::Timestamp::now().to_zoned_datetime(tehran);
    let today = JalaliDate::from_gregorian(now.date()).unwrap();
    // The command may have run just before midnight, a day before this check.
    let yesterday = JalaliDate::from_unix_days(today.unix_days() - 1).unwrap();
    let shown = stdout(&output).trim_end();
    assert!(
        [today, yesterday]
            .iter()
            .any(|&day| shown == format!("{} +0330", slashed(day))),
        "{shown}"
    );
}

#[test]
fn standard_input_gives_one_line_per_line_and_reports_bad_ones() {
    let input = "\u{FEFF}1399/07/05\r\n2025-03-21\nfoo\n\n1400/12/30\n1404/01/01";
    let output = akhbar_date(&["--format", "%Y-%m-%d", "--gregorian", "-"], input);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "2020-09-26\n2025-03-21\n\n\n\n2025-03-21\n"
    );
    assert_eq!(
        stderr(&output),
        "line 3: 'foo' is not a date: expected a four-digit year at 'foo'\n\
         line 4: the date is empty: write it like 1399/07/05, 1399/07/05 10:30 or 2020-09-26T10:30:00+03:30\n\
         line 5: 1400 is not a leap year, so Esfand 1400 has 29 days and day 30 does not exist\n"
    );
}

#[test]
fn arguments_and_standard_input_keep_their_order() {
    let output = akhbar_date(
        &["--format", "%-d %B", "1404/01/01", "-", "1404/12/29"],
        "1404/07/05\n",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "۱ فروردین\n۵ مهر\n۲۹ اسفند\n");
}

#[test]
fn many_lines_come_out_in_order() {
    let days: Vec<i32> = (0..20_000).map(|i| 18_000 + i * 3).collect();
    let input: String = days
        .iter()
        .map(|&d| {
            let date = akhbar::calendar::JalaliDate::from_unix_days(d)
                .unwrap()
                .to_gregorian();
            format!("{date}\n")
        })
        .collect();
    let output = akhbar_date(&["--format", "%Y/%m/%d", "--digits", "latin", "-"], &input);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines: Vec<&str> = stdout(&output).lines().collect();
    assert_eq!(lines.len(), days.len());
    for (line, day) in lines.iter().zip(&days) {
        let date = akhbar::calendar::JalaliDate::from_unix_days(*day).unwrap();
        assert_eq!(
            *line,
            format!("{}/{:02}/{:02}", date.year(), date.month(), date.day())
        );
    }
}

#[test]
fn bad_options_are_usage_errors() {
    for args in [
        &["--tz", "Asia/Tehrun"][..],
        &["--format", "%Q"],
        &["--digits", "roman"],
    ] {
        let output = akhbar_date(args, "");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stdout(&output).is_empty());
    }
    let output = akhbar_date(&["--tz", "Asia/Tehrun"], "");
    assert!(
        stderr(&output)
            .contains("unknown time zone 'Asia/Tehrun': use an IANA name such as Asia/Tehran")
    );
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::{BufRead, BufReader};

    let path = std::env::temp_dir().join(format!("akhbar-dates-{}.txt", std::process::id()));
    std::fs::write(&path, "1399/07/05 10:30\n".repeat(50_000)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_akhbar"))
        .args(["date", "-"])
        .stdin(std::fs::File::open(&path).unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let output = child.wait_with_output().unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(first, "شنبه ۵ مهر ۱۳۹۹، ساعت ۱۰:۳۰\n");
    assert_eq!(stderr(&output), "");
    assert!(output.status.success());
}
