//! A picture's pixels: decoded (no larger than [`MAX_PIXELS`]), turned as its EXIF
//! orientation says, resized (`fast_image_resize`, Lanczos 3) and encoded again, in its own
//! format (the `image` crate: JPEG at a given quality, PNG without loss) or as lossy WebP
//! (libwebp, through the `webp` crate), with its colour profile where the format keeps one.

use std::io::Cursor;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::avif::AvifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageReader, Limits, metadata::Orientation};

use super::Format;

/// The quality a turned JPEG is encoded at again: high, since it is the published original.
const TURNED_QUALITY: u8 = 92;

/// The speed AVIF copies are encoded at, 1 (slowest, smallest) to 10 (`ravif`'s scale).
const AVIF_SPEED: u8 = 8;

/// The most pixels a picture may have to be decoded: 100 megapixels (a phone's largest
/// sensors have 50–200; a picture of 20,000 × 20,000 made to exhaust memory has 400).
pub const MAX_PIXELS: u64 = 100_000_000;

/// Decoded pixels, with the colour profile they came with.
pub struct Pixels {
    pub image: DynamicImage,
    pub profile: Option<Vec<u8>>,
}

/// The pixels of `bytes`, a picture in `format`; an error for a picture of more than
/// [`MAX_PIXELS`], before its pixels are decoded.
pub fn decode(bytes: &[u8], format: Format) -> image::ImageResult<Pixels> {
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format_of(format));
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    let mut decoder = reader.into_decoder()?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        let kind = image::error::LimitErrorKind::DimensionError;
        return Err(image::ImageError::Limits(
            image::error::LimitError::from_kind(kind),
        ));
    }
    let profile = decoder.icc_profile()?;
    let image = DynamicImage::from_decoder(decoder)?;
    Ok(Pixels { image, profile })
}

/// The `image` crate's name for `format`.
pub fn format_of(format: Format) -> image::ImageFormat {
    match format {
        Format::Jpeg => image::ImageFormat::Jpeg,
        Format::Png => image::ImageFormat::Png,
        Format::WebP => image::ImageFormat::WebP,
        Format::Avif => image::ImageFormat::Avif,
    }
}

/// `bytes`, a picture in `format`, with its pixels turned by the EXIF `orientation` (2 to 8).
pub fn turned(bytes: &[u8], format: Format, orientation: u32) -> image::ImageResult<Vec<u8>> {
    let mut pixels = decode(bytes, format)?;
    let turn = u8::try_from(orientation)
        .ok()
        .and_then(Orientation::from_exif);
    pixels
        .image
        .apply_orientation(turn.unwrap_or(Orientation::NoTransforms));
    let quality = match format {
        Format::Jpeg | Format::Avif => Quality::Lossy(TURNED_QUALITY),
        Format::Png | Format::WebP => Quality::Lossless,
    };
    encode(&pixels, format, quality)
}

/// How a picture is encoded.
#[derive(Debug, Clone, Copy)]
pub enum Quality {
    /// With loss, at this quality (1 to 100): JPEG and WebP (a PNG is always without).
    Lossy(u8),
    /// Without loss (a JPEG at quality 100).
    Lossless,
}

/// `pixels` made `width` wide, the height in proportion (at least 1).
pub fn resized(pixels: &Pixels, width: u32) -> Result<Pixels, fast_image_resize::ResizeError> {
    let source = match pixels.image.color().has_alpha() {
        true => DynamicImage::ImageRgba8(pixels.image.to_rgba8()),
        false => DynamicImage::ImageRgb8(pixels.image.to_rgb8()),
    };
    let height =
        (u64::from(source.height()) * u64::from(width) / u64::from(source.width())).max(1) as u32;
    let mut target = DynamicImage::new(width, height, source.color());
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new().resize(&source, &mut target, &options)?;
    Ok(Pixels {
        image: target,
        profile: pixels.profile.clone(),
    })
}

/// `pixels` encoded in `format` with `quality`, with their colour profile where the encoder
/// keeps one (libwebp's simple encoder does not).
pub fn encode(pixels: &Pixels, format: Format, quality: Quality) -> image::ImageResult<Vec<u8>> {
    let mut out = Vec::new();
    let image = &pixels.image;
    let (width, height) = (image.width(), image.height());
    let profile = pixels.profile.clone();
    match (format, quality) {
        (Format::Jpeg, quality) => {
            let quality = match quality {
                Quality::Lossy(quality) => quality,
                Quality::Lossless => 100,
            };
            let mut encoder = JpegEncoder::new_with_quality(&mut out, quality);
            if let Some(profile) = profile {
                let _ = encoder.set_icc_profile(profile);
            }
            let rgb = image.to_rgb8();
            encoder.write_image(&rgb, width, height, image::ExtendedColorType::Rgb8)?;
        }
        (Format::Png, _) => {
            let mut encoder = PngEncoder::new(&mut out);
            if let Some(profile) = profile {
                let _ = encoder.set_icc_profile(profile);
            }
            encoder.write_image(image.as_bytes(), width, height, image.color().into())?;
        }
        (Format::WebP, Quality::Lossy(quality)) => {
            let encoded = match image.color().has_alpha() {
                true => {
                    let rgba = image.to_rgba8();
                    webp::Encoder::from_rgba(&rgba, width, height).encode(f32::from(quality))
                }
                false => {
                    let rgb = image.to_rgb8();
                    webp::Encoder::from_rgb(&rgb, width, height).encode(f32::from(quality))
                }
            };
            out.extend_from_slice(&encoded);
        }
        (Format::Avif, quality) => {
            let quality = match quality {
                Quality::Lossy(quality) => quality,
                Quality::Lossless => 100,
            };
            let encoder = AvifEncoder::new_with_speed_quality(&mut out, AVIF_SPEED, quality);
            let rgba = image.to_rgba8();
            encoder.write_image(&rgba, width, height, image::ExtendedColorType::Rgba8)?;
        }
        (Format::WebP, Quality::Lossless) => {
            let mut encoder = WebPEncoder::new_lossless(&mut out);
            if let Some(profile) = profile {
                let _ = encoder.set_icc_profile(profile);
            }
            let rgba = image.to_rgba8();
            encoder.write_image(&rgba, width, height, image::ExtendedColorType::Rgba8)?;
        }
    }
    Ok(out)
}
