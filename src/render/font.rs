//! The embedded fonts (DejaVu Sans regular and bold) and text metrics.
//!
//! No system font is used: the TTF files are compiled into the binary,
//! loaded into the `fontdb` that resvg draws the text with ([`fontdb`]),
//! and measured by the same shaper that usvg uses (`rustybuzz`, with the
//! font's kerning), so a layout measured here matches what resvg draws.
//! Sizes are the CSS `font-size` in px (the em). All text is
//! NFC-normalised first, so Vietnamese in NFD form uses the precomposed
//! glyphs.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use resvg::usvg::fontdb::Database;
use rustybuzz::{Face, UnicodeBuffer};
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

type Faces = [Face<'static>; 2];

fn faces() -> Result<&'static Faces> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    let parse = |bytes| Face::from_slice(bytes, 0);
    FACES
        .get_or_init(|| Some([parse(DEJAVU_SANS)?, parse(DEJAVU_SANS_BOLD)?]))
        .as_ref()
        .ok_or_else(|| Error::Render(format!("embedded font {FAMILY} is invalid")))
}

/// The font database resvg draws with: the embedded faces only.
pub(crate) fn fontdb() -> Arc<Database> {
    static DB: OnceLock<Arc<Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = Database::new();
        db.load_font_data(DEJAVU_SANS.to_vec());
        db.load_font_data(DEJAVU_SANS_BOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        Arc::new(db)
    })
    .clone()
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

/// Advance width in pixels of one line of `text` at `em` px, as shaped
/// (kerning included).
pub fn text_width(text: &str, em: f64, bold: bool) -> f64 {
    let Ok(faces) = faces() else {
        // Only with a corrupt embedded font (ruled out by the tests).
        return text.chars().count() as f64 * em * 0.6;
    };
    let face = &faces[usize::from(bold)];
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(&nfc(text));
    buffer.guess_segment_properties();
    let glyphs = rustybuzz::shape(face, &[], buffer);
    let units: i64 = glyphs
        .glyph_positions()
        .iter()
        .map(|p| i64::from(p.x_advance))
        .sum();
    units as f64 * em / f64::from(face.units_per_em().max(1))
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
    fn metrics_and_nfc() {
        init().unwrap();
        let w = text_width("Cà Mau", 20.0, false);
        assert!(w > 40.0 && w < 100.0, "{w}");
        assert!(text_width("Cà Mau", 20.0, true) > w);
        // DejaVu's advance of "H" is 1540/2048 em; NFD and NFC measure
        // the same; NFC comes out precomposed.
        assert!((text_width("H", 2048.0, false) - 1540.0).abs() < 1e-9);
        assert_eq!(text_width("Ca\u{300} Mau", 20.0, false), w);
        let nfd = "Xa\u{303} Ngo\u{323}c Hie\u{302}\u{309}n";
        assert_eq!(nfc(nfd), "Xã Ngọc Hiển");
        assert_eq!(text_width("", 20.0, false), 0.0);
        let lines = wrap("Households with 4G coverage by commune", 20.0, false, 200.0);
        assert!(lines.len() >= 2 && lines.iter().all(|l| text_width(l, 20.0, false) <= 200.0));
        assert_eq!(wrap("a\nb", 20.0, false, 500.0), ["a", "b"]);
        assert_eq!(fontdb().len(), 2);
    }
}
