//! `[images]` in `site.toml`: how the site's pictures are published (docs/images.md).

use std::path::Path;

use serde::Deserialize;

/// How pictures are published.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImagesConfig {
    /// Folders of the published site (`images/press-kit`) whose pictures keep their metadata,
    /// GPS position and all, for a newsroom that really wants them to. None by default.
    #[serde(default)]
    pub keep_metadata: Vec<String>,
    /// The widths, in pixels, of the smaller copies made of each picture (only those narrower
    /// than the picture).
    #[serde(default = "default_widths")]
    pub widths: Vec<u32>,
    /// The quality of the JPEG and WebP copies, 1 to 100.
    #[serde(default = "default_quality")]
    pub quality: u8,
    /// The `sizes` of a picture in an item's body: how wide it is shown, for the browser to
    /// pick a copy before it lays the page out (the sabt theme's column is 46rem).
    #[serde(default = "default_sizes")]
    pub sizes: String,
    /// Whether AVIF copies are made too: a third smaller than WebP for photographs, but
    /// encoding one takes seconds where WebP takes a tenth of that. Off by default.
    #[serde(default)]
    pub avif: bool,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            keep_metadata: Vec::new(),
            widths: default_widths(),
            quality: default_quality(),
            sizes: default_sizes(),
            avif: false,
        }
    }
}

fn default_widths() -> Vec<u32> {
    vec![480, 800, 1200, 1600]
}

fn default_quality() -> u8 {
    80
}

fn default_sizes() -> String {
    "(max-width: 48rem) 100vw, 46rem".into()
}

impl ImagesConfig {
    /// The copies to make, as [`crate::images`] takes them: the widths sorted, none below 16
    /// pixels, the quality within 1 to 100.
    pub fn copies(&self) -> crate::images::CopySettings {
        let mut widths: Vec<u32> = self.widths.iter().copied().filter(|w| *w >= 16).collect();
        widths.sort_unstable();
        widths.dedup();
        crate::images::CopySettings {
            widths,
            quality: self.quality.clamp(1, 100),
            avif: self.avif,
        }
    }

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
            ..ImagesConfig::default()
        };
        assert!(config.keeps_metadata(Path::new("images/press-kit/a.jpg")));
        assert!(config.keeps_metadata(Path::new("images/press-kit/2025/a.jpg")));
        assert!(!config.keeps_metadata(Path::new("images/press-kit-old/a.jpg")));
        assert!(!config.keeps_metadata(Path::new("images/a.jpg")));
        assert!(!ImagesConfig::default().keeps_metadata(Path::new("images/a.jpg")));
    }
}
