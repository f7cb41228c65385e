//! The export as a spreadsheet saves it back: any text [`crate::text_file`] accepts (UTF-8 with
//! or without a BOM, UTF-16 as Excel's "Unicode text", CRLF or LF), with comma, semicolon or tab
//! between cells.

use std::path::Path;

use super::cell::{read_text_cell, text_cell};
use crate::comments::model::Decision;
use crate::diagnostic::{Diagnostic, quoted};
use crate::persian::bidi::isolate;
use crate::text_file;

/// One row that names a comment, with what the moderator wrote in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRow {
    /// The row's line in the file (1 is the header).
    pub line: usize,
    pub id: String,
    pub decision: Option<Decision>,
    pub reply: Option<String>,
}

/// The rows of the file, or every problem in it.
pub fn read_rows(bytes: &[u8], path: &Path) -> Result<Vec<DecisionRow>, Vec<Diagnostic>> {
    let problem = |line, message: String, what: &str, detail: String| {
        vec![Diagnostic::new(path, line, message).with_persian(what, detail)]
    };
    let text = text_file::decode(bytes).map_err(|not_text| {
        problem(
            Some(not_text.line),
            format!("{not_text}; from a spreadsheet, save it as «CSV UTF-8»"),
            "فایل UTF-8 نیست",
            format!(
                "{}؛ در صفحه‌گسترده آن را با قالب «CSV UTF-8» ذخیره کنید",
                not_text.persian()
            ),
        )
    })?;
    let delimiter = sniff_delimiter(text.lines().next().unwrap_or(""));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|error| {
            let detail = format!(
                "سطر نخست باید نام ستون‌ها باشد: {}",
                isolate(&error.to_string())
            );
            problem(
                Some(1),
                format!("has no header row: {error}"),
                "سطر عنوان ستون‌ها نیست",
                detail,
            )
        })?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|header| header.trim().eq_ignore_ascii_case(name))
    };
    let (Some(id), Some(decision)) = (column("id"), column("decision")) else {
        return Err(problem(
            Some(1),
            "needs the columns `id` and `decision`, as `akhbar comments export` writes them".into(),
            "ستون جاافتاده",
            "فایل باید ستون‌های `id` و `decision` را داشته باشد، همان‌گونه که `akhbar comments export` می‌نویسد".into(),
        ));
    };
    let reply = column("reply");
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map(|p| p.line() as usize);
                let detail = isolate(&error.to_string()).into_owned();
                problems.push(
                    Diagnostic::new(path, line, format!("cannot be read: {error}"))
                        .with_persian("خطای خواندن سطر", detail),
                );
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cell = |index: usize| record.get(index).unwrap_or("").trim();
        if cell(id).is_empty() {
            continue;
        }
        match Decision::parse(cell(decision)) {
            Ok(decided) => rows.push(DecisionRow {
                line,
                id: cell(id).to_string(),
                decision: decided,
                reply: reply.and_then(|index| reply_of(record.get(index).unwrap_or(""))),
            }),
            Err(message) => {
                let detail = format!(
                    "{} تصمیم نیست: بنویسید تایید/approve، رد/reject یا هرزنامه/spam، یا خالی بگذارید",
                    quoted(cell(decision))
                );
                problems.push(
                    Diagnostic::new(path, Some(line), message)
                        .with_persian("تصمیم نامعتبر", detail),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// The reply a `reply` cell holds: what the moderator wrote, without the formula guard and
/// direction marks the export put in ([`read_text_cell`]) or spaces around it; `None` if empty.
fn reply_of(cell: &str) -> Option<String> {
    Some(read_text_cell(cell).trim().to_string()).filter(|reply| !reply.is_empty())
}

/// Whether the reply `read` from a decisions file is the `stored` one as the export wrote it
/// and this file reads it back: true for a reply the moderator left alone, whatever marks,
/// guard or spaces the round trip took off it.
pub fn is_unedited_reply(read: &str, stored: &str) -> bool {
    reply_of(&text_cell(stored)).as_deref() == Some(read)
}

/// The separator the header row uses most: comma, semicolon (spreadsheets in locales with a
/// decimal comma) or tab.
fn sniff_delimiter(header: &str) -> u8 {
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| header.bytes().filter(|b| b == d).count())
        .filter(|d| header.as_bytes().contains(d))
        .unwrap_or(b',')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(bytes: &[u8]) -> Vec<(String, Option<Decision>, Option<String>, usize)> {
        read_rows(bytes, Path::new("q.csv"))
            .unwrap()
            .into_iter()
            .map(|row| (row.id, row.decision, row.reply, row.line))
            .collect()
    }

    #[test]
    fn excel_utf8_with_bom_and_crlf() {
        let file =
            "\u{feff}id,body,decision,reply\r\na,\"سلام،\r\nخط دوم\",تایید,\"'=پاسخ\"\r\nb,x,,\r\n";
        assert_eq!(
            rows(file.as_bytes()),
            [("a".into(), Some(Decision::Approve), Some("=پاسخ".into()), 2)]
                .into_iter()
                .chain([("b".into(), None, None, 4)])
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn semicolons_tabs_and_utf16() {
        let semicolon = "id;decision;reply\nا;رد;\n";
        assert_eq!(rows(semicolon.as_bytes())[0].1, Some(Decision::Reject));
        let tabbed = "id\tdecision\nx\tspam\n";
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(tabbed.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(rows(&utf16)[0].1, Some(Decision::Spam));
    }

    #[test]
    fn bad_files_are_named() {
        let latin1 = b"id,decision\n\xe9,approve\n";
        let error = read_rows(latin1, Path::new("q.csv")).unwrap_err();
        assert!(error[0].message.contains("CSV UTF-8"));
        assert_eq!(
            error[0].line,
            Some(2),
            "the line of the first byte that is not UTF-8"
        );
        let no_columns = read_rows(b"a,b\n1,2\n", Path::new("q.csv")).unwrap_err();
        assert!(no_columns[0].message.contains("`id` and `decision`"));
        let bad_word =
            read_rows("id,decision\na,شاید\n".as_bytes(), Path::new("q.csv")).unwrap_err();
        assert_eq!(bad_word[0].line, Some(2));
    }

    #[test]
    fn only_the_added_apostrophe_goes() {
        let reply = |cell: &str| {
            rows(format!("id,decision,reply\na,approve,{cell}\n").as_bytes())[0]
                .2
                .clone()
        };
        assert_eq!(reply("'+98 912").as_deref(), Some("+98 912"));
        assert_eq!(reply("'quoted'").as_deref(), Some("'quoted'"));
    }

    /// The export as a spreadsheet would save it after the moderator wrote `decision`: cells
    /// between `delimiter`s, CRLF and a BOM.
    fn decided_in_a_spreadsheet(exported: &[u8], decision: &str, delimiter: u8) -> Vec<u8> {
        let mut reader = csv::Reader::from_reader(&exported[3..]);
        let headers = reader.headers().unwrap().clone();
        let column = headers.iter().position(|h| h == "decision").unwrap();
        let mut writer = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(csv::Terminator::CRLF)
            .from_writer(b"\xEF\xBB\xBF".to_vec());
        writer.write_record(&headers).unwrap();
        for record in reader.records() {
            let mut cells: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
            cells[column] = decision.to_string();
            writer.write_record(&cells).unwrap();
        }
        writer.into_inner().unwrap()
    }

    proptest::proptest! {
        #[test]
        fn a_reply_survives_the_round_trip_through_a_spreadsheet(
            body in "(?s).{0,120}",
            // Bidi controls and marks do not survive a cell (a reader's could spoof the
            // moderator's view); replies that hold them are left alone by `apply` through
            // `is_unedited_reply`. A lone CR is read as a line break, as in every text file.
            reply in proptest::prop_oneof![
                "[^\r\u{200E}\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}]{0,80}",
                "[a-zسلام۲ ;,\t\n'\"=+@-]{0,40}",
            ],
            delimiter in proptest::sample::select(vec![b',', b';', b'\t']),
        ) {
            let comment = crate::comments::Comment {
                id: "20261125T060000000Z-a1b2c3d4e5f6".into(),
                news_id: 242513,
                name: "=cmd|' /C calc'!A0".into(),
                email: "a@example.org".into(),
                body,
                received_at: "2026-11-25T06:00:00Z".parse().unwrap(),
                status: crate::comments::Status::Pending,
                moderated_at: None,
                moderated_by: None,
                reply: Some(reply.clone()),
                ip_hash: String::new(),
            };
            let news = std::collections::HashMap::new();
            let input = super::super::export::ExportInput {
                comments: &[&comment],
                all: std::slice::from_ref(&comment),
                news: &news,
                blocked_words: &[],
                zone: &jiff::tz::TimeZone::UTC,
                generated_at: comment.received_at,
            };
            let exported = super::super::export::export(&input, super::super::export::ExportFormat::Csv);
            let saved = decided_in_a_spreadsheet(&exported, "تایید", delimiter);
            let rows = read_rows(&saved, Path::new("q.csv")).unwrap();
            proptest::prop_assert_eq!(rows.len(), 1);
            proptest::prop_assert_eq!(&rows[0].id, &comment.id);
            proptest::prop_assert_eq!(rows[0].decision, Some(Decision::Approve));
            let expected = Some(reply.trim().to_string()).filter(|r| !r.is_empty());
            proptest::prop_assert_eq!(&rows[0].reply, &expected);
        }
    }
}
