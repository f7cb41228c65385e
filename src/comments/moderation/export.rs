//! The moderators' export: the comments awaiting a decision as a spreadsheet to fill in (CSV),
//! as data (JSON), or as a page to read (HTML, in [`super::report`]).

use std::borrow::Cow;

use serde::Serialize;

use super::cell::{guard_formula, text_cell};
use super::queue::entries;
pub use super::queue::{ExportInput, NewsRef};
use super::report;
use super::signals::Signal;

/// What `akhbar comments export --format` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A spreadsheet the moderators fill in and `akhbar comments apply` reads back.
    Csv,
    Json,
    /// A private page for reading the queue in a browser.
    Html,
}

impl ExportFormat {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Html => "html",
        }
    }
}

/// The CSV header row. `akhbar comments apply` finds its columns by name, so `id`, `decision`
/// and `reply` must keep these names; moderators may reorder or delete the other columns.
///
/// `received` is the Jalali time in the site's zone with Persian digits, `received_utc` the
/// RFC 3339 instant, `status` the English word, `signals` the Persian spam hints joined by «؛ ».
/// `decision` is left empty for the moderator, and `reply` holds the existing reply, if any.
pub const CSV_COLUMNS: [&str; 13] = [
    "id",
    "news_id",
    "news_title",
    "news_url",
    "received",
    "received_utc",
    "status",
    "name",
    "email",
    "body",
    "signals",
    "decision",
    "reply",
];

/// Makes Excel read the file as UTF-8 instead of the system's code page, which garbles Persian.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The export of `input.comments` in `format`, as the bytes of the file.
pub fn export(input: &ExportInput, format: ExportFormat) -> Vec<u8> {
    match format {
        ExportFormat::Csv => csv(input),
        ExportFormat::Json => json(input),
        ExportFormat::Html => report::html(input).into_bytes(),
    }
}

fn csv(input: &ExportInput) -> Vec<u8> {
    // Every cell quoted: a spreadsheet that splits at semicolons or tabs as well as commas
    // (LibreOffice's default) then still finds the cells where the file puts them.
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(UTF8_BOM.to_vec());
    let failed = "writing CSV to memory cannot fail";
    writer.write_record(CSV_COLUMNS).expect(failed);
    for entry in entries(input) {
        let comment = entry.comment;
        let news_id = comment.news_id.to_string();
        let received_utc = comment.received_at.to_string();
        let signals: Vec<String> = entry.signals.iter().map(Signal::persian).collect();
        let signals = signals.join("؛ ");
        let words = |text: &str| Cow::Owned(text_cell(text));
        let record: [Cow<str>; CSV_COLUMNS.len()] = [
            guard_formula(&comment.id),
            guard_formula(&news_id),
            words(entry.news.map_or("", |news| &news.title)),
            guard_formula(entry.news.map_or("", |news| &news.url)),
            words(&entry.received),
            guard_formula(&received_utc),
            guard_formula(comment.status.as_str()),
            words(&comment.name),
            guard_formula(&comment.email),
            words(&comment.body),
            words(&signals),
            Cow::Borrowed(""),
            words(comment.reply.as_deref().unwrap_or("")),
        ];
        writer
            .write_record(record.iter().map(|cell| cell.as_bytes()))
            .expect(failed);
    }
    writer.into_inner().expect(failed)
}

#[derive(Serialize)]
struct JsonExport<'a> {
    generated_at: String,
    count: usize,
    comments: Vec<JsonComment<'a>>,
}

#[derive(Serialize)]
struct JsonComment<'a> {
    id: &'a str,
    news_id: u64,
    news_title: Option<&'a str>,
    news_url: Option<&'a str>,
    received_at: String,
    received_jalali: String,
    status: &'static str,
    name: &'a str,
    email: &'a str,
    body: &'a str,
    reply: Option<&'a str>,
    signals: Vec<&'static str>,
    signal_text: Vec<String>,
}

