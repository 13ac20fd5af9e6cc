//! The map legend: sections of rows, each row a swatch, a wrapped label and
//! an optional right-aligned count, in a white box beside the map.
//!
//! Layout and drawing share one routine (run without a painter to measure)
//! so the measured height always matches what is drawn.

use super::canvas::PxRect;
use super::font::{text_width, wrap, ASCENT, LINE_HEIGHT};
use super::layers::{draw_marker, Marker};
use super::paint::{Align, Fill, Painter, PainterExt, Rgba, Stroke, TextRun};
use super::palette::{Rgb, INK, MUTED, TARGET_MET, WHITE};
use crate::Result;

/// What a legend row shows left of its label.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Swatch {
    /// A filled box with a thin grey outline.
    Fill(Rgb),
    /// A box hatched like flagged areas.
    Hatch {
        colour: Rgb,
        spacing: f64,
        width: f64,
    },
    /// A line sample, optionally over a wider casing.
    Line {
        colour: Rgb,
        width: f64,
        dash: Option<Vec<f64>>,
        casing: Option<Rgb>,
    },
    /// A point marker.
    Marker {
        marker: Marker,
        colour: Rgb,
        outline: Rgb,
        size: f64,
    },
    /// A sector wedge.
    Wedge { colour: Rgb, opacity: f64 },
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

struct Metrics {
    pad: f64,
    title_em: f64,
    em: f64,
    note_em: f64,
    header_em: f64,
    swatch_w: f64,
    swatch_h: f64,
    row_gap: f64,
    section_gap: f64,
    col_gap: f64,
}

impl Metrics {
    fn new(u: f64) -> Self {
        Metrics {
            pad: 22.0 * u,
            title_em: 23.0 * u,
            em: 21.0 * u,
            note_em: 16.0 * u,
            header_em: 16.0 * u,
            swatch_w: 46.0 * u,
            swatch_h: 26.0 * u,
            row_gap: 11.0 * u,
            section_gap: 22.0 * u,
            col_gap: 14.0 * u,
        }
    }
}

impl Legend {
    /// Height of the legend box drawn `width` px wide.
    pub fn height(&self, width: f64, u: f64) -> f64 {
        self.run(None, PxRect::from_size(0.0, 0.0, width, 0.0), u)
            .unwrap_or(0.0)
    }

    /// Draw the legend box with its top-left corner at `rect`'s; returns
    /// the height used.
    pub fn draw(&self, p: &mut dyn Painter, rect: PxRect, u: f64) -> Result<f64> {
        let h = self.height(rect.width(), u);
        p.begin_layer("legend", "Legend");
        p.rect(
            PxRect::from_size(rect.x0, rect.y0, rect.width(), h),
            Some(Rgba::opaque(WHITE)),
            Some(&Stroke::solid(Rgb(0xB0, 0xB0, 0xB0), 1.2 * u)),
        );
        let r = self.run(Some(p), rect, u);
        p.end_layer();
        r
    }

