//! One build as the preview server holds it: the rendered files in the preview's own folder,
//! the static files where they are (held to the path rule again at each request), and how to
//! find a file for a request path. Nothing of the site is held in memory.

use std::path::{Component, Path, PathBuf};

use crate::output::statics::StaticFiles;

/// A successful build: the folder it was rendered into and the site's static files.
pub struct Snapshot {
    /// None before the first build succeeded.
    folder: Option<PathBuf>,
    statics: StaticFiles,
}

/// What a request path leads to.
pub enum Found {
    /// A file: where it really is, and its path in the site (`news/1/index.html`).
    File(PathBuf, PathBuf),
    /// A folder's address without its trailing slash: send the reader to `<path>/`.
    Folder,
    Missing,
}

impl Snapshot {
    /// The build rendered into `folder`, beside `statics`.
    pub fn new(folder: PathBuf, statics: StaticFiles) -> Self {
        Snapshot {
            folder: Some(folder),
            statics,
        }
    }

    /// Nothing yet: the first build failed.
    pub fn empty() -> Self {
        Snapshot {
            folder: None,
            statics: StaticFiles::default(),
        }
    }

    /// The file for `path`, already percent-decoded (`/category/اجتماعی/`).
    pub fn find(&self, path: &str) -> Found {
        let Some(relative) = safe_relative(path) else {
            return Found::Missing;
        };
        let wanted = if path.ends_with('/') || relative.as_os_str().is_empty() {
            relative.join("index.html")
        } else {
            relative.clone()
        };
        if let Some(built) = self.built(&wanted) {
            return Found::File(built, wanted);
        }
        match self.statics.source(&wanted) {
            Ok(Some(real)) => return Found::File(real, wanted),
            // Made a link out of the site since the build: the rebuild reports it.
            Err(_) => return Found::Missing,
            Ok(None) => {}
        }
        if !path.ends_with('/') && self.built(&relative.join("index.html")).is_some() {
            return Found::Folder;
        }
        Found::Missing
    }

    /// Where the rendered file at `relative` is, if the build made one: a plain file (never a
    /// link, nor under a linked folder) in the preview's folder.
    fn built(&self, relative: &Path) -> Option<PathBuf> {
        let mut path = self.folder.clone()?;
        let mut meta = None;
        for part in relative.components() {
            path.push(part);
            let this = std::fs::symlink_metadata(&path).ok()?;
            if this.file_type().is_symlink() {
                return None;
            }
            meta = Some(this);
        }
        meta?.is_file().then_some(path)
    }

    /// The site's own not-found page, if it has one.
    pub fn not_found_page(&self) -> Option<Vec<u8>> {
        std::fs::read(self.built(Path::new("404.html"))?).ok()
    }
}

