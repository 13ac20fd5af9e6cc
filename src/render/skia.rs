//! The PNG painter: tiny-skia draws every shape (anti-aliased, non-zero
//! fills, round joins, dashes, masks) and the glyph outlines of
//! [`font`](super::font) into a pixmap.

use tiny_skia::{Color, FillRule, FilterQuality, IntSize, LineCap, LineJoin, Mask, Paint, Path};
use tiny_skia::{
    PathBuilder, Pixmap, PixmapPaint, Rect, Stroke as SkStroke, StrokeDash, Transform,
};

use super::canvas::PxRect;
use super::font::{text_path, text_width};
use super::paint::{Align, Fill, Painter, Pt, Rgba, RgbaImage, Stroke, TextRun};
use super::palette::Rgb;
use super::rendered::RgbImage;
use crate::{Error, Result};

/// Paints into a tiny-skia pixmap.
pub(crate) struct SkiaPainter {
    pixmap: Pixmap,
    /// The clip rectangles in force (pixel-aligned, intersected) and their
    /// mask.
    clips: Vec<(PxRect, Mask)>,
}

fn paint(c: Rgba) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(c.rgb.0, c.rgb.1, c.rgb.2, (c.a * 255.0).round() as u8);
    p
}

fn path(rings: &[Vec<Pt>], close: bool) -> Option<Path> {
    let mut pb = PathBuilder::new();
    for ring in rings.iter().filter(|r| r.len() >= 2) {
        pb.move_to(ring[0].0 as f32, ring[0].1 as f32);
        for p in &ring[1..] {
            pb.line_to(p.0 as f32, p.1 as f32);
        }
        if close {
            pb.close();
        }
    }
    pb.finish()
}

impl SkiaPainter {
    /// A `width × height` image filled with `background`.
    pub fn new(width: u32, height: u32, background: Rgb) -> Result<Self> {
        let too_large = || Error::Render(format!("image of {width} × {height} px is too large"));
        let mut pixmap = Pixmap::new(width, height).ok_or_else(too_large)?;
        pixmap.fill(Color::from_rgba8(
            background.0,
            background.1,
            background.2,
            255,
        ));
        Ok(SkiaPainter {
            pixmap,
            clips: Vec::new(),
        })
    }

    /// The finished image (RGB; the page background is opaque).
    pub fn finish(self) -> RgbImage {
        let (width, height) = (self.pixmap.width(), self.pixmap.height());
        let data = self
            .pixmap
            .data()
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        RgbImage {
            width,
            height,
            data,
        }
    }

    fn clip(&self) -> Option<&Mask> {
        self.clips.last().map(|(_, m)| m)
    }

    /// Fill `path` (non-zero), or stroke it, in `c` inside `mask` (the
    /// current clip when `None`).
    fn draw(&mut self, path: &Path, c: Rgba, stroke: Option<&SkStroke>, mask: Option<&Mask>) {
        let (paint, id) = (paint(c), Transform::identity());
        let mask = mask.or(self.clips.last().map(|(_, m)| m));
        match stroke {
            Some(s) => self.pixmap.stroke_path(path, &paint, s, id, mask),
            None => self
                .pixmap
                .fill_path(path, &paint, FillRule::Winding, id, mask),
        }
    }

    /// A mask of `rings` (anti-aliased) inside the current clip.
    fn mask_of(&self, rings: &[Vec<Pt>]) -> Option<Mask> {
        let mut mask = Mask::new(self.pixmap.width(), self.pixmap.height())?;
        mask.fill_path(
            &path(rings, true)?,
            FillRule::Winding,
            true,
            Transform::identity(),
        );
        if let Some(clip) = self.clip() {
            for (m, c) in mask.data_mut().iter_mut().zip(clip.data()) {
                *m = ((u16::from(*m) * u16::from(*c)) / 255) as u8;
            }
        }
        Some(mask)
    }

    /// Diagonal lines over the bounding box of `rings`, drawn only inside
    /// them, where the SVG pattern puts them: a bar `width` wide at the
    /// start of each `spacing` tile rotated 45°, i.e. centred on
    /// (x + y)/√2 = k·spacing + width/2.
    fn hatch(&mut self, rings: &[Vec<Pt>], colour: Rgba, spacing: f64, width: f64) {
        let Some(mask) = self.mask_of(rings) else {
            return;
        };
        let pts = rings.iter().flatten();
        let (x0, x1) = pts
            .clone()
            .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
        let (y0, y1) = pts.fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
        let (s, r2) = (spacing.max(2.0), std::f64::consts::SQRT_2);
        let mut pb = PathBuilder::new();
        for k in ((x0 + y0) / r2 / s).floor() as i64 - 1..=((x1 + y1) / r2 / s).ceil() as i64 {
            let c = (k as f64 * s + width / 2.0) * r2; // the line x + y = c
            pb.move_to(x0 as f32, (c - x0) as f32);
            pb.line_to(x1 as f32, (c - x1) as f32);
        }
        let stroke = SkStroke {
            width: width as f32,
            line_cap: LineCap::Square,
            ..SkStroke::default()
        };
        if let Some(lines) = pb.finish() {
            self.draw(&lines, colour, Some(&stroke), Some(&mask));
        }
    }
}

