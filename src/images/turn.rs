//! A picture turned in its pixels as its EXIF orientation says, for when the tag that says so
//! is taken out: decoded and encoded again with the `image` crate, in the same format (JPEG
//! at quality [`JPEG_QUALITY`]; PNG and WebP without loss), with its colour profile.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader, Limits, metadata::Orientation};

use super::Format;

/// The quality a turned JPEG is encoded at again: high, since it is the published original.
const JPEG_QUALITY: u8 = 92;

/// The most pixels a picture may have to be decoded: 100 megapixels (a phone's largest
/// sensors have 50–200; a picture of 20,000 × 20,000 made to exhaust memory has 400).
pub const MAX_PIXELS: u64 = 100_000_000;

/// `bytes`, a picture in `format`, with its pixels turned by the EXIF `orientation` (2 to 8).
pub fn turned(bytes: &[u8], format: Format, orientation: u32) -> image::ImageResult<Vec<u8>> {
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(match format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        Format::WebP => image::ImageFormat::WebP,
    });
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let mut decoder = reader.into_decoder()?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(image::ImageError::Limits(
            image::error::LimitError::from_kind(image::error::LimitErrorKind::DimensionError),
        ));
    }
    let profile = decoder.icc_profile()?;
    let mut pixels = DynamicImage::from_decoder(decoder)?;
    let turn = u8::try_from(orientation)
        .ok()
        .and_then(Orientation::from_exif);
    pixels.apply_orientation(turn.unwrap_or(Orientation::NoTransforms));
    encode(&pixels, format, profile)
}

/// `pixels` encoded in `format`, with the colour `profile` when there is one.
fn encode(
    pixels: &DynamicImage,
    format: Format,
    profile: Option<Vec<u8>>,
) -> image::ImageResult<Vec<u8>> {
    let mut out = Vec::new();
    let (width, height) = (pixels.width(), pixels.height());
    match format {
        Format::Jpeg => {
            let mut encoder = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            if let Some(profile) = profile {
                let _ = encoder.set_icc_profile(profile);
            }
            let rgb = pixels.to_rgb8();
            encoder.write_image(&rgb, width, height, image::ExtendedColorType::Rgb8)?;
        }
        Format::Png => {
            let mut encoder = PngEncoder::new(&mut out);
            if let Some(profile) = profile {
                let _ = encoder.set_icc_profile(profile);
            }
            let color = pixels.color().into();
            encoder.write_image(pixels.as_bytes(), width, height, color)?;
        }
        Format::WebP => {
            let mut encoder = WebPEncoder::new_lossless(&mut out);
            if let Some(profile) = profile {
                let _ = encoder.set_icc_profile(profile);
            }
            let rgba = pixels.to_rgba8();
            encoder.write_image(&rgba, width, height, image::ExtendedColorType::Rgba8)?;
        }
    }
    Ok(out)
}
