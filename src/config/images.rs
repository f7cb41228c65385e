//! `[images]` in `site.toml`: how the site's pictures are published (docs/images.md).

use std::path::Path;

use serde::Deserialize;

/// How pictures are published.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImagesConfig {
    /// Folders of the published site (`images/press-kit`) whose pictures keep their metadata,
    /// GPS position and all, for a newsroom that really wants them to. None by default.
    #[serde(default)]
    pub keep_metadata: Vec<String>,
}

impl ImagesConfig {
    /// Whether the picture at `path` in the published site keeps its metadata.
    pub fn keeps_metadata(&self, path: &Path) -> bool {
        self.keep_metadata
            .iter()
            .any(|folder| path.starts_with(folder.trim_matches('/')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_kept_keeps_its_pictures_and_no_other() {
        let config = ImagesConfig {
            keep_metadata: vec!["/images/press-kit/".into()],
        };
        assert!(config.keeps_metadata(Path::new("images/press-kit/a.jpg")));
        assert!(config.keeps_metadata(Path::new("images/press-kit/2025/a.jpg")));
        assert!(!config.keeps_metadata(Path::new("images/press-kit-old/a.jpg")));
        assert!(!config.keeps_metadata(Path::new("images/a.jpg")));
        assert!(!ImagesConfig::default().keeps_metadata(Path::new("images/a.jpg")));
    }
}
