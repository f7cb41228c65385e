//! Archives by Jalali year and month, from the items' dates alone.

use std::collections::BTreeMap;

use crate::calendar::JALALI_MONTHS;
use crate::content::NewsItem;

/// The items of one Jalali month, newest first.
#[derive(Debug)]
pub struct ArchiveMonth<'c> {
    pub year: i32,
    /// 1 for Farvardin … 12 for Esfand.
    pub month: u8,
    pub items: Vec<&'c NewsItem>,
}

impl ArchiveMonth<'_> {
    pub fn name(&self) -> &'static str {
        JALALI_MONTHS[usize::from(self.month - 1)]
    }

    pub fn url(&self) -> String {
        month_url(self.year, self.month)
    }
}

/// One Jalali year with all twelve months, empty ones included.
#[derive(Debug)]
pub struct ArchiveYear<'c> {
    pub year: i32,
    pub months: Vec<ArchiveMonth<'c>>,
}

impl ArchiveYear<'_> {
    pub fn count(&self) -> usize {
        self.months.iter().map(|m| m.items.len()).sum()
    }

    pub fn url(&self) -> String {
        year_url(self.year)
    }
}

/// Every year that has items, newest first.
#[derive(Debug, Default)]
pub struct Archive<'c> {
    pub years: Vec<ArchiveYear<'c>>,
}

impl<'c> Archive<'c> {
    /// Groups `news` (newest first) by the Jalali month of their date in the site's zone.
    pub fn collect(news: &[&'c NewsItem]) -> Archive<'c> {
        let mut by_month: BTreeMap<(i32, u8), Vec<&NewsItem>> = BTreeMap::new();
        for item in news {
            let date = item.date.moment.date();
            by_month
                .entry((date.year(), date.month()))
                .or_default()
                .push(item);
        }
        let mut years: Vec<i32> = by_month.keys().map(|&(year, _)| year).collect();
        years.dedup();
        let years = years
            .into_iter()
            .rev()
            .map(|year| ArchiveYear {
                year,
                months: (1..=12)
                    .map(|month| ArchiveMonth {
                        year,
                        month,
                        items: by_month.remove(&(year, month)).unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect();
        Archive { years }
    }

    /// The months that have items, oldest first.
    pub fn months_with_items(&self) -> Vec<&ArchiveMonth<'c>> {
        let mut months: Vec<&ArchiveMonth> = self
            .years
            .iter()
            .rev()
            .flat_map(|year| year.months.iter())
            .filter(|month| !month.items.is_empty())
            .collect();
        months.sort_by_key(|month| (month.year, month.month));
        months
    }
}

pub fn year_url(year: i32) -> String {
    super::address::archive_year(year)
}

pub fn month_url(year: i32, month: u8) -> String {
    super::address::archive_month(year, month)
}
