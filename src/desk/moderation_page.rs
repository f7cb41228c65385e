//! The moderation queue's page: the pending comments newest first, each with its news item,
//! Jalali time, sender (email included: the desk is the moderators' own), text and spam
//! signals, and buttons to approve, reject or mark as spam one comment or a selection, with a
//! reply; the last decision with its undo. Keyboard shortcuts come from the desk's script
//! ([`super::SCRIPT`]); without it every button still works.

use std::fmt::Write;

use super::html::{escaped, page};
use super::moderation::{Done, NotDecided, version};
use crate::comments::model::Status;
use crate::comments::model::markup::plain_text_html;
use crate::comments::moderation::queue::Entry;
use crate::diagnostic::{Lang, persian_number};

/// How many comments the page shows at once: the oldest wait for the newest to be decided.
pub const SHOWN: usize = 50;

/// What the page says above the queue.
pub enum QueueNotice<'a> {
    None,
    /// The last decision, which can be undone.
    Done(&'a Done),
    /// How many comments an undo put back.
    Undone(usize),
    NotDecided(&'a NotDecided),
}

/// The queue of `entries` (every pending comment, newest first), of which the first
/// [`SHOWN`] are listed.
pub fn queue(entries: &[Entry], notice: QueueNotice, token: &str) -> String {
    let mut main = String::from("<h1>دیدگاه‌های در انتظار بررسی</h1>");
    push_notice(&mut main, notice, token);
    if entries.is_empty() {
        main.push_str("<p class=\"empty\">دیدگاهی در انتظار بررسی نیست.</p>");
        return page("دیدگاه‌ها", &main);
    }
    let _ = write!(
        main,
        "<p>{} دیدگاه در انتظار؛ تازه‌ترین‌ها نخست.</p>\
<p class=\"keys\" id=\"keys\">میان‌برها: <kbd>J</kbd> بعدی، <kbd>K</kbd> قبلی، <kbd>A</kbd> تأیید، \
<kbd>R</kbd> رد، <kbd>S</kbd> هرزنامه، <kbd>X</kbd> برگزیدن، <kbd>Z</kbd> واگرد (در هر چیدمان صفحه‌کلید)</p>\
<form id=\"decide\" method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"token\" value=\"{}\">\
<div class=\"selection\" role=\"group\" aria-label=\"برگزیده‌ها\"><span>برگزیده‌ها:</span> \
<button name=\"many\" value=\"approve\">تأیید</button> <button name=\"many\" value=\"reject\" class=\"quiet\">رد</button> \
<button name=\"many\" value=\"spam\" class=\"quiet\">هرزنامه</button></div>",
        persian_number(entries.len()),
        super::COMMENTS,
        escaped(token)
    );
    for entry in entries.iter().take(SHOWN) {
        push_entry(&mut main, entry);
    }
    main.push_str("</form>");
    if entries.len() > SHOWN {
        let _ = write!(
            main,
            "<p>{} دیدگاهِ کهنه‌تر پس از بررسی این‌ها دیده می‌شوند.</p>",
            persian_number(entries.len() - SHOWN)
        );
    }
    page("دیدگاه‌ها", &main)
}

fn push_entry(main: &mut String, entry: &Entry) {
    let comment = entry.comment;
    let id = escaped(&comment.id);
    let news = match entry.news {
        Some(news) => format!(
            "<a href=\"{}\" target=\"_blank\">{}</a>",
            escaped(&news.url),
            escaped(&news.title)
        ),
        None => format!("خبر {}", persian_number(comment.news_id)),
    };
    let _ = write!(
        main,
        "<article class=\"comment\" id=\"c-{id}\" tabindex=\"-1\" aria-labelledby=\"n-{id}\">\
<header><label class=\"flag\"><input type=\"checkbox\" name=\"id\" value=\"{id}\"> \
<span id=\"n-{id}\">{}</span></label> <bdi class=\"email\" dir=\"ltr\">{}</bdi> \
<span>{}</span> <span>در {news}</span></header>",
        escaped(&comment.name),
        escaped(&comment.email),
        escaped(&entry.received)
    );
    if !entry.signals.is_empty() {
        let signals: Vec<String> = entry
            .signals
            .iter()
            .map(|s| escaped(&s.persian()))
            .collect();
        let _ = write!(
            main,
            "<p class=\"signals\">نشانه‌های هرزنامه: {}</p>",
            signals.join("، ")
        );
    }
    let _ = write!(
        main,
        "<div class=\"text\" dir=\"auto\">{}</div>\
<label>پاسخ تحریریه (با تأیید) <textarea name=\"reply-{id}\" rows=\"2\">{}</textarea></label>\
<input type=\"hidden\" name=\"version-{id}\" value=\"{}\">\
<div class=\"actions\"><button name=\"one\" value=\"approve {id}\" data-key=\"KeyA\">تأیید</button> \
<button name=\"one\" value=\"reject {id}\" data-key=\"KeyR\" class=\"quiet\">رد</button> \
<button name=\"one\" value=\"spam {id}\" data-key=\"KeyS\" class=\"quiet\">هرزنامه</button></div></article>",
        plain_text_html(&comment.body),
        escaped(comment.reply.as_deref().unwrap_or("")),
        version(comment)
    );
}

fn push_notice(main: &mut String, notice: QueueNotice, token: &str) {
    match notice {
        QueueNotice::None => {}
        QueueNotice::Done(done) => {
            let Some((count, status)) = done.summary() else {
                return;
            };
            let _ = write!(
                main,
                "<form class=\"notice is-saved\" role=\"status\" method=\"post\" action=\"{}\">\
<input type=\"hidden\" name=\"token\" value=\"{}\">{} دیدگاه «{}» شد. <button id=\"undo\" class=\"quiet\">واگرد</button></form>",
                super::UNDO,
                escaped(token),
                persian_number(count),
                status_word(status)
            );
        }
        QueueNotice::Undone(count) => {
            let _ = write!(
                main,
                "<p class=\"notice is-saved\" role=\"status\">{} دیدگاه به حال پیشین خود برگشت.</p>",
                persian_number(count)
            );
        }
        QueueNotice::NotDecided(NotDecided::Changed(ids)) => {
            let _ = write!(
                main,
                "<p class=\"notice is-problem\" role=\"alert\">{} دیدگاه پس از باز شدن این صفحه جای دیگری بررسی یا دگرگون شده است \
(شاید به دست همکاری)؛ چیزی نوشته نشد. صف اکنون چنان که هست نمایش داده می‌شود: دوباره بنگرید و تصمیم بگیرید.</p>",
                persian_number(ids.len())
            );
        }
        QueueNotice::NotDecided(NotDecided::Refused(problems)) => {
            main.push_str(
                "<div class=\"notice is-problem\" role=\"alert\"><p>چیزی نوشته نشد:</p><ul>",
            );
            for problem in &problems.0 {
                let _ = write!(main, "<li>{}</li>", escaped(&problem.message_in(Lang::Fa)));
            }
            main.push_str("</ul></div>");
        }
        QueueNotice::NotDecided(NotDecided::Write(error)) => {
            let _ = write!(
                main,
                "<p class=\"notice is-problem\" role=\"alert\">تصمیم‌ها نوشته نشد ({}); آنچه آماده شده بود با باز کردن دوبارهٔ صف کامل می‌شود.</p>",
                escaped(&error.to_string())
            );
        }
    }
}

/// The state's name as the notice says a comment became it.
fn status_word(status: Status) -> &'static str {
    match status {
        Status::Approved => "تأیید",
        Status::Rejected => "رد",
        Status::Spam => "هرزنامه",
        Status::Pending => "در انتظار",
    }
}
