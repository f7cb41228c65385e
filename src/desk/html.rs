//! The desk's pages, right to left and in Persian: the list of items and an item's form. Every
//! value from a file is escaped; every form carries the desk's token against requests forged
//! by other sites.

use std::fmt::Write;

use pulldown_cmark_escape::escape_html;

use super::item_form::{FieldProblem, ItemForm};
use super::publish::Published;
use crate::diagnostic::{Diagnostics, Lang, persian_number};

/// The desk's style sheet, served at [`super::STYLE`].
pub const STYLE_SHEET: &str = include_str!("desk.css");

/// `text` escaped for HTML text and attribute values.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_html(&mut out, text).expect("writing to a String");
    out
}

/// The desk's script, served at [`super::SCRIPT`].
pub const SCRIPT: &str = include_str!("desk.js");

/// A whole page titled `title` around `main`.
pub(super) fn page(title: &str, main: &str) -> String {
    page_with_head(title, "", main)
}

/// A whole page titled `title` around `main`, with `head` (trusted markup) in its head.
pub(super) fn page_with_head(title: &str, head: &str, main: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\">{head}\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{} — میز تحریریه</title><link rel=\"stylesheet\" href=\"{}\"><script src=\"{}\" defer></script></head>\
<body><header class=\"desk-bar\"><a href=\"{}\">خبرها</a> <a href=\"{}\">دیدگاه‌ها</a> \
<a href=\"/\" target=\"_blank\">پیش‌نمایش سایت</a> <a href=\"{}\">خروج</a></header>\
<main>{main}</main></body></html>\n",
        escaped(title),
        super::STYLE,
        super::SCRIPT,
        super::HOME,
        super::COMMENTS,
        super::LOGOUT
    )
}

/// A page listing `problems`, in Persian.
pub(super) fn problems_page(problems: &Diagnostics) -> String {
    let mut main = String::from("<h1>پیش‌نمایش ساخته نشد</h1><ul>");
    for problem in &problems.0 {
        let _ = write!(main, "<li>{}</li>", escaped(&problem.message_in(Lang::Fa)));
    }
    main.push_str("</ul>");
    page("پیش‌نمایش", &main)
}

/// The id of the element of a previewed page that holds the item's warnings, as JSON: a list
/// of `{"field": KEY or null, "message": TEXT in Persian}`, read by the desk's script.
pub const WARNINGS_ID: &str = "akhbar-desk-warnings";

/// A previewed `page` with `warnings` put before its `</body>` as JSON in a
/// `<script type="application/json">` (its `<` written `\u003c`, so no text can end it).
pub(super) fn with_warnings(mut page: String, warnings: &[FieldProblem]) -> String {
    let listed: Vec<_> = (warnings.iter())
        .map(|w| serde_json::json!({ "field": w.field, "message": w.problem.message_in(Lang::Fa) }))
        .collect();
    let json = serde_json::to_string(&listed)
        .expect("strings serialize")
        .replace('<', "\\u003c");
    let block = format!("<script type=\"application/json\" id=\"{WARNINGS_ID}\">{json}</script>");
    match page.rfind("</body>") {
        Some(at) => page.insert_str(at, &block),
        None => page.push_str(&block),
    }
    page
}

/// A page titled `title` saying `text` alone.
pub(super) fn message_page(title: &str, text: &str) -> String {
    let main = format!("<h1>{}</h1><p>{}</p>", escaped(title), escaped(text));
    page(title, &main)
}

