//! The site's pictures made ready to publish ([`crate::images`]): each JPEG, PNG and WebP
//! static file without its metadata (but in the folders `[images] keep_metadata` names), and
//! its smaller copies, kept in [`PICTURES_FOLDER`] under a hash of the file's bytes (and of
//! the copies' settings), so a picture is decoded once and then copied (or served by the
//! preview) as made. The pages learn each picture's size and copies from the [`Catalog`].

use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::{FxHashSet as HashSet, FxHasher};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, io_persian, persian_number};
use crate::images::{self, Catalog, CopySettings, Format, Picture, PictureError, Position};
use crate::output::statics::StaticFiles;
use crate::persian::bidi::isolate;
use crate::persian::digits::to_persian;
use crate::state_file;

/// The folder of the pictures made, relative to the site's root.
pub const PICTURES_FOLDER: &str = ".akhbar/cache/pictures";

/// What publishing does to a picture, in its version: a picture made by another is made again.
const VERSION: u64 = 2;

/// The site's pictures as the pages show them, and what was found while they were made.
#[derive(Debug, Default)]
pub struct Pictures {
    pub catalog: Catalog,
    /// The pictures left out of the site, or published without smaller copies, and why: what
    /// every build says.
    pub problems: Vec<Diagnostic>,
    /// What `akhbar check` tells of the pictures: those that hold the GPS position they were
    /// taken at (which the published pictures do not), and those more than twice as wide as
    /// the widest copy, wider than any page ever shows them.
    pub for_check: Vec<Diagnostic>,
}

/// Puts in `statics`, in place of each picture found in a static folder, the picture made
/// ready to publish, and beside it its copies; leaves out those that cannot be published, and
/// says which and why. What was made for files the site no longer has is removed from
/// [`PICTURES_FOLDER`].
pub fn prepare(config: &Config, statics: &mut StaticFiles) -> Pictures {
    let folder = config.root.join(PICTURES_FOLDER);
    let settings = config.site.images.copies();
    let found: Vec<(PathBuf, PathBuf, Format)> = statics
        .iter()
        .filter_map(|(path, source)| Some((path.into(), source.into(), Format::of(path)?)))
        .collect();
    let made: Vec<Result<Made, Diagnostic>> = found
        .par_iter()
        .map(|(path, source, format)| {
            let keep = config.site.images.keeps_metadata(path);
            let shown = config.relative(source);
            let picture = Source {
                path,
                source,
                shown: &shown,
                format: *format,
                keep,
            };
            picture.made(&folder, &settings)
        })
        .collect();
    let mut pictures = Pictures::default();
    let mut kept = HashSet::default();
    for ((path, source, _), made) in found.iter().zip(made) {
        let made = match made {
            Ok(made) => made,
            Err(problem) => {
                pictures.problems.push(problem);
                statics.replace(path, None);
                continue;
            }
        };
        let shown = config.relative(source);
        if let Some(position) = made.position {
            pictures.for_check.push(located(&shown, position));
        }
        let widest = settings.widths.last().copied().unwrap_or(u32::MAX);
        let width = made.picture.as_ref().map_or(0, |picture| picture.width);
        if u64::from(width) > 2 * u64::from(widest) {
            pictures.for_check.push(too_wide(&shown, width, widest));
        }
        pictures.problems.extend(made.problem);
        kept.insert(made.file.clone());
        statics.replace(path, Some(made.file));
        for (copy_path, file) in made.copies {
            kept.insert(file.clone());
            statics.replace(&copy_path, Some(file));
        }
        if let Some(picture) = made.picture {
            pictures.catalog.insert(address(path), picture);
        }
    }
    remove_unused(&folder, &kept);
    pictures
}

/// A picture found in a static folder.
struct Source<'a> {
    /// Its path in the published site.
    path: &'a Path,
    source: &'a Path,
    /// Its source as messages name it.
    shown: &'a Path,
    format: Format,
    /// Whether it keeps its metadata.
    keep: bool,
}

/// A picture made ready to publish, with its copies.
struct Made {
    /// The picture as published.
    file: PathBuf,
    /// Its copies: each one's path in the published site, and its file.
    copies: Vec<(PathBuf, PathBuf)>,
    /// What the pages know of it; none when its size cannot be read.
    picture: Option<Picture>,
    /// Where its source said it was taken.
    position: Option<Position>,
    /// Why it has no copies, when it has none though it should.
    problem: Option<Diagnostic>,
}

