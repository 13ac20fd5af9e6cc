//! The map legend: sections of rows, each row a swatch, a wrapped label and
//! an optional right-aligned count, in a white box beside the map.
//!
//! Layout and drawing share one routine (run on a throwaway painter to
//! measure) so the measured height always matches what is drawn.

use super::canvas::PxRect;
use super::font::{text_width, wrap, ASCENT, LINE_HEIGHT};
use super::layers::{draw_marker, draw_wedge, Marker};
use super::paint::{Align, Fill, Font, Stroke};
use super::palette::{Rgb, INK, MUTED, TARGET_MET, WHITE};
use super::svg::SvgPainter;

/// What a legend row shows left of its label.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Swatch {
    /// A filled box with a thin grey outline.
    Fill(Rgb),
    /// A white box filled like flagged areas.
    Hatch(Fill),
    /// A line sample.
    Line(Stroke),
    /// A point marker: shape, fill, outline, size.
    Marker(Marker, Rgb, Rgb, f64),
    /// A sector wedge: colour and fill opacity.
    Wedge(Rgb, f64),
}

/// One legend row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub swatch: Swatch,
    pub label: String,
    pub count: Option<String>,
    /// A short green note under the label (e.g. "✓ meets target").
    pub note: Option<String>,
}

impl Row {
    pub fn new(swatch: Swatch, label: impl Into<String>, count: Option<String>) -> Self {
        Row {
            swatch,
            label: label.into(),
            count,
            note: None,
        }
    }
}

/// A titled group of rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Section {
    pub title: Option<String>,
    /// Header of the count column (e.g. "Communes").
    pub count_header: Option<String>,
    pub rows: Vec<Row>,
}

/// The whole legend.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Legend {
    pub sections: Vec<Section>,
}

impl Legend {
    /// Height of the legend box drawn `width` px wide.
    pub fn height(&self, width: f64, u: f64) -> f64 {
        let rect = PxRect::from_size(0.0, 0.0, width, 0.0);
        self.run(&mut SvgPainter::new(0, 0), rect, u)
    }

    /// Draw the legend box with its top-left corner at `rect`'s.
    pub fn draw(&self, p: &mut SvgPainter, rect: PxRect, u: f64) {
        let h = self.height(rect.width(), u);
        p.begin_layer("legend", "Legend");
        let frame = Stroke::solid(Rgb(0xB0, 0xB0, 0xB0), 1.2 * u);
        p.rect(
            PxRect::from_size(rect.x0, rect.y0, rect.width(), h),
            Some(WHITE.into()),
            Some(&frame),
        );
        self.run(p, rect, u);
        p.end();
    }

    /// Lay out (and draw on `p`) from the top of `rect`; returns the height.
    fn run(&self, p: &mut SvgPainter, rect: PxRect, u: f64) -> f64 {
        let (pad, em, small, sw_w, sw_h, gap) =
            (22.0 * u, 21.0 * u, 16.0 * u, 46.0 * u, 26.0 * u, 14.0 * u);
        let (title, body) = (Font::new(23.0 * u, true, INK), Font::new(em, false, INK));
        let inner_w = rect.width() - 2.0 * pad;
        let (x, right) = (rect.x0 + pad, rect.x1 - pad);
        let mut y = rect.y0 + pad;
        let counts = self.sections.iter().flat_map(|s| {
            let rows = s
                .rows
                .iter()
                .filter_map(|r| r.count.as_deref())
                .map(|c| text_width(c, em, false));
            rows.chain(
                s.count_header
                    .as_deref()
                    .map(|h| text_width(h, small, false)),
            )
        });
        let count_w = counts.fold(0.0, f64::max);
        for (si, section) in self.sections.iter().enumerate() {
            if si > 0 {
                y += 22.0 * u;
                p.line(
                    (x, y - 11.0 * u),
                    (right, y - 11.0 * u),
                    &Stroke::solid(Rgb(0xDD, 0xDD, 0xDD), u),
                );
            }
            if let Some(t) = &section.title {
                for line in wrap(t, title.em, true, inner_w) {
                    p.text(&line, x, y + title.em * ASCENT, title, Align::Left);
                    y += title.em * LINE_HEIGHT;
                }
                y += 4.0 * u;
            }
            if let Some(h) = &section.count_header {
                p.text(
                    h,
                    right,
                    y + small * ASCENT,
                    Font::new(small, false, MUTED),
                    Align::Right,
                );
                y += small * LINE_HEIGHT + 2.0 * u;
            }
            let has_counts = section.rows.iter().any(|r| r.count.is_some());
            let label_x = x + sw_w + gap;
            let label_w = inner_w - sw_w - gap - if has_counts { count_w + gap } else { 0.0 };
            for row in &section.rows {
                let swatch = PxRect::from_size(x, y + (em * LINE_HEIGHT - sw_h) / 2.0, sw_w, sw_h);
                draw_swatch(p, &row.swatch, swatch, u);
                let mut ty = y;
                for line in wrap(&row.label, em, false, label_w.max(40.0 * u)) {
                    p.text(&line, label_x, ty + em * ASCENT, body, Align::Left);
                    ty += em * LINE_HEIGHT;
                }
                if let Some(note) = &row.note {
                    p.text(
                        note,
                        label_x,
                        ty + small * ASCENT,
                        Font::new(small, true, TARGET_MET),
                        Align::Left,
                    );
                    ty += small * LINE_HEIGHT;
                }
                if let Some(c) = &row.count {
                    p.text(c, right, y + em * ASCENT, body, Align::Right);
                }
                y += (ty - y).max(sw_h) + 11.0 * u;
            }
            y -= 11.0 * u;
        }
        y + pad - rect.y0
    }
}

fn draw_swatch(p: &mut SvgPainter, s: &Swatch, r: PxRect, u: f64) {
    let outline = Stroke::solid(Rgb(0x8C, 0x8C, 0x8C), u);
    let mid_y = (r.y0 + r.y1) / 2.0;
    match s {
        Swatch::Fill(c) => p.rect(r, Some((*c).into()), Some(&outline)),
        Swatch::Hatch(fill) => {
            p.rect(r, Some(WHITE.into()), None);
            p.fill(&[r.ring()], fill);
            p.rect(r, None, Some(&outline));
        }
        Swatch::Line(stroke) => p.line((r.x0 + 2.0 * u, mid_y), (r.x1 - 2.0 * u, mid_y), stroke),
        Swatch::Marker(m, fill, line, size) => draw_marker(
            p,
            *m,
            ((r.x0 + r.x1) / 2.0, mid_y),
            *size,
            *fill,
            *line,
            1.5 * u,
        ),
        Swatch::Wedge(c, opacity) => {
            let ring = [
                (r.x0 + 8.0 * u, r.y1),
                (r.x1 - 4.0 * u, r.y0),
                (r.x1 - 4.0 * u, r.y1),
            ];
            draw_wedge(p, &ring, *c, *opacity, 1.2 * u);
        }
    }
}
