//! The desk's moderation queue: the comments waiting for a decision, and the moderators'
//! decisions on one or many of them, written to the same comment files by the same rules as
//! `akhbar comments apply` ([`crate::comments::moderation::apply::decide`]): checked whole
//! before anything is written, all written together, nothing deleted. A decision on a comment
//! that changed since the moderator saw it is refused, and the last decision can be undone.

use std::io;

use jiff::Timestamp;

use crate::comments::model::journal;
use crate::comments::model::{Comment, CommentStore, Decision, Status};
use crate::comments::moderation::apply::{self, Change, decide};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::persian::bidi::isolate;

/// What a comment is now, as the queue's page saw it: a decision carries it, and is refused if
/// the comment is no longer so. Hexadecimal, 16 digits.
pub fn version(comment: &Comment) -> String {
    crate::fingerprint::hex(&crate::fingerprint::json_hash(comment).to_be_bytes())
}

/// Every stored comment, oldest first, after completing a batch of decisions a crash
/// interrupted.
pub fn load(config: &Config) -> Result<Vec<Comment>, Diagnostics> {
    let store = CommentStore::of_site(config);
    journal::recover(&store).map_err(|error| {
        let dir = store.dir();
        let shown = dir.display().to_string();
        Diagnostics(vec![
            Diagnostic::new(dir, None, format!("cannot tidy {shown} first: {error}")).with_persian(
                "خطای پوشهٔ دیدگاه‌ها",
                format!("نخست {} مرتب نشد: {error}", isolate(&shown)),
            ),
        ])
    })?;
    store.load_all()
}

/// The comments waiting for a decision, newest first.
pub fn pending(all: &[Comment]) -> Vec<&Comment> {
    let mut pending: Vec<&Comment> = all.iter().filter(|c| c.status == Status::Pending).collect();
    pending.reverse();
    pending
}

/// One moderator's decision on one comment, as the queue's page sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ruling {
    pub id: String,
    /// The comment's [`version`] when the page showed it.
    pub version: String,
    /// The comment's new state; none keeps it (a reply alone).
    pub decision: Option<Decision>,
    /// The newsroom's answer shown under it; none keeps the one it has.
    pub reply: Option<String>,
}

/// Decisions written, kept to be undone: each comment as it was before and as it is now.
#[derive(Debug, Clone, Default)]
pub struct Done {
    pub comments: Vec<(Comment, Comment)>,
}

impl Done {
    /// How many comments were changed, and the state the last changed one was given.
    pub fn summary(&self) -> Option<(usize, Status)> {
        let (_, last) = self.comments.last()?;
        Some((self.comments.len(), last.status))
    }
}

/// Why decisions were not written; nothing was.
#[derive(Debug)]
pub enum NotDecided {
    /// These comments changed since the page showed them (another moderator, `comments
    /// apply`), or are gone: the moderator looks again.
    Changed(Vec<String>),
    /// The decisions break the moderation rules: every problem, each naming its comment file.
    Refused(Diagnostics),
    Write(io::Error),
}

/// Applies `rulings` to the stored comments `all` as the moderator `by` at `now`: every ruling
/// is checked first (the comment as the page saw it, the rules of
/// [`decide`]), then all are written together. Rulings that change nothing are left out.
pub fn rule(
    store: &CommentStore,
    all: &[Comment],
    rulings: &[Ruling],
    (by, now): (&str, Timestamp),
) -> Result<Done, NotDecided> {
    let mut changed = Vec::new();
    let mut problems = Vec::new();
    let mut planned = Vec::new();
    let mut before = Vec::new();
    for ruling in rulings {
        let current = all.iter().find(|comment| comment.id == ruling.id);
        let Some(comment) = current.filter(|c| version(c) == ruling.version) else {
            changed.push(ruling.id.clone());
            continue;
        };
        match decide(comment, ruling.decision, ruling.reply.as_deref(), by, now) {
            Ok(Some(decided)) => {
                before.push(comment.clone());
                planned.push(decided);
            }
            Ok(None) => {}
            Err(refusal) => problems.push(
                Diagnostic::new(store.path_of(comment), None, refusal.english)
                    .with_persian(refusal.what, refusal.persian),
            ),
        }
    }
    if !changed.is_empty() {
        return Err(NotDecided::Changed(changed));
    }
    if !problems.is_empty() {
        return Err(NotDecided::Refused(Diagnostics(problems)));
    }
    apply::apply(store, &planned).map_err(NotDecided::Write)?;
    let after = planned.into_iter().map(|(comment, _)| comment);
    Ok(Done {
        comments: before.into_iter().zip(after).collect(),
    })
}