impl Source<'_> {
    /// The picture made ready to publish in `folder`, with its copies as `settings` say: made
    /// now unless they were made before from the same bytes.
    fn made(&self, folder: &Path, settings: &CopySettings) -> Result<Made, Diagnostic> {
        let bytes = images::Bytes::from(fs::read(self.source).map_err(|error| {
            Diagnostic::new(self.shown, None, format!("cannot be read: {error}"))
                .with_persian("خطای خواندن فایل", io_persian(&error))
        })?);
        let mut hasher = FxHasher::default();
        (VERSION, self.keep).hash(&mut hasher);
        hasher.write(&bytes);
        let key = hasher.finish();
        let file = folder.join(format!("{key:016x}.{}", extension(self.source)));
        let position = images::Taken::read(&bytes).position.filter(|_| !self.keep);
        let moves = images::animated(&bytes, self.format);
        let published = match file.is_file() {
            true => None,
            false => {
                let published = match self.keep {
                    true => bytes.to_vec(),
                    false => {
                        images::publish(&bytes, self.format)
                            .map_err(|e| left_out(self.shown, &e))?
                            .bytes
                    }
                };
                write(&file, &published)?;
                Some(published)
            }
        };
        let mut made = Made {
            file,
            copies: Vec::new(),
            picture: None,
            position,
            problem: None,
        };
        let Ok((width, height)) = size_of(published.as_deref(), &made.file) else {
            return Ok(made);
        };
        settings.hash(&mut hasher);
        let copies_key = hasher.finish();
        // An animated picture gets no copies: each would be a still of its first frame.
        let planned = match moves {
            true => Vec::new(),
            false => images::planned_copies(width, self.format, settings),
        };
        let copies = self.copies(folder, copies_key, &planned);
        match self.make_missing(&made.file, &copies, settings) {
            Ok(copies) => {
                made.picture = Some(self.picture((width, height), &copies));
                made.copies = copies
                    .into_iter()
                    .map(|copy| (copy.path, copy.file))
                    .collect();
            }
            Err(problem) => {
                made.problem = Some(without_copies(self.shown, &problem));
                made.picture = Some(self.picture((width, height), &[]));
            }
        }
        Ok(made)
    }

    /// Where each of the `planned` copies is published and kept.
    fn copies(&self, folder: &Path, key: u64, planned: &[(u32, Format)]) -> Vec<PlannedCopy> {
        let stem = self.path.file_stem().unwrap_or_default().to_string_lossy();
        let short = &format!("{key:016x}")[..8];
        let copies = planned.iter().map(|&(width, format)| {
            let name = format!("{stem}.{short}.{width}.{}", format.extension());
            PlannedCopy {
                width,
                format,
                path: self.path.with_file_name(name),
                file: folder.join(format!("{key:016x}.{width}.{}", format.extension())),
            }
        });
        copies.collect()
    }

    /// Makes the copies of the picture published as `file` that were not made before.
    fn make_missing(
        &self,
        file: &Path,
        copies: &[PlannedCopy],
        settings: &CopySettings,
    ) -> Result<Vec<PlannedCopy>, PictureError> {
        let missing: Vec<(u32, Format)> = copies
            .iter()
            .filter(|copy| !copy.file.is_file())
            .map(|copy| (copy.width, copy.format))
            .collect();
        if !missing.is_empty() {
            let published =
                fs::read(file).map_err(|e| PictureError::CannotResize(e.to_string()))?;
            let made = images::make_copies(&published, self.format, &missing, settings)?;
            for (copy, bytes) in missing.iter().zip(made) {
                let planned = copies.iter().find(|p| (p.width, p.format) == *copy);
                let planned = planned.expect("a missing copy is planned");
                write(&planned.file, &bytes.bytes)
                    .map_err(|problem| PictureError::CannotResize(problem.message))?;
            }
        }
        Ok(copies.to_vec())
    }

    /// The picture as the pages show it: `size`, and `copies` beside it.
    fn picture(&self, (width, height): (u32, u32), copies: &[PlannedCopy]) -> Picture {
        let listed = |format: Format| -> Vec<(u32, String)> {
            let copies = copies.iter().filter(|copy| copy.format == format);
            copies
                .map(|copy| (copy.width, address(&copy.path)))
                .collect()
        };
        let mut own = listed(self.format);
        own.push((width, address(self.path)));
        let webp = match self.format {
            Format::WebP => Vec::new(),
            _ => listed(Format::WebP),
        };
        Picture {
            width,
            height,
            media_type: self.format.media_type(),
            own,
            webp,
            avif: listed(Format::Avif),
        }
    }
}

/// A copy planned: its width, format, path in the published site and file.
#[derive(Debug, Clone)]
struct PlannedCopy {
    width: u32,
    format: Format,
    path: PathBuf,
    file: PathBuf,
}

