//! What is drawn: colours, fills, strokes and text runs, in pixels, as
//! [`SvgPainter`](super::svg::SvgPainter) writes them into an SVG document
//! (rasterised by resvg for the PNG).
//!
//! Fills use the **non-zero** winding rule; polygon rings
//! are oriented by [`crate::render::geom`] (holes opposite to their
//! exterior), so holes stay empty and overlapping parts of a multipolygon
//! still fill once.

use super::palette::Rgb;

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
    /// Parallel lines `(colour, spacing, width, angle)`: `width` px wide,
    /// one every `spacing` px (measured across the lines), turned `angle`°
    /// clockwise from vertical (45: "\\" on screen), over a transparent
    /// background.
    Hatch(Rgb, f64, f64, f64),
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

/// Size, weight and colour of a text run, and an optional light outline
/// behind the glyphs, `(colour, width px)`, that keeps labels readable over
/// any fill.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Font {
    /// CSS font size (em) in px.
    pub em: f64,
    pub bold: bool,
    pub colour: Rgb,
    pub halo: Option<(Rgb, f64)>,
}

impl Font {
    pub fn new(em: f64, bold: bool, colour: Rgb) -> Self {
        let halo = None;
        Font {
            em,
            bold,
            colour,
            halo,
        }
    }
}