/// Puts back the comments `done` changed, as they were before, unless one of them changed
/// again since (then nothing is written). Returns how many were put back.
pub fn undo(store: &CommentStore, all: &[Comment], done: &Done) -> Result<usize, NotDecided> {
    let mut changed = Vec::new();
    let mut planned = Vec::new();
    for (before, after) in &done.comments {
        match all.iter().find(|comment| comment.id == after.id) {
            Some(current) if current == after => {
                let change = Change {
                    id: before.id.clone(),
                    news_id: before.news_id,
                    name: before.name.clone(),
                    from: after.status,
                    to: before.status,
                    reply_changed: before.reply != after.reply,
                };
                planned.push((before.clone(), change));
            }
            _ => changed.push(after.id.clone()),
        }
    }
    if !changed.is_empty() {
        return Err(NotDecided::Changed(changed));
    }
    apply::apply(store, &planned).map_err(NotDecided::Write)?;
    Ok(planned.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(dir: &std::path::Path, ids: &[&str]) -> (CommentStore, Vec<Comment>) {
        let store = CommentStore::new(dir);
        for (at, id) in ids.iter().enumerate() {
            let mut comment = Comment::pending_sample(id, 242513);
            comment.received_at += jiff::SignedDuration::from_mins(at as i64);
            store.add(&comment).unwrap();
        }
        let all = store.load_all().unwrap();
        (store, all)
    }

    fn ruling(comment: &Comment, decision: Decision, reply: Option<&str>) -> Ruling {
        Ruling {
            id: comment.id.clone(),
            version: version(comment),
            decision: Some(decision),
            reply: reply.map(String::from),
        }
    }

    /// Decides `comment` alone, as it is stored.
    fn rule_one(
        store: &CommentStore,
        comment: &Comment,
        decision: Decision,
        reply: Option<&str>,
    ) -> Done {
        let all = store.load_all().unwrap();
        rule(store, &all, &[ruling(comment, decision, reply)], by()).unwrap()
    }

    const NOW: (&str, &str) = ("مدیر", "2026-12-07T08:00:00Z");

    fn by() -> (&'static str, Timestamp) {
        (NOW.0, NOW.1.parse().unwrap())
    }

    #[test]
    fn the_queue_is_the_pending_comments_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let (store, all) = stored(dir.path(), &["a", "b", "c"]);
        rule_one(&store, &all[1], Decision::Reject, None);
        let all = store.load_all().unwrap();
        let ids: Vec<&str> = pending(&all).iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["c", "a"]);
    }

    #[test]
    fn decisions_are_written_with_the_moderator_and_undone_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let (store, all) = stored(dir.path(), &["a", "b"]);
        let rulings = [
            ruling(&all[0], Decision::Approve, Some("سپاس از شما")),
            ruling(&all[1], Decision::Spam, None),
        ];
        let done = rule(&store, &all, &rulings, by()).unwrap();
        assert_eq!(done.summary(), Some((2, Status::Spam)));
        let now = store.load_all().unwrap();
        assert_eq!(now[0].status, Status::Approved);
        assert_eq!(now[0].reply.as_deref(), Some("سپاس از شما"));
        assert_eq!(now[0].moderated_by.as_deref(), Some("مدیر"));
        assert_eq!(now[1].status, Status::Spam);
        assert_eq!(undo(&store, &now, &done).unwrap(), 2);
        assert_eq!(store.load_all().unwrap(), all);
    }

    #[test]
    fn a_comment_changed_since_it_was_shown_refuses_the_whole_decision() {
        let dir = tempfile::tempdir().unwrap();
        let (store, all) = stored(dir.path(), &["a", "b"]);
        let seen = all.clone();
        rule_one(&store, &all[1], Decision::Reject, None);
        let now = store.load_all().unwrap();
        let rulings = [
            ruling(&seen[0], Decision::Approve, None),
            ruling(&seen[1], Decision::Approve, None),
        ];
        match rule(&store, &now, &rulings, by()) {
            Err(NotDecided::Changed(ids)) => assert_eq!(ids, ["b"]),
            other => panic!("{other:?}"),
        }
        assert_eq!(store.load_all().unwrap(), now, "nothing was written");
    }

    #[test]
    fn an_undo_after_another_change_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (store, all) = stored(dir.path(), &["a"]);
        let done = rule_one(&store, &all[0], Decision::Approve, None);
        let now = store.load_all().unwrap();
        rule_one(&store, &now[0], Decision::Approve, Some("پاسخ"));
        let later = store.load_all().unwrap();
        assert!(matches!(
            undo(&store, &later, &done),
            Err(NotDecided::Changed(_))
        ));
        assert_eq!(store.load_all().unwrap(), later);
    }

    #[test]
    fn the_rules_of_comments_apply_hold_and_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let (store, all) = stored(dir.path(), &["a"]);
        let refused = rule(
            &store,
            &all,
            &[ruling(&all[0], Decision::Reject, Some("x"))],
            by(),
        );
        match refused {
            Err(NotDecided::Refused(problems)) => {
                assert_eq!(problems.0[0].path, store.path_of(&all[0]));
                assert!(problems.0[0].to_string().contains("not approved"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(store.load_all().unwrap(), all);
    }
}
