//! The Jalali (Solar Hijri) calendar: leap years, month lengths and conversion to and from Gregorian.
//!
//! Leap years follow the 33-year cycles of Borkowski's model with the break years where the
//! cycle restarts, the rule `jalaali-js` and Iranian software use; it matches the official
//! calendar (1399 and 1403 leap, 1404 common), which a plain 33-year cycle does not.

use super::error::DateError;
use super::names::Calendar;
use super::names::Weekday;

/// The first Jalali year akhbar converts.
pub const MIN_YEAR: i32 = 1;
/// The last Jalali year akhbar converts; the break-year model is not defined past it.
pub const MAX_YEAR: i32 = 3177;

/// Years where the 33-year cycle restarts; the model covers the years between the first and last.
const BREAKS: [i32; 20] = [
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324,
    2394, 2456, 3178,
];

/// Nowruz 1404 fell on 2025-03-21, day 20168 after 1970-01-01; the table is built from it.
const ANCHOR_YEAR: i32 = 1404;
const ANCHOR_NOWRUZ: i32 = days_from_gregorian(2025, 3, 21);

/// `NOWRUZ[i]` is the day (counted from 1970-01-01) of 1 Farvardin of year `MIN_YEAR + i`;
/// the last entry is the day after Esfand of `MAX_YEAR` ends.
static NOWRUZ: [i32; (MAX_YEAR - MIN_YEAR + 2) as usize] = nowruz_table();

/// Whether Jalali `year` has 366 days (Esfand 30 exists); defined for `MIN_YEAR..=MAX_YEAR`.
pub const fn is_leap_year(year: i32) -> bool {
    let mut segment = 0;
    while segment + 2 < BREAKS.len() && BREAKS[segment + 1] <= year {
        segment += 1;
    }
    let length = BREAKS[segment + 1] - BREAKS[segment];
    let mut position = year - BREAKS[segment];
    // The last years of a segment belong to the cycle that the next segment starts.
    if length - position < 6 {
        position = position - length + (length + 4) / 33 * 33;
    }
    ((position + 1) % 33 - 1) % 4 == 0
}

/// Days in `month` (1–12) of Jalali `year`: 31 for the first six months, 30 for the next
/// five, and 29 or 30 for Esfand.
pub const fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1..=6 => 31,
        7..=11 => 30,
        _ if is_leap_year(year) => 30,
        _ => 29,
    }
}

/// A valid date of the Jalali calendar within `MIN_YEAR..=MAX_YEAR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JalaliDate {
    year: i32,
    month: u8,
    day: u8,
}

impl JalaliDate {
    /// The date `year/month/day`, or why it does not exist.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Self, DateError> {
        if year == 0 {
            return Err(DateError::YearZero);
        }
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(out_of_range(year.into()));
        }
        let month = checked_month(month)?;
        let day = checked_day(
            Calendar::Jalali,
            year,
            month,
            day,
            days_in_month(year, month),
        )?;
        Ok(JalaliDate { year, month, day })
    }

    /// The Jalali date of a Gregorian date.
    pub fn from_gregorian(date: jiff::civil::Date) -> Result<Self, DateError> {
        let days = days_from_gregorian(date.year().into(), date.month().into(), date.day().into());
        Self::from_unix_days(days).ok_or(DateError::YearOutOfRange {
            calendar: Calendar::Gregorian,
            year: date.year().into(),
            first: "0622-03-22",
            last: "3799-03-20",
        })
    }

    /// The Gregorian date of this day.
    pub fn to_gregorian(self) -> jiff::civil::Date {
        let (year, month, day) = gregorian_from_days(self.unix_days());
        jiff::civil::date(year as i16, month as i8, day as i8)
    }

    /// The date `days` after 1970-01-01, or `None` outside the supported years.
    pub fn from_unix_days(days: i32) -> Option<Self> {
        if days < NOWRUZ[0] || days >= NOWRUZ[NOWRUZ.len() - 1] {
            return None;
        }
        let index = NOWRUZ.partition_point(|&nowruz| nowruz <= days) - 1;
        let day_of_year = (days - NOWRUZ[index]) as u16;
        let (month, day) = month_and_day(day_of_year);
        Some(JalaliDate {
            year: MIN_YEAR + index as i32,
            month,
            day,
        })
    }

    /// Days from 1970-01-01 to this date (negative before it).
    pub fn unix_days(self) -> i32 {
        NOWRUZ[(self.year - MIN_YEAR) as usize] + i32::from(self.day_of_year()) - 1
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1 for Farvardin … 12 for Esfand.
    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// 1 for 1 Farvardin … 365 or 366 for the last day of Esfand.
    pub fn day_of_year(self) -> u16 {
        let month = u16::from(self.month);
        let before = if month <= 7 {
            (month - 1) * 31
        } else {
            186 + (month - 7) * 30
        };
        before + u16::from(self.day)
    }

    pub fn weekday(self) -> Weekday {
        Weekday::from_unix_days(self.unix_days())
    }

    /// The month's Persian name, e.g. «مهر».
    pub fn month_name(self) -> &'static str {
        Calendar::Jalali.month_name(self.month)
    }
}

