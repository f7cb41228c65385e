//! Any format string either fails with an error or renders any date without panicking.
#![no_main]

use akhbar::calendar::{Calendar, DateFormat, JalaliDateTime, time_zone};
use akhbar::persian::digits::Digits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, i32)| {
    let (spec, seconds) = input;
    let Ok(format) = spec.parse::<DateFormat>() else {
        return;
    };
    let zone = time_zone("Asia/Tehran").unwrap();
    // Within the supported Jalali years: about 882 to 3058.
    let instant = jiff::Timestamp::from_second(i64::from(seconds) * 16).unwrap();
    let moment = JalaliDateTime::from_zoned(instant.to_zoned_datetime(zone)).unwrap();
    for calendar in [Calendar::Jalali, Calendar::Gregorian] {
        for digits in [Digits::Persian, Digits::Latin] {
            format.render(&moment, calendar, digits);
        }
    }
});
