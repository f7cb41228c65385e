//! `akhbar comments apply`: the moderators' decisions from the edited export, checked whole
//! before anything is written, then applied all together, all or none across a crash too.

use std::collections::HashMap;
use std::path::Path;

use jiff::Timestamp;
use rayon::prelude::*;

use super::decisions_file::{DecisionRow, is_unedited_reply, read_rows};
use crate::comments::model::journal::{self, Step};
use crate::comments::model::{Comment, CommentStore, Decision, Status};
use crate::diagnostic::{Diagnostic, Diagnostics, persian_number, quoted};
use crate::persian::bidi::isolate;

/// One comment's change, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: String,
    pub news_id: u64,
    pub name: String,
    pub from: Status,
    pub to: Status,
    pub reply_changed: bool,
}

/// Reads the decisions in `bytes` (the file at `path`) and works out every change to
/// `comments`; every problem of the file is reported, and then nothing is to be changed.
pub fn plan(
    bytes: &[u8],
    path: &Path,
    comments: &[Comment],
    by: &str,
    now: Timestamp,
) -> Result<Vec<(Comment, Change)>, Diagnostics> {
    let rows = read_rows(bytes, path).map_err(Diagnostics)?;
    let by_id: HashMap<&str, &Comment> = comments.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut seen: HashMap<&str, &DecisionRow> = HashMap::new();
    let mut problems = Vec::new();
    let mut changes = Vec::new();
    for row in &rows {
        let at = |message: String, what: &str, detail: String| {
            Diagnostic::new(path, Some(row.line), message).with_persian(what, detail)
        };
        if row.decision.is_none() && row.reply.is_none() {
            continue;
        }
        let Some(comment) = by_id.get(row.id.as_str()) else {
            problems.push(at(
                format!(
                    "there is no comment '{}': was the row edited, or is the file from another site?",
                    row.id
                ),
                "دیدگاه ناشناخته",
                format!(
                    "دیدگاهی با شناسهٔ {} نیست: آیا سطر ویرایش شده، یا فایل از پایگاه دیگری است؟",
                    quoted(&row.id)
                ),
            ));
            continue;
        };
        if let Some(earlier) = seen.insert(&row.id, row) {
            if (earlier.decision, &earlier.reply) != (row.decision, &row.reply) {
                problems.push(at(
                    format!(
                        "comment {} is decided differently on line {}: keep one row",
                        row.id, earlier.line
                    ),
                    "دو تصمیم برای یک دیدگاه",
                    format!(
                        "برای دیدگاه {} در سطر {} تصمیم دیگری آمده است: تنها یک سطر را نگه دارید",
                        isolate(&row.id),
                        persian_number(earlier.line)
                    ),
                ));
            }
            continue;
        }
        match decide(comment, row.decision, row.reply.as_deref(), by, now) {
            Ok(Some(change)) => changes.push(change),
            Ok(None) => {}
            Err(Refusal {
                english,
                what,
                persian,
            }) => problems.push(at(english, what, persian)),
        }
    }
    if problems.is_empty() {
        Ok(changes)
    } else {
        Err(Diagnostics(problems))
    }
}

/// Why a decision cannot be applied to a comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub english: String,
    /// The problem's name in Persian.
    pub what: &'static str,
    pub persian: String,
}

/// The comment as the moderator `by` leaves it at `now` by `decision` (none: its state stays)
/// and `reply` (none: its reply stays), with the change, or `None` when that changes nothing.
/// The rules of every way of deciding (`comments apply`, the desk): a decided comment changes
/// only back to its own state, and only an approved comment has a reply.
pub fn decide(
    comment: &Comment,
    decision: Option<Decision>,
    reply: Option<&str>,
    by: &str,
    now: Timestamp,
) -> Result<Option<(Comment, Change)>, Refusal> {
    let target = decision.map(Decision::status);
    if let Some(to) = target
        && comment.status != Status::Pending
        && comment.status != to
    {
        let file = format!("{}/{}.yaml", comment.news_id, comment.id);
        return Err(Refusal {
            english: format!(
                "comment {} is already {}; this file says {to}: decide it in its file, {file}, if that is meant",
                comment.id, comment.status
            ),
            what: "دیدگاهِ از پیش بررسی‌شده",
            persian: format!(
                "دیدگاه {} پیش‌تر «{}» شده و این فایل «{}» می‌گوید: اگر همین را می‌خواهید، آن را در فایل خودش، {}، تغییر دهید",
                isolate(&comment.id),
                comment.status.persian(),
                to.persian(),
                isolate(&file)
            ),
        });
    }
    let status = target.unwrap_or(comment.status);
    if reply.is_some() && status != Status::Approved {
        return Err(Refusal {
            english: format!(
                "comment {} has a reply but is not approved: only approved comments show a reply",
                comment.id
            ),
            what: "پاسخ برای دیدگاه تأییدنشده",
            persian: format!(
                "دیدگاه {} پاسخ دارد اما تأیید نشده است: تنها دیدگاه‌های تأییدشده پاسخ نشان می‌دهند",
                isolate(&comment.id)
            ),
        });
    }
    let reply_changed = reply.is_some_and(|read| {
        (comment.reply.as_deref()).is_none_or(|stored| !is_unedited_reply(read, stored))
    });
    if status == comment.status && !reply_changed {
        return Ok(None);
    }
    let mut decided = comment.clone();
    if status != comment.status {
        decided.status = status;
        decided.moderated_at = Some(now);
        decided.moderated_by = Some(by.to_string());
    }
    if reply_changed {
        decided.reply = reply.map(String::from);
    }
    let change = Change {
        id: comment.id.clone(),
        news_id: comment.news_id,
        name: comment.name.clone(),
        from: comment.status,
        to: status,
        reply_changed,
    };
    Ok(Some((decided, change)))
}