/// `path` as a relative path with plain components only; none if it tries to leave the site.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    relative
        .components()
        .all(|component| matches!(component, Component::Normal(_)))
        .then(|| relative.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::fs;

    use crate::config::Config;

    /// What `find` gave, to compare: `file <real path> <path in the site>`, `folder` or
    /// `missing`.
    fn found(snapshot: &Snapshot, path: &str) -> String {
        match snapshot.find(path) {
            Found::File(real, site) => format!("file {} {}", real.display(), site.display()),
            Found::Folder => "folder".into(),
            Found::Missing => "missing".into(),
        }
    }

    /// A site at `root/site` with the static file `css/site.css`, its preview folder
    /// `root/site/.akhbar/preview` with a few built pages, and a secret beside the site.
    fn preview(root: &Path) -> (PathBuf, Snapshot) {
        let site = root.join("site");
        fs::create_dir_all(site.join("static/css")).unwrap();
        fs::write(site.join("static/css/site.css"), "body {}").unwrap();
        fs::write(
            site.join("site.toml"),
            "title = \"سایت\"\nbase_url = \"https://news.example.org\"\n",
        )
        .unwrap();
        let config = Config::load(&site).unwrap();
        let statics = StaticFiles::of_site(&config, None).unwrap();
        let folder = site.join(".akhbar/preview");
        for page in [
            "index.html",
            "404.html",
            "news/1/index.html",
            "category/اجتماعی/index.html",
            "rss.xml",
        ] {
            let path = folder.join(page);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, format!("<p>{page}</p>")).unwrap();
        }
        fs::write(root.join("secret.txt"), "secret").unwrap();
        fs::create_dir_all(root.join("outside")).unwrap();
        fs::write(root.join("outside/index.html"), "secret page").unwrap();
        (folder.clone(), Snapshot::new(folder, statics))
    }

    #[test]
    fn finds_built_pages_folders_and_static_files() {
        let dir = tempfile::tempdir().unwrap();
        let (folder, snapshot) = preview(dir.path());
        let file = |site: &str| format!("file {} {site}", folder.join(site).display());
        assert_eq!(found(&snapshot, "/"), file("index.html"));
        assert_eq!(found(&snapshot, "/news/1/"), file("news/1/index.html"));
        assert_eq!(
            found(&snapshot, "/news/1/index.html"),
            file("news/1/index.html")
        );
        assert_eq!(
            found(&snapshot, "/category/اجتماعی/"),
            file("category/اجتماعی/index.html")
        );
        assert_eq!(found(&snapshot, "/rss.xml"), file("rss.xml"));
        assert_eq!(found(&snapshot, "/news/1"), "folder");
        assert_eq!(found(&snapshot, "/category/اجتماعی"), "folder");
        assert_eq!(found(&snapshot, "/news"), "missing", "no page there");
        assert_eq!(found(&snapshot, "/news/2/"), "missing");
        assert_eq!(found(&snapshot, "/news/2"), "missing");
        assert_eq!(found(&snapshot, "/rss.xml/"), "missing");
        let source = fs::canonicalize(dir.path().join("site/static/css/site.css")).unwrap();
        assert_eq!(
            found(&snapshot, "/css/site.css"),
            format!("file {} css/site.css", source.display())
        );
        assert_eq!(found(&snapshot, "/css/other.css"), "missing");
        assert_eq!(snapshot.not_found_page().unwrap(), b"<p>404.html</p>");
        let nothing = Snapshot::empty();
        assert_eq!(found(&nothing, "/"), "missing");
        assert_eq!(found(&nothing, "/css/site.css"), "missing");
        assert!(nothing.not_found_page().is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_the_preview_folder_is_never_followed() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let (folder, snapshot) = preview(dir.path());
        let secret = dir.path().join("secret.txt");
        fs::create_dir_all(folder.join("news/2")).unwrap();
        symlink(&secret, folder.join("news/2/index.html")).unwrap();
        symlink(&secret, folder.join("leak.txt")).unwrap();
        symlink(dir.path().join("outside"), folder.join("news/3")).unwrap();
        symlink(dir.path().join("outside"), folder.join("elsewhere")).unwrap();
        fs::remove_file(folder.join("404.html")).unwrap();
        symlink(&secret, folder.join("404.html")).unwrap();
        assert_eq!(found(&snapshot, "/news/2/"), "missing");
        assert_eq!(found(&snapshot, "/news/2/index.html"), "missing");
        assert_eq!(found(&snapshot, "/news/2"), "missing", "no folder either");
        assert_eq!(found(&snapshot, "/leak.txt"), "missing");
        assert_eq!(found(&snapshot, "/news/3/"), "missing", "a linked folder");
        assert_eq!(found(&snapshot, "/news/3/index.html"), "missing");
        assert_eq!(found(&snapshot, "/news/3"), "missing");
        assert_eq!(found(&snapshot, "/elsewhere/"), "missing");
        assert!(snapshot.not_found_page().is_none());
        // A static file made a link out of the site since it was listed.
        let css = dir.path().join("site/static/css/site.css");
        fs::remove_file(&css).unwrap();
        symlink(&secret, &css).unwrap();
        assert_eq!(found(&snapshot, "/css/site.css"), "missing");
    }

    #[test]
    fn a_request_cannot_climb_out_of_the_preview() {
        let dir = tempfile::tempdir().unwrap();
        let (_, snapshot) = preview(dir.path());
        for path in [
            "/../secret.txt",
            "/../../secret.txt",
            "/news/../index.html",
            "/news/1/../../../secret.txt",
            "/../outside/",
            "/./index.html",
            "/..",
        ] {
            assert_eq!(found(&snapshot, path), "missing", "{path}");
        }
        assert_eq!(
            found(&snapshot, "//index.html"),
            found(&snapshot, "/index.html")
        );
    }

    #[test]
    fn paths_cannot_leave_the_site() {
        assert_eq!(safe_relative("/news/1/"), Some(PathBuf::from("news/1")));
        assert_eq!(safe_relative("/"), Some(PathBuf::new()));
        assert_eq!(safe_relative("/../etc/passwd"), None);
        assert_eq!(safe_relative("/a/../../b"), None);
    }
}
