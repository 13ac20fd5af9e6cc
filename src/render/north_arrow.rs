//! The north arrow: a two-tone needle with the letter above it, in the
//! frame's top-right corner. The map plane is a local projection with y to
//! the north, so grid north is shown (within a degree of true north for a
//! province-sized transverse Mercator zone).

use super::canvas::PxRect;
use super::font::ASCENT;
use super::paint::{Align, Font, Stroke};
use super::palette::{INK, WHITE};
use super::svg::SvgPainter;
use crate::lang::{Lang, Term};

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
    pub fn draw(&self, p: &mut SvgPainter, u: f64) {
        p.begin_layer("north-arrow", "North arrow");
        let cx = (self.bbox.x0 + self.bbox.x1) / 2.0;
        let top = self.bbox.y1 - self.needle_h;
        let bottom = self.bbox.y1;
        let notch = bottom - self.needle_h * 0.28;
        let hw = self.needle_w / 2.0;
        p.polygon(
            &[(cx, top), (cx, notch), (cx - hw, bottom)],
            Some(INK.into()),
            None,
        );
        p.polygon(
            &[(cx, top), (cx + hw, bottom), (cx, notch)],
            Some(WHITE.into()),
            None,
        );
        let whole = [(cx, top), (cx + hw, bottom), (cx, notch), (cx - hw, bottom)];
        p.polygon(&whole, None, Some(&Stroke::solid(INK, 1.4 * u)));
        let font = Font {
            halo: Some((WHITE, 4.0 * u)),
            ..Font::new(self.em, true, INK)
        };
        let baseline = self.bbox.y0 + self.em * ASCENT * 0.8;
        p.text(self.label, cx, baseline, font, Align::Centre);
        p.end();
    }
}