/// What the publish button did: the build's counts and the deploy, or every problem that
/// kept the site from being built, each with a link to its item's form.
pub fn published(result: &Result<Published, Diagnostics>) -> String {
    let mut main = String::from("<h1>انتشار سایت</h1>");
    match result {
        Ok(published) => {
            let [added, changed, removed] = published.counts().map(persian_number);
            let summary = &published.summary;
            let _ = write!(
                main,
                "<p class=\"notice is-saved\" role=\"status\">سایت ساخته شد: {} صفحه، {} خبر منتشرشده؛ \
فایل‌ها: {added} تازه، {changed} دگرگون، {removed} برداشته.</p>",
                persian_number(summary.pages),
                persian_number(summary.news.published)
            );
            let deployed = match &published.deployed {
                None => "مقصدی برای فرستادن در site.toml نیست (بخش [deploy])؛ سایت فقط در پوشهٔ خروجی ساخته شد.".to_string(),
                Some(Ok(_)) => "سایت به میزبان فرستاده شد.".to_string(),
                Some(Err(problem)) => format!("فرستادن به میزبان انجام نشد: {}", problem.message_in(Lang::Fa)),
            };
            let _ = write!(main, "<p>{}</p>", escaped(&deployed));
        }
        Err(problems) => {
            main.push_str("<div class=\"notice is-problem\" role=\"alert\"><p>سایت ساخته نشد و سایت منتشرشده دست‌نخورده ماند:</p><ul>");
            for problem in &problems.0 {
                let text = escaped(&problem.message_in(Lang::Fa));
                let path = problem.path.to_string_lossy();
                match path.starts_with("content/news/") && path.ends_with(".md") {
                    true => {
                        let address = format!("{}?path={}", super::ITEM, query_value(&path));
                        let _ = write!(
                            main,
                            "<li><a href=\"{}\">{text}</a></li>",
                            escaped(&address)
                        );
                    }
                    false => {
                        let _ = write!(main, "<li>{text}</li>");
                    }
                }
            }
            main.push_str("</ul></div>");
        }
    }
    let _ = write!(
        main,
        "<p><a href=\"{}\">بازگشت به خبرها</a></p>",
        super::HOME
    );
    page("انتشار سایت", &main)
}

