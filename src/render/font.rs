//! The embedded fonts (DejaVu Sans regular and bold) and text metrics.
//!
//! No system font is used at run time: the TTF files are compiled into the
//! binary and registered with plotters' ab_glyph font registry by [`init`].
//! Without registration every text call fails with `FontUnavailable` (and a
//! naive renderer would write a blank image), so all entry points of this
//! module call [`init`] first.
//!
//! Sizes are given as the CSS `font-size` in pixels (the em size), the same
//! number that goes into the SVG, so that PNG and SVG text match. plotters
//! scales glyphs by the font's ascent-to-descent height instead, hence the
//! `PLOTTERS_PER_EM` factor.

use std::sync::OnceLock;

use plotters::style::{FontDesc, FontFamily, FontStyle};

use super::nfc::nfc;
use crate::{Error, Result};

/// DejaVu Sans, regular (Bitstream Vera licence, see
/// `assets/fonts/LICENSE-DejaVu.txt`).
pub static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans, bold.
pub static DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family name under which the fonts are registered with plotters.
pub const FAMILY: &str = "DejaVu Sans";

/// The `font-family` written into SVG files: the embedded face first, then
/// look-alikes, so that viewers without DejaVu keep the layout close.
pub(crate) const SVG_FONT_FAMILY: &str = "'DejaVu Sans', 'Noto Sans', Arial, sans-serif";

/// plotters' font size per CSS em for DejaVu Sans: (ascender − descender) /
/// units per em = (1901 + 483) / 2048.
pub(crate) const PLOTTERS_PER_EM: f64 = 2384.0 / 2048.0;

/// Distance from the top of a text line box to the baseline, in em.
pub(crate) const ASCENT: f64 = 0.95;
/// Height of a text line box, in em.
pub(crate) const LINE_HEIGHT: f64 = 1.22;

/// Register the embedded fonts with plotters (once; later calls are free).
/// Registers [`FAMILY`] and the generic `"sans-serif"`, each in normal and
/// bold, so that plotters charts built elsewhere in the crate also find a
/// font.
pub fn init() -> Result<()> {
    static INIT: OnceLock<std::result::Result<(), String>> = OnceLock::new();
    INIT.get_or_init(|| {
        for family in [FAMILY, "sans-serif"] {
            for (style, bytes) in [
                (FontStyle::Normal, DEJAVU_SANS),
                (FontStyle::Bold, DEJAVU_SANS_BOLD),
            ] {
                plotters::style::register_font(family, style, bytes).map_err(|_| {
                    format!("embedded font {family} ({}) is invalid", style.as_str())
                })?;
            }
        }
        Ok(())
    })
    .clone()
    .map_err(Error::Invalid)
}

fn font_desc(em: f64, bold: bool) -> FontDesc<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    FontDesc::new(FontFamily::Name(FAMILY), em * PLOTTERS_PER_EM, style)
}

/// Advance width in pixels of one line of `text` at `em` px. The text is
/// NFC-normalised first, as when drawn.
pub fn text_width(text: &str, em: f64, bold: bool) -> f64 {
    if text.is_empty() {
        return 0.0;
    }
    // init() only fails if the embedded font is corrupt, which the tests
    // rule out; an estimate keeps layout going in that case.
    if init().is_err() {
        return text.chars().count() as f64 * em * 0.6;
    }
    let text = nfc(text);
    font_desc(em, bold)
        .box_size(&text)
        .map(|(w, _)| f64::from(w))
        .unwrap_or_else(|_| text.chars().count() as f64 * em * 0.6)
}

/// Rasterise one line of text with its baseline starting at `(x, baseline)`;
/// `plot(x, y, coverage)` receives each glyph pixel with its coverage in
/// 0..=1. The text is NFC-normalised first.
pub(crate) fn rasterise_text(
    text: &str,
    x: f64,
    baseline: f64,
    em: f64,
    bold: bool,
    mut plot: impl FnMut(i32, i32, f32),
) -> Result<()> {
    init()?;
    let text = nfc(text);
    let desc = font_desc(em, bold);
    // plotters puts the baseline at y + size / 2.
    let top = (baseline - desc.get_size() / 2.0).round() as i32;
    let left = x.round() as i32;
    desc.draw(&text, (left, top), |px, py, c| {
        plot(px, py, c);
        Ok::<(), ()>(())
    })
    .map_err(|e| Error::Invalid(format!("cannot draw text {text:?}: {e}")))?
    .map_err(|_| Error::Invalid(format!("cannot draw text {text:?}")))
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
                lines.push(std::mem::take(&mut line));
                line = word.to_string();
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
    fn fonts_register_and_measure() {
        init().unwrap();
        init().unwrap(); // idempotent
        let w = text_width("Cà Mau", 20.0, false);
        assert!(w > 40.0 && w < 100.0, "{w}");
        assert!(text_width("Cà Mau", 20.0, true) > w);
        // NFD and NFC measure the same.
        assert_eq!(text_width("Ca\u{300} Mau", 20.0, false), w);
        assert_eq!(text_width("", 20.0, false), 0.0);
    }

    #[test]
    fn vietnamese_glyphs_have_ink() {
        // Every letter of these names has a glyph (a missing glyph would
        // draw nothing or a box of constant size).
        for name in ["Đầm Dơi", "Thới Bình", "Ngọc Hiển", "ỹ", "Ử"] {
            let mut ink = 0.0f32;
            rasterise_text(name, 0.0, 30.0, 24.0, false, |_, _, c| ink += c).unwrap();
            assert!(ink > 20.0, "{name}: {ink}");
        }
    }

    #[test]
    fn baseline_and_cap_height() {
        // "H" at 100 px em: DejaVu cap height is 0.729 em, sitting on the
        // baseline.
        let (mut top, mut bottom) = (i32::MAX, i32::MIN);
        rasterise_text("H", 10.0, 200.0, 100.0, false, |_, y, c| {
            if c > 0.5 {
                top = top.min(y);
                bottom = bottom.max(y);
            }
        })
        .unwrap();
        assert!((bottom - 199).abs() <= 1, "bottom {bottom}");
        assert!((top - (200 - 73)).abs() <= 2, "top {top}");
        let (mut top_b, mut bottom_b) = (i32::MAX, i32::MIN);
        rasterise_text("H", 10.0, 200.0, 100.0, true, |_, y, c| {
            if c > 0.5 {
                top_b = top_b.min(y);
                bottom_b = bottom_b.max(y);
            }
        })
        .unwrap();
        assert!((bottom_b - 199).abs() <= 1, "bold bottom {bottom_b}");
        assert!((top_b - (200 - 73)).abs() <= 2, "bold top {top_b}");
    }

    #[test]
    fn wraps_words() {
        let lines = wrap("Households with 4G coverage by commune", 20.0, false, 200.0);
        assert!(lines.len() >= 2, "{lines:?}");
        for l in &lines {
            assert!(text_width(l, 20.0, false) <= 200.0 || !l.contains(' '));
        }
        assert_eq!(wrap("a\nb", 20.0, false, 500.0), ["a", "b"]);
    }
}
