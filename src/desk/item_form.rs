//! A news item as the desk's form holds it, and the form saved back into the item's file: only
//! the fields the editor changed are written again ([`front_matter_edit`]), the file is checked
//! as a build would check it before anything is written, a file that changed on disk since it
//! was opened is never overwritten, and the new text replaces the old in one rename.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::content::NewsItem;
use crate::content::front_matter::split;
use crate::content::front_matter_edit::{FieldValue, edit, field_on_line};
use crate::diagnostic::{Diagnostic, io_persian};
use crate::text_file;

/// The front matter fields and the body of a news item, as text an editor types (an absent
/// field is empty text, or `false`). The news number is not among them: it stays the file's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    pub title: String,
    /// The date as written: Jalali, `1404/09/08 10:30`, in Persian or Latin digits.
    pub date: String,
    pub category: String,
    pub tags: Vec<String>,
    pub source: String,
    pub summary: String,
    pub image: String,
    pub image_alt: String,
    pub author: String,
    pub pinned: bool,
    /// Whether readers may comment; `None` leaves it to the site's setting.
    pub comments: Option<bool>,
    pub draft: bool,
    pub publish_at: String,
    pub expire_at: String,
    /// The Markdown after the front matter, as in the file.
    pub body: String,
}

/// An item's file opened for the desk: its form, and the version of the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    /// The file, from the site's root.
    pub path: PathBuf,
    pub form: ItemForm,
    /// A hash of the file's bytes when it was read: a save names it, and is refused when the
    /// file has another since.
    pub version: String,
    /// What a build would report of the item as its file is, each problem at its field (a
    /// build's problem leads an editor here to mend it).
    pub problems: Vec<FieldProblem>,
}

/// What became of a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// The file was written; its new version.
    Written { version: String },
    /// The form changes nothing in the file, which was left as it was.
    Unchanged,
}

/// Why a save wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The file changed on disk since it was opened (another editor, or a hand): it is as
    /// `now` shows, and the form's changes are to be made to that.
    #[error("{} changed since it was opened; nothing was saved", .now.path.display())]
    Changed { now: Box<Opened> },
    /// The item the form makes has problems a build would report, each at its line, and at
    /// its field where it has one.
    #[error("the item has {} problem(s); nothing was saved", .0.len())]
    Invalid(Vec<FieldProblem>),
    /// The file could not be read or written.
    #[error("{}", .0.message)]
    File(Diagnostic),
}

/// A problem of the item a form makes, with the form's field it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field, by its front matter key; none for a problem of the whole item (a field
    /// missing, the front matter unreadable).
    pub field: Option<&'static str>,
    pub problem: Diagnostic,
}

/// The front matter keys the form has a field for.
const FORM_FIELDS: [&str; 14] = [
    "title",
    "date",
    "category",
    "tags",
    "source",
    "summary",
    "image",
    "image_alt",
    "author",
    "pinned",
    "comments",
    "draft",
    "publish_at",
    "expire_at",
];

impl FieldProblem {
    /// `problem`, of the file whose text is `text`, at the form's field its line is in.
    pub fn of(problem: Diagnostic, text: &str) -> FieldProblem {
        let key = problem.line.and_then(|line| field_on_line(text, line));
        let field = key.and_then(|key| FORM_FIELDS.into_iter().find(|field| *field == key));
        FieldProblem { field, problem }
    }

    fn whole(problem: Diagnostic) -> FieldProblem {
        FieldProblem {
            field: None,
            problem,
        }
    }
}

/// The fields the form reads from the front matter: text as written, whatever YAML made of it.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Fields {
    title: Option<serde_yaml::Value>,
    date: Option<serde_yaml::Value>,
    category: Option<serde_yaml::Value>,
    tags: Vec<serde_yaml::Value>,
    source: Option<serde_yaml::Value>,
    summary: Option<serde_yaml::Value>,
    image: Option<serde_yaml::Value>,
    image_alt: Option<serde_yaml::Value>,
    author: Option<serde_yaml::Value>,
    pinned: bool,
    comments: Option<bool>,
    draft: bool,
    publish_at: Option<serde_yaml::Value>,
    expire_at: Option<serde_yaml::Value>,
}

/// Opens the news item at `path` (from the site's root) for the desk.
pub fn open(config: &Config, path: &Path) -> Result<Opened, SaveError> {
    let full = item_file(config, path)?;
    let text = read(config, &full)?;
    let problems = match checked(config, path, &text) {
        Err(SaveError::Invalid(problems)) => problems,
        _ => Vec::new(),
    };
    form_of(&text, path).map(|form| Opened {
        path: path.to_path_buf(),
        form,
        version: version_of(&text),
        problems,
    })
}

