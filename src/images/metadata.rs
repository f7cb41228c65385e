//! What a picture's metadata says (EXIF, read with `kamadak-exif`), and the picture without it
//! (its container's segments or chunks, handled with `img-parts`): EXIF, XMP, IPTC, comments
//! and text go; what the pixels need to look right (the colour profile, JFIF, Adobe's colour
//! transform, PNG's colour and gamma chunks) stays.

use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};

use super::{Format, PictureError};

/// Where a picture was taken, in degrees (north and east positive), as its EXIF GPS tags say.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    pub latitude: f64,
    pub longitude: f64,
}

/// What a picture's EXIF metadata says that matters to publishing it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Taken {
    /// The GPS position, when the picture has one.
    pub position: Option<Position>,
    /// The EXIF orientation (1 to 8; 1 is as stored), when the picture has one.
    pub orientation: Option<u32>,
    /// Whether it names the camera or phone (make or model).
    pub device: bool,
}

impl Taken {
    /// What the EXIF metadata of the picture `bytes` (any container `kamadak-exif` reads)
    /// says; nothing when it has none or it cannot be read.
    pub fn read(bytes: &[u8]) -> Taken {
        let Ok(exif) = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes))
        else {
            return Taken::default();
        };
        let field = |tag| exif.get_field(tag, exif::In::PRIMARY);
        let orientation = field(exif::Tag::Orientation).and_then(|f| f.value.get_uint(0));
        let device = field(exif::Tag::Make).is_some() || field(exif::Tag::Model).is_some();
        let degrees = |tag, reference, negative: &[u8]| {
            let exif::Value::Rational(parts) = &field(tag)?.value else {
                return None;
            };
            let value = parts
                .iter()
                .zip([1.0, 60.0, 3600.0])
                .map(|(part, unit)| part.to_f64() / unit)
                .sum::<f64>();
            let sign = match &field(reference)?.value {
                exif::Value::Ascii(text)
                    if text.first().is_some_and(|t| t.starts_with(negative)) =>
                {
                    -1.0
                }
                _ => 1.0,
            };
            value.is_finite().then_some(sign * value)
        };
        let latitude = degrees(exif::Tag::GPSLatitude, exif::Tag::GPSLatitudeRef, b"S");
        let longitude = degrees(exif::Tag::GPSLongitude, exif::Tag::GPSLongitudeRef, b"W");
        let position = latitude
            .zip(longitude)
            .map(|(latitude, longitude)| Position {
                latitude,
                longitude,
            });
        Taken {
            position,
            orientation,
            device,
        }
    }
}

/// The picture `bytes` in `format` without its metadata.
pub fn strip(bytes: &[u8], format: Format) -> Result<Vec<u8>, PictureError> {
    let not_a_picture =
        |error: img_parts::Error| PictureError::NotAPicture(format, error.to_string());
    let bytes = Bytes::copy_from_slice(bytes);
    let mut out = Vec::with_capacity(bytes.len());
    match format {
        Format::Jpeg => {
            let mut jpeg = Jpeg::from_bytes(bytes).map_err(not_a_picture)?;
            jpeg.segments_mut().retain(|segment| {
                let marker = segment.marker();
                let contents = segment.contents();
                match marker {
                    markers::APP0 | markers::APP14 => true,
                    markers::APP2 => contents.starts_with(b"ICC_PROFILE\0"),
                    markers::APP1..=markers::APP15 | markers::COM => false,
                    _ => true,
                }
            });
            jpeg.encoder()
                .write_to(&mut out)
                .map_err(|e| PictureError::NotAPicture(format, e.to_string()))?;
            out.truncate(end_of_image(&out).unwrap_or(out.len()));
        }
        Format::Png => {
            let mut png = Png::from_bytes(bytes).map_err(not_a_picture)?;
            png.chunks_mut().retain(|chunk| {
                !matches!(
                    &chunk.kind(),
                    b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME"
                )
            });
            png.encoder()
                .write_to(&mut out)
                .map_err(|e| PictureError::NotAPicture(format, e.to_string()))?;
        }
        Format::WebP => {
            let mut webp = WebP::from_bytes(bytes).map_err(not_a_picture)?;
            webp.remove_chunks_by_id(*b"XMP ");
            // Taking the EXIF chunk out also sets the header's flags to the chunks left.
            webp.set_exif(None);
            webp.encoder()
                .write_to(&mut out)
                .map_err(|e| PictureError::NotAPicture(format, e.to_string()))?;
        }
        // Only copies are made in AVIF, from pixels alone: none has metadata to take out.
        Format::Avif => {
            let reason = "akhbar does not read an AVIF file's metadata".to_string();
            return Err(PictureError::NotAPicture(format, reason));
        }
    }
    Ok(out)
}

/// Whether the picture `bytes` in `format` moves (an animated PNG's `acTL` chunk, an animated
/// WebP's `ANIM`): a copy would be a still of its first frame, so it gets none. The bytes are
/// shared, not copied: a build asks this of every picture.
pub fn animated(bytes: &Bytes, format: Format) -> bool {
    let bytes = bytes.clone();
    match format {
        Format::Png => {
            Png::from_bytes(bytes).is_ok_and(|png| png.chunk_by_type(*b"acTL").is_some())
        }
        Format::WebP => WebP::from_bytes(bytes).is_ok_and(|webp| webp.has_chunk(*b"ANIM")),
        Format::Jpeg | Format::Avif => false,
    }
}

/// Where the first image of a JPEG file ends (just after its EOI marker): what a phone appends
/// after it (a second, smaller image with its own EXIF, a depth map) is not published. The
/// entropy-coded data escapes every 0xFF byte, so the first marker that is neither a stuffed
/// byte nor a restart marker is a real one; a marker with a length is skipped whole.
fn end_of_image(jpeg: &[u8]) -> Option<usize> {
    let mut at = 2;
    while at + 1 < jpeg.len() {
        if jpeg[at] != 0xFF {
            at += 1;
            continue;
        }
        match jpeg[at + 1] {
            0x00 | 0xFF | 0xD0..=0xD7 | 0x01 => at += 1,
            0xD9 => return Some(at + 2),
            _ => {
                let length = u16::from_be_bytes([*jpeg.get(at + 2)?, *jpeg.get(at + 3)?]);
                at += 2 + usize::from(length);
            }
        }
    }
    None
}
