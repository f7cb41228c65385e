//! Any text given to the date parser either fails with an error or yields a date that,
//! written back in the Gregorian ISO form, parses to the same instant.
#![no_main]

use std::sync::LazyLock;

use akhbar::calendar::{Calendar, DateFormat, parse_date, time_zone};
use akhbar::persian::digits::Digits;
use jiff::tz::TimeZone;
use libfuzzer_sys::fuzz_target;

static TEHRAN: LazyLock<TimeZone> = LazyLock::new(|| time_zone("Asia/Tehran").unwrap());
static ISO: LazyLock<DateFormat> = LazyLock::new(|| "%Y-%m-%dT%H:%M:%S%:z".parse().unwrap());
static JALALI: LazyLock<DateFormat> = LazyLock::new(|| "%Y/%m/%d %H:%M:%S".parse().unwrap());

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = parse_date(text, &TEHRAN) else {
        return;
    };
    let iso = ISO.render(&parsed.moment, Calendar::Gregorian, Digits::Latin);
    let jalali = JALALI.render(&parsed.moment, Calendar::Jalali, Digits::Persian);
    let moment = parsed.moment.zoned();
    if let Ok(again) = parse_date(&iso, &TEHRAN) {
        // Fractions of a second are not written back: compare with the whole second below.
        let instant = moment.timestamp();
        let whole_second = instant.as_second() - i64::from(instant.subsec_nanosecond() < 0);
        assert_eq!(again.moment.zoned().timestamp().as_second(), whole_second);
    } else {
        assert!(moment.year() < 1700, "{text:?} → {iso:?} does not parse");
    }
    // A year is read as Jalali only below 1700.
    if parsed.moment.date().year() < 1700 {
        let again = parse_date(&jalali, &TEHRAN).expect(&jalali);
        assert_eq!(
            again.moment.date(),
            parsed.moment.date(),
            "{text:?} → {jalali:?}"
        );
    }
});
