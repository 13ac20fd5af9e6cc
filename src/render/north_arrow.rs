//! The north arrow: a two-tone needle with the letter above it, in the
//! frame's top-right corner. The map plane is a local projection with y to
//! the north, so grid north is shown (within a degree of true north for a
//! province-sized transverse Mercator zone).

use super::canvas::PxRect;
use super::font::ASCENT;
use super::paint::{Align, Fill, Font, Rgba, Stroke, TextRun};
use super::palette::{Rgb, INK, WHITE};
use super::svg::SvgPainter;
use crate::lang::{Lang, Term};
use crate::Result;

/// A laid-out north arrow.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NorthArrow {
    /// "N", or the language's letter for north.
    label: &'static str,
    /// Bounding box (for label collision).
    pub bbox: PxRect,
    em: f64,
    needle_h: f64,
    needle_w: f64,
}

impl NorthArrow {
    /// An arrow in the top-right corner of `frame`.
    pub fn new(frame: PxRect, u: f64, lang: Lang) -> Self {
        let em = 24.0 * u;
        let needle_h = 62.0 * u;
        let needle_w = 30.0 * u;
        let margin = 22.0 * u;
        let h = em * 1.1 + 4.0 * u + needle_h;
        let w = needle_w.max(em);
        NorthArrow {
            label: lang.term(Term::North),
            bbox: PxRect::from_size(frame.x1 - margin - w, frame.y0 + margin, w, h),
            em,
            needle_h,
            needle_w,
        }
    }

    /// Draw the arrow.
    pub fn draw(&self, p: &mut SvgPainter, u: f64) -> Result<()> {
        p.begin_layer("north-arrow", "North arrow");
        let cx = (self.bbox.x0 + self.bbox.x1) / 2.0;
        let top = self.bbox.y1 - self.needle_h;
        let bottom = self.bbox.y1;
        let notch = bottom - self.needle_h * 0.28;
        let hw = self.needle_w / 2.0;
        let left = vec![(cx, top), (cx, notch), (cx - hw, bottom)];
        let right = vec![(cx, top), (cx + hw, bottom), (cx, notch)];
        let outline = Stroke::solid(INK, 1.4 * u);
        p.fill(std::slice::from_ref(&left), &Fill::Solid(Rgba::from(INK)));
        p.fill(
            std::slice::from_ref(&right),
            &Fill::Solid(Rgba::from(WHITE)),
        );
        let whole = vec![(cx, top), (cx + hw, bottom), (cx, notch), (cx - hw, bottom)];
        p.stroke(&whole, true, &outline);
        p.text(&TextRun {
            text: self.label,
            x: cx,
            baseline: self.bbox.y0 + self.em * ASCENT * 0.8,
            font: Font::new(self.em, true, INK),
            align: Align::Centre,
            halo: Some((Rgb(0xFF, 0xFF, 0xFF), 4.0 * u)),
        })?;
        p.end_layer();
        Ok(())
    }
}
