//! Rendered images in memory, PNG encoding (the `png` crate) and writing
//! files atomically.

use std::path::Path;

use super::palette::Rgb;
use crate::output::atomic::write_bytes_atomic;
use crate::{Error, Result};

/// An 8-bit RGB image, row-major from the top.
#[derive(Debug, Clone, PartialEq)]
pub struct RgbImage {
    /// Width in px.
    pub width: u32,
    /// Height in px.
    pub height: u32,
    /// `width × height × 3` bytes.
    pub data: Vec<u8>,
}

impl RgbImage {
    /// The colour at `(x, y)`, or `None` outside the image.
    pub fn pixel(&self, x: u32, y: u32) -> Option<Rgb> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let i = (y as usize * self.width as usize + x as usize) * 3;
        Some(Rgb(self.data[i], self.data[i + 1], self.data[i + 2]))
    }

    /// PNG file bytes, with `dpi` stored in the file.
    pub fn to_png(&self, dpi: f64) -> Result<Vec<u8>> {
        encode_png(
            self.width,
            self.height,
            png::ColorType::Rgb,
            &self.data,
            Some(dpi),
        )
    }
}

/// An 8-bit PNG of `data` (RGB or RGBA rows), with the print resolution in
/// a `pHYs` chunk when `dpi` is given.
pub(crate) fn encode_png(
    w: u32,
    h: u32,
    colour: png::ColorType,
    data: &[u8],
    dpi: Option<f64>,
) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(colour);
    enc.set_depth(png::BitDepth::Eight);
    if let Some(dpi) = dpi.filter(|d| d.is_finite() && *d > 0.0) {
        let ppm = (dpi / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: ppm,
            yppu: ppm,
            unit: png::Unit::Meter,
        }));
    }
    let err = |e: png::EncodingError| Error::Render(format!("cannot encode a {w} × {h} PNG: {e}"));
    let mut writer = enc.write_header().map_err(err)?;
    writer.write_image_data(data).map_err(err)?;
    writer.finish().map_err(err)?;
    Ok(out)
}

/// A rendered map or chart: the raster image and the SVG document, with
/// identical layout.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The raster image (what goes into the PNG).
    pub image: RgbImage,
    /// The SVG document.
    pub svg: String,
    /// Print resolution stored in the PNG (dots per inch).
    pub dpi: f64,
}

impl Rendered {
    /// Write the PNG atomically (see [`crate::output::atomic`]).
    pub fn write_png(&self, path: &Path) -> Result<()> {
        write_bytes_atomic(path, &self.image.to_png(self.dpi)?)
    }

    /// Write the SVG atomically.
    pub fn write_svg(&self, path: &Path) -> Result<()> {
        write_bytes_atomic(path, self.svg.as_bytes())
    }

    /// Write both files.
    pub fn write(&self, png: &Path, svg: &Path) -> Result<()> {
        self.write_png(png)?;
        self.write_svg(svg)
    }
}

#[cfg(test)]
pub(crate) fn decode_png(bytes: &[u8]) -> (u32, u32, usize, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, info.color_type.samples(), buf)
}
