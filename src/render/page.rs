//! Page furniture shared by maps and charts: the title block and the
//! footnote, as blocks of wrapped text lines.

use super::font::{wrap, ASCENT, LINE_HEIGHT};
use super::paint::{Align, Font};
use super::palette::{Rgb, INK, MUTED};
use super::svg::SvgPainter;

/// One line of a text block.
#[derive(Debug, Clone)]
pub(crate) struct BlockLine {
    pub text: String,
    pub em: f64,
    pub bold: bool,
    pub colour: Rgb,
    /// Extra space above this line, px.
    pub space_before: f64,
}

/// Wrapped lines stacked from a top edge.
#[derive(Debug, Clone, Default)]
pub(crate) struct TextBlock {
    pub lines: Vec<BlockLine>,
}

impl TextBlock {
    /// Append `text` wrapped to `width`.
    pub fn push(
        &mut self,
        text: &str,
        em: f64,
        bold: bool,
        colour: Rgb,
        width: f64,
        space_before: f64,
    ) {
        if text.trim().is_empty() {
            return;
        }
        for (i, line) in wrap(text, em, bold, width).into_iter().enumerate() {
            self.lines.push(BlockLine {
                text: line,
                em,
                bold,
                colour,
                space_before: if i == 0 { space_before } else { 0.0 },
            });
        }
    }

    /// Total height, px.
    pub fn height(&self) -> f64 {
        self.lines
            .iter()
            .map(|l| l.space_before + l.em * LINE_HEIGHT)
            .sum()
    }

    /// Draw with the top-left corner at `(x, y)`.
    pub fn draw(&self, p: &mut SvgPainter, x: f64, y: f64) {
        let mut top = y;
        for l in &self.lines {
            top += l.space_before;
            let font = Font::new(l.em, l.bold, l.colour);
            p.text(&l.text, x, top + l.em * ASCENT, font, Align::Left);
            top += l.em * LINE_HEIGHT;
        }
    }
}

/// Title (bold) and subtitle (muted) wrapped to `width`; `u` is the page
/// scale (page width / 2400).
pub(crate) fn header(title: &str, subtitle: &str, width: f64, u: f64) -> TextBlock {
    let mut b = TextBlock::default();
    b.push(title, 42.0 * u, true, INK, width, 0.0);
    b.push(subtitle, 25.0 * u, false, MUTED, width, 6.0 * u);
    b
}

/// `s` with its first letter in upper case (glossary terms are lower
/// case; legend rows and headings start with a capital).
pub fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The footnote (sources, run date), small and muted.
pub(crate) fn footnote(text: &str, width: f64, u: f64) -> TextBlock {
    let mut b = TextBlock::default();
    b.push(text, 17.0 * u, false, MUTED, width, 0.0);
    b
}
