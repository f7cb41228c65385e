//! The list of items' page: the publish button, the form for a new item, the items newest
//! first fifty to a page with their Jalali dates, categories, states and comment counts,
//! filtered by state, category and Jalali month and searched by title.

use std::collections::HashMap;
use std::fmt::Write;

use super::html::{escaped, page, query_value};
use super::list::{ItemState, Row, terms};
use crate::calendar::JALALI_MONTHS;
use crate::diagnostic::persian_number;
use crate::persian::digits::to_persian;
use crate::persian::normalize::{for_matching, same_text};

/// How many items one page of the list shows.
pub const ROWS_PER_PAGE: usize = 50;

/// Which items the list shows, as its address asks.
#[derive(Debug, Default)]
pub struct ListFilter<'a> {
    pub state: Option<ItemState>,
    /// Words of the titles looked for.
    pub query: &'a str,
    /// The category (any spelling the matching rule calls equal); empty for all.
    pub category: &'a str,
    /// A Jalali year and month.
    pub month: Option<(i32, u8)>,
    /// The page, from 0.
    pub at: usize,
}

impl ListFilter<'_> {
    fn admits(&self, row: &Row, key: &str) -> bool {
        let category = row.category.as_deref().unwrap_or("");
        (self.category.is_empty() || same_text(category, self.category))
            && self.month.is_none_or(|month| row.month == Some(month))
            && row.title_has(key)
    }

    /// The filter's part of an address, without the state and the page.
    fn address_part(&self) -> String {
        let mut part = format!("q={}", query_value(self.query));
        if !self.category.is_empty() {
            let _ = write!(part, "&category={}", query_value(self.category));
        }
        if let Some((year, month)) = self.month {
            let _ = write!(part, "&month={year}-{month:02}");
        }
        part
    }
}

/// Comments of each news item: how many wait for a decision, and how many there are.
pub type CommentCounts = HashMap<u64, (usize, usize)>;

/// The list of `rows` that `filter` admits, one page of it, with the forms above it.
pub fn list(rows: &[Row], filter: &ListFilter, comments: &CommentCounts, token: &str) -> String {
    let mut main = String::from("<h1>خبرها</h1>");
    push_forms(&mut main, token);
    let key = for_matching(filter.query);
    let matching: Vec<&Row> = rows.iter().filter(|row| filter.admits(row, &key)).collect();
    push_states(&mut main, &matching, filter);
    push_filters(&mut main, rows, filter);
    main.push_str(
        "<div class=\"scroll\"><table class=\"items\"><thead><tr><th>عنوان</th><th>تاریخ</th><th>دسته</th><th>وضعیت</th><th>دیدگاه</th></tr></thead><tbody>",
    );
    let listed: Vec<&Row> = (matching.into_iter())
        .filter(|row| filter.state.is_none_or(|state| row.state == state))
        .collect();
    for row in listed
        .iter()
        .skip(filter.at * ROWS_PER_PAGE)
        .take(ROWS_PER_PAGE)
    {
        push_row(&mut main, row, comments);
    }
    main.push_str("</tbody></table></div>");
    push_pages(&mut main, listed.len(), filter);
    page("خبرها", &main)
}

fn push_forms(main: &mut String, token: &str) {
    let _ = write!(
        main,
        "<form class=\"publish\" method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"token\" value=\"{}\">\
<button>انتشار سایت</button> <span>ساختن سایت با خبرهای ذخیره‌شده و فرستادن آن به میزبان</span></form>\
<form class=\"new-item\" method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"token\" value=\"{}\">\
<label>عنوان خبر تازه <input name=\"title\" required></label> \
<label>دسته <input name=\"category\" list=\"categories\"></label> <button>نوشتن خبر تازه</button></form>",
        super::PUBLISH,
        escaped(token),
        super::NEW,
        escaped(token)
    );
}

/// The states' links, each with how many of the items `matching` the rest of the filter have it.
fn push_states(main: &mut String, matching: &[&Row], filter: &ListFilter) {
    let rest = filter.address_part();
    let current = |on: bool| if on { " aria-current=\"page\"" } else { "" };
    let _ = write!(
        main,
        "<nav class=\"states\" aria-label=\"وضعیت\"><a href=\"{}?{}\"{}>همه ({})</a>",
        super::HOME,
        escaped(&rest),
        current(filter.state.is_none()),
        persian_number(matching.len())
    );
    for state in ItemState::ALL {
        let count = matching.iter().filter(|row| row.state == state).count();
        let _ = write!(
            main,
            " <a href=\"{}?{}&amp;state={}\"{}>{} ({})</a>",
            super::HOME,
            escaped(&rest),
            state.key(),
            current(filter.state == Some(state)),
            state.persian(),
            persian_number(count)
        );
    }
    main.push_str("</nav>");
}