/// Writes every changed comment: all are staged on disk first, then put in place together
/// through a journal, so that a crash leaves all of them or none (the next
/// [`crate::comments::model::journal::recover`] completes the batch). Run `recover` before reading the comments
/// the plan is made from.
pub fn apply(store: &CommentStore, planned: &[(Comment, Change)]) -> std::io::Result<()> {
    apply_with(store, planned, &mut |_| {})
}

/// [`apply`], calling `at` after each step (tests stop the process there).
pub(crate) fn apply_with(
    store: &CommentStore,
    planned: &[(Comment, Change)],
    at: &mut dyn FnMut(Step),
) -> std::io::Result<()> {
    let _writing = store.lock(false)?;
    let staged = planned
        .par_iter()
        .map(|(comment, _)| store.stage(comment))
        .collect::<std::io::Result<Vec<_>>>()?;
    journal::replace_all(store, staged, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(id: &str) -> Comment {
        Comment::pending_sample(id, 242513)
    }

    fn run(csv: &str, comments: &[Comment]) -> Result<Vec<(Comment, Change)>, Vec<String>> {
        let now = "2026-11-25T08:00:00Z".parse().unwrap();
        plan(
            csv.as_bytes(),
            Path::new("queue.csv"),
            comments,
            "editor",
            now,
        )
        .map_err(|d| d.0.into_iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn decisions_change_only_what_they_decide() {
        let comments = [pending("a"), pending("b"), pending("c")];
        let planned = run(
            "id,name,decision,reply\r\na,x,تایید,ممنون از شما\r\nb,y,,\r\nc,z,هرزنامه,\r\n",
            &comments,
        )
        .unwrap();
        let changes: Vec<(&str, Status)> = planned
            .iter()
            .map(|(c, _)| (c.id.as_str(), c.status))
            .collect();
        assert_eq!(changes, [("a", Status::Approved), ("c", Status::Spam)]);
        assert_eq!(planned[0].0.reply.as_deref(), Some("ممنون از شما"));
        assert_eq!(planned[0].0.moderated_by.as_deref(), Some("editor"));
    }

    #[test]
    fn a_decided_file_applied_again_changes_nothing() {
        let mut approved = pending("a");
        approved.status = Status::Approved;
        approved.reply = Some("ممنون".into());
        assert!(
            run("id,decision,reply\na,approve,ممنون\n", &[approved])
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_reply_the_export_marked_is_no_change_when_left_alone() {
        let mut approved = pending("a");
        approved.status = Status::Approved;
        for stored in ["SMS ارسال شد", "  سپاس  ", "\u{200F}OK، ممنون", "'=پاسخ"]
        {
            approved.reply = Some(stored.into());
            let cell = crate::comments::moderation::cell::text_cell(stored);
            let file = format!("id,decision,reply\na,,\"{}\"\n", cell.replace('"', "\"\""));
            assert!(
                run(&file, &[approved.clone()]).unwrap().is_empty(),
                "{stored:?}"
            );
        }
        let edited = run("id,decision,reply\na,,\u{200F}SMS ارسال نشد\n", &[approved]).unwrap();
        assert_eq!(edited[0].0.reply.as_deref(), Some("SMS ارسال نشد"));
    }

    #[test]
    fn every_problem_is_listed_with_its_line() {
        let mut spam = pending("s");
        spam.status = Status::Spam;
        let comments = [pending("a"), spam, pending("r")];
        let problems = run(
            "id,decision,reply\nzzz,approve,\na,approve,\na,reject,\ns,approve,\nr,reject,پاسخ\n",
            &comments,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:#?}");
        assert!(problems[0].starts_with("queue.csv:2: there is no comment 'zzz'"));
        assert!(problems[1].starts_with("queue.csv:4: comment a is decided differently on line 3"));
        assert!(
            problems[2]
                .starts_with("queue.csv:5: comment s is already spam; this file says approved")
        );
        assert!(problems[3].starts_with("queue.csv:6: comment r has a reply but is not approved"));
    }
}
