//! The embedded fonts (DejaVu Sans regular and bold), text metrics and
//! glyph outlines.
//!
//! No system font is used: the TTF files are compiled into the binary and
//! parsed once by ab_glyph ([`init`]). Glyphs are laid out with their
//! advances and kerning at sub-pixel positions and turned into tiny-skia
//! paths, so PNG text is anti-aliased like every other shape and a label's
//! halo is a true stroke of its outline, as `paint-order="stroke"` draws it
//! in the SVG. Sizes are the CSS `font-size` in px (the em), the number
//! written into the SVG. All text is NFC-normalised first, so Vietnamese in
//! NFD form uses the precomposed glyphs.

use std::borrow::Cow;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, OutlineCurve};
use tiny_skia::{Path, PathBuilder};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::{Error, Result};

/// DejaVu Sans, regular (Bitstream Vera licence, see
/// `assets/fonts/LICENSE-DejaVu.txt`).
pub static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans, bold.
pub static DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family name of the embedded fonts.
pub const FAMILY: &str = "DejaVu Sans";

/// The `font-family` written into SVG files: the embedded face first, then
/// look-alikes, so that viewers without DejaVu keep the layout close.
pub(crate) const SVG_FONT_FAMILY: &str = "'DejaVu Sans', 'Noto Sans', Arial, sans-serif";

/// Distance from the top of a text line box to the baseline, in em.
pub(crate) const ASCENT: f64 = 0.95;
/// Height of a text line box, in em.
pub(crate) const LINE_HEIGHT: f64 = 1.22;

type Faces = [FontRef<'static>; 2];

fn faces() -> Result<&'static Faces> {
    static FACES: OnceLock<std::result::Result<Faces, String>> = OnceLock::new();
    let parse = |bytes| FontRef::try_from_slice(bytes).map_err(|e| e.to_string());
    FACES
        .get_or_init(|| Ok([parse(DEJAVU_SANS)?, parse(DEJAVU_SANS_BOLD)?]))
        .as_ref()
        .map_err(|e| Error::Render(format!("embedded font {FAMILY} is invalid: {e}")))
}

/// Parse the embedded fonts (once; later calls are free). Fails only if
/// the embedded files are corrupt.
pub fn init() -> Result<()> {
    faces().map(|_| ())
}

/// `s` in Unicode NFC (borrowed when it already is).
pub(crate) fn nfc(s: &str) -> Cow<'_, str> {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfc().collect()),
    }
}

/// Glyph positions of one line: `(font, glyph, pen x in px, px per unit)`.
fn layout(
    text: &str,
    em: f64,
    bold: bool,
    mut each: impl FnMut(&FontRef, ab_glyph::GlyphId, f64, f64),
) -> Result<f64> {
    let font = &faces()?[usize::from(bold)];
    let scale = em / f64::from(font.units_per_em().unwrap_or(2048.0));
    let (mut pen, mut prev) = (0.0, None);
    for c in nfc(text).chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            pen += f64::from(font.kern_unscaled(p, id)) * scale;
        }
        each(font, id, pen, scale);
        pen += f64::from(font.h_advance_unscaled(id)) * scale;
        prev = Some(id);
    }
    Ok(pen)
}

/// Advance width in pixels of one line of `text` at `em` px.
pub fn text_width(text: &str, em: f64, bold: bool) -> f64 {
    // Fails only with a corrupt embedded font (ruled out by the tests); an
    // estimate keeps the layout going then.
    layout(text, em, bold, |_, _, _, _| ())
        .unwrap_or_else(|_| text.chars().count() as f64 * em * 0.6)
}

/// The outline of one line of text with its baseline starting at
/// `(x, baseline)`, in px (`None` for blank text).
pub(crate) fn text_path(
    text: &str,
    x: f64,
    baseline: f64,
    em: f64,
    bold: bool,
) -> Result<Option<Path>> {
    let mut pb = PathBuilder::new();
    layout(text, em, bold, |font, id, pen, s| {
        let Some(outline) = font.outline(id) else {
            return;
        };
        let pt = |p: ab_glyph::Point| {
            (
                (x + pen + f64::from(p.x) * s) as f32,
                (baseline - f64::from(p.y) * s) as f32,
            )
        };
        let mut last = None;
        for curve in &outline.curves {
            let (start, end) = match curve {
                OutlineCurve::Line(a, b)
                | OutlineCurve::Quad(a, _, b)
                | OutlineCurve::Cubic(a, _, _, b) => (pt(*a), pt(*b)),
            };
            if last != Some(start) {
                if last.is_some() {
                    pb.close();
                }
                pb.move_to(start.0, start.1);
            }
            match curve {
                OutlineCurve::Line(..) => pb.line_to(end.0, end.1),
                OutlineCurve::Quad(_, c, _) => {
                    let c = pt(*c);
                    pb.quad_to(c.0, c.1, end.0, end.1)
                }
                OutlineCurve::Cubic(_, c1, c2, _) => {
                    let (c1, c2) = (pt(*c1), pt(*c2));
                    pb.cubic_to(c1.0, c1.1, c2.0, c2.1, end.0, end.1)
                }
            }
            last = Some(end);
        }
        pb.close();
    })?;
    Ok(pb.finish())
}

/// Greedy word wrap of `text` into lines no wider than `max_width` px
/// (explicit `\n` breaks are kept; a single word wider than the limit gets
/// a line of its own).
pub fn wrap(text: &str, em: f64, bold: bool, max_width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && text_width(&candidate, em, bold) > max_width {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            } else {
                line = candidate;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_nfc_and_outlines() {
        init().unwrap();
        let w = text_width("Cà Mau", 20.0, false);
        assert!(w > 40.0 && w < 100.0, "{w}");
        assert!(text_width("Cà Mau", 20.0, true) > w);
        // NFD and NFC measure the same; NFC comes out precomposed.
        assert_eq!(text_width("Ca\u{300} Mau", 20.0, false), w);
        assert_eq!(
            nfc("Xa\u{303} Ngo\u{323}c Hie\u{302}\u{309}n"),
            "Xã Ngọc Hiển"
        );
        assert_eq!(text_width("", 20.0, false), 0.0);
        // "H" at 100 px em sits on the baseline, cap height 0.729 em; every
        // Vietnamese letter has a glyph.
        let b = text_path("H", 10.0, 200.0, 100.0, true)
            .unwrap()
            .unwrap()
            .bounds();
        assert!(
            (b.bottom() - 200.0).abs() < 0.5 && (b.top() - 127.1).abs() < 1.0,
            "{b:?}"
        );
        for name in ["Đầm Dơi", "Ngọc Hiển", "ỹ", "Ử"] {
            let b = text_path(name, 0.0, 30.0, 24.0, false)
                .unwrap()
                .unwrap()
                .bounds();
            assert!(b.width() > 10.0 && b.top() < 15.0, "{name}: {b:?}");
        }
        let lines = wrap("Households with 4G coverage by commune", 20.0, false, 200.0);
        assert!(lines.len() >= 2 && lines.iter().all(|l| text_width(l, 20.0, false) <= 200.0));
        assert_eq!(wrap("a\nb", 20.0, false, 500.0), ["a", "b"]);
    }
}
