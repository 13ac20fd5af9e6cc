//! An anti-aliased scanline polygon rasteriser (non-zero winding rule).
//!
//! Used by the PNG painter instead of plotters' polygon filler, which
//! works on integer vertices and shows fill and anti-aliasing defects
//! (plotters-rs/plotters#366). Coverage is exact horizontally and sampled
//! on four sub-scanlines vertically, which is plenty at map resolutions.

use super::paint::Pt;

const SUBSAMPLES: usize = 4;

#[derive(Debug, Clone, Copy)]
struct Edge {
    x0: f64,
    y0: f64,
    y1: f64,
    dxdy: f64,
    dir: i32,
}

/// Rasterise the union of `rings` (each implicitly closed) inside the clip
/// rectangle `[cx0, cx1) × [cy0, cy1)` (pixels), calling
/// `plot(x, y, coverage)` once for every pixel with coverage > 0.
pub(crate) fn rasterise(
    rings: &[Vec<Pt>],
    clip: (i32, i32, i32, i32),
    mut plot: impl FnMut(i32, i32, f32),
) {
    let (cx0, cy0, cx1, cy1) = clip;
    if cx1 <= cx0 || cy1 <= cy0 {
        return;
    }
    let mut edges = Vec::new();
    let (mut ymin, mut ymax) = (f64::INFINITY, f64::NEG_INFINITY);
    for ring in rings {
        let n = ring.len();
        if n < 3 {
            continue;
        }
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            if !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite()) {
                continue;
            }
            if a.1 == b.1 {
                continue;
            }
            let (top, bottom, dir) = if a.1 < b.1 { (a, b, 1) } else { (b, a, -1) };
            edges.push(Edge {
                x0: top.0,
                y0: top.1,
                y1: bottom.1,
                dxdy: (bottom.0 - top.0) / (bottom.1 - top.1),
                dir,
            });
            ymin = ymin.min(top.1);
            ymax = ymax.max(bottom.1);
        }
    }
    if edges.is_empty() {
        return;
    }
    edges.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    let py0 = (ymin.floor() as i64).max(i64::from(cy0)) as i32;
    let py1 = (ymax.ceil() as i64).min(i64::from(cy1)) as i32;
    if py0 >= py1 {
        return;
    }

    let width = (cx1 - cx0) as usize;
    let mut cov = vec![0f32; width + 1];
    let mut diff = vec![0f32; width + 2];
    let mut active: Vec<Edge> = Vec::new();
    let mut next = 0;
    let mut crossings: Vec<(f64, i32)> = Vec::new();
    let weight = 1.0 / SUBSAMPLES as f32;
    let (fx0, fx1) = (f64::from(cx0), f64::from(cx1));

    for py in py0..py1 {
        let (mut lo, mut hi) = (usize::MAX, 0usize);
        for s in 0..SUBSAMPLES {
            let sy = f64::from(py) + (s as f64 + 0.5) / SUBSAMPLES as f64;
            while next < edges.len() && edges[next].y0 <= sy {
                active.push(edges[next]);
                next += 1;
            }
            active.retain(|e| e.y1 > sy);
            crossings.clear();
            crossings.extend(
                active
                    .iter()
                    .filter(|e| e.y0 <= sy)
                    .map(|e| (e.x0 + (sy - e.y0) * e.dxdy, e.dir)),
            );
            crossings.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut winding = 0;
            let mut start = 0.0;
            for &(x, dir) in &crossings {
                let before = winding;
                winding += dir;
                if before == 0 && winding != 0 {
                    start = x;
                } else if before != 0 && winding == 0 {
                    // Span [start, x) at this sub-scanline.
                    let xa = start.max(fx0) - fx0;
                    let xb = x.min(fx1) - fx0;
                    if xb <= xa {
                        continue;
                    }
                    let ia = xa.floor() as usize;
                    let ib = (xb.floor() as usize).min(width);
                    if ia == ib {
                        cov[ia] += (xb - xa) as f32 * weight;
                    } else {
                        cov[ia] += (ia as f64 + 1.0 - xa) as f32 * weight;
                        diff[ia + 1] += weight;
                        diff[ib] -= weight;
                        cov[ib] += (xb - ib as f64) as f32 * weight;
                    }
                    lo = lo.min(ia);
                    hi = hi.max(ib);
                }
            }
        }
        if lo > hi {
            continue;
        }
        let mut run = 0f32;
        for x in lo..=hi.min(width) {
            run += diff[x];
            let c = (cov[x] + run).min(1.0);
            if x < width && c > 1.0 / 512.0 {
                plot(cx0 + x as i32, py, c);
            }
            cov[x] = 0.0;
            diff[x] = 0.0;
        }
        diff[hi.min(width) + 1] = 0.0;
    }
}

