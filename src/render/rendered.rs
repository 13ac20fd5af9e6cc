//! Rendered images in memory and writing them to disk atomically.

use std::path::Path;

use super::palette::Rgb;
use super::png::{encode_png, PngColour};
use crate::output::atomic::write_bytes_atomic;
use crate::Result;

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
    pub fn to_png(&self, dpi: f64) -> Vec<u8> {
        encode_png(
            self.width,
            self.height,
            PngColour::Rgb,
            &self.data,
            Some(dpi),
        )
    }
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
        write_bytes_atomic(path, &self.image.to_png(self.dpi))
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