impl Painter for SkiaPainter {
    fn fill(&mut self, rings: &[Vec<Pt>], fill: &Fill) {
        match *fill {
            Fill::Solid(c) => path(rings, true)
                .iter()
                .for_each(|p| self.draw(p, c, None, None)),
            Fill::Hatch {
                colour,
                spacing,
                width,
            } => self.hatch(rings, colour, spacing, width),
        }
    }

    fn stroke(&mut self, pts: &[Pt], closed: bool, s: &Stroke) {
        let dash = s
            .dash
            .as_ref()
            .map(|d| d.iter().map(|&v| v as f32).collect());
        let (line_cap, line_join) = (LineCap::Round, LineJoin::Round);
        let dash = dash.and_then(|d| StrokeDash::new(d, 0.0));
        let stroke = SkStroke {
            width: s.width as f32,
            line_cap,
            line_join,
            dash,
            ..SkStroke::default()
        };
        if let Some(p) = path(&[pts.to_vec()], closed) {
            self.draw(&p, s.colour, Some(&stroke), None);
        }
    }

    fn circle(&mut self, c: Pt, r: f64, fill: Option<Rgba>, stroke: Option<&Stroke>) {
        let Some(circle) = PathBuilder::from_circle(c.0 as f32, c.1 as f32, r as f32) else {
            return;
        };
        if let Some(f) = fill {
            self.draw(&circle, f, None, None);
        }
        if let Some(s) = stroke {
            let width = s.width as f32;
            self.draw(
                &circle,
                s.colour,
                Some(&SkStroke {
                    width,
                    ..SkStroke::default()
                }),
                None,
            );
        }
    }

    fn text(&mut self, run: &TextRun) -> Result<()> {
        let f = run.font;
        let x = match run.align {
            Align::Left => run.x,
            Align::Centre => run.x - text_width(run.text, f.em, f.bold) / 2.0,
            Align::Right => run.x - text_width(run.text, f.em, f.bold),
        };
        if let Some(glyphs) = text_path(run.text, x, run.baseline, f.em, f.bold)? {
            if let Some((colour, width)) = run.halo {
                let halo = SkStroke {
                    width: width as f32,
                    line_join: LineJoin::Round,
                    ..SkStroke::default()
                };
                self.draw(&glyphs, colour.into(), Some(&halo), None);
            }
            self.draw(&glyphs, f.colour.into(), None, None);
        }
        Ok(())
    }

    fn image(&mut self, image: &RgbaImage, dest: PxRect, opacity: f64, mask: Option<&[Vec<Pt>]>) {
        // tiny-skia wants premultiplied alpha.
        let pm = |v: u8, a: u8| ((u16::from(v) * u16::from(a) + 127) / 255) as u8;
        let data = image.data.chunks_exact(4);
        let data = data.flat_map(|p| [pm(p[0], p[3]), pm(p[1], p[3]), pm(p[2], p[3]), p[3]]);
        let data = data.collect();
        let Some(src) =
            IntSize::from_wh(image.width, image.height).and_then(|s| Pixmap::from_vec(data, s))
        else {
            return;
        };
        let mut owned = None;
        let mask = match mask.map(|rings| self.mask_of(rings)) {
            Some(Some(m)) => Some(&*owned.insert(m)),
            Some(None) => return, // no ring: nothing shows
            None => self.clips.last().map(|(_, m)| m),
        };
        let (sx, sy) = (
            dest.width() / f64::from(image.width),
            dest.height() / f64::from(image.height),
        );
        let t = Transform::from_row(
            sx as f32,
            0.0,
            0.0,
            sy as f32,
            dest.x0 as f32,
            dest.y0 as f32,
        );
        let quality = FilterQuality::Nearest;
        let pp = PixmapPaint {
            opacity: opacity as f32,
            quality,
            ..PixmapPaint::default()
        };
        self.pixmap.draw_pixmap(0, 0, src.as_ref(), &pp, t, mask);
    }

    fn push_clip(&mut self, r: PxRect) {
        let c = self.clips.last().map_or(r, |(c, _)| c.intersection(&r));
        let r = PxRect::new(
            c.x0.round(),
            c.y0.round(),
            c.x1.round().max(c.x0.round()),
            c.y1.round().max(c.y0.round()),
        );
        // The pixmap exists, so a mask of its size can be made.
        let mut mask = Mask::new(self.pixmap.width(), self.pixmap.height()).expect("pixmap size");
        let rect = Rect::from_ltrb(r.x0 as f32, r.y0 as f32, r.x1 as f32, r.y1 as f32);
        if let Some(p) = rect.map(PathBuilder::from_rect) {
            mask.fill_path(&p, FillRule::Winding, false, Transform::identity());
        }
        self.clips.push((r, mask));
    }

    fn pop_clip(&mut self) {
        self.clips.pop();
    }
}
