//! Pictures as a site publishes them. A phone's photograph carries EXIF and XMP metadata:
//! the GPS position where it was taken, the device, the time. Published as it is, it tells
//! every reader where the editor stood. Each JPEG, PNG and WebP picture is published without
//! that metadata; its colour profile stays. A picture that EXIF says to show turned is turned
//! in its pixels first (decoded, turned, encoded again), since the tag that said so goes.
//!
//! A leaf: bytes in, bytes out. Which files are pictures, where the published copies are kept
//! between builds and what is said about them is the pipeline's business
//! ([`crate::pipeline`]).

mod catalog;
mod copies;
mod metadata;
mod pixels;

pub use catalog::{Catalog, Picture, responsive};
pub use copies::{Copy, CopySettings, make as make_copies, planned as planned_copies};
pub use img_parts::Bytes;
pub use metadata::{Position, Taken, animated};

/// The picture formats whose metadata is taken out, and AVIF, which copies may be made in (an
/// AVIF picture of the site's own, like GIF and SVG, is published as it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
    Avif,
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::WebP => "WebP",
            Format::Avif => "AVIF",
        })
    }
}

impl Format {
    /// The format a file's name says it is in (`.jpg`, `.jpeg`, `.png`, `.webp`, in any case).
    pub fn of(path: &std::path::Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::WebP),
            _ => None,
        }
    }
}

/// A picture made ready to publish.
#[derive(Debug)]
pub struct Published {
    /// The picture without its metadata.
    pub bytes: Vec<u8>,
    /// What the metadata taken out said.
    pub taken: Taken,
    /// Whether the pixels were turned, and so the picture encoded again.
    pub turned: bool,
}

impl Format {
    /// The file name extension of a copy in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
            Format::Avif => "avif",
        }
    }

    /// The media type, for `<source type>`.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::WebP => "image/webp",
            Format::Avif => "image/avif",
        }
    }
}

/// Why a picture cannot be published.
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    /// The bytes are not a picture of the format the name says.
    #[error("is not a {0} picture, or is cut short ({1})")]
    NotAPicture(Format, String),
    /// The picture must be turned, but its pixels cannot be decoded or encoded again.
    #[error("cannot be turned as its EXIF orientation says ({0})")]
    CannotTurn(String),
    /// Its pixels cannot be decoded (cut short, or too many), or its copies encoded.
    #[error("cannot be made smaller ({0})")]
    CannotResize(String),
    /// Its first bytes are those of no JPEG, PNG or WebP picture.
    #[error("is not a JPEG, PNG or WebP picture")]
    Unknown,
    /// It has this many pixels, more than allowed.
    #[error("has {} million pixels, too many", .0 / 1_000_000)]
    TooManyPixels(u64),
}

impl PictureError {
    /// The same, in Persian.
    pub fn persian(&self) -> String {
        match self {
            PictureError::NotAPicture(format, _) => {
                format!("تصویر {format} درستی نیست، یا ناقص مانده است")
            }
            PictureError::CannotTurn(_) => {
                "نمی‌توان آن را چنان که برچسب EXIF آن می‌گوید چرخاند".to_string()
            }
            PictureError::CannotResize(_) => {
                "نمی‌توان نسخه‌های کوچک‌تر آن را ساخت (ناقص است یا بسیار بزرگ)".to_string()
            }
            PictureError::Unknown => "تصویر JPEG، PNG یا WebP نیست".to_string(),
            PictureError::TooManyPixels(count) => format!(
                "{} میلیون نقطه دارد که بسیار است",
                crate::diagnostic::persian_number(count / 1_000_000)
            ),
        }
    }
}

/// `bytes`, a picture in `format`, made ready to publish: its metadata taken out, and its
/// pixels turned first when its EXIF orientation says so (not an animated picture's, which
/// would be decoded to its first frame).
pub fn publish(bytes: &[u8], format: Format) -> Result<Published, PictureError> {
    let taken = Taken::read(bytes);
    let (bytes, turned) = match taken.orientation {
        Some(orientation)
            if orientation != 1 && !animated(&Bytes::copy_from_slice(bytes), format) =>
        {
            let turned = pixels::turned(bytes, format, orientation)
                .map_err(|error| PictureError::CannotTurn(error.to_string()))?;
            (metadata::strip(&turned, format)?, true)
        }
        _ => (metadata::strip(bytes, format)?, false),
    };
    Ok(Published {
        bytes,
        taken,
        turned,
    })
}

/// The format of `bytes` by their first bytes (not a file's name), once they are known to
/// hold a whole JPEG, PNG or WebP picture of no more than `max_pixels`: the size is read from
/// the header first, so a small file that would decode to gigabytes (a decompression bomb) is
/// refused before a pixel is decoded; then every pixel is decoded.
pub fn whole_picture(bytes: &[u8], max_pixels: u64) -> Result<Format, PictureError> {
    let format = match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => Format::Jpeg,
        Ok(image::ImageFormat::Png) => Format::Png,
        Ok(image::ImageFormat::WebP) => Format::WebP,
        _ => return Err(PictureError::Unknown),
    };
    let not_one = |error: image::ImageError| PictureError::NotAPicture(format, error.to_string());
    let reader =
        image::ImageReader::with_format(std::io::Cursor::new(bytes), pixels::format_of(format));
    let (width, height) = reader.into_dimensions().map_err(not_one)?;
    let count = u64::from(width) * u64::from(height);
    if count > max_pixels {
        return Err(PictureError::TooManyPixels(count));
    }
    pixels::decode(bytes, format).map_err(not_one)?;
    Ok(format)
}

#[cfg(test)]
pub(crate) mod tests;
