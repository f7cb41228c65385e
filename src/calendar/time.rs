//! Instants in a site's IANA time zone, with the zone's real historical offsets from the tz database.

use jiff::ZonedDateTime;
use jiff::tz::TimeZone;

use super::error::DateError;
use super::jalali::JalaliDate;

/// The zone a site uses unless `site.toml` says otherwise.
pub const DEFAULT_TIME_ZONE: &str = "Asia/Tehran";

/// The IANA time zone `name` from the tz database bundled with akhbar.
pub fn time_zone(name: &str) -> Result<TimeZone, DateError> {
    jiff::tz::db()
        .get(name)
        .map_err(|_| DateError::UnknownTimeZone { name: name.into() })
}

/// An instant as a Persian page shows it: the civil time in a zone, and the Jalali date of that day.
/// Kept (by the parsed-content cache) as the zoned instant alone; the date is found again.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "ZonedDateTime", into = "ZonedDateTime")]
pub struct JalaliDateTime {
    zoned: ZonedDateTime,
    date: JalaliDate,
}

impl TryFrom<ZonedDateTime> for JalaliDateTime {
    type Error = DateError;

    fn try_from(zoned: ZonedDateTime) -> Result<Self, DateError> {
        JalaliDateTime::from_zoned(zoned)
    }
}

impl From<JalaliDateTime> for ZonedDateTime {
    fn from(moment: JalaliDateTime) -> ZonedDateTime {
        moment.zoned
    }
}

impl JalaliDateTime {
    /// The instant `zoned`, or why its day is outside the Jalali years akhbar converts.
    pub fn from_zoned(zoned: ZonedDateTime) -> Result<Self, DateError> {
        let date = JalaliDate::from_gregorian(zoned.date())?;
        Ok(JalaliDateTime { zoned, date })
    }

    /// The present moment in `zone`.
    pub fn now(zone: &TimeZone) -> Self {
        Self::from_zoned(ZonedDateTime::now().with_time_zone(zone.clone()))
            .expect("the present is within the supported Jalali years")
    }

    /// The Jalali date of the instant's day in its zone.
    pub fn date(&self) -> JalaliDate {
        self.date
    }

    /// The instant with its zone, offset and Gregorian civil time.
    pub fn zoned(&self) -> &ZonedDateTime {
        &self.zoned
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    fn tehran_offset(utc: &str) -> i32 {
        let instant: Timestamp = utc.parse().unwrap();
        let tehran = time_zone(DEFAULT_TIME_ZONE).unwrap();
        tehran.to_offset(instant).seconds()
    }

    #[test]
    fn tehran_kept_summer_time_until_2022() {
        const HOUR: i32 = 3600;
        assert_eq!(tehran_offset("2020-07-01T12:00:00Z"), 4 * HOUR + HOUR / 2);
        assert_eq!(tehran_offset("2020-09-26T07:00:00Z"), 3 * HOUR + HOUR / 2);
        assert_eq!(tehran_offset("2022-07-01T12:00:00Z"), 4 * HOUR + HOUR / 2);
        assert_eq!(tehran_offset("2023-07-01T12:00:00Z"), 3 * HOUR + HOUR / 2);
        assert_eq!(tehran_offset("2025-07-01T12:00:00Z"), 3 * HOUR + HOUR / 2);
    }

    #[test]
    fn instants_outside_the_jalali_years_are_refused() {
        // Found by the `date_format` fuzz target, whose instants once reached year -928.
        let long_ago = jiff::Timestamp::from_second(-91_625_968_832).unwrap();
        let error = JalaliDateTime::from_zoned(long_ago.to_zoned_datetime(TimeZone::UTC));
        assert_eq!(
            error.unwrap_err().to_string(),
            "year -934 is out of range: Gregorian dates run from 0622-03-22 to 3799-03-20"
        );
    }

    #[test]
    fn unknown_zones_are_named_in_the_error() {
        let err = time_zone("Asia/Tehrun").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown time zone 'Asia/Tehrun': use an IANA name such as Asia/Tehran"
        );
    }

    #[test]
    fn the_jalali_day_is_the_day_in_the_zone() {
        let utc: Timestamp = "2025-03-20T21:00:00Z".parse().unwrap();
        let tehran = time_zone(DEFAULT_TIME_ZONE).unwrap();
        let in_tehran = JalaliDateTime::from_zoned(utc.to_zoned_datetime(tehran)).unwrap();
        assert_eq!(in_tehran.date(), JalaliDate::new(1404, 1, 1).unwrap());
        let in_utc = JalaliDateTime::from_zoned(utc.to_zoned_datetime(TimeZone::UTC)).unwrap();
        assert_eq!(in_utc.date(), JalaliDate::new(1403, 12, 30).unwrap());
    }
}
