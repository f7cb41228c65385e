//! Dates as editors write them: every accepted form, and a one-sentence error for each bad one.

use akhbar::calendar::{
    Calendar, DateError, DateFormat, EditorDate, JalaliDate, parse_date, time_zone,
};
use akhbar::persian::digits::Digits;
use jiff::tz::TimeZone;
use proptest::prelude::*;

fn tehran() -> TimeZone {
    time_zone("Asia/Tehran").unwrap()
}

fn parse(text: &str) -> Result<EditorDate, DateError> {
    parse_date(text, &tehran())
}

/// The parsed instant as RFC 3339 in its zone, for compact assertions.
fn instant(text: &str) -> String {
    let parsed = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    let format: DateFormat = "%Y-%m-%dT%H:%M:%S%:z".parse().unwrap();
    format.render(&parsed.moment, Calendar::Gregorian, Digits::Latin)
}

fn error(text: &str) -> String {
    match parse(text) {
        Ok(parsed) => panic!("{text:?} was accepted as {parsed:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_seed_article_in_every_accepted_form() {
    let expected = "2020-09-26T10:30:00+03:30";
    for text in [
        "1399/07/05 10:30",
        "1399-07-05 10:30",
        "1399/7/5 10:30",
        "1399/07/05 10:30:00",
        "۱۳۹۹/۰۷/۰۵ ۱۰:۳۰",
        "١٣٩٩/٠٧/٠٥ ١٠:٣٠",
        "۱۳۹۹/07/05 10:30",
        "  1399/07/05   10:30 ",
        "\u{200F}1399/07/05 10:30\u{200F}",
        "2020-09-26T10:30:00+03:30",
        "2020-09-26T10:30+03:30",
        "2020-09-26T07:00:00Z",
        "2020-09-26t07:00:00z",
        "2020-09-26T10:30:00+0330",
        "2020-09-26T04:00:00-03:00",
        "2020-09-26T10:30",
        "2020-09-26 10:30",
        "2020-09-26T10:30:00.000",
    ] {
        assert_eq!(instant(text), expected, "{text:?}");
    }
}

#[test]
fn the_written_out_form_pages_show() {
    let expected = "2020-09-26T10:30:00+03:30";
    for text in [
        "شنبه ۵ مهر ۱۳۹۹، ساعت ۱۰:۳۰",
        "شنبه، ۵ مهر ۱۳۹۹ ساعت ۱۰:۳۰",
        "۵ مهر ۱۳۹۹ ۱۰:۳۰",
        "5 مهر 1399 10:30",
        "۵ مهرماه ۱۳۹۹، ۱۰:۳۰",
        "۵ مهر ماه ۱۳۹۹ ساعت ۱۰:۳۰:۰۰",
        "\u{200F}۰۵ مهر ۱۳۹۹ ۱۰:۳۰",
    ] {
        assert_eq!(instant(text), expected, "{text:?}");
    }
    // The seed article's own date line, and the other spellings editors use.
    assert_eq!(instant("5 مهر 1399"), "2020-09-26T00:00:00+03:30");
    assert_eq!(instant("۵ امرداد ۱۳۹۹"), instant("1399/05/05"));
    assert_eq!(instant("۱ دي ۱۴۰۳"), instant("1403/10/01"));
    assert_eq!(instant("۸ ابان ۱۴۰۳"), instant("1403/08/08"));
    for tuesday in [
        "سه‌شنبه ۸ مهر ۱۳۹۹",
        "سه شنبه ۸ مهر ۱۳۹۹",
        "سهشنبه ۸ مهر ۱۳۹۹",
    ] {
        assert_eq!(instant(tuesday), "2020-09-29T00:00:00+03:30", "{tuesday:?}");
    }
    assert_eq!(
        instant("پنج‌شنبه ۱۰ مهر ۱۳۹۹"),
        instant("پنجشنبه ۱۰ مهر ۱۳۹۹")
    );
}

#[test]
fn akhbar_reads_back_what_it_writes() {
    let format: DateFormat = "%A %-d %B %Y، ساعت %H:%M".parse().unwrap();
    for day in (-20_000..30_000).step_by(7) {
        let date = JalaliDate::from_unix_days(day).unwrap();
        let text = format!("{}/{}/{} 09:05", date.year(), date.month(), date.day());
        let parsed = parse(&text).unwrap();
        let written = format.render(&parsed.moment, Calendar::Jalali, Digits::Persian);
        assert_eq!(parse(&written).unwrap(), parsed, "{written}");
    }
}

#[test]
fn a_date_alone_is_the_start_of_that_day() {
    let parsed = parse("1404/01/01").unwrap();
    assert!(!parsed.has_time);
    assert_eq!(parsed.calendar, Calendar::Jalali);
    assert_eq!(parsed.moment.date(), JalaliDate::new(1404, 1, 1).unwrap());
    assert_eq!(instant("1404/01/01"), "2025-03-21T00:00:00+03:30");
    assert_eq!(instant("2025-03-20"), "2025-03-20T00:00:00+03:30");
    assert_eq!(parse("2025-03-20").unwrap().calendar, Calendar::Gregorian);
}

#[test]
fn civil_times_take_the_offset_tehran_had_that_day() {
    assert_eq!(instant("1399/04/11 16:30"), "2020-07-01T16:30:00+04:30");
    assert_eq!(instant("1401/04/10 12:00"), "2022-07-01T12:00:00+04:30");
    assert_eq!(instant("1402/04/10 12:00"), "2023-07-01T12:00:00+03:30");
    // Summer time began at midnight of 2 Farvardin 1399: 00:30 did not exist and moves on.
    assert_eq!(instant("1399/01/02"), "2020-03-21T01:00:00+04:30");
    assert_eq!(instant("1399/01/02 00:30"), "2020-03-21T01:30:00+04:30");
}

#[test]
fn an_instant_is_shown_on_its_day_in_the_zone() {
    let parsed = parse("2025-03-20T21:00:00Z").unwrap();
    assert_eq!(parsed.moment.date(), JalaliDate::new(1404, 1, 1).unwrap());
    let in_utc = parse_date("2025-03-20T21:00:00Z", &TimeZone::UTC).unwrap();
    assert_eq!(in_utc.moment.date(), JalaliDate::new(1403, 12, 30).unwrap());
}

#[test]
fn each_bad_date_gets_one_sentence() {
    let cases = [
        (
            "",
            "the date is empty: write it like 1399/07/05, 1399/07/05 10:30 or 2020-09-26T10:30:00+03:30",
        ),
        (
            "   ",
            "the date is empty: write it like 1399/07/05, 1399/07/05 10:30 or 2020-09-26T10:30:00+03:30",
        ),
        (
            "دیروز",
            "'دیروز' is not a date: expected a date like ۵ مهر ۱۳۹۹ or 1399/07/05 at 'دیروز'",
        ),
        (
            "1399/مهر/05",
            "'1399/مهر/05' is not a date: expected a month of one or two digits at 'مهر/05'",
        ),
        (
            "1399/07/05 10:30 صبح",
            "'1399/07/05 10:30 صبح' is not a date: expected the end of the date at ' صبح'",
        ),
        (
            "1399/07",
            "'1399/07' is not a date: expected the separator after the month after '1399/07'",
        ),
        (
            "1399/13/01",
            "month 13 is out of range: months run from 1 to 12",
        ),
        (
            "1399/00/01",
            "month 0 is out of range: months run from 1 to 12",
        ),
        (
            "1399/07/32",
            "day 32 is out of range: Mehr 1399 ends on day 30",
        ),
        (
            "1399/01/32",
            "day 32 is out of range: Farvardin 1399 ends on day 31",
        ),
        (
            "1399/07/00",
            "day 0 does not exist: days of the month start at 1",
        ),
        (
            "1400/12/30",
            "1400 is not a leap year, so Esfand 1400 has 29 days and day 30 does not exist",
        ),
        (
            "1403/12/31",
            "day 31 is out of range: Esfand 1403 ends on day 30",
        ),
        (
            "0000/01/01",
            "year 0 does not exist: Jalali years start at 1",
        ),
        (
            "99/07/05",
            "the year in '99/07/05' has 2 digits: write it with four, like 1399 or 2020",
        ),
        (
            "13999/07/05",
            "the year in '13999/07/05' has 5 digits: write it with four, like 1399 or 2020",
        ),
        (
            "2023-02-29",
            "2023 is not a leap year, so February 2023 has 28 days and day 29 does not exist",
        ),
        (
            "2024-04-31",
            "day 31 is out of range: April 2024 ends on day 30",
        ),
        (
            "2020-13-01",
            "month 13 is out of range: months run from 1 to 12",
        ),
        (
            "9999-12-31",
            "year 9999 is out of range: Gregorian dates run from 1700-01-01 to 3799-03-20",
        ),
        (
            "1399/07/05 24:00",
            "hour 24 is out of range: hours run from 0 to 23",
        ),
        (
            "1399/07/05 10:60",
            "minute 60 is out of range: minutes run from 0 to 59",
        ),
        (
            "2020-09-26T10:30:60Z",
            "second 60 is out of range: seconds run from 0 to 59",
        ),
        (
            "1399/07/05 10",
            "'1399/07/05 10' is not a date: expected ':' after the hour after '1399/07/05 10'",
        ),
        (
            "1399/07/05 10:3",
            "'1399/07/05 10:3' is not a date: expected a minute of two digits at '3'",
        ),
        (
            "2020-09-26T10:30+24:00",
            "the UTC offset +24:00 is out of range: offsets run from -23:59 to +23:59",
        ),
        (
            "1399-07/05",
            "'1399-07/05' mixes '/' and '-': separate year, month and day with the same one",
        ),
        (
            "1399/07/05T10:30",
            "'1399/07/05T10:30' mixes calendars: the 'T' before the time belongs to ISO 8601 Gregorian dates, and a year below 1700 is Jalali",
        ),
        (
            "1399/07/05 10:30+03:30",
            "'1399/07/05 10:30+03:30' mixes calendars: a UTC offset belongs to ISO 8601 Gregorian dates, and a Jalali date is read in the site's time zone",
        ),
        (
            "یکشنبه ۵ مهر ۱۳۹۹",
            "5 Mehr 1399 is a Saturday, not a Sunday (یکشنبه): check the day or drop the weekday",
        ),
        (
            "۵ مهر",
            "'۵ مهر' is not a date: expected a four-digit Jalali year after '۵ مهر'",
        ),
        (
            "۵ مهرگان ۱۳۹۹",
            "'۵ مهرگان ۱۳۹۹' is not a date: expected a Jalali month name (فروردین … اسفند) at 'مهرگان ۱۳۹۹'",
        ),
        (
            "۵ مهر ۲۰۲۰",
            "'۵ مهر ۲۰۲۰' mixes calendars: a Jalali month name needs a Jalali year, and a year from 1700 on is Gregorian",
        ),
        (
            "۵ مهر ۹۹",
            "the year in '۵ مهر ۹۹' has 2 digits: write it with four, like 1399 or 2020",
        ),
        (
            "۵ مهر ۱۳۹۹ ۱۰:۳۰ صبح",
            "'۵ مهر ۱۳۹۹ ۱۰:۳۰ صبح' is not a date: expected the end of the date at 'صبح'",
        ),
        (
            "۳۰ اسفند ۱۴۰۰",
            "1400 is not a leap year, so Esfand 1400 has 29 days and day 30 does not exist",
        ),
        (
            "2020-09-26+03:30",
            "'2020-09-26+03:30' is not a date: expected a space or 'T' before the time at '+03:30'",
        ),
        (
            "2020-09-26T10:30:00.1234567890Z",
            "'2020-09-26T10:30:00.1234567890Z' is not a date: expected at most nine digits of a fraction of a second at '1234567890Z'",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(error(text), expected, "{text:?}");
        assert!(!expected.contains(". "), "one sentence: {expected}");
    }
}

#[test]
fn absurdly_long_input_is_refused_before_it_is_read() {
    let long = "1".repeat(100_000);
    assert_eq!(
        error(&long),
        "the date is 100000 characters long; a date is at most 64"
    );
    let padded = format!("{}1399/07/05", " ".repeat(60));
    assert!(matches!(
        parse(&padded),
        Err(DateError::TooLong { length: 70, .. })
    ));
}

proptest! {
    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,80}") {
        let _ = parse(&text);
    }

    #[test]
    fn never_panics_on_date_shaped_text(text in "[0-9۰-۹/: T+Z.-]{0,40}") {
        let _ = parse(&text);
    }

    #[test]
    fn jalali_text_round_trips(days in -17_000i32..80_000, seconds in 0u32..86_400) {
        let date = JalaliDate::from_unix_days(days).unwrap();
        let text = format!(
            "{:04}/{:02}/{:02} {:02}:{:02}:{:02}",
            date.year(), date.month(), date.day(), seconds / 3600, seconds / 60 % 60, seconds % 60
        );
        let parsed = parse(&text).unwrap();
        prop_assert_eq!(parsed.moment.date(), date);
        let format: DateFormat = "%Y/%m/%d %H:%M:%S".parse().unwrap();
        let written = format.render(&parsed.moment, Calendar::Jalali, Digits::Persian);
        prop_assert_eq!(parse(&written).unwrap(), parsed);
    }

    #[test]
    fn iso_instants_round_trip(seconds in -2_208_988_800i64..7_258_118_400) {
        let instant = jiff::Timestamp::from_second(seconds).unwrap();
        let parsed = parse(&instant.to_string()).unwrap();
        prop_assert_eq!(parsed.moment.zoned().timestamp(), instant);
        let format: DateFormat = "%Y-%m-%dT%H:%M:%S%:z".parse().unwrap();
        let written = format.render(&parsed.moment, Calendar::Gregorian, Digits::Latin);
        prop_assert_eq!(parse(&written).unwrap().moment.zoned().timestamp(), instant);
    }
}

/// Inputs the fuzzer (`fuzz/`, target `parse_date`) stopped on; each exposed a wrong
/// expectation in the fuzz target rather than in the parser, and stays here as a check.
#[test]
fn fuzz_findings() {
    // A Gregorian year far ahead has a Jalali year from 1700 on, which reads back as Gregorian.
    let far = parse("3020-09-26").unwrap();
    assert_eq!(far.moment.date(), JalaliDate::new(2399, 7, 4).unwrap());
    assert_eq!(far.calendar, Calendar::Gregorian);

    // Before 1946 Tehran kept local mean time (+03:25:44); a fraction of a second before 1970
    // makes a timestamp whose whole seconds round towards zero.
    let old = parse("1868-1-2T0:01:01.۳۹۹۵۳۹۹۵").unwrap();
    assert_eq!(
        instant("1868-1-2T0:01:01.۳۹۹۵۳۹۹۵"),
        "1868-01-02T00:01:01+03:25:44"
    );
    assert_eq!(
        old.moment.zoned().timestamp().subsec_nanosecond(),
        -600_460_050
    );
    assert_eq!(
        instant("1868-01-02T00:01:01+03:25:44"),
        "1868-01-02T00:01:01+03:25:44"
    );
}
