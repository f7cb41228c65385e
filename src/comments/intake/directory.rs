//! Which news items take comments now: the published ones with comments open, read from the
//! site's content and read again when a reader names an item the service does not know yet.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::comments::model::load_site_comments;
use crate::config::Config;
use crate::content::Content;
use crate::diagnostic::Diagnostics;

/// The shortest time between two readings of the content.
const REREAD_AFTER: Duration = Duration::from_secs(30);

/// What the intake may answer about a news item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Openness {
    Open,
    Closed,
    Unknown,
}

pub struct NewsDirectory {
    open: HashMap<u64, bool>,
    read_at: Instant,
}

impl NewsDirectory {
    /// Reads the site's content and its comments; a site with errors is refused, as
    /// `akhbar build` would.
    pub fn read(config: &Config) -> Result<Self, Diagnostics> {
        let (content, comments) =
            rayon::join(|| Content::load(config), || load_site_comments(config));
        let content = match (content, comments) {
            (Ok(content), Ok(_)) => content,
            (content, comments) => {
                let mut errors = content.err().map(|d| d.0).unwrap_or_default();
                errors.extend(comments.err().map(|d| d.0).unwrap_or_default());
                return Err(Diagnostics(errors));
            }
        };
        let now = jiff::Timestamp::now();
        let open = content
            .news
            .iter()
            .filter(|item| item.is_published(now))
            .map(|item| (item.id, item.comments_open))
            .collect();
        Ok(NewsDirectory {
            open,
            read_at: Instant::now(),
        })
    }

    pub fn openness(&self, id: u64) -> Openness {
        match self.open.get(&id) {
            Some(true) => Openness::Open,
            Some(false) => Openness::Closed,
            None => Openness::Unknown,
        }
    }

    /// Whether the content may be read again to look for an item added since.
    pub fn may_reread(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.read_at) >= REREAD_AFTER
    }

    pub fn len(&self) -> usize {
        self.open.len()
    }

    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
    }
}