/// Refuses `text`, the item at `path`, with every problem a build would report of it, each
/// placed at its field.
fn checked(config: &Config, path: &Path, text: &str) -> Result<(), SaveError> {
    let whole = |problem| SaveError::Invalid(vec![FieldProblem::whole(problem)]);
    let split = split(text).map_err(|e| whole(e.diagnostic(path)))?;
    NewsItem::from_split(&split, path, config).map_err(|problems| {
        let at_fields = problems.into_iter().map(|p| FieldProblem::of(p, text));
        SaveError::Invalid(at_fields.collect())
    })?;
    Ok(())
}

/// Saves `form` into the news item at `path`, opened at `version`: the fields that differ from
/// the file's are written again, where they are, and the rest of the file is kept byte for
/// byte. Nothing is written when the file changed since, or when the item it would make has a
/// problem a build would report.
pub fn save(
    config: &Config,
    path: &Path,
    version: &str,
    form: &ItemForm,
) -> Result<Saved, SaveError> {
    let full = item_file(config, path)?;
    let text = read(config, &full)?;
    if version_of(&text) != version {
        let now = Opened {
            path: path.to_path_buf(),
            form: form_of(&text, path)?,
            version: version_of(&text),
            problems: Vec::new(),
        };
        return Err(SaveError::Changed { now: Box::new(now) });
    }
    let before = form_of(&text, path)?;
    let edited = edited(&text, &before, form).map_err(|e| SaveError::File(e.diagnostic(path)))?;
    checked(config, path, &edited)?;
    if edited == text {
        return Ok(Saved::Unchanged);
    }
    replace(&full, &edited).map_err(|e| SaveError::File(cannot_write(path, &e)))?;
    Ok(Saved::Written {
        version: version_of(&edited),
    })
}

/// The text the item at `path` would have if `form` were saved into it now, whatever its
/// version: what the desk previews before saving.
pub fn draft_text(config: &Config, path: &Path, form: &ItemForm) -> Result<String, SaveError> {
    let text = read(config, &item_file(config, path)?)?;
    let before = form_of(&text, path)?;
    edited(&text, &before, form).map_err(|e| SaveError::File(e.diagnostic(path)))
}

/// `text` with the fields of `form` that differ from `before` (what `text` holds) written
/// again, and its body replaced when that differs.
fn edited(
    text: &str,
    before: &ItemForm,
    form: &ItemForm,
) -> Result<String, crate::content::front_matter::SplitError> {
    let text_field = |value: &str| (!value.is_empty()).then(|| FieldValue::Text(value.into()));
    let texts = [
        ("title", &before.title, &form.title),
        ("date", &before.date, &form.date),
        ("category", &before.category, &form.category),
        ("source", &before.source, &form.source),
        ("summary", &before.summary, &form.summary),
        ("image", &before.image, &form.image),
        ("image_alt", &before.image_alt, &form.image_alt),
        ("author", &before.author, &form.author),
        ("publish_at", &before.publish_at, &form.publish_at),
        ("expire_at", &before.expire_at, &form.expire_at),
    ];
    let mut changes: Vec<(&str, Option<FieldValue>)> = texts
        .into_iter()
        .filter(|(_, before, now)| before.trim() != now.trim())
        .map(|(key, _, now)| (key, text_field(now.trim())))
        .collect();
    let tags: Vec<String> = (form.tags.iter())
        .map(|tag| tag.trim().to_string())
        .filter(|tag| !tag.is_empty())
        .collect();
    if tags != before.tags {
        changes.push(("tags", (!tags.is_empty()).then_some(FieldValue::List(tags))));
    }
    for (key, before, now) in [
        ("pinned", before.pinned, form.pinned),
        ("draft", before.draft, form.draft),
    ] {
        if before != now {
            changes.push((key, Some(FieldValue::Flag(now))));
        }
    }
    if before.comments != form.comments {
        changes.push(("comments", form.comments.map(FieldValue::Flag)));
    }
    let mut edited = edit(text, &changes)?;
    let body = form.body.replace("\r\n", "\n");
    if body != before.body {
        let kept = edited.len() - split(&edited)?.body.len();
        edited.truncate(kept);
        edited.push_str(&body);
    }
    Ok(edited)
}

/// The form of the item whose file has `text`.
fn form_of(text: &str, path: &Path) -> Result<ItemForm, SaveError> {
    let whole = |problem| SaveError::Invalid(vec![FieldProblem::whole(problem)]);
    let split = split(text).map_err(|e| whole(e.diagnostic(path)))?;
    let yaml = match split.yaml.trim() {
        "" => "{}",
        _ => split.yaml,
    };
    let fields: Fields = serde_yaml::from_str(yaml).map_err(|error| {
        let line = error.location().map(|at| split.yaml_line + at.line() - 1);
        let message = format!("the front matter cannot be read: {error}");
        let problem = Diagnostic::new(path, line, message).with_persian(
            "مشخصات ناخوانا",
            "مشخصات این خبر خوانده نمی‌شود؛ آن را در ویرایشگر متن درست کنید",
        );
        whole(problem)
    })?;
    let shown =
        |value: Option<serde_yaml::Value>| value.map(|value| as_text(&value)).unwrap_or_default();
    Ok(ItemForm {
        title: shown(fields.title),
        date: shown(fields.date),
        category: shown(fields.category),
        tags: fields.tags.iter().map(as_text).collect(),
        source: shown(fields.source),
        summary: shown(fields.summary),
        image: shown(fields.image),
        image_alt: shown(fields.image_alt),
        author: shown(fields.author),
        pinned: fields.pinned,
        comments: fields.comments,
        draft: fields.draft,
        publish_at: shown(fields.publish_at),
        expire_at: shown(fields.expire_at),
        body: split.body.to_string(),
    })
}

