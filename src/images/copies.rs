//! Smaller copies of a picture, for a page's `srcset` to offer: one at each configured width
//! narrower than the picture (never wider: a copy is never enlarged), in the picture's own
//! format and as WebP, which is a quarter to a third smaller for a photograph; and a WebP at the
//! picture's own width when it is no wider than the widest configured.

use super::pixels::{self, Quality};
use super::{Format, PictureError};

/// What copies to make, as `[images]` in `site.toml` says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CopySettings {
    /// The widths, in pixels, ascending.
    pub widths: Vec<u32>,
    /// The quality of JPEG, WebP and AVIF copies (1 to 100).
    pub quality: u8,
    /// Whether AVIF copies are made beside the WebP ones.
    pub avif: bool,
}

/// One copy: its width, its format and its bytes.
#[derive(Debug)]
pub struct Copy {
    pub width: u32,
    pub format: Format,
    pub bytes: Vec<u8>,
}

/// The copies a picture `width` pixels wide, in `format`, has: each (width, format); the
/// picture itself is not among them.
pub fn planned(width: u32, format: Format, settings: &CopySettings) -> Vec<(u32, Format)> {
    let widest = settings.widths.last().copied().unwrap_or(0);
    let mut planned = Vec::new();
    for &copy in settings.widths.iter().filter(|&&copy| copy < width) {
        if format != Format::WebP {
            planned.push((copy, format));
        }
        planned.push((copy, Format::WebP));
        if settings.avif {
            planned.push((copy, Format::Avif));
        }
    }
    if format != Format::WebP && width <= widest {
        planned.push((width, Format::WebP));
    }
    if settings.avif && width <= widest {
        planned.push((width, Format::Avif));
    }
    planned
}

/// The copies `planned` of `published`, a picture ready to publish in `format` (its
/// metadata out, its pixels turned).
pub fn make(
    published: &[u8],
    format: Format,
    planned: &[(u32, Format)],
    settings: &CopySettings,
) -> Result<Vec<Copy>, PictureError> {
    let failed = |error: &dyn std::fmt::Display| PictureError::CannotResize(error.to_string());
    let pixels = pixels::decode(published, format).map_err(|e| failed(&e))?;
    let mut copies = Vec::with_capacity(planned.len());
    for &(width, copy_format) in planned {
        let resized = match width == pixels.image.width() {
            true => None,
            false => Some(pixels::resized(&pixels, width).map_err(|e| failed(&e))?),
        };
        let quality = match (format, copy_format) {
            (Format::Png, Format::Png) => Quality::Lossless,
            _ => Quality::Lossy(settings.quality),
        };
        let source = resized.as_ref().unwrap_or(&pixels);
        let bytes = pixels::encode(source, copy_format, quality).map_err(|e| failed(&e))?;
        copies.push(Copy {
            width,
            format: copy_format,
            bytes,
        });
    }
    Ok(copies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_planned_narrower_than_the_picture_and_never_wider() {
        let mut settings = CopySettings {
            widths: vec![480, 800, 1200, 1600],
            quality: 80,
            avif: false,
        };
        let jpeg = Format::Jpeg;
        let webp = Format::WebP;
        assert_eq!(
            planned(1000, jpeg, &settings),
            [
                (480, jpeg),
                (480, webp),
                (800, jpeg),
                (800, webp),
                (1000, webp)
            ]
        );
        assert_eq!(
            planned(4000, jpeg, &settings).len(),
            8,
            "no WebP as wide as the photograph"
        );
        assert_eq!(planned(400, jpeg, &settings), [(400, webp)]);
        assert_eq!(planned(1000, webp, &settings), [(480, webp), (800, webp)]);

        settings.avif = true;
        let avif = Format::Avif;
        assert_eq!(
            planned(600, jpeg, &settings),
            [
                (480, jpeg),
                (480, webp),
                (480, avif),
                (600, webp),
                (600, avif)
            ]
        );
        assert_eq!(planned(400, webp, &settings), [(400, avif)]);
    }
}
