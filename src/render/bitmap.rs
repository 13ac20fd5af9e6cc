//! The PNG painter: an RGB pixel buffer with anti-aliased shapes (see
//! [`scanline`](super::scanline)) and text rasterised by plotters' ab_glyph
//! font backend from the embedded fonts.

use super::canvas::PxRect;
use super::font::{rasterise_text, text_width};
use super::paint::{Align, Fill, Painter, Pt, Rgba, RgbaImage, Stroke, TextRun};
use super::palette::Rgb;
use super::rendered::RgbImage;
use super::scanline::{dashes, rasterise, stroke_outline};
use crate::Result;

/// Paints into an RGB buffer.
pub(crate) struct BitmapPainter {
    image: RgbImage,
    clips: Vec<(i32, i32, i32, i32)>,
}

impl BitmapPainter {
    /// A `width × height` image filled with `background`.
    pub fn new(width: u32, height: u32, background: Rgb) -> Self {
        let mut data = vec![0u8; width as usize * height as usize * 3];
        for px in data.chunks_exact_mut(3) {
            px.copy_from_slice(&[background.0, background.1, background.2]);
        }
        BitmapPainter {
            image: RgbImage {
                width,
                height,
                data,
            },
            clips: Vec::new(),
        }
    }

    /// The finished image.
    pub fn finish(self) -> RgbImage {
        self.image
    }

    fn clip(&self) -> (i32, i32, i32, i32) {
        self.clips.last().copied().unwrap_or((
            0,
            0,
            self.image.width as i32,
            self.image.height as i32,
        ))
    }

    #[inline]
    fn blend(&mut self, x: i32, y: i32, c: Rgb, a: f64) {
        let clip = self.clip();
        blend_px(&mut self.image, clip, x, y, c, a);
    }

    fn fill_solid(&mut self, rings: &[Vec<Pt>], colour: Rgba) {
        let clip = self.clip();
        let image = &mut self.image;
        rasterise(rings, clip, |x, y, c| {
            blend_px(image, clip, x, y, colour.rgb, colour.a * f64::from(c));
        });
    }
}

/// Blend `c` with opacity `a` into pixel `(x, y)` if it lies inside `clip`.
#[inline]
fn blend_px(image: &mut RgbImage, clip: (i32, i32, i32, i32), x: i32, y: i32, c: Rgb, a: f64) {
    let (cx0, cy0, cx1, cy1) = clip;
    if x < cx0 || y < cy0 || x >= cx1 || y >= cy1 || a <= 0.0 {
        return;
    }
    let i = (y as usize * image.width as usize + x as usize) * 3;
    let px = &mut image.data[i..i + 3];
    if a >= 1.0 {
        px.copy_from_slice(&[c.0, c.1, c.2]);
    } else {
        for (d, s) in px.iter_mut().zip([c.0, c.1, c.2]) {
            *d = (f64::from(*d) + (f64::from(s) - f64::from(*d)) * a).round() as u8;
        }
    }
}

impl Painter for BitmapPainter {
    fn fill(&mut self, rings: &[Vec<Pt>], fill: &Fill) {
        match fill {
            Fill::Solid(c) => self.fill_solid(rings, *c),
            Fill::Hatch {
                colour,
                spacing,
                width,
            } => {
                // Lines x + y = k·spacing·√2 ("/" on screen), drawn as a
                // coverage shader so they are clipped to the shape exactly.
                let clip = self.clip();
                let image = &mut self.image;
                let s = spacing.max(2.0);
                let hw = width / 2.0;
                rasterise(rings, clip, |x, y, c| {
                    let t = (f64::from(x) + f64::from(y) + 1.0) / std::f64::consts::SQRT_2;
                    let m = t.rem_euclid(s);
                    let d = m.min(s - m);
                    let ink = (hw + 0.5 - d).clamp(0.0, 1.0);
                    blend_px(image, clip, x, y, colour.rgb, colour.a * ink * f64::from(c));
                });
            }
        }
    }

    fn stroke(&mut self, path: &[Pt], closed: bool, stroke: &Stroke) {
        if path.len() < 2 || stroke.width <= 0.0 {
            return;
        }
        let pieces = match &stroke.dash {
            Some(pattern) => dashes(path, closed, pattern),
            None => vec![path.to_vec()],
        };
        let closed = closed && stroke.dash.is_none();
        let mut rings = Vec::new();
        for piece in &pieces {
            rings.extend(stroke_outline(piece, closed, stroke.width));
        }
        self.fill_solid(&rings, stroke.colour);
    }

    fn circle(&mut self, centre: Pt, radius: f64, fill: Option<Rgba>, stroke: Option<&Stroke>) {
        let k = ((radius * 2.0).ceil() as usize).clamp(12, 96);
        let ring: Vec<Pt> = (0..k)
            .map(|j| {
                let t = j as f64 / k as f64 * std::f64::consts::TAU;
                (centre.0 + radius * t.cos(), centre.1 + radius * t.sin())
            })
            .collect();
        if let Some(f) = fill {
            self.fill_solid(std::slice::from_ref(&ring), f);
        }
        if let Some(s) = stroke {
            self.stroke(&ring, true, s);
        }
    }

