//! Pictures uploaded from the desk, from a phone or a desktop, stored beside their news item
//! (`content/news/1399/07/242513-1.jpg`, published at `/news/1399/07/242513-1.jpg`; see
//! [`crate::content::beside`]). Only a JPEG, PNG or WebP picture is taken, no larger than
//! [`MAX_UPLOAD_BYTES`] and [`MAX_UPLOAD_PIXELS`] (the size is read from its header before a
//! pixel is decoded, so a small file that would decode to gigabytes is refused), decoded
//! whole to be sure it is one, and stored as the site publishes it ([`crate::images::publish`]):
//! its metadata taken out (the GPS position where a phone took it, the device) and its pixels
//! turned as EXIF said. Every picture needs its description, for readers who cannot see it.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::images::{self, PictureError};

/// The largest picture file taken: 20 MiB.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// The most pixels a picture taken may have: 50 million (a phone's 48-megapixel photograph).
pub const MAX_UPLOAD_PIXELS: u64 = 50_000_000;

/// Why an upload was refused; nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the picture has no description: write what it shows, for readers who cannot see it")]
    NoDescription,
    #[error("the file is not a JPEG, PNG or WebP picture")]
    NotAPicture,
    #[error("the file is larger than 20 MiB: save it smaller first")]
    TooLarge,
    #[error("the picture has {0} million pixels, more than 50 million: save it smaller first")]
    TooManyPixels(u64),
    #[error("the picture cannot be read ({0})")]
    Broken(String),
    #[error("{0}")]
    Item(crate::diagnostic::Diagnostic),
    #[error("the picture cannot be written to {path}: {error}", path = .0.display(), error = .1)]
    Write(PathBuf, std::io::Error),
}

impl UploadError {
    /// What the desk tells the editor.
    pub fn persian(&self) -> String {
        match self {
            UploadError::NoDescription => {
                "توضیح تصویر نوشته نشده است: بنویسید در تصویر چه دیده می‌شود، برای خوانندگانی که آن را نمی‌بینند.".into()
            }
            UploadError::NotAPicture => "این فایل تصویر JPEG، PNG یا WebP نیست.".into(),
            UploadError::TooLarge => "این فایل از ۲۰ مگابایت بزرگ‌تر است: نخست آن را کوچک‌تر ذخیره کنید.".into(),
            UploadError::TooManyPixels(millions) => format!(
                "این تصویر {} میلیون نقطه دارد، بیش از ۵۰ میلیون: نخست آن را کوچک‌تر ذخیره کنید.",
                crate::diagnostic::persian_number(*millions)
            ),
            UploadError::Broken(_) => "این تصویر خوانده نمی‌شود: شاید ناقص بارگذاری شده است.".into(),
            UploadError::Item(problem) => problem.message_in(crate::diagnostic::Lang::Fa),
            UploadError::Write(..) => "تصویر نوشته نشد: جای خالی یا دسترسی پوشه را بررسی کنید.".into(),
        }
    }
}

/// A picture stored beside its item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The file, from the site's root.
    pub path: PathBuf,
    /// How the item names it: its file name, relative to the item's folder.
    pub address: String,
    /// Whether metadata that told where it was taken was taken out.
    pub had_position: bool,
}

/// Stores `bytes`, a picture described as `description`, beside the news item at `item` (from
/// the site's root) under the next free name `<item's file name>-<n>.<ext>`.
pub fn store(
    config: &Config,
    item: &Path,
    bytes: &[u8],
    description: &str,
) -> Result<Stored, UploadError> {
    if description.trim().is_empty() {
        return Err(UploadError::NoDescription);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(UploadError::TooLarge);
    }
    let format = images::whole_picture(bytes, MAX_UPLOAD_PIXELS).map_err(|error| match error {
        PictureError::Unknown => UploadError::NotAPicture,
        PictureError::TooManyPixels(count) => UploadError::TooManyPixels(count / 1_000_000),
        other => UploadError::Broken(other.to_string()),
    })?;
    let published =
        images::publish(bytes, format).map_err(|e| UploadError::Broken(e.to_string()))?;
    let full = super::item_form::item_file(config, item).map_err(|error| match error {
        super::item_form::SaveError::File(problem) => UploadError::Item(problem),
        other => UploadError::Broken(format!("{other:?}")),
    })?;
    let folder = full.parent().expect("an item is in a folder");
    let stem = full
        .file_stem()
        .expect("an item file has a name")
        .to_string_lossy();
    let (file, name) = (1..)
        .map(|n| {
            let name = format!("{stem}-{n}.{}", format.extension());
            (folder.join(&name), name)
        })
        .find(|(file, _)| !file.exists())
        .expect("a free name");
    write_new(&file, &published.bytes).map_err(|error| UploadError::Write(file.clone(), error))?;
    Ok(Stored {
        path: config.relative(&file),
        address: name,
        had_position: published.taken.position.is_some(),
    })
}

