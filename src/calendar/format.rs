//! strftime-like formatting of dates in the Jalali or Gregorian calendar, in Persian or Latin digits.

use std::str::FromStr;

use super::names::Calendar;
use super::time::JalaliDateTime;
use crate::persian::digits::{self, Digits};

/// The tokens a format may use, listed in error messages.
const TOKENS: &str = "%Y %m %d %-m %-d %B %A %H %M %S %z %:z %%";

/// A format string compiled once and applied to many dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormat {
    items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Literal(String),
    Number { field: Field, padded: bool },
    MonthName,
    Weekday,
    Offset { colon: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

/// A format string with a token akhbar does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("unknown token '{token}' in the format '{format}': the tokens are {TOKENS}")]
    UnknownToken { token: String, format: String },
    #[error("the format '{format}' ends with a lone '%': write %% for a percent sign")]
    TrailingPercent { format: String },
}

impl FromStr for DateFormat {
    type Err = FormatError;

    fn from_str(format: &str) -> Result<Self, FormatError> {
        let mut items = Vec::new();
        let mut literal = String::new();
        let mut chars = format.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                literal.push(c);
                continue;
            }
            let token = read_token(&mut chars).ok_or_else(|| FormatError::TrailingPercent {
                format: format.into(),
            })?;
            let item = match token.as_str() {
                "%" => {
                    literal.push('%');
                    continue;
                }
                _ => token_item(&token).ok_or_else(|| FormatError::UnknownToken {
                    token: format!("%{token}"),
                    format: format.into(),
                })?,
            };
            if !literal.is_empty() {
                items.push(Item::Literal(std::mem::take(&mut literal)));
            }
            items.push(item);
        }
        if !literal.is_empty() {
            items.push(Item::Literal(literal));
        }
        Ok(DateFormat { items })
    }
}

/// The token after a '%': one character, or a flag ('-' or ':') and one character.
fn read_token(chars: &mut std::str::Chars) -> Option<String> {
    let first = chars.next()?;
    let mut token = String::from(first);
    if matches!(first, '-' | ':') {
        token.push(chars.next()?);
    }
    Some(token)
}

fn token_item(token: &str) -> Option<Item> {
    let number = |field, padded| Some(Item::Number { field, padded });
    let (padded, letter) = match token.strip_prefix('-') {
        Some(rest) => (false, rest),
        None => (true, token),
    };
    match letter {
        "Y" => number(Field::Year, padded),
        "m" => number(Field::Month, padded),
        "d" => number(Field::Day, padded),
        "H" => number(Field::Hour, padded),
        "M" => number(Field::Minute, padded),
        "S" => number(Field::Second, padded),
        "B" if padded => Some(Item::MonthName),
        "A" if padded => Some(Item::Weekday),
        "z" if padded => Some(Item::Offset { colon: false }),
        ":z" => Some(Item::Offset { colon: true }),
        _ => None,
    }
}

impl DateFormat {
    /// `moment` written in `calendar` with `digits`; names are Persian in both calendars.
    pub fn render(&self, moment: &JalaliDateTime, calendar: Calendar, digits: Digits) -> String {
        let mut out = String::new();
        self.render_into(&mut out, moment, calendar, digits);
        out
    }

    /// Appends the rendering of `moment` to `out`, for callers that write many dates.
    pub fn render_into(
        &self,
        out: &mut String,
        moment: &JalaliDateTime,
        calendar: Calendar,
        digits: Digits,
    ) {
        let zoned = moment.zoned();
        let (year, month, day) = match calendar {
            Calendar::Jalali => {
                let date = moment.date();
                (date.year(), date.month(), date.day())
            }
            Calendar::Gregorian => (
                zoned.year().into(),
                zoned.month().unsigned_abs(),
                zoned.day().unsigned_abs(),
            ),
        };
        for item in &self.items {
            match item {
                Item::Literal(text) => out.push_str(text),
                Item::Number { field, padded } => {
                    let value = match field {
                        Field::Year => year,
                        Field::Month => month.into(),
                        Field::Day => day.into(),
                        Field::Hour => zoned.hour().into(),
                        Field::Minute => zoned.minute().into(),
                        Field::Second => zoned.second().into(),
                    };
                    let width = match (padded, field) {
                        (false, _) => 0,
                        (true, Field::Year) => 4,
                        (true, _) => 2,
                    };
                    digits::push_number(out, value.into(), width, digits);
                }
                Item::MonthName => out.push_str(calendar.month_name(month)),
                Item::Weekday => out.push_str(moment.date().weekday().persian_name()),
                Item::Offset { colon } => {
                    push_offset(out, zoned.offset().seconds(), *colon, digits)
                }
            }
        }
    }
}