    fn text(&mut self, run: &TextRun) -> Result<()> {
        if run.text.is_empty() {
            return Ok(());
        }
        let x = match run.align {
            Align::Left => run.x,
            Align::Centre => run.x - text_width(run.text, run.em, run.bold) / 2.0,
            Align::Right => run.x - text_width(run.text, run.em, run.bold),
        };
        let mut glyphs: Vec<(i32, i32, f32)> = Vec::new();
        rasterise_text(run.text, x, run.baseline, run.em, run.bold, |x, y, c| {
            glyphs.push((x, y, c))
        })?;
        if let Some((halo, width)) = run.halo {
            // Dilate the glyph coverage by the halo radius.
            let r = (width / 2.0).max(0.5);
            let ri = r.ceil() as i32;
            let mut offsets = Vec::new();
            for dy in -ri..=ri {
                for dx in -ri..=ri {
                    let d = f64::from(dx * dx + dy * dy).sqrt();
                    if d <= r + 0.5 {
                        offsets.push((dx, dy, (r + 0.5 - d).min(1.0)));
                    }
                }
            }
            let gx0 = glyphs.iter().map(|g| g.0).min().unwrap_or(0) - ri;
            let gy0 = glyphs.iter().map(|g| g.1).min().unwrap_or(0) - ri;
            let gx1 = glyphs.iter().map(|g| g.0).max().unwrap_or(0) + ri;
            let gy1 = glyphs.iter().map(|g| g.1).max().unwrap_or(0) + ri;
            let bw = (gx1 - gx0 + 1) as usize;
            let mut mask = vec![0f64; bw * (gy1 - gy0 + 1) as usize];
            for &(gx, gy, c) in &glyphs {
                for &(dx, dy, w) in &offsets {
                    let i = (gy + dy - gy0) as usize * bw + (gx + dx - gx0) as usize;
                    mask[i] = mask[i].max(f64::from(c) * w);
                }
            }
            for (i, &a) in mask.iter().enumerate() {
                if a > 0.0 {
                    let (x, y) = (gx0 + (i % bw) as i32, gy0 + (i / bw) as i32);
                    self.blend(x, y, halo, a * run.colour.a);
                }
            }
        }
        for (x, y, c) in glyphs {
            self.blend(x, y, run.colour.rgb, run.colour.a * f64::from(c));
        }
        Ok(())
    }

    fn image(&mut self, image: &RgbaImage, dest: PxRect, opacity: f64, mask: Option<&[Vec<Pt>]>) {
        if image.width == 0 || image.height == 0 || dest.width() <= 0.0 || dest.height() <= 0.0 {
            return;
        }
        let (cx0, cy0, cx1, cy1) = self.clip();
        let x0 = (dest.x0.floor() as i32).max(cx0);
        let x1 = (dest.x1.ceil() as i32).min(cx1);
        let y0 = (dest.y0.floor() as i32).max(cy0);
        let y1 = (dest.y1.ceil() as i32).min(cy1);
        if x1 <= x0 || y1 <= y0 {
            return;
        }
        let mw = (x1 - x0) as usize;
        let coverage: Option<Vec<f32>> = mask.map(|rings| {
            let mut m = vec![0f32; mw * (y1 - y0) as usize];
            rasterise(rings, (x0, y0, x1, y1), |x, y, c| {
                m[(y - y0) as usize * mw + (x - x0) as usize] = c;
            });
            m
        });
        let (sw, sh) = (f64::from(image.width), f64::from(image.height));
        for y in y0..y1 {
            let v = (f64::from(y) + 0.5 - dest.y0) / dest.height();
            if !(0.0..1.0).contains(&v) {
                continue;
            }
            let sy = ((v * sh) as usize).min(image.height as usize - 1);
            for x in x0..x1 {
                let u = (f64::from(x) + 0.5 - dest.x0) / dest.width();
                if !(0.0..1.0).contains(&u) {
                    continue;
                }
                let sx = ((u * sw) as usize).min(image.width as usize - 1);
                let i = (sy * image.width as usize + sx) * 4;
                let p = &image.data[i..i + 4];
                if p[3] == 0 {
                    continue;
                }
                let m = coverage.as_ref().map_or(1.0, |m| {
                    f64::from(m[(y - y0) as usize * mw + (x - x0) as usize])
                });
                let a = f64::from(p[3]) / 255.0 * opacity * m;
                self.blend(x, y, Rgb(p[0], p[1], p[2]), a);
            }
        }
    }

    fn push_clip(&mut self, rect: PxRect) {
        let (cx0, cy0, cx1, cy1) = self.clip();
        self.clips.push((
            (rect.x0.round() as i32).max(cx0),
            (rect.y0.round() as i32).max(cy0),
            (rect.x1.round() as i32).min(cx1),
            (rect.y1.round() as i32).min(cy1),
        ));
    }

    fn pop_clip(&mut self) {
        self.clips.pop();
    }

    fn begin_layer(&mut self, _id: &str, _label: &str) {}

    fn end_layer(&mut self) {}
}