/// The size of the picture `published` (or, when it was made before, in `file`), from its
/// header.
fn size_of(published: Option<&[u8]>, file: &Path) -> image::ImageResult<(u32, u32)> {
    match published {
        Some(bytes) => image::ImageReader::new(std::io::Cursor::new(bytes))
            .with_guessed_format()?
            .into_dimensions(),
        None => image::ImageReader::open(file)?
            .with_guessed_format()?
            .into_dimensions(),
    }
}

/// The address of the file at `path` in the published site: `/images/karaj-office.jpg`.
fn address(path: &Path) -> String {
    let parts: Vec<_> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    format!("/{}", parts.join("/"))
}

fn extension(path: &Path) -> String {
    path.extension()
        .unwrap_or_default()
        .to_string_lossy()
        .to_lowercase()
}

/// Writes `bytes` to `file` whole, or not at all, readable by all as a published file is (a
/// build copies it with its permissions).
fn write(file: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let written = state_file::replace(file, &[bytes]).and_then(|()| readable_by_all(file));
    written.map_err(|error| {
        Diagnostic::new(file, None, format!("cannot be written: {error}"))
            .with_persian("خطای نوشتن فایل", io_persian(&error))
    })
}

#[cfg(unix)]
fn readable_by_all(file: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(file, fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn readable_by_all(_: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Removes from `folder` the pictures made that are not `kept` (not a file another build is
/// writing there: its name begins with a dot until it is in place).
fn remove_unused(folder: &Path, kept: &HashSet<PathBuf>) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let writing = entry.file_name().to_string_lossy().starts_with('.');
        if !writing && !kept.contains(&path) {
            let _ = fs::remove_file(path);
        }
    }
}

/// The picture at `shown` cannot be published, for `error`.
fn left_out(shown: &Path, error: &PictureError) -> Diagnostic {
    let message = format!(
        "{error}: it is left out of the site; save it again from a picture editor, or take it away"
    );
    let detail = format!(
        "{}: از پایگاه کنار گذاشته شد؛ آن را دوباره با یک ویرایشگر تصویر ذخیره کنید یا بردارید",
        error.persian()
    );
    Diagnostic::new(shown, None, message).with_persian("تصویر نامعتبر", detail)
}

/// The picture at `shown` is published without smaller copies, for `error`.
fn without_copies(shown: &Path, error: &PictureError) -> Diagnostic {
    let message = format!(
        "{error}: it is published as it is, without smaller copies for phones; save it again from a picture editor, smaller"
    );
    let detail = format!(
        "{}: همان‌گونه که هست منتشر شد، بی نسخه‌های کوچک‌تر برای تلفن‌ها؛ آن را با یک ویرایشگر تصویر کوچک‌تر ذخیره کنید",
        error.persian()
    );
    Diagnostic::new(shown, None, message).with_persian("تصویر بی نسخه‌های کوچک", detail)
}

/// The picture at `shown` is `width` pixels wide, more than twice the `widest` copy.
fn too_wide(shown: &Path, width: u32, widest: u32) -> Diagnostic {
    let most = 2 * widest;
    let message = format!(
        "is {width} pixels wide, more than twice the widest copy ({widest}): no page shows it so wide, and a large screen may still download it whole; save it at most {most} pixels wide"
    );
    let detail = format!(
        "{} پیکسل پهنا دارد، بیش از دو برابر پهن‌ترین نسخه ({}): هیچ صفحه‌ای آن را چنین پهن نشان نمی‌دهد و صفحه‌نمایش‌های بزرگ شاید همه‌اش را بارگیری کنند؛ آن را حداکثر {} پیکسل پهن ذخیره کنید",
        persian_number(width),
        persian_number(widest),
        persian_number(most)
    );
    Diagnostic::new(shown, None, message).with_persian("تصویر بیش از اندازه پهن", detail)
}

/// The picture at `shown` holds the GPS `position` where it was taken.
fn located(shown: &Path, position: Position) -> Diagnostic {
    let at = format!("{:.4}, {:.4}", position.latitude, position.longitude);
    let message = format!(
        "holds the GPS position where it was taken ({at}): the site publishes it without its metadata"
    );
    let persian = |degrees: f64| to_persian(&format!("{degrees:.4}")).replace('.', "٫");
    let at = format!(
        "{}، {}",
        persian(position.latitude),
        persian(position.longitude)
    );
    let detail = format!(
        "جایی را که در آن گرفته شده ({}) در خود دارد: پایگاه آن را بی‌فراداده‌هایش منتشر می‌کند",
        isolate(&at)
    );
    Diagnostic::new(shown, None, message).with_persian("مکان عکس", detail)
}
