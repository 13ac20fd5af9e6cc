//! Rendered images in memory: the SVG document, rasterised by resvg with
//! the embedded fonts; PNG encoding (the `png` crate) and writing files
//! atomically.

use std::path::Path;

use resvg::{tiny_skia, usvg};

use super::font::{fontdb, FAMILY};
use super::palette::Rgb;
use crate::output::atomic::write_bytes_atomic;
use crate::{Error, Result};

/// Print resolution stored in the PNG files (dots per inch).
const DPI: f64 = 200.0;

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
        let i = (y as usize * self.width as usize + x as usize) * 3;
        let inside = x < self.width && y < self.height;
        inside.then(|| Rgb(self.data[i], self.data[i + 1], self.data[i + 2]))
    }

    /// PNG file bytes, at 200 dpi.
    pub fn to_png(&self) -> Result<Vec<u8>> {
        let (w, h) = (self.width, self.height);
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let ppm = (DPI / 0.0254).round() as u32;
        let (xppu, yppu, unit) = (ppm, ppm, png::Unit::Meter);
        enc.set_pixel_dims(Some(png::PixelDimensions { xppu, yppu, unit }));
        let err =
            |e: png::EncodingError| Error::Render(format!("cannot encode a {w} × {h} PNG: {e}"));
        let mut writer = enc.write_header().map_err(err)?;
        writer.write_image_data(&self.data).map_err(err)?;
        writer.finish().map_err(err)?;
        Ok(out)
    }

    /// Rasterise an SVG document (drawn on white) with resvg, text in the
    /// embedded fonts.
    pub fn from_svg(svg: &str) -> Result<Self> {
        let opt = usvg::Options {
            fontdb: fontdb(),
            font_family: FAMILY.into(),
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_str(svg, &opt)
            .map_err(|e| Error::Render(format!("cannot read our own SVG: {e}")))?;
        let size = tree.size().to_int_size();
        let (width, height) = (size.width(), size.height());
        let mut pixmap = tiny_skia::Pixmap::new(width, height)
            .ok_or_else(|| Error::Render(format!("image of {width} × {height} px is too large")))?;
        pixmap.fill(tiny_skia::Color::WHITE);
        resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
        // Opaque everywhere (white page), so premultiplied RGB is the colour.
        let data = pixmap.data().chunks_exact(4);
        let data = data.flat_map(|p| [p[0], p[1], p[2]]).collect();
        Ok(RgbImage {
            width,
            height,
            data,
        })
    }
}

/// A rendered map or chart: the SVG document and its raster image.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The raster image (what goes into the PNG).
    pub image: RgbImage,
    /// The SVG document.
    pub svg: String,
}

impl Rendered {
    /// The SVG document and its rasterisation.
    pub fn from_svg(svg: String) -> Result<Self> {
        let image = RgbImage::from_svg(&svg)?;
        Ok(Rendered { image, svg })
    }

    /// Write the PNG and the SVG, each atomically (see
    /// [`crate::output::atomic`]).
    pub fn write(&self, png: &Path, svg: &Path) -> Result<()> {
        write_bytes_atomic(png, &self.image.to_png()?)?;
        write_bytes_atomic(svg, self.svg.as_bytes())
    }
}
