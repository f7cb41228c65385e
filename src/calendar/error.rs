//! Why a date is not accepted, in one sentence that says which part is wrong and what is allowed:
//! in English (`Display`) and in Persian ([`DateError::persian`]), for editors.

use std::fmt;

use super::names::{Calendar, Weekday};
use crate::persian::bidi::isolate;
use crate::persian::digits::to_persian;

/// A fixed phrase of a date error in both languages, written side by side so neither is forgotten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phrase {
    pub en: &'static str,
    pub fa: &'static str,
}

impl Phrase {
    pub const fn new(en: &'static str, fa: &'static str) -> Phrase {
        Phrase { en, fa }
    }
}

impl fmt::Display for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en)
    }
}

/// Where reading a date stopped: at the text that is left, or after all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    At(String),
    After(String),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::At(rest) => write!(f, "at '{rest}'"),
            Place::After(done) => write!(f, "after '{done}'"),
        }
    }
}

/// A date that does not exist, is out of range, or cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error(
        "the date is empty: write it like 1399/07/05, 1399/07/05 10:30 or 2020-09-26T10:30:00+03:30"
    )]
    Empty,
    #[error("the date is {length} characters long; a date is at most {max}")]
    TooLong { length: usize, max: usize },
    #[error("'{input}' is not a date: expected {expected} {place}")]
    Syntax {
        input: String,
        expected: Phrase,
        place: Place,
    },
    #[error("the year in '{input}' has {digits} digits: write it with four, like 1399 or 2020")]
    YearDigits { input: String, digits: usize },
    #[error("year 0 does not exist: Jalali years start at 1")]
    YearZero,
    #[error("year {year} is out of range: {calendar:?} dates run from {first} to {last}")]
    YearOutOfRange {
        calendar: Calendar,
        year: i64,
        first: &'static str,
        last: &'static str,
    },
    #[error("month {month} is out of range: months run from 1 to 12")]
    MonthOutOfRange { month: u32 },
    #[error("day 0 does not exist: days of the month start at 1")]
    DayZero,
    #[error(
        "{year} is not a leap year, so {} {year} has {last_day} days and day {day} does not exist",
        calendar.month_name_en(*month)
    )]
    NotLeapYear {
        calendar: Calendar,
        year: i32,
        month: u8,
        day: u32,
        last_day: u8,
    },
    #[error(
        "day {day} is out of range: {} {year} ends on day {last_day}",
        calendar.month_name_en(*month)
    )]
    DayOutOfRange {
        calendar: Calendar,
        year: i32,
        month: u8,
        day: u32,
        last_day: u8,
    },
    #[error("{part} {value} is out of range: {part}s run from 0 to {max}")]
    TimeOutOfRange {
        part: &'static str,
        value: u32,
        max: u32,
    },
    #[error("the UTC offset {offset} is out of range: offsets run from -23:59 to +23:59")]
    OffsetOutOfRange { offset: String },
    #[error("'{input}' mixes calendars: {reason}")]
    MixedCalendars { input: String, reason: Phrase },
    #[error(
        "{day} {} {year} is a {actual:?}, not a {written:?} ({}): check the day or drop the weekday",
        Calendar::Jalali.month_name_en(*month), written.persian_name()
    )]
    WrongWeekday {
        /// The Jalali date written, which exists.
        year: i32,
        month: u8,
        day: u8,
        written: Weekday,
        actual: Weekday,
    },
    #[error("'{input}' mixes '/' and '-': separate year, month and day with the same one")]
    MixedSeparators { input: String },
    #[error("unknown time zone '{name}': use an IANA name such as Asia/Tehran")]
    UnknownTimeZone { name: String },
}