/// The month and day of the `day_of_year`th day (0-based) of a Jalali year.
fn month_and_day(day_of_year: u16) -> (u8, u8) {
    if day_of_year < 186 {
        ((day_of_year / 31 + 1) as u8, (day_of_year % 31 + 1) as u8)
    } else {
        let rest = day_of_year - 186;
        ((rest / 30 + 7) as u8, (rest % 30 + 1) as u8)
    }
}

fn out_of_range(year: i64) -> DateError {
    DateError::YearOutOfRange {
        calendar: Calendar::Jalali,
        year,
        first: "1",
        last: "3177",
    }
}

/// `month` as 1–12, or why not.
pub(super) fn checked_month(month: u32) -> Result<u8, DateError> {
    match u8::try_from(month) {
        Ok(m @ 1..=12) => Ok(m),
        _ => Err(DateError::MonthOutOfRange { month }),
    }
}

/// `day` as a day of a month of `last_day` days, or why not; day 29/30 of a short
/// February/Esfand is blamed on the year not being leap.
pub(super) fn checked_day(
    calendar: Calendar,
    year: i32,
    month: u8,
    day: u32,
    last_day: u8,
) -> Result<u8, DateError> {
    let leap_day_missing = match calendar {
        Calendar::Jalali => month == 12 && day == 30,
        Calendar::Gregorian => month == 2 && day == 29,
    };
    match u8::try_from(day) {
        Ok(0) => Err(DateError::DayZero),
        Ok(d) if d <= last_day => Ok(d),
        _ if leap_day_missing => Err(DateError::NotLeapYear {
            calendar,
            year,
            month,
            day,
            last_day,
        }),
        _ => Err(DateError::DayOutOfRange {
            calendar,
            year,
            month,
            day,
            last_day,
        }),
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Hinnant's `days_from_civil`).
pub(super) const fn days_from_gregorian(year: i32, month: i32, day: i32) -> i32 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Hinnant's `civil_from_days`).
pub(super) const fn gregorian_from_days(days: i32) -> (i32, i32, i32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

const fn nowruz_table() -> [i32; (MAX_YEAR - MIN_YEAR + 2) as usize] {
    let mut table = [0; (MAX_YEAR - MIN_YEAR + 2) as usize];
    let anchor = (ANCHOR_YEAR - MIN_YEAR) as usize;
    table[anchor] = ANCHOR_NOWRUZ;
    let mut i = anchor;
    while i + 1 < table.len() {
        table[i + 1] = table[i] + year_length(MIN_YEAR + i as i32);
        i += 1;
    }
    let mut i = anchor;
    while i > 0 {
        table[i - 1] = table[i] - year_length(MIN_YEAR + i as i32 - 1);
        i -= 1;
    }
    table
}

const fn year_length(year: i32) -> i32 {
    if is_leap_year(year) { 366 } else { 365 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn jalali(y: i32, m: u32, d: u32) -> JalaliDate {
        JalaliDate::new(y, m, d).unwrap()
    }

    #[test]
    fn official_leap_years() {
        for year in [1375, 1379, 1383, 1387, 1391, 1395, 1399, 1403, 1408] {
            assert!(is_leap_year(year), "{year} is leap");
        }
        for year in [1400, 1401, 1402, 1404, 1405, 1406, 1407] {
            assert!(!is_leap_year(year), "{year} is common");
        }
    }

    #[test]
    fn esfand_1403_and_nowruz_1404() {
        assert_eq!(
            jalali(1403, 12, 30).to_gregorian(),
            jiff::civil::date(2025, 3, 20)
        );
        assert_eq!(
            jalali(1404, 1, 1).to_gregorian(),
            jiff::civil::date(2025, 3, 21)
        );
        assert_eq!(
            JalaliDate::from_gregorian(jiff::civil::date(2020, 9, 26)).unwrap(),
            jalali(1399, 7, 5)
        );
        assert_eq!(jalali(1399, 7, 5).weekday(), Weekday::Saturday);
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        assert_eq!(
            JalaliDate::new(1400, 12, 30).unwrap_err().to_string(),
            "1400 is not a leap year, so Esfand 1400 has 29 days and day 30 does not exist"
        );
        assert_eq!(
            JalaliDate::new(1399, 7, 31).unwrap_err().to_string(),
            "day 31 is out of range: Mehr 1399 ends on day 30"
        );
        assert_eq!(
            JalaliDate::new(1399, 13, 1),
            Err(DateError::MonthOutOfRange { month: 13 })
        );
        assert_eq!(
            JalaliDate::new(1399, 0, 1),
            Err(DateError::MonthOutOfRange { month: 0 })
        );
        assert_eq!(JalaliDate::new(1399, 1, 0), Err(DateError::DayZero));
        assert_eq!(JalaliDate::new(0, 1, 1), Err(DateError::YearZero));
        assert!(JalaliDate::new(3178, 1, 1).is_err());
        assert!(JalaliDate::new(-5, 1, 1).is_err());
    }

    #[test]
    fn every_day_of_every_year_follows_the_previous() {
        let mut previous = jalali(MIN_YEAR, 1, 1).unix_days() - 1;
        for year in MIN_YEAR..=MAX_YEAR {
            let mut days_in_year = 0;
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    let date = jalali(year, month.into(), day.into());
                    assert_eq!(date.unix_days(), previous + 1, "{date:?}");
                    assert_eq!(JalaliDate::from_unix_days(previous + 1), Some(date));
                    previous += 1;
                    days_in_year += 1;
                }
            }
            assert_eq!(days_in_year == 366, is_leap_year(year), "year {year}");
        }
        assert_eq!(JalaliDate::from_unix_days(previous + 1), None);
        assert_eq!(
            JalaliDate::from_unix_days(jalali(1, 1, 1).unix_days() - 1),
            None
        );
    }

    #[test]
    fn leap_years_are_four_or_five_apart() {
        let leaps: Vec<i32> = (MIN_YEAR..=MAX_YEAR).filter(|&y| is_leap_year(y)).collect();
        for pair in leaps.windows(2) {
            assert!(matches!(pair[1] - pair[0], 4 | 5), "{pair:?}");
        }
    }

    #[test]
    fn gregorian_day_numbers() {
        assert_eq!(days_from_gregorian(1970, 1, 1), 0);
        assert_eq!(days_from_gregorian(2000, 3, 1), 11_017);
        assert_eq!(days_from_gregorian(622, 3, 22), jalali(1, 1, 1).unix_days());
        assert_eq!(gregorian_from_days(-1), (1969, 12, 31));
    }

    proptest! {
        #[test]
        fn gregorian_round_trip(days in -492_000i32..668_000) {
            let (y, m, d) = gregorian_from_days(days);
            prop_assert_eq!(days_from_gregorian(y, m, d), days);
        }

        #[test]
        fn jalali_round_trip(days in NOWRUZ[0]..NOWRUZ[NOWRUZ.len() - 1]) {
            let date = JalaliDate::from_unix_days(days).unwrap();
            prop_assert_eq!(date.unix_days(), days);
            let again = JalaliDate::new(date.year(), date.month().into(), date.day().into());
            prop_assert_eq!(again, Ok(date));
            prop_assert_eq!(JalaliDate::from_gregorian(date.to_gregorian()), Ok(date));
        }
    }
}