/// A YAML value as the text an editor sees: a string as it is, a number or flag as written.
fn as_text(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(text) => text.clone(),
        serde_yaml::Value::Null => String::new(),
        other => serde_yaml::to_string(other)
            .map(|text| text.trim_end().to_string())
            .unwrap_or_default(),
    }
}

impl ItemForm {
    /// The fields in which `other` differs from this form: each field's name in Persian and
    /// its value in `other`, as the form shows it (the body named alone, it is long).
    pub fn differences(&self, other: &ItemForm) -> Vec<(&'static str, String)> {
        let flag = |on: bool| if on { "بله" } else { "نه" }.to_string();
        let comments = |open: Option<bool>| match open {
            None => "به روال سایت",
            Some(true) => "باز",
            Some(false) => "بسته",
        };
        let fields = [
            ("عنوان", &self.title, &other.title),
            ("تاریخ", &self.date, &other.date),
            ("دسته", &self.category, &other.category),
            ("منبع", &self.source, &other.source),
            ("خلاصه", &self.summary, &other.summary),
            ("تصویر", &self.image, &other.image),
            ("توضیح تصویر", &self.image_alt, &other.image_alt),
            ("نویسنده", &self.author, &other.author),
            ("انتشار در", &self.publish_at, &other.publish_at),
            ("انقضا در", &self.expire_at, &other.expire_at),
        ];
        let mut differences: Vec<(&'static str, String)> = (fields.into_iter())
            .filter(|(_, mine, theirs)| mine != theirs)
            .map(|(name, _, theirs)| (name, theirs.clone()))
            .collect();
        if self.tags != other.tags {
            differences.push(("برچسب‌ها", other.tags.join("، ")));
        }
        for (name, mine, theirs) in [
            ("پیش‌نویس", self.draft, other.draft),
            ("سنجاق‌شده", self.pinned, other.pinned),
        ] {
            if mine != theirs {
                differences.push((name, flag(theirs)));
            }
        }
        if self.comments != other.comments {
            differences.push(("دیدگاه‌ها", comments(other.comments).to_string()));
        }
        if self.body.trim_end() != other.body.trim_end() {
            differences.push(("متن", "متن خبر دگرگون شده است".to_string()));
        }
        differences
    }
}

/// The version of a file with `text`: the SHA-256 of its bytes, in hexadecimal.
fn version_of(text: &str) -> String {
    crate::fingerprint::hex(&Sha256::digest(text.as_bytes()))
}

/// The full path of the news item at `path` (from the site's root): a Markdown file under
/// `content/news/`, by the path rule.
pub(super) fn item_file(config: &Config, path: &Path) -> Result<PathBuf, SaveError> {
    let news = Path::new("content/news");
    let is_item = path.starts_with(news)
        && path.extension().is_some_and(|ext| ext == "md")
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !is_item {
        let problem = Diagnostic::new(
            path,
            None,
            "not a news item: the desk edits the Markdown files under content/news/",
        )
        .with_persian(
            "خبر نیست",
            "میز تحریریه فقط فایل‌های مارک‌داون زیر content/news/ را ویرایش می‌کند",
        );
        return Err(SaveError::File(problem));
    }
    let full = config.root.join(path);
    config
        .published_root()
        .resolve(&full)
        .map_err(|error| SaveError::File(error.diagnostic()))?;
    Ok(full)
}

fn read(config: &Config, full: &Path) -> Result<String, SaveError> {
    text_file::read(full)
        .map_err(|error| SaveError::File(error.diagnostic(config.relative(full), "news item")))
}

/// Writes `text` in place of the file at `path` in one rename, with the file's permissions.
fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let folder = path.parent().expect("an item's file is in a folder");
    let mut partial = tempfile::NamedTempFile::new_in(folder)?;
    partial.write_all(text.as_bytes())?;
    partial.as_file().sync_all()?;
    let permissions = std::fs::metadata(path)?.permissions();
    partial.as_file().set_permissions(permissions)?;
    partial.persist(path).map_err(|error| error.error)?;
    Ok(())
}

fn cannot_write(path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::new(path, None, format!("cannot save: {error}"))
        .with_persian("خطای ذخیره", io_persian(error))
}
