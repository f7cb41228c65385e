//! Changes an editor (or a moderator) makes to a generated site, for tests that rebuild it.

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

pub const ITEMS: u32 = 30;

/// One change an editor (or a moderator) makes to the site.
#[derive(Debug, Clone)]
pub enum Edit {
    Body(usize),
    Title(usize),
    Date(usize, u32),
    Tag(usize),
    Draft(usize),
    Delete(usize),
    Copy(usize),
    Template,
    Page,
    Comment(usize),
}

pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..ITEMS as usize).prop_map(Edit::Body),
        (0..ITEMS as usize).prop_map(Edit::Title),
        (0..ITEMS as usize, 1..12u32).prop_map(|(i, m)| Edit::Date(i, m)),
        (0..ITEMS as usize).prop_map(Edit::Tag),
        (0..ITEMS as usize).prop_map(Edit::Draft),
        (0..ITEMS as usize).prop_map(Edit::Delete),
        (0..ITEMS as usize).prop_map(Edit::Copy),
        Just(Edit::Template),
        Just(Edit::Page),
        (0..ITEMS as usize).prop_map(Edit::Comment),
    ]
}

/// Makes `edit`; gives the paths it wrote or removed, as a watcher would tell them.
pub fn apply(root: &Path, edit: &Edit, step: usize) -> Vec<PathBuf> {
    let files = crate::gen_corpus::news_files(root);
    let pick = |i: usize| files[i % files.len()].clone();
    let change = |i: usize, f: &dyn Fn(&str) -> String| {
        let path = pick(i);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, f(&text)).unwrap();
        vec![path]
    };
    match edit {
        Edit::Body(i) => change(*i, &|t| format!("{t}\nبند افزوده {step}.\n")),
        Edit::Title(i) => change(*i, &|t| {
            t.replacen("title: \"", &format!("title: \"ویرایش {step} "), 1)
        }),
        Edit::Date(i, month) => change(*i, &|t| {
            let line = t.lines().find(|l| l.starts_with("date: ")).unwrap();
            t.replacen(line, &format!("date: 1400/{month:02}/10 10:00"), 1)
        }),
        Edit::Tag(i) => change(*i, &|t| {
            t.replacen("tags: [", &format!("tags: [برچسب {step}, "), 1)
        }),
        Edit::Draft(i) => change(*i, &|t| t.replacen("---\n", "---\ndraft: true\n", 1)),
        Edit::Delete(i) if files.len() > 2 => {
            fs::remove_file(pick(*i)).unwrap();
            vec![pick(*i)]
        }
        Edit::Delete(_) => vec![],
        Edit::Copy(i) => {
            let text = fs::read_to_string(pick(*i)).unwrap();
            let id = 900_000 + step;
            let line = text
                .lines()
                .find(|l| l.starts_with("id: "))
                .unwrap()
                .to_string();
            let copy = text.replacen(&line, &format!("id: {id}"), 1);
            let path = root.join(format!("content/news/{id}.md"));
            fs::write(&path, copy).unwrap();
            vec![path]
        }
        Edit::Template => {
            let base = root.join("themes/sabt/templates/base.html");
            let text = fs::read_to_string(&base).unwrap();
            fs::write(
                &base,
                text.replacen("</body>", &format!("<!-- {step} --></body>"), 1),
            )
            .unwrap();
            vec![base]
        }
        Edit::Page => {
            let about = root.join("content/pages/about.md");
            let text = fs::read_to_string(&about).unwrap();
            fs::write(&about, format!("{text}\nبند {step}\n")).unwrap();
            vec![about]
        }
        Edit::Comment(i) => {
            let text = fs::read_to_string(pick(*i)).unwrap();
            let id: u64 = text
                .lines()
                .find_map(|l| l.strip_prefix("id: "))
                .unwrap()
                .trim()
                .parse()
                .unwrap();
            let folder = root.join(format!("content/comments/{id}"));
            fs::create_dir_all(&folder).unwrap();
            let comment = format!(
                "id: c{step}\nnews_id: {id}\nname: خواننده\nemail: r@example.org\nbody: دیدگاه {step}\nreceived_at: 2025-01-01T10:00:00Z\nstatus: approved\n"
            );
            let path = folder.join(format!("c{step}.yaml"));
            fs::write(&path, comment).unwrap();
            vec![folder, path]
        }
    }
}