/// `+0330` or, with `colon`, `+03:30`; seconds are added only when the offset has them (LMT).
fn push_offset(out: &mut String, seconds: i32, colon: bool, digits: Digits) {
    out.push(if seconds < 0 { '-' } else { '+' });
    let seconds = seconds.unsigned_abs();
    let parts = [seconds / 3600, seconds / 60 % 60, seconds % 60];
    let shown = if parts[2] == 0 { 2 } else { 3 };
    for (i, part) in parts[..shown].iter().enumerate() {
        if i > 0 && colon {
            out.push(':');
        }
        digits::push_number(out, (*part).into(), 2, digits);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::time::{DEFAULT_TIME_ZONE, time_zone};

    fn moment(utc: &str) -> JalaliDateTime {
        let instant: jiff::Timestamp = utc.parse().unwrap();
        let zone = time_zone(DEFAULT_TIME_ZONE).unwrap();
        JalaliDateTime::from_zoned(instant.to_zoned_datetime(zone)).unwrap()
    }

    fn render(format: &str, utc: &str, calendar: Calendar, digits: Digits) -> String {
        let format: DateFormat = format.parse().unwrap();
        format.render(&moment(utc), calendar, digits)
    }

    #[test]
    fn the_seed_articles_date() {
        let seed = "2020-09-26T07:00:00Z";
        assert_eq!(
            render(
                "%A %-d %B %Y، ساعت %H:%M",
                seed,
                Calendar::Jalali,
                Digits::Persian
            ),
            "شنبه ۵ مهر ۱۳۹۹، ساعت ۱۰:۳۰"
        );
        assert_eq!(
            render(
                "%Y/%m/%d %H:%M:%S %z",
                seed,
                Calendar::Jalali,
                Digits::Latin
            ),
            "1399/07/05 10:30:00 +0330"
        );
        assert_eq!(
            render(
                "%Y-%m-%dT%H:%M:%S%:z",
                seed,
                Calendar::Gregorian,
                Digits::Latin
            ),
            "2020-09-26T10:30:00+03:30"
        );
        assert_eq!(
            render("%A %-d %B %Y", seed, Calendar::Gregorian, Digits::Persian),
            "شنبه ۲۶ سپتامبر ۲۰۲۰"
        );
    }

    #[test]
    fn summer_time_and_local_mean_time_offsets() {
        let summer = "2020-07-01T12:00:00Z";
        assert_eq!(
            render("%H:%M %:z", summer, Calendar::Jalali, Digits::Latin),
            "16:30 +04:30"
        );
        let before_1946 = "1930-01-01T00:00:00Z";
        assert_eq!(
            render("%z", before_1946, Calendar::Jalali, Digits::Latin),
            "+032544"
        );
        assert_eq!(
            render("%:z", before_1946, Calendar::Jalali, Digits::Persian),
            "+۰۳:۲۵:۴۴"
        );
    }

    #[test]
    fn unpadded_numbers_and_percent() {
        let nowruz = "2025-03-21T00:05:09Z";
        assert_eq!(
            render(
                "%-m/%-d %-H:%-M:%-S 100%%",
                nowruz,
                Calendar::Jalali,
                Digits::Latin
            ),
            "1/1 3:35:9 100%"
        );
    }

    #[test]
    fn every_month_and_weekday_name() {
        let noon_of =
            |date: crate::calendar::JalaliDate| format!("{}T08:30:00Z", date.to_gregorian());
        let months: Vec<String> = (1..=12)
            .map(|month| {
                let tenth = crate::calendar::JalaliDate::new(1404, month, 10).unwrap();
                render("%B", &noon_of(tenth), Calendar::Jalali, Digits::Persian)
            })
            .collect();
        assert_eq!(months, crate::calendar::JALALI_MONTHS);

        let first_saturday = crate::calendar::JalaliDate::new(1399, 7, 5).unwrap();
        let week: Vec<String> = (0..7)
            .map(|offset| {
                let day = crate::calendar::JalaliDate::from_unix_days(
                    first_saturday.unix_days() + offset,
                );
                render(
                    "%A",
                    &noon_of(day.unwrap()),
                    Calendar::Jalali,
                    Digits::Persian,
                )
            })
            .collect();
        assert_eq!(
            week.join(" "),
            "شنبه یکشنبه دوشنبه سه‌شنبه چهارشنبه پنجشنبه جمعه"
        );
    }

    #[test]
    fn unknown_tokens_are_errors() {
        assert_eq!(
            "%Y %Q".parse::<DateFormat>().unwrap_err().to_string(),
            format!("unknown token '%Q' in the format '%Y %Q': the tokens are {TOKENS}")
        );
        assert!(matches!(
            "%Y%".parse::<DateFormat>(),
            Err(FormatError::TrailingPercent { .. })
        ));
        assert!(matches!(
            "%-B".parse::<DateFormat>(),
            Err(FormatError::UnknownToken { .. })
        ));
        assert!(matches!(
            "%-".parse::<DateFormat>(),
            Err(FormatError::TrailingPercent { .. })
        ));
    }
}
