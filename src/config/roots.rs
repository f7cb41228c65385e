//! The path rule's roots for the site of a [`Config`]: which folders what it publishes, its
//! readers' comments and the moderation export may lead into ([`crate::paths`]).

use std::path::Path;

use super::{Config, key_line};
use crate::diagnostic::{Diagnostic, quoted};
use crate::paths::{Area, Root};

impl Config {
    /// The rule for what the site publishes (items, pages, templates, static files): inside the
    /// site's folder, and never from the readers' comments or akhbar's private files.
    pub fn published_root(&self) -> Root {
        Root::new(&self.root)
            .fence(&self.comments_dir(), Area::Comments)
            .fence(&self.root.join(".akhbar"), Area::Private)
            .fence(
                &self.root.join(&self.site.comments.secret_file),
                Area::Private,
            )
    }

    /// The rule for the readers' comment files: inside the site's folder, and never in what it
    /// publishes (`public/` and the static folders).
    pub fn comments_root(&self) -> Root {
        self.fence_published(Root::new(&self.root))
    }

    /// The rule for the moderation export, which holds readers' emails: any folder but what the
    /// site publishes.
    pub fn export_root(&self) -> Root {
        self.fence_published(Root::anywhere(&self.root))
    }

    fn fence_published(&self, root: Root) -> Root {
        let root = root.fence(&self.root.join("public"), Area::Published);
        self.static_dirs()
            .iter()
            .fold(root, |root, dir| root.fence(dir, Area::Published))
    }

    /// Refuses a comments folder that leads out of the site or into what it publishes; `text`
    /// is `site.toml`'s, at `path`.
    pub(super) fn check_comments_folder(&self, text: &str, path: &Path) -> Result<(), Diagnostic> {
        let Err(error) = self.comments_root().resolve(&self.comments_dir()) else {
            return Ok(());
        };
        let folder = self.site.comments.folder.display().to_string();
        let persian = error.persian();
        let message = format!("`folder` is '{folder}': it {}", error.english());
        let detail = format!(
            "`folder` برابر {} است و {}",
            quoted(&folder),
            persian.detail
        );
        Err(Diagnostic::new(path, key_line(text, "folder"), message)
            .with_persian(persian.what, detail))
    }
}