/// The search by title, and the category and month choices; with the site's categories as
/// suggestions for every category field of the page.
fn push_filters(main: &mut String, rows: &[Row], filter: &ListFilter) {
    let state = filter.state.map_or(String::new(), |state| {
        format!(
            "<input type=\"hidden\" name=\"state\" value=\"{}\">",
            state.key()
        )
    });
    let _ = write!(
        main,
        "<form class=\"search\" role=\"search\" method=\"get\" action=\"{}\">{state}\
<label>جست‌وجو در عنوان‌ها <input type=\"search\" name=\"q\" value=\"{}\"></label>\
<label>دسته <select name=\"category\"><option value=\"\">همه</option>",
        super::HOME,
        escaped(filter.query)
    );
    let [categories, ..] = terms(rows);
    for category in &categories {
        let selected = if same_text(category, filter.category) {
            " selected"
        } else {
            ""
        };
        let _ = write!(main, "<option{selected}>{}</option>", escaped(category));
    }
    main.push_str(
        "</select></label><label>ماه <select name=\"month\"><option value=\"\">همه</option>",
    );
    let mut months: Vec<(i32, u8)> = rows.iter().filter_map(|row| row.month).collect();
    months.sort_unstable_by(|a, b| b.cmp(a));
    months.dedup();
    for (year, month) in months {
        let selected = if filter.month == Some((year, month)) {
            " selected"
        } else {
            ""
        };
        let name = JALALI_MONTHS[usize::from(month) - 1];
        let _ = write!(
            main,
            "<option value=\"{year}-{month:02}\"{selected}>{name} {}</option>",
            to_persian(&year.to_string())
        );
    }
    main.push_str("</select></label><button>نمایش</button></form><datalist id=\"categories\">");
    for category in categories {
        let _ = write!(main, "<option value=\"{}\">", escaped(&category));
    }
    main.push_str("</datalist>");
}

fn push_row(main: &mut String, row: &Row, comments: &CommentCounts) {
    let address = format!(
        "{}?path={}",
        super::ITEM,
        query_value(&row.path.to_string_lossy())
    );
    let counted = row.id.and_then(|id| comments.get(&id));
    let comments = match counted {
        None | Some((_, 0)) => String::new(),
        Some((0, all)) => persian_number(*all),
        Some((pending, all)) => format!(
            "{} (<a href=\"{}\">{} در انتظار</a>)",
            persian_number(*all),
            super::COMMENTS,
            persian_number(*pending)
        ),
    };
    let _ = write!(
        main,
        "<tr class=\"is-{}\"><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{comments}</td></tr>",
        row.state.key(),
        escaped(&address),
        escaped(&row.title),
        escaped(&row.date),
        escaped(row.category.as_deref().unwrap_or("")),
        row.state.persian()
    );
}

/// Links to the pages before and after the filter's, of `count` items.
fn push_pages(main: &mut String, count: usize, filter: &ListFilter) {
    let pages = count.div_ceil(ROWS_PER_PAGE);
    if pages <= 1 {
        return;
    }
    let state = filter
        .state
        .map_or(String::new(), |state| format!("&state={}", state.key()));
    let rest = filter.address_part();
    let address = |to: usize| escaped(&format!("{}?{rest}{state}&page={}", super::HOME, to + 1));
    let at = filter.at;
    main.push_str("<nav class=\"pages\" aria-label=\"صفحه‌ها\">");
    if at > 0 {
        let _ = write!(
            main,
            "<a href=\"{}\" rel=\"prev\">تازه‌ترها</a> ",
            address(at - 1)
        );
    }
    let _ = write!(
        main,
        "<span>صفحهٔ {} از {}</span>",
        persian_number(at + 1),
        persian_number(pages)
    );
    if at + 1 < pages {
        let _ = write!(
            main,
            " <a href=\"{}\" rel=\"next\">قدیمی‌ترها</a>",
            address(at + 1)
        );
    }
    main.push_str("</nav>");
}