/// The outline polygons of a stroked polyline with round joins and caps:
/// one quad per segment and one polygonal disc per vertex, all oriented the
/// same way so that their non-zero union is the stroke.
pub(crate) fn stroke_outline(path: &[Pt], closed: bool, width: f64) -> Vec<Vec<Pt>> {
    let hw = width / 2.0;
    let mut out = Vec::new();
    if path.is_empty() || hw <= 0.0 {
        return out;
    }
    let n = path.len();
    let segs = if closed && n > 2 { n } else { n - 1 };
    for i in 0..segs {
        let (a, b) = (path[i], path[(i + 1) % n]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = (dx * dx + dy * dy).sqrt();
        if len < 1e-9 {
            continue;
        }
        let (nx, ny) = (-dy / len * hw, dx / len * hw);
        out.push(vec![
            (a.0 + nx, a.1 + ny),
            (b.0 + nx, b.1 + ny),
            (b.0 - nx, b.1 - ny),
            (a.0 - nx, a.1 - ny),
        ]);
    }
    // Round joins (and caps): discs at the vertices, clockwise on screen
    // like the quads. Thin lines need no visible roundness.
    if hw > 0.75 {
        let k = ((hw * 2.5).ceil() as usize).clamp(6, 24);
        for &p in path {
            out.push(
                (0..k)
                    .map(|j| {
                        let t = -(j as f64) / k as f64 * std::f64::consts::TAU;
                        (p.0 + hw * t.cos(), p.1 + hw * t.sin())
                    })
                    .collect(),
            );
        }
    }
    out
}

/// Split a polyline into dashes (`pattern` = on, off, on, off … px).
pub(crate) fn dashes(path: &[Pt], closed: bool, pattern: &[f64]) -> Vec<Vec<Pt>> {
    let total: f64 = pattern.iter().sum();
    if path.len() < 2 || pattern.is_empty() || total <= 0.0 || pattern.iter().any(|d| *d < 0.0) {
        return vec![path.to_vec()];
    }
    let mut pts = path.to_vec();
    if closed {
        pts.push(path[0]);
    }
    let mut out = Vec::new();
    let mut current: Vec<Pt> = vec![pts[0]];
    let (mut idx, mut left, mut on) = (0usize, pattern[0], true);
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let mut t = 0.0;
        while len - t > left {
            t += left;
            let p = (a.0 + (b.0 - a.0) * t / len, a.1 + (b.1 - a.1) * t / len);
            if on {
                current.push(p);
                out.push(std::mem::take(&mut current));
            } else {
                current = vec![p];
            }
            on = !on;
            idx = (idx + 1) % pattern.len();
            left = pattern[idx];
        }
        left -= len - t;
        if on {
            current.push(b);
        }
    }
    if on && current.len() > 1 {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coverage(rings: &[Vec<Pt>], w: i32, h: i32) -> Vec<f32> {
        let mut img = vec![0f32; (w * h) as usize];
        rasterise(rings, (0, 0, w, h), |x, y, c| {
            img[(y * w + x) as usize] += c
        });
        img
    }

    #[test]
    fn square_has_exact_area() {
        let sq = vec![(2.0, 2.0), (8.0, 2.0), (8.0, 8.0), (2.0, 8.0)];
        let img = coverage(&[sq], 10, 10);
        let total: f32 = img.iter().sum();
        assert!((total - 36.0).abs() < 1e-3, "{total}");
        assert_eq!(img[5 * 10 + 5], 1.0);
        assert_eq!(img[11], 0.0);
        // Half-pixel edges give half coverage.
        let sq = vec![(2.5, 2.0), (8.0, 2.0), (8.0, 8.0), (2.5, 8.0)];
        let img = coverage(&[sq], 10, 10);
        assert!((img[5 * 10 + 2] - 0.5).abs() < 1e-3);
    }

    #[test]
    fn hole_with_opposite_orientation_stays_empty() {
        let outer = vec![(0.0, 0.0), (20.0, 0.0), (20.0, 20.0), (0.0, 20.0)];
        let hole = vec![(5.0, 5.0), (5.0, 15.0), (15.0, 15.0), (15.0, 5.0)];
        let img = coverage(&[outer.clone(), hole], 20, 20);
        assert_eq!(img[10 * 20 + 10], 0.0);
        assert_eq!(img[2 * 20 + 2], 1.0);
        let total: f32 = img.iter().sum();
        assert!((total - 300.0).abs() < 1e-3);
        // Same orientation = overlapping parts: non-zero fills once.
        let inner_same = vec![(5.0, 5.0), (15.0, 5.0), (15.0, 15.0), (5.0, 15.0)];
        let img = coverage(&[outer, inner_same], 20, 20);
        assert_eq!(img[10 * 20 + 10], 1.0);
    }

    #[test]
    fn clip_and_stroke() {
        let sq = vec![(-5.0, -5.0), (50.0, -5.0), (50.0, 50.0), (-5.0, 50.0)];
        let img = coverage(&[sq], 10, 10);
        assert!(img.iter().all(|&c| c == 1.0));
        // A horizontal 2 px line of length 6 with round caps.
        let rings = stroke_outline(&[(2.0, 5.0), (8.0, 5.0)], false, 2.0);
        let img = coverage(&rings, 10, 10);
        assert_eq!(img[4 * 10 + 5], 1.0);
        assert_eq!(img[5 * 10 + 5], 1.0);
        assert_eq!(img[2 * 10 + 5], 0.0);
        let total: f32 = img.iter().sum();
        assert!(
            total > 12.0 && total < 12.0 + std::f32::consts::PI + 0.1,
            "{total}"
        );
    }

    #[test]
    fn dash_pattern() {
        let d = dashes(&[(0.0, 0.0), (10.0, 0.0)], false, &[2.0, 3.0]);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0], vec![(0.0, 0.0), (2.0, 0.0)]);
        assert_eq!(d[1], vec![(5.0, 0.0), (7.0, 0.0)]);
    }
}
