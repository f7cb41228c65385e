//! The comments of a site as a build reads them, beside its content: every comment file, its
//! problems named as the content's are, and a warning for each comment whose news item the
//! site does not have.

use rustc_hash::FxHashSet as HashSet;

use super::comment::Comment;
use super::store::CommentStore;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, persian_number};

/// Every comment of the site of `config`, in every state, oldest first; each file that cannot
/// be read is reported with its path relative to the site.
pub fn load_site_comments(config: &Config) -> Result<Vec<Comment>, Diagnostics> {
    let within_site = |mut problem: Diagnostic| {
        problem.path = config.relative(&problem.path);
        problem
    };
    CommentStore::of_site(config)
        .load_all()
        .map_err(|problems| Diagnostics(problems.0.into_iter().map(within_site).collect()))
}

/// A warning for each of `comments` kept for a news number not among `news` (a deleted or
/// renumbered item): it is not shown.
pub fn orphan_warnings(
    config: &Config,
    comments: &[Comment],
    news: impl IntoIterator<Item = u64>,
) -> Vec<Diagnostic> {
    let ids: HashSet<u64> = news.into_iter().collect();
    let store = CommentStore::of_site(config);
    comments
        .iter()
        .filter(|comment| !ids.contains(&comment.news_id))
        .map(|comment| {
            let message = format!(
                "is a comment on news {}, which the site does not have: it is not shown",
                comment.news_id
            );
            let detail = format!(
                "این دیدگاه برای خبر {} است که پایگاه آن را ندارد، پس نشان داده نمی‌شود",
                persian_number(comment.news_id)
            );
            Diagnostic::new(config.relative(&store.path_of(comment)), None, message)
                .with_persian("دیدگاه برای خبری که نیست", detail)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::comments::Status;

    fn site(root: &Path) -> Config {
        let text = "title = \"سایت\"\nbase_url = \"https://news.example.org\"\n";
        Config::parse(text, &root.join("site.toml"), root).unwrap()
    }

    fn comment(id: &str, news_id: u64) -> Comment {
        Comment {
            id: id.into(),
            news_id,
            name: "علی".into(),
            email: "ali@example.org".into(),
            body: "سلام".into(),
            received_at: "2026-11-25T06:00:00Z".parse().unwrap(),
            status: Status::Approved,
            moderated_at: None,
            moderated_by: None,
            reply: None,
            ip_hash: "ab12".into(),
        }
    }

    #[test]
    fn only_comments_on_news_the_site_lacks_are_warned_about_at_their_files() {
        let config = site(Path::new("/srv/site"));
        let comments = [
            comment("c1", 1001),
            comment("c2", 4242),
            comment("c3", 1002),
        ];
        let warnings = orphan_warnings(&config, &comments, [1001, 1002]);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].path, Path::new("content/comments/4242/c2.yaml"));
        assert_eq!(
            warnings[0].message,
            "is a comment on news 4242, which the site does not have: it is not shown"
        );
        let persian = warnings[0].persian.as_ref().unwrap();
        assert_eq!(persian.what, "دیدگاه برای خبری که نیست");
        assert!(persian.detail.contains("۴۲۴۲"), "{}", persian.detail);
        assert!(orphan_warnings(&config, &comments, [1001, 1002, 4242]).is_empty());
        assert_eq!(orphan_warnings(&config, &comments, []).len(), 3);
    }

    #[test]
    fn a_site_without_comments_has_none_and_broken_files_are_named_within_the_site() {
        let root = tempfile::tempdir().unwrap();
        let config = site(root.path());
        assert_eq!(load_site_comments(&config).unwrap(), []);

        let store = CommentStore::of_site(&config);
        store.add(&comment("c1", 1001)).unwrap();
        assert_eq!(load_site_comments(&config).unwrap(), [comment("c1", 1001)]);

        let broken = root.path().join("content/comments/1001/c2.yaml");
        std::fs::write(&broken, "id: c2\nnews_id: 1001\nstatus: maybe\n").unwrap();
        let problems = load_site_comments(&config).unwrap_err().0;
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, Path::new("content/comments/1001/c2.yaml"));
        assert!(problems[0].message.starts_with("is not a comment file"));
    }
}
