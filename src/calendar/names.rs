//! Names of months and weekdays, in Persian as CLDR's `fa` locale spells them, and in English for messages.

/// The Jalali months in Persian, Farvardin first.
pub const JALALI_MONTHS: [&str; 12] = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
];

/// The Jalali months transliterated, for English messages.
pub const JALALI_MONTHS_EN: [&str; 12] = [
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
];

/// The Gregorian months in Persian, January first.
pub const GREGORIAN_MONTHS: [&str; 12] = [
    "ژانویه",
    "فوریه",
    "مارس",
    "آوریل",
    "مه",
    "ژوئن",
    "ژوئیه",
    "اوت",
    "سپتامبر",
    "اکتبر",
    "نوامبر",
    "دسامبر",
];

/// The Gregorian months in English, for messages.
pub const GREGORIAN_MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The calendar a date is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Calendar {
    /// The Solar Hijri calendar, official in Iran.
    Jalali,
    /// The proleptic Gregorian calendar of ISO 8601.
    Gregorian,
}

impl Calendar {
    /// The Persian name of `month` (1–12), as pages show it.
    pub fn month_name(self, month: u8) -> &'static str {
        let names = match self {
            Calendar::Jalali => &JALALI_MONTHS,
            Calendar::Gregorian => &GREGORIAN_MONTHS,
        };
        names[usize::from(month.clamp(1, 12) - 1)]
    }

    /// The English name of `month` (1–12), for messages.
    pub fn month_name_en(self, month: u8) -> &'static str {
        let names = match self {
            Calendar::Jalali => &JALALI_MONTHS_EN,
            Calendar::Gregorian => &GREGORIAN_MONTHS_EN,
        };
        names[usize::from(month.clamp(1, 12) - 1)]
    }
}

/// A day of the week; the Persian week starts on Saturday (شنبه) and ends on Friday (جمعه).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weekday {
    Saturday,
    Sunday,
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
}

impl Weekday {
    pub(crate) const ALL: [Weekday; 7] = [
        Weekday::Saturday,
        Weekday::Sunday,
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
    ];

    /// The weekday of a day counted from 1970-01-01, which was a Thursday.
    pub(crate) fn from_unix_days(days: i32) -> Weekday {
        Self::ALL[(days + 5).rem_euclid(7) as usize]
    }

    /// Position in the Persian week: 0 for Saturday … 6 for Friday.
    pub fn days_since_saturday(self) -> u8 {
        self as u8
    }

    /// The Persian name: سه‌شنبه with a ZWNJ, پنجشنبه as one word (CLDR `fa`).
    pub fn persian_name(self) -> &'static str {
        match self {
            Weekday::Saturday => "شنبه",
            Weekday::Sunday => "یکشنبه",
            Weekday::Monday => "دوشنبه",
            Weekday::Tuesday => "سه\u{200C}شنبه",
            Weekday::Wednesday => "چهارشنبه",
            Weekday::Thursday => "پنجشنبه",
            Weekday::Friday => "جمعه",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_names_follow_cldr() {
        let names: Vec<_> = Weekday::ALL.iter().map(|w| w.persian_name()).collect();
        assert_eq!(
            names.join(" "),
            "شنبه یکشنبه دوشنبه سه‌شنبه چهارشنبه پنجشنبه جمعه"
        );
        assert!(Weekday::Tuesday.persian_name().contains('\u{200C}'));
        assert!(!Weekday::Thursday.persian_name().contains(['\u{200C}', ' ']));
    }

    #[test]
    fn unix_epoch_was_a_thursday() {
        assert_eq!(Weekday::from_unix_days(0), Weekday::Thursday);
        assert_eq!(Weekday::from_unix_days(2), Weekday::Saturday);
        assert_eq!(Weekday::from_unix_days(-1), Weekday::Wednesday);
        assert_eq!(Weekday::from_unix_days(-5), Weekday::Saturday);
    }
}
