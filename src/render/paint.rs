//! The drawing interface shared by the PNG and SVG painters.
//!
//! Maps and charts are laid out once, in pixels, and then painted twice
//! through [`Painter`]: by [`SkiaPainter`](super::skia::SkiaPainter) into
//! a tiny-skia pixmap and by [`SvgPainter`](super::svg::SvgPainter) into
//! an SVG document, so both files show exactly the same layout.
//!
//! Fills use the **non-zero** winding rule in both outputs; polygon rings
//! are oriented by [`crate::render::geom`] (holes opposite to their
//! exterior), so holes stay empty and overlapping parts of a multipolygon
//! still fill once.

use super::canvas::PxRect;
use super::palette::Rgb;
use crate::Result;

/// A point in pixels (x right, y down).
pub(crate) type Pt = (f64, f64);

/// A colour with opacity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgba {
    pub rgb: Rgb,
    pub a: f64,
}

impl Rgba {
    pub fn new(rgb: Rgb, a: f64) -> Self {
        Rgba {
            rgb,
            a: a.clamp(0.0, 1.0),
        }
    }
}

impl From<Rgb> for Rgba {
    fn from(rgb: Rgb) -> Self {
        Rgba { rgb, a: 1.0 }
    }
}

/// How the inside of a shape is painted.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Fill {
    /// One colour.
    Solid(Rgba),
    /// Diagonal lines ("/") `width` px wide, one every `spacing` px
    /// (measured across the lines), over a transparent background.
    Hatch {
        colour: Rgba,
        spacing: f64,
        width: f64,
    },
}

/// How a line is drawn: round joins and caps, optional dash pattern
/// (on, off, on, off … in px).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stroke {
    pub colour: Rgba,
    pub width: f64,
    pub dash: Option<Vec<f64>>,
}

impl Stroke {
    pub fn solid(colour: impl Into<Rgba>, width: f64) -> Self {
        Stroke {
            colour: colour.into(),
            width,
            dash: None,
        }
    }
}

/// Horizontal alignment of a text run relative to its `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Centre,
    Right,
}

/// Size, weight and colour of a text run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Font {
    /// CSS font size (em) in px.
    pub em: f64,
    pub bold: bool,
    pub colour: Rgb,
}

impl Font {
    pub fn new(em: f64, bold: bool, colour: Rgb) -> Self {
        Font { em, bold, colour }
    }
}

/// One line of text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextRun<'a> {
    pub text: &'a str,
    pub x: f64,
    pub baseline: f64,
    pub font: Font,
    pub align: Align,
    /// A light outline behind the glyphs, `(colour, width px)`, to keep
    /// labels readable over any fill.
    pub halo: Option<(Rgb, f64)>,
}

/// An RGBA image (straight alpha), row-major from the top.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RgbaImage {
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
}

/// A drawing surface. All coordinates are pixels of the final image.
pub(crate) trait Painter {
    /// Fill the union of `rings` (non-zero rule).
    fn fill(&mut self, rings: &[Vec<Pt>], fill: &Fill);
    /// Stroke a polyline (closed: back to the first point).
    fn stroke(&mut self, path: &[Pt], closed: bool, stroke: &Stroke);
    /// Draw a circle (either part optional).
    fn circle(&mut self, centre: Pt, radius: f64, fill: Option<Rgba>, stroke: Option<&Stroke>);
    /// Draw a line of text.
    fn text(&mut self, run: &TextRun) -> Result<()>;
    /// Draw an image stretched over `dest`, pixels unsmoothed, with an
    /// overall opacity, optionally only inside the union of `mask` rings.
    fn image(&mut self, image: &RgbaImage, dest: PxRect, opacity: f64, mask: Option<&[Vec<Pt>]>);
    /// Clip everything drawn until the matching [`pop_clip`](Self::pop_clip)
    /// to `rect`.
    fn push_clip(&mut self, rect: PxRect);
    /// End the innermost clip.
    fn pop_clip(&mut self);
    /// Start a named layer (an Inkscape layer in SVG; nothing in PNG).
    fn begin_layer(&mut self, _id: &str, _label: &str) {}
    /// End the innermost layer.
    fn end_layer(&mut self) {}
    /// Start a feature (an SVG group with an id and a hover tooltip;
    /// nothing in PNG).
    fn begin_feature(&mut self, _id: &str, _title: &str) {}
    /// End the innermost feature.
    fn end_feature(&mut self) {}
}

/// Helpers built on the [`Painter`] primitives.
pub(crate) trait PainterExt: Painter {
    /// A filled and/or outlined axis-aligned rectangle.
    fn rect(&mut self, r: PxRect, fill: Option<Rgba>, stroke: Option<&Stroke>) {
        self.polygon(
            &[(r.x0, r.y0), (r.x1, r.y0), (r.x1, r.y1), (r.x0, r.y1)],
            fill,
            stroke,
        );
    }

    /// A straight line segment.
    fn line(&mut self, a: Pt, b: Pt, stroke: &Stroke) {
        self.stroke(&[a, b], false, stroke);
    }

    /// A filled polygon with an optional outline.
    fn polygon(&mut self, ring: &[Pt], fill: Option<Rgba>, stroke: Option<&Stroke>) {
        if let Some(f) = fill {
            self.fill(&[ring.to_vec()], &Fill::Solid(f));
        }
        if let Some(s) = stroke {
            self.stroke(ring, true, s);
        }
    }

    /// A line of text without halo.
    fn write(&mut self, text: &str, x: f64, baseline: f64, font: Font, align: Align) -> Result<()> {
        self.text(&TextRun {
            text,
            x,
            baseline,
            font,
            align,
            halo: None,
        })
    }
}

impl<P: Painter + ?Sized> PainterExt for P {}

/// A painter that draws nothing, to measure a layout with the code that
/// draws it.
pub(crate) struct Measure;

impl Painter for Measure {
    fn fill(&mut self, _: &[Vec<Pt>], _: &Fill) {}
    fn stroke(&mut self, _: &[Pt], _: bool, _: &Stroke) {}
    fn circle(&mut self, _: Pt, _: f64, _: Option<Rgba>, _: Option<&Stroke>) {}
    fn text(&mut self, _: &TextRun) -> Result<()> {
        Ok(())
    }
    fn image(&mut self, _: &RgbaImage, _: PxRect, _: f64, _: Option<&[Vec<Pt>]>) {}
    fn push_clip(&mut self, _: PxRect) {}
    fn pop_clip(&mut self) {}
}