    fn run(&self, mut p: Option<&mut dyn Painter>, rect: PxRect, u: f64) -> Result<f64> {
        let m = Metrics::new(u);
        let inner_w = rect.width() - 2.0 * m.pad;
        let x = rect.x0 + m.pad;
        let mut y = rect.y0 + m.pad;
        let count_w = self
            .sections
            .iter()
            .flat_map(|s| {
                s.rows
                    .iter()
                    .filter_map(|r| r.count.as_deref().map(|c| text_width(c, m.em, false)))
                    .chain(
                        s.count_header
                            .as_deref()
                            .map(|h| text_width(h, m.header_em, false)),
                    )
            })
            .fold(0.0, f64::max);
        for (si, section) in self.sections.iter().enumerate() {
            if si > 0 {
                y += m.section_gap;
                if let Some(p) = p.as_deref_mut() {
                    p.line(
                        (x, y - m.section_gap / 2.0),
                        (x + inner_w, y - m.section_gap / 2.0),
                        &Stroke::solid(Rgb(0xDD, 0xDD, 0xDD), 1.0 * u),
                    );
                }
            }
            if let Some(title) = &section.title {
                for line in wrap(title, m.title_em, true, inner_w) {
                    if let Some(p) = p.as_deref_mut() {
                        text(
                            p,
                            &line,
                            x,
                            y + m.title_em * ASCENT,
                            m.title_em,
                            true,
                            INK,
                            Align::Left,
                        )?;
                    }
                    y += m.title_em * LINE_HEIGHT;
                }
                y += 4.0 * u;
            }
            if let Some(header) = &section.count_header {
                if let Some(p) = p.as_deref_mut() {
                    text(
                        p,
                        header,
                        x + inner_w,
                        y + m.header_em * ASCENT,
                        m.header_em,
                        false,
                        MUTED,
                        Align::Right,
                    )?;
                }
                y += m.header_em * LINE_HEIGHT + 2.0 * u;
            }
            let has_counts = section.rows.iter().any(|r| r.count.is_some());
            let label_x = x + m.swatch_w + m.col_gap;
            let label_w = inner_w
                - m.swatch_w
                - m.col_gap
                - if has_counts { count_w + m.col_gap } else { 0.0 };
            for row in &section.rows {
                let lines = wrap(&row.label, m.em, false, label_w.max(40.0 * u));
                let text_h = lines.len() as f64 * m.em * LINE_HEIGHT
                    + row.note.as_ref().map_or(0.0, |_| m.note_em * LINE_HEIGHT);
                let row_h = text_h.max(m.swatch_h);
                if let Some(p) = p.as_deref_mut() {
                    let sw = PxRect::from_size(
                        x,
                        y + (m.em * LINE_HEIGHT - m.swatch_h) / 2.0,
                        m.swatch_w,
                        m.swatch_h,
                    );
                    draw_swatch(p, &row.swatch, sw, u);
                    let mut ty = y;
                    for line in &lines {
                        text(
                            p,
                            line,
                            label_x,
                            ty + m.em * ASCENT,
                            m.em,
                            false,
                            INK,
                            Align::Left,
                        )?;
                        ty += m.em * LINE_HEIGHT;
                    }
                    if let Some(note) = &row.note {
                        text(
                            p,
                            note,
                            label_x,
                            ty + m.note_em * ASCENT,
                            m.note_em,
                            true,
                            TARGET_MET,
                            Align::Left,
                        )?;
                    }
                    if let Some(c) = &row.count {
                        text(
                            p,
                            c,
                            x + inner_w,
                            y + m.em * ASCENT,
                            m.em,
                            false,
                            INK,
                            Align::Right,
                        )?;
                    }
                }
                y += row_h + m.row_gap;
            }
            y -= m.row_gap;
        }
        Ok(y + m.pad - rect.y0)
    }
}

#[allow(clippy::too_many_arguments)]
fn text(
    p: &mut dyn Painter,
    s: &str,
    x: f64,
    baseline: f64,
    em: f64,
    bold: bool,
    colour: Rgb,
    align: Align,
) -> Result<()> {
    p.text(&TextRun {
        text: s,
        x,
        baseline,
        em,
        bold,
        colour: Rgba::opaque(colour),
        align,
        halo: None,
    })
}

fn draw_swatch(p: &mut dyn Painter, s: &Swatch, r: PxRect, u: f64) {
    let outline = Stroke::solid(Rgb(0x8C, 0x8C, 0x8C), 1.0 * u);
    let mid_y = (r.y0 + r.y1) / 2.0;
    let centre = ((r.x0 + r.x1) / 2.0, mid_y);
    match s {
        Swatch::Fill(c) => p.rect(r, Some(Rgba::opaque(*c)), Some(&outline)),
        Swatch::Hatch {
            colour,
            spacing,
            width,
        } => {
            let ring = vec![(r.x0, r.y0), (r.x1, r.y0), (r.x1, r.y1), (r.x0, r.y1)];
            p.rect(r, Some(Rgba::opaque(WHITE)), None);
            p.fill(
                &[ring],
                &Fill::Hatch {
                    colour: Rgba::opaque(*colour),
                    spacing: *spacing,
                    width: *width,
                },
            );
            p.rect(r, None, Some(&outline));
        }
        Swatch::Line {
            colour,
            width,
            dash,
            casing,
        } => {
            let (a, b) = ((r.x0 + 2.0 * u, mid_y), (r.x1 - 2.0 * u, mid_y));
            if let Some(c) = casing {
                p.line(a, b, &Stroke::solid(*c, width + 3.0 * u));
            }
            p.line(
                a,
                b,
                &Stroke {
                    colour: Rgba::opaque(*colour),
                    width: *width,
                    dash: dash.clone(),
                },
            );
        }
        Swatch::Marker {
            marker,
            colour,
            outline,
            size,
        } => draw_marker(p, *marker, centre, *size, *colour, *outline, 1.5 * u),
        Swatch::Wedge { colour, opacity } => {
            let apex = (r.x0 + 8.0 * u, r.y1);
            let ring = vec![apex, (r.x1 - 4.0 * u, r.y0), (r.x1 - 4.0 * u, r.y1)];
            super::layers::draw_wedge(p, &ring, *colour, *opacity, 1.2 * u);
        }
    }
}