fn json(input: &ExportInput) -> Vec<u8> {
    let comments: Vec<JsonComment> = entries(input)
        .into_iter()
        .map(|entry| {
            let comment = entry.comment;
            JsonComment {
                id: &comment.id,
                news_id: comment.news_id,
                news_title: entry.news.map(|news| news.title.as_str()),
                news_url: entry.news.map(|news| news.url.as_str()),
                received_at: comment.received_at.to_string(),
                received_jalali: entry.received,
                status: comment.status.as_str(),
                name: &comment.name,
                email: &comment.email,
                body: &comment.body,
                reply: comment.reply.as_deref(),
                signals: entry.signals.iter().map(Signal::code).collect(),
                signal_text: entry.signals.iter().map(Signal::persian).collect(),
            }
        })
        .collect();
    let export = JsonExport {
        generated_at: input.generated_at.to_string(),
        count: comments.len(),
        comments,
    };
    let mut bytes = serde_json::to_vec_pretty(&export).expect("the export is plain data");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
pub(super) mod tests {
    use std::collections::HashMap;

    use jiff::tz::TimeZone;

    use super::*;
    use crate::calendar::time_zone;
    use crate::comments::Comment;
    use crate::comments::Status;
    use crate::comments::moderation::cell::read_text_cell;

    /// Owns what an [`ExportInput`] borrows.
    pub(in crate::comments) struct Fixture {
        pub comments: Vec<Comment>,
        pub news: HashMap<u64, NewsRef>,
        pub blocked: Vec<String>,
        pub zone: TimeZone,
    }

    impl Fixture {
        pub fn new(comments: Vec<Comment>) -> Self {
            let news = HashMap::from([(
                242513,
                NewsRef {
                    title: "تمدید مهلت ثبت‌نام کارت هوشمند".into(),
                    url: "https://news.example.ir/news/242513/".into(),
                },
            )]);
            Fixture {
                comments,
                news,
                blocked: vec!["كازينو".into()],
                zone: time_zone("Asia/Tehran").unwrap(),
            }
        }

        pub fn export(&self, format: ExportFormat) -> Vec<u8> {
            let chosen: Vec<&Comment> = self.comments.iter().collect();
            let input = ExportInput {
                comments: &chosen,
                all: &self.comments,
                news: &self.news,
                blocked_words: &self.blocked,
                zone: &self.zone,
                generated_at: "2020-09-26T08:00:00Z".parse().unwrap(),
            };
            export(&input, format)
        }
    }

    /// A pending comment from its own sender, for the comments module's tests.
    pub(in crate::comments) fn comment(id: &str, body: &str) -> Comment {
        Comment {
            id: id.into(),
            news_id: 242513,
            name: "مریم".into(),
            email: "maryam@example.org".into(),
            body: body.into(),
            received_at: "2020-09-26T07:00:00Z".parse().unwrap(),
            status: Status::Pending,
            moderated_at: None,
            moderated_by: None,
            reply: None,
            ip_hash: format!("hash-{id}"),
        }
    }

    fn read_csv(bytes: &[u8]) -> Vec<csv::StringRecord> {
        let text = bytes
            .strip_prefix(UTF8_BOM)
            .expect("the file starts with a BOM");
        let mut reader = csv::Reader::from_reader(text);
        assert_eq!(reader.headers().unwrap(), CSV_COLUMNS.as_slice());
        reader.records().map(Result::unwrap).collect()
    }

    #[test]
    fn csv_round_trips_persian_text_with_commas_quotes_and_lines() {
        let body = "با سلام، «کارت» من \"هنوز\" نرسیده,\nلطفاً پیگیری کنید.\r\n\nسپاس";
        let mut first = comment("20200926T070000000Z-a1b2c3d4e5f6", body);
        first.reply = Some("پیگیری شد، سپاس از شما.".into());
        let fixture = Fixture::new(vec![first]);
        let bytes = fixture.export(ExportFormat::Csv);
        assert!(bytes.starts_with(b"\xEF\xBB\xBF\"id\",\"news_id\",\"news_title\","));
        assert!(bytes.windows(2).any(|pair| pair == b"\r\n"));
        let rows = read_csv(&bytes);
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        let cell = |name: &str| &row[CSV_COLUMNS.iter().position(|c| *c == name).unwrap()];
        assert_eq!(cell("id"), "20200926T070000000Z-a1b2c3d4e5f6");
        assert_eq!(cell("news_id"), "242513");
        assert_eq!(cell("news_title"), "تمدید مهلت ثبت‌نام کارت هوشمند");
        assert_eq!(cell("news_url"), "https://news.example.ir/news/242513/");
        assert_eq!(cell("received"), "شنبه ۵ مهر ۱۳۹۹، ساعت ۱۰:۳۰");
        assert_eq!(cell("received_utc"), "2020-09-26T07:00:00Z");
        assert_eq!(cell("status"), "pending");
        assert_eq!(cell("name"), "مریم");
        assert_eq!(cell("body"), body);
        assert_eq!(cell("signals"), "");
        assert_eq!(cell("decision"), "");
        assert_eq!(cell("reply"), "پیگیری شد، سپاس از شما.");
    }

    #[test]
    fn formulas_are_kept_as_text() {
        let mut attack = comment("20200926T070000000Z-000001", "نظر من;=1+1\n=2+2");
        attack.name = "=HYPERLINK(\"http://evil.example\",\"click\")".into();
        attack.email = "@SUM(A1:A9)".into();
        attack.reply = Some("+989121234567".into());
        let bytes = Fixture::new(vec![attack]).export(ExportFormat::Csv);
        let row = &read_csv(&bytes)[0];
        assert_eq!(&row[7], "'=HYPERLINK(\"http://evil.example\",\"click\")");
        assert_eq!(&row[8], "'@SUM(A1:A9)");
        assert_eq!(&row[9], "نظر من;'=1+1\n'=2+2");
        assert_eq!(&row[12], "'+989121234567");
    }

    #[test]
    fn words_that_begin_in_latin_or_digits_are_marked_to_read_right_to_left() {
        let mut latin = comment("20200926T070000000Z-000003", "2 روز پیش درخواست دادم\nسپاس");
        latin.name = "Ali رضایی".into();
        latin.reply = Some("=HYPERLINK(\"x\",\"پیگیری\")".into());
        let mut fixture = Fixture::new(vec![latin]);
        let news = fixture.news.get_mut(&242513).unwrap();
        news.title = "COVID-19 در البرز".into();
        news.url = "/news/242513/کارت-هوشمند/".into();
        let row = &read_csv(&fixture.export(ExportFormat::Csv))[0];
        assert_eq!(&row[2], "\u{200F}COVID-19 در البرز");
        assert_eq!(
            &row[3], "/news/242513/کارت-هوشمند/",
            "addresses are not words"
        );
        assert_eq!(&row[7], "\u{200F}Ali رضایی");
        assert_eq!(&row[9], "\u{200F}2 روز پیش درخواست دادم\nسپاس");
        assert_eq!(&row[12], "\u{200F}'=HYPERLINK(\"x\",\"پیگیری\")");
        assert_eq!(read_text_cell(&row[12]), "=HYPERLINK(\"x\",\"پیگیری\")");
        assert_eq!(read_text_cell(&row[9]), "2 روز پیش درخواست دادم\nسپاس");
        assert_eq!(&row[0], "20200926T070000000Z-000003");
    }

    #[test]
    fn signals_are_joined_in_persian() {
        let spam = comment(
            "20200926T070000000Z-000002",
            "http://a.example http://b.example",
        );
        let bytes = Fixture::new(vec![spam]).export(ExportFormat::Csv);
        assert_eq!(
            &read_csv(&bytes)[0][10],
            "\u{200F}۲ پیوند",
            "it begins with a digit"
        );
    }

    #[test]
    fn json_parses_back() {
        let mut first = comment("20200926T070000000Z-000003", "کازینو");
        first.news_id = 7;
        let fixture = Fixture::new(vec![first, comment("20200926T070000000Z-000004", "x")]);
        let bytes = fixture.export(ExportFormat::Json);
        let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(value["generated_at"], "2020-09-26T08:00:00Z");
        assert_eq!(value["count"], 2);
        let first = &value["comments"][0];
        assert_eq!(first["id"], "20200926T070000000Z-000003");
        assert_eq!(first["news_title"], serde_json::Value::Null);
        assert_eq!(first["received_at"], "2020-09-26T07:00:00Z");
        assert_eq!(first["received_jalali"], "شنبه ۵ مهر ۱۳۹۹، ساعت ۱۰:۳۰");
        assert_eq!(first["status"], "pending");
        assert_eq!(
            first["signals"],
            serde_json::json!(["blocked_word", "too_short"])
        );
        assert_eq!(first["signal_text"][0], "واژه ممنوع: كازينو");
        let second = &value["comments"][1];
        assert_eq!(second["news_url"], "https://news.example.ir/news/242513/");
        assert_eq!(second["reply"], serde_json::Value::Null);
    }

    #[test]
    fn extensions_match_the_formats() {
        assert_eq!(ExportFormat::Csv.extension(), "csv");
        assert_eq!(ExportFormat::Json.extension(), "json");
        assert_eq!(ExportFormat::Html.extension(), "html");
    }
}