/// What the form says above its fields.
pub enum Notice<'a> {
    None,
    Saved,
    /// The file changed since the editor opened it: the form keeps the editor's values, and
    /// the fields the file now has otherwise are listed, each with its value in the file.
    Changed(&'a [(&'static str, String)]),
    /// Problems that kept the form from being saved: all listed above the form, and each
    /// beside its field too.
    Problems(&'a [FieldProblem]),
    /// Problems a build finds in the item as its file is, to be mended: shown as
    /// [`Notice::Problems`] are.
    Mend(&'a [FieldProblem]),
}

/// What helps fill in an item's form: the site's terms to suggest, and the address of the
/// item's page in the preview.
pub struct FormAids {
    /// Categories, tags and sources, the most used first ([`super::list::terms`]).
    pub terms: [Vec<String>; 3],
    /// The item's page in the preview beside the desk (`/news/<id>/`), once it has a number.
    pub preview: Option<String>,
}

/// The form of the item at `path`, opened at `version`.
pub fn item(
    (path, version): (&str, &str),
    form: &ItemForm,
    notice: Notice,
    aids: &FormAids,
    token: &str,
) -> String {
    let mut main = format!(
        "<h1>{}</h1>",
        escaped(if form.title.is_empty() {
            "خبر"
        } else {
            &form.title
        })
    );
    let problems = match notice {
        Notice::Problems(problems) | Notice::Mend(problems) => problems,
        _ => &[],
    };
    match notice {
        Notice::None => {}
        Notice::Saved => {
            main.push_str("<p class=\"notice is-saved\" role=\"status\">ذخیره شد.</p>")
        }
        Notice::Changed(differences) => {
            main.push_str(
                "<div class=\"notice is-problem\" role=\"alert\"><p>این خبر پس از باز شدن در میز، جای دیگری \
(شاید به دست همکاری) تغییر کرده است و چیزی ذخیره نشد. نوشته‌های شما در فرم مانده است. \
اکنون در فایل:</p><ul>",
            );
            for (field, now) in differences {
                let _ = write!(main, "<li>{field}: «{}»</li>", escaped(now));
            }
            main.push_str(
                "</ul><p>اگر فرم را همین‌گونه ذخیره کنید، جای خبرِ اکنون را می‌گیرد؛ \
پیش از آن، تغییرهای همکار را که می‌خواهید بمانند در فرم بیاورید.</p></div>",
            );
        }
        Notice::Problems(problems) | Notice::Mend(problems) => {
            main.push_str(match notice {
                Notice::Mend(_) => {
                    "<div class=\"notice is-problem\" role=\"alert\"><p>سایت با این خبر ساخته نمی‌شود؛ آن را درست کنید:</p><ul>"
                }
                _ => "<div class=\"notice is-problem\" role=\"alert\"><p>چیزی ذخیره نشد:</p><ul>",
            });
            for FieldProblem { problem, .. } in problems {
                let _ = write!(main, "<li>{}</li>", escaped(&problem.message_in(Lang::Fa)));
            }
            main.push_str("</ul></div>");
        }
    }
    let _ = write!(
        main,
        "<div class=\"editor\"><div><form class=\"item\" method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"token\" value=\"{}\">\
<input type=\"hidden\" name=\"path\" value=\"{}\"><input type=\"hidden\" name=\"version\" value=\"{}\">",
        super::ITEM,
        escaped(token),
        escaped(path),
        escaped(version)
    );
    let text = |main: &mut String, name: &str, label: &str, value: &str, hint: &str| {
        let (invalid, note) = field_problems(problems, name);
        let _ = write!(
            main,
            "<label>{label} <input name=\"{name}\" value=\"{}\"{hint}{invalid}>{note}</label>",
            escaped(value)
        );
    };
    text(&mut main, "title", "عنوان", &form.title, " required");
    text(
        &mut main,
        "date",
        "تاریخ (سال/ماه/روز ساعت:دقیقه)",
        &form.date,
        " required dir=\"ltr\" placeholder=\"۱۴۰۴/۰۹/۰۸ ۱۰:۳۰\" data-picker",
    );
    text(
        &mut main,
        "category",
        "دسته",
        &form.category,
        " list=\"categories\"",
    );
    text(
        &mut main,
        "tags",
        "برچسب‌ها (با «،» جدا کنید)",
        &form.tags.join("، "),
        " list=\"tags\" data-terms autocomplete=\"off\"",
    );
    text(
        &mut main,
        "source",
        "منبع",
        &form.source,
        " list=\"sources\"",
    );
    text(&mut main, "image", "تصویر", &form.image, " dir=\"ltr\"");
    text(&mut main, "image_alt", "توضیح تصویر", &form.image_alt, "");
    text(&mut main, "author", "نویسنده", &form.author, "");
    text(
        &mut main,
        "publish_at",
        "انتشار در",
        &form.publish_at,
        " dir=\"ltr\" data-picker",
    );
    text(
        &mut main,
        "expire_at",
        "انقضا در",
        &form.expire_at,
        " dir=\"ltr\" data-picker",
    );
    let (invalid, note) = field_problems(problems, "summary");
    let _ = write!(
        main,
        "<label>خلاصه <textarea name=\"summary\" rows=\"3\"{invalid}>\n{}</textarea>{note}</label>",
        escaped(&form.summary)
    );
    for (name, label, on) in [
        ("draft", "پیش‌نویس", form.draft),
        ("pinned", "سنجاق‌شده", form.pinned),
    ] {
        let checked = if on { " checked" } else { "" };
        let (invalid, note) = field_problems(problems, name);
        let _ = write!(
            main,
            "<label class=\"flag\"><input type=\"checkbox\" name=\"{name}\"{checked}{invalid}> {label}{note}</label>"
        );
    }
    main.push_str("<label>دیدگاه‌ها <select name=\"comments\">");
    for (value, label, on) in [
        ("", "به روال سایت", form.comments.is_none()),
        ("open", "باز", form.comments == Some(true)),
        ("closed", "بسته", form.comments == Some(false)),
    ] {
        let selected = if on { " selected" } else { "" };
        let _ = write!(main, "<option value=\"{value}\"{selected}>{label}</option>");
    }
    main.push_str("</select></label>");
    let _ = write!(
        main,
        "<label>متن (مارک‌داون) <textarea name=\"body\" rows=\"18\" dir=\"auto\" data-markdown>\n{}</textarea></label>\
<button>ذخیره</button> <button class=\"quiet\" formaction=\"{}\" formtarget=\"preview\" formnovalidate data-preview>پیش‌نمایش بی‌ذخیره</button></form>",
        escaped(&form.body),
        super::PREVIEW
    );
    push_picture_form(&mut main, path, token);
    main.push_str("</div>");
    push_aids(&mut main, aids);
    page(
        if form.title.is_empty() {
            "خبر"
        } else {
            &form.title
        },
        &main,
    )
}

/// The form that uploads a picture beside the item at `path`: with the desk's script it is put
/// in the item's form (as its image, or in the text where the cursor is), to be saved with it.
fn push_picture_form(main: &mut String, path: &str, token: &str) {
    let _ = write!(
        main,
        "<form class=\"picture\" method=\"post\" action=\"{}\" enctype=\"multipart/form-data\" data-upload>\
<h2>بارگذاری تصویر</h2><input type=\"hidden\" name=\"token\" value=\"{}\"><input type=\"hidden\" name=\"path\" value=\"{}\">\
<label>فایل (JPEG، PNG یا WebP، تا ۲۰ مگابایت) <input type=\"file\" name=\"file\" accept=\"image/jpeg,image/png,image/webp\" required></label>\
<label>توضیح تصویر (برای خوانندگانی که آن را نمی‌بینند) <input name=\"alt\" required></label>\
<fieldset><legend>جای تصویر</legend><label class=\"flag\"><input type=\"radio\" name=\"place\" value=\"cover\" checked> تصویر اصلی خبر</label>\
<label class=\"flag\"><input type=\"radio\" name=\"place\" value=\"body\"> درون متن</label></fieldset>\
<button>بارگذاری</button> <span class=\"upload-status\" role=\"status\"></span>\
<p class=\"hint\">جای مکان عکاسی (GPS) و نام دستگاه از تصویر برداشته می‌شود.</p></form>",
        super::PICTURE,
        escaped(token),
        escaped(path)
    );
}

/// The suggestions for the term fields, and the preview of the item's page beside the form.
fn push_aids(main: &mut String, aids: &FormAids) {
    for (id, terms) in ["categories", "tags", "sources"].iter().zip(&aids.terms) {
        let _ = write!(main, "<datalist id=\"{id}\">");
        for term in terms {
            let _ = write!(main, "<option value=\"{}\">", escaped(term));
        }
        main.push_str("</datalist>");
    }
    match &aids.preview {
        Some(address) => {
            let _ = write!(
                main,
                "<aside class=\"preview\" aria-label=\"پیش‌نمایش\"><p>صفحهٔ خبر با قالب سایت: چنان که ذخیره شده است، \
و با «پیش‌نمایش بی‌ذخیره» (و هنگام نوشتن) چنان که فرم می‌گوید. <a href=\"{0}\" target=\"_blank\">در زبانهٔ تازه</a></p>\
<iframe name=\"preview\" src=\"{0}\" title=\"پیش‌نمایش صفحهٔ خبر\" loading=\"lazy\"></iframe></aside></div>",
                escaped(address)
            );
        }
        None => main.push_str("</div>"),
    }
}

/// For the field `name`, given `problems`: the attributes that mark its input invalid and
/// tie it to its problems, and the problems' text to put after it; both empty without one.
fn field_problems(problems: &[FieldProblem], name: &str) -> (String, String) {
    let own: Vec<String> = (problems.iter())
        .filter(|problem| problem.field == Some(name))
        .map(|problem| escaped(&problem.problem.message_in(Lang::Fa)))
        .collect();
    if own.is_empty() {
        return (String::new(), String::new());
    }
    let id = format!("problem-{name}");
    let invalid = format!(" aria-invalid=\"true\" aria-describedby=\"{id}\"");
    let note = format!(
        "<span class=\"field-problem\" id=\"{id}\">{}</span>",
        own.join(" ")
    );
    (invalid, note)
}

/// `text` percent-encoded for a query's value.
pub(super) fn query_value(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}