impl DateError {
    /// The same sentence in Persian, for editors: Persian digits, Persian month names, and what
    /// the editor wrote quoted and isolated so it keeps its own order.
    pub fn persian(&self) -> String {
        match self {
            DateError::Empty => {
                "تاریخ خالی است: آن را مانند ۱۳۹۹/۰۷/۰۵ یا ۱۳۹۹/۰۷/۰۵ ۱۰:۳۰ بنویسید".into()
            }
            DateError::TooLong { length, max } => format!(
                "تاریخ {} نویسه دارد، اما تاریخ دست‌بالا {} نویسه است",
                fa(length),
                fa(max)
            ),
            DateError::Syntax {
                input,
                expected,
                place,
            } => {
                let place = match place {
                    Place::At(rest) => format!("به‌جای {}", quoted(rest)),
                    Place::After(done) => format!("پس از {}", quoted(done)),
                };
                let fa_expected = expected.fa;
                format!(
                    "{} تاریخ نیست: {place} باید {fa_expected} بیاید",
                    quoted(input)
                )
            }
            DateError::YearDigits { input, digits } => format!(
                "سال در {} {} رقم دارد: آن را چهاررقمی بنویسید، مانند ۱۳۹۹ یا ۲۰۲۰",
                quoted(input),
                fa(digits)
            ),
            DateError::YearZero => "سال صفر وجود ندارد: سال‌های شمسی از ۱ آغاز می‌شوند".into(),
            DateError::YearOutOfRange {
                calendar,
                year,
                first,
                last,
            } => format!(
                "سال {} بیرون از محدوده است: تاریخ‌های {} از {} تا {} پذیرفته می‌شوند",
                fa(year),
                calendar_name(*calendar),
                fa(first),
                fa(last)
            ),
            DateError::MonthOutOfRange { month } => {
                format!("ماه {} وجود ندارد: ماه‌ها از ۱ تا ۱۲ هستند", fa(month))
            }
            DateError::DayZero => "روز صفر وجود ندارد: روزهای ماه از ۱ آغاز می‌شوند".into(),
            DateError::NotLeapYear {
                calendar,
                year,
                month,
                last_day,
                ..
            } => format!(
                "سال {} کبیسه نیست و {} آن {} روز دارد",
                fa(year),
                calendar.month_name(*month),
                fa(last_day)
            ),
            DateError::DayOutOfRange {
                calendar,
                year,
                month,
                day,
                last_day,
            } => format!(
                "روز {} بیرون از ماه است: {} {} با روز {} پایان می‌یابد",
                fa(day),
                calendar.month_name(*month),
                fa(year),
                fa(last_day)
            ),
            DateError::TimeOutOfRange { part, value, max } => {
                let part = time_part(part);
                format!(
                    "{part} {} بیرون از محدوده است: {part} از ۰ تا {} است",
                    fa(value),
                    fa(max)
                )
            }
            DateError::OffsetOutOfRange { offset } => format!(
                "اختلاف ساعت {} با UTC بیرون از محدوده است: از -۲۳:۵۹ تا +۲۳:۵۹ پذیرفته می‌شود",
                quoted(offset)
            ),
            DateError::MixedCalendars { input, reason } => {
                format!(
                    "{} دو تقویم را درهم آمیخته است: {}",
                    quoted(input),
                    reason.fa
                )
            }
            DateError::WrongWeekday {
                year,
                month,
                day,
                written,
                actual,
            } => format!(
                "{} {} {} {} است، نه {}: روز را بررسی کنید یا نام روز هفته را بردارید",
                fa(day),
                Calendar::Jalali.month_name(*month),
                fa(year),
                actual.persian_name(),
                written.persian_name()
            ),
            DateError::MixedSeparators { input } => format!(
                "{} هم «/» دارد و هم «-»: سال، ماه و روز را با یک نشانه از هم جدا کنید",
                quoted(input)
            ),
            DateError::UnknownTimeZone { name } => format!(
                "منطقهٔ زمانی {} شناخته نیست: نامی از فهرست IANA مانند Asia/Tehran بنویسید",
                quoted(name)
            ),
        }
    }
}

/// `value` in Persian digits.
fn fa(value: &impl fmt::Display) -> String {
    to_persian(&value.to_string()).into_owned()
}

/// What the editor wrote, in Persian quotation marks and isolated from the sentence around it.
fn quoted(text: &str) -> String {
    format!("«{}»", isolate(text))
}

fn calendar_name(calendar: Calendar) -> &'static str {
    match calendar {
        Calendar::Jalali => "شمسی",
        Calendar::Gregorian => "میلادی",
    }
}

fn time_part(part: &str) -> &str {
    match part {
        "hour" => "ساعت",
        "minute" => "دقیقه",
        "second" => "ثانیه",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use crate::calendar::{parse_date, time_zone};

    fn persian(text: &str) -> String {
        let tehran = time_zone("Asia/Tehran").unwrap();
        parse_date(text, &tehran).unwrap_err().persian()
    }

    #[test]
    fn says_it_in_persian_with_persian_digits_and_month_names() {
        assert_eq!(
            persian("1400/12/30"),
            "سال ۱۴۰۰ کبیسه نیست و اسفند آن ۲۹ روز دارد"
        );
        assert_eq!(
            persian("1399/07/32"),
            "روز ۳۲ بیرون از ماه است: مهر ۱۳۹۹ با روز ۳۰ پایان می‌یابد"
        );
        assert_eq!(
            persian("1399/13/01"),
            "ماه ۱۳ وجود ندارد: ماه‌ها از ۱ تا ۱۲ هستند"
        );
        assert_eq!(
            persian("2023-02-29"),
            "سال ۲۰۲۳ کبیسه نیست و فوریه آن ۲۸ روز دارد"
        );
        assert_eq!(
            persian("1399/07/05 24:00"),
            "ساعت ۲۴ بیرون از محدوده است: ساعت از ۰ تا ۲۳ است"
        );
        assert_eq!(
            persian("یکشنبه ۵ مهر ۱۳۹۹"),
            "۵ مهر ۱۳۹۹ شنبه است، نه یکشنبه: روز را بررسی کنید یا نام روز هفته را بردارید"
        );
    }

    #[test]
    fn quotes_what_the_editor_wrote_in_isolation() {
        assert_eq!(
            persian("1399/x"),
            "«\u{2068}1399/x\u{2069}» تاریخ نیست: به‌جای «\u{2068}x\u{2069}» باید ماهی یک یا دو رقمی بیاید"
        );
        assert_eq!(
            persian("1399/07/05T10:30"),
            "«\u{2068}1399/07/05T10:30\u{2069}» دو تقویم را درهم آمیخته است: حرف T پیش از ساعت از آنِ تاریخ‌های میلادی ISO 8601 است و سال کمتر از ۱۷۰۰ شمسی خوانده می‌شود"
        );
    }

    #[test]
    fn the_english_stays_as_it_was() {
        let tehran = time_zone("Asia/Tehran").unwrap();
        let error = parse_date("1399/x", &tehran).unwrap_err();
        assert_eq!(
            error.to_string(),
            "'1399/x' is not a date: expected a month of one or two digits at 'x'"
        );
        let error = parse_date("یکشنبه ۵ مهر ۱۳۹۹", &tehran).unwrap_err();
        assert_eq!(
            error.to_string(),
            "5 Mehr 1399 is a Saturday, not a Sunday (یکشنبه): check the day or drop the weekday"
        );
    }
}
