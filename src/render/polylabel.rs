//! Label anchors: the pole of inaccessibility of a polygon (the interior
//! point farthest from its boundary, Mapbox's "polylabel" algorithm), which
//! unlike the centroid always lies inside, also for crescent-shaped or
//! holed communes.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use geo::{MultiPolygon, Polygon};

use super::geom::{polygon_area, polygon_contains};

/// The pole of inaccessibility of `p` to within `precision` metres, with
/// its distance to the boundary. `None` for an empty polygon.
///
/// ```
/// use geo::polygon;
/// use phusong::render::polylabel::pole_of_inaccessibility;
/// // An L shape: the pole lies in the thick corner, not at the centroid.
/// let l = polygon![(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 2.), (x: 2., y: 2.),
///                  (x: 2., y: 10.), (x: 0., y: 10.), (x: 0., y: 0.)];
/// let ((x, y), d) = pole_of_inaccessibility(&l, 0.01).unwrap();
/// assert!(x < 2.0 && y < 2.0 && d > 0.9);
/// ```
pub fn pole_of_inaccessibility(p: &Polygon<f64>, precision: f64) -> Option<((f64, f64), f64)> {
    let ext = &p.exterior().0;
    if ext.len() < 4 {
        return None;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for c in ext {
        x0 = x0.min(c.x);
        y0 = y0.min(c.y);
        x1 = x1.max(c.x);
        y1 = y1.max(c.y);
    }
    let (w, h) = (x1 - x0, y1 - y0);
    if !(w.is_finite() && h.is_finite()) {
        return None;
    }
    let cell = w.min(h);
    if cell <= 0.0 {
        return Some(((x0, y0), 0.0));
    }
    let precision = if precision > 0.0 {
        precision
    } else {
        cell / 100.0
    };
    let mut heap = BinaryHeap::new();
    let mut x = x0;
    while x < x1 {
        let mut y = y0;
        while y < y1 {
            heap.push(Cell::new(x + cell / 2.0, y + cell / 2.0, cell / 2.0, p));
            y += cell;
        }
        x += cell;
    }
    let mut best = area_centroid(p)
        .map(|(cx, cy)| Cell::new(cx, cy, 0.0, p))
        .unwrap_or_else(|| Cell::new(x0 + w / 2.0, y0 + h / 2.0, 0.0, p));
    let bbox_centre = Cell::new(x0 + w / 2.0, y0 + h / 2.0, 0.0, p);
    if bbox_centre.d > best.d {
        best = bbox_centre;
    }
    let mut budget = 20_000;
    while let Some(c) = heap.pop() {
        if c.d > best.d {
            best = c;
        }
        if c.max - best.d <= precision || budget == 0 {
            continue;
        }
        budget -= 1;
        let h = c.h / 2.0;
        for (dx, dy) in [(-h, -h), (h, -h), (-h, h), (h, h)] {
            heap.push(Cell::new(c.x + dx, c.y + dy, h, p));
        }
    }
    Some(((best.x, best.y), best.d))
}

/// The label anchor of a multipolygon: the pole of inaccessibility of its
/// largest part, to 1/200 of that part's size.
pub fn label_point(mp: &MultiPolygon<f64>) -> Option<(f64, f64)> {
    let part =
        mp.0.iter()
            .max_by(|a, b| polygon_area(a).total_cmp(&polygon_area(b)))?;
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for c in &part.exterior().0 {
        x0 = x0.min(c.x);
        x1 = x1.max(c.x);
        y0 = y0.min(c.y);
        y1 = y1.max(c.y);
    }
    let precision = ((x1 - x0).max(y1 - y0) / 200.0).max(1e-6);
    pole_of_inaccessibility(part, precision).map(|(p, _)| p)
}

#[derive(Clone, Copy)]
struct Cell {
    x: f64,
    y: f64,
    h: f64,
    d: f64,
    max: f64,
}

impl Cell {
    fn new(x: f64, y: f64, h: f64, p: &Polygon<f64>) -> Self {
        let d = signed_distance(p, x, y);
        Cell {
            x,
            y,
            h,
            d,
            max: d + h * std::f64::consts::SQRT_2,
        }
    }
}

impl PartialEq for Cell {
    fn eq(&self, o: &Self) -> bool {
        self.max == o.max
    }
}
impl Eq for Cell {}
impl PartialOrd for Cell {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Cell {
    fn cmp(&self, o: &Self) -> Ordering {
        self.max.total_cmp(&o.max)
    }
}

/// Distance to the nearest ring edge, positive inside, negative outside.
fn signed_distance(p: &Polygon<f64>, x: f64, y: f64) -> f64 {
    let mut best = f64::INFINITY;
    for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
        for w in ring.0.windows(2) {
            best = best.min(segment_distance2(x, y, w[0].x, w[0].y, w[1].x, w[1].y));
        }
    }
    let d = best.sqrt();
    if polygon_contains(p, x, y) {
        d
    } else {
        -d
    }
}

fn segment_distance2(px: f64, py: f64, ax: f64, ay: f64, bx: f64, by: f64) -> f64 {
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((px - ax) * dx + (py - ay) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (ax + t * dx, ay + t * dy);
    (px - qx).powi(2) + (py - qy).powi(2)
}

fn area_centroid(p: &Polygon<f64>) -> Option<(f64, f64)> {
    let pts = &p.exterior().0;
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for w in pts.windows(2) {
        let f = w[0].x * w[1].y - w[1].x * w[0].y;
        a += f;
        cx += (w[0].x + w[1].x) * f;
        cy += (w[0].y + w[1].y) * f;
    }
    if a.abs() < 1e-12 {
        return None;
    }
    Some((cx / (3.0 * a), cy / (3.0 * a)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn pole_of_a_square_with_a_hole_avoids_the_hole() {
        let p = polygon!(
            exterior: [(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 10.), (x: 0., y: 0.)],
            interiors: [[(x: 3., y: 3.), (x: 7., y: 3.), (x: 7., y: 7.), (x: 3., y: 7.), (x: 3., y: 3.)]],
        );
        let ((x, y), d) = pole_of_inaccessibility(&p, 0.01).unwrap();
        assert!(polygon_contains(&p, x, y));
        assert!(d > 1.4, "{d}");
        let mp = MultiPolygon(vec![p.clone()]);
        let (lx, ly) = label_point(&mp).unwrap();
        assert!(polygon_contains(&p, lx, ly));
    }

    #[test]
    fn square_pole_is_centre() {
        let p = polygon![(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.), (x: 0., y: 0.)];
        let ((x, y), d) = pole_of_inaccessibility(&p, 1e-3).unwrap();
        assert!((x - 2.0).abs() < 0.01 && (y - 2.0).abs() < 0.01 && (d - 2.0).abs() < 0.01);
    }
}