/// Writes a new file at `path` whole (beside it, then renamed in without replacing another).
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let folder = path.parent().expect("a picture is in a folder");
    let mut partial = tempfile::NamedTempFile::new_in(folder)?;
    partial.write_all(bytes)?;
    partial.as_file().sync_all()?;
    partial.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn site() -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(
            root.join("site.toml"),
            "title = \"t\"\nbase_url = \"https://example.org\"\nlanguage = \"fa\"\n",
        )
        .unwrap();
        fs::create_dir_all(root.join("content/news/1399/07")).unwrap();
        fs::write(
            root.join("content/news/1399/07/242513.md"),
            "---\nid: 242513\ntitle: کارت\ndate: 1399/07/05\n---\n\nمتن.\n",
        )
        .unwrap();
        let config = Config::load(root).unwrap();
        (dir, config)
    }

    const ITEM: &str = "content/news/1399/07/242513.md";

    #[test]
    fn a_phone_photograph_is_stored_beside_its_item_without_its_position() {
        let (_dir, config) = site();
        let photo = images::tests::phone_jpeg(64, 48, 1);
        assert!(images::Taken::read(&photo).position.is_some());
        let stored = store(&config, Path::new(ITEM), &photo, "دفتر ثبت احوال کرج").unwrap();
        assert_eq!(stored.path, Path::new("content/news/1399/07/242513-1.jpg"));
        assert_eq!(stored.address, "242513-1.jpg");
        assert!(stored.had_position);
        let kept = fs::read(config.root.join(&stored.path)).unwrap();
        assert!(images::Taken::read(&kept).position.is_none());
        let second = store(&config, Path::new(ITEM), &photo, "دومی").unwrap();
        assert_eq!(second.address, "242513-2.jpg", "never over another");
    }

    #[test]
    fn what_is_not_a_whole_small_enough_picture_is_refused_and_nothing_is_stored() {
        let (_dir, config) = site();
        let item = Path::new(ITEM);
        let photo = images::tests::phone_jpeg(64, 48, 1);
        let refused =
            |bytes: &[u8], description: &str| store(&config, item, bytes, description).unwrap_err();
        assert!(matches!(refused(&photo, "  "), UploadError::NoDescription));
        assert!(matches!(
            refused(b"<svg onload=alert(1)>", "x"),
            UploadError::NotAPicture
        ));
        assert!(matches!(
            refused(b"%PDF-1.7 not a picture", "x"),
            UploadError::NotAPicture
        ));
        let mut png = Vec::new();
        let pixels = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8, y as u8, 90]));
        pixels
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert!(matches!(
            refused(&png[..png.len() - 20], "x"),
            UploadError::Broken(_)
        ));
        // A decompression bomb: a PNG of 100,000 × 100,000 pixels in a few kilobytes.
        let bomb = png_header(100_000, 100_000);
        let bombed = refused(&bomb, "x");
        assert!(
            matches!(bombed, UploadError::TooManyPixels(10_000)),
            "{bombed:?}"
        );
        let big = vec![0xFF; MAX_UPLOAD_BYTES + 1];
        assert!(matches!(refused(&big, "x"), UploadError::TooLarge));
        let outside = store(&config, Path::new("content/../site.toml"), &photo, "x");
        assert!(matches!(outside, Err(UploadError::Item(_))));
        let files = fs::read_dir(config.root.join("content/news/1399/07"))
            .unwrap()
            .count();
        assert_eq!(files, 1, "only the item");
    }

    /// The start of a PNG saying it is `width` × `height` pixels, in a few kilobytes.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut chunk = |kind: &[u8], data: &[u8]| {
            let mut crc = flate2::Crc::new();
            crc.update(kind);
            crc.update(data);
            png.extend((data.len() as u32).to_be_bytes());
            png.extend(kind);
            png.extend(data);
            png.extend(crc.sum().to_be_bytes());
        };
        let mut header = Vec::new();
        header.extend(width.to_be_bytes());
        header.extend(height.to_be_bytes());
        header.extend([8, 2, 0, 0, 0]);
        chunk(b"IHDR", &header);
        // The first rows' zeros, deflated: a bomb's data is all zeros, a thousandth its size.
        let mut zeros = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut zeros, &vec![0; 1 << 20]).unwrap();
        chunk(b"IDAT", &zeros.finish().unwrap());
        chunk(b"IEND", &[]);
        png
    }
}
