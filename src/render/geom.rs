//! Geometry helpers: projecting geo shapes to pixel rings (oriented for the
//! non-zero fill rule, thinned to the pixel grid), extents and
//! point-in-polygon tests in metres.

use geo::{LineString, MultiPolygon, Polygon};

use super::canvas::{Extent, MapTransform};
use super::paint::Pt;

/// Points closer than this (px) to the previous kept point are dropped.
const MIN_STEP_PX: f64 = 0.3;

/// Twice the signed area of a ring (shoelace; positive = counter-clockwise
/// in a y-up plane, clockwise on screen).
pub(crate) fn signed_area2(ring: &[Pt]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum()
}

/// A ring projected to pixels: closing point removed, near-duplicate points
/// dropped.
pub(crate) fn ring_px(ls: &LineString<f64>, t: &MapTransform) -> Vec<Pt> {
    let mut out: Vec<Pt> = Vec::with_capacity(ls.0.len());
    for c in &ls.0 {
        if !(c.x.is_finite() && c.y.is_finite()) {
            continue;
        }
        let p = t.to_px(c.x, c.y);
        if let Some(&q) = out.last() {
            if (p.0 - q.0).abs() < MIN_STEP_PX && (p.1 - q.1).abs() < MIN_STEP_PX {
                continue;
            }
        }
        out.push(p);
    }
    while out.len() > 1 {
        let (a, b) = (out[0], out[out.len() - 1]);
        if (a.0 - b.0).abs() < MIN_STEP_PX && (a.1 - b.1).abs() < MIN_STEP_PX {
            out.pop();
        } else {
            break;
        }
    }
    out
}

/// A polyline projected to pixels (near-duplicate points dropped, the last
/// point kept).
pub(crate) fn line_px(ls: &LineString<f64>, t: &MapTransform) -> Vec<Pt> {
    let mut out: Vec<Pt> = Vec::with_capacity(ls.0.len());
    let n = ls.0.len();
    for (i, c) in ls.0.iter().enumerate() {
        if !(c.x.is_finite() && c.y.is_finite()) {
            continue;
        }
        let p = t.to_px(c.x, c.y);
        if let Some(&q) = out.last() {
            if i + 1 < n && (p.0 - q.0).abs() < MIN_STEP_PX && (p.1 - q.1).abs() < MIN_STEP_PX {
                continue;
            }
        }
        out.push(p);
    }
    out
}

/// The rings of a polygon in pixels, exteriors oriented one way and holes
/// the other (so that non-zero filling leaves holes empty whatever the
/// input orientation). Rings that collapse below 3 points are dropped.
pub(crate) fn polygon_rings_px(p: &Polygon<f64>, t: &MapTransform, out: &mut Vec<Vec<Pt>>) {
    let mut ext = ring_px(p.exterior(), t);
    if ext.len() < 3 {
        return;
    }
    if signed_area2(&ext) < 0.0 {
        ext.reverse();
    }
    out.push(ext);
    for hole in p.interiors() {
        let mut h = ring_px(hole, t);
        if h.len() < 3 {
            continue;
        }
        if signed_area2(&h) > 0.0 {
            h.reverse();
        }
        out.push(h);
    }
}

/// All rings of a multipolygon in pixels (see [`polygon_rings_px`]).
pub(crate) fn multipolygon_rings_px(mp: &MultiPolygon<f64>, t: &MapTransform) -> Vec<Vec<Pt>> {
    let mut out = Vec::new();
    for p in &mp.0 {
        polygon_rings_px(p, t, &mut out);
    }
    out
}

/// Grow `e` to include every coordinate of `mp`.
pub(crate) fn add_multipolygon(e: &mut Extent, mp: &MultiPolygon<f64>) {
    for p in &mp.0 {
        for c in &p.exterior().0 {
            e.add(c.x, c.y);
        }
    }
}

/// Even-odd point-in-polygon test over all rings of a polygon.
pub(crate) fn polygon_contains(p: &Polygon<f64>, x: f64, y: f64) -> bool {
    let mut inside = false;
    for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
        let pts = &ring.0;
        let n = pts.len();
        if n < 3 {
            continue;
        }
        let mut j = n - 1;
        for i in 0..n {
            let (a, b) = (pts[i], pts[j]);
            if (a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x {
                inside = !inside;
            }
            j = i;
        }
    }
    inside
}

/// True if any part of `mp` contains the point.
pub(crate) fn multipolygon_contains(mp: &MultiPolygon<f64>, x: f64, y: f64) -> bool {
    mp.0.iter().any(|p| polygon_contains(p, x, y))
}

/// Unsigned area of a polygon (exterior minus holes), in square metres.
pub(crate) fn polygon_area(p: &Polygon<f64>) -> f64 {
    let ring_area = |ls: &LineString<f64>| {
        let pts: Vec<Pt> = ls.0.iter().map(|c| (c.x, c.y)).collect();
        signed_area2(&pts).abs() / 2.0
    };
    (ring_area(p.exterior()) - p.interiors().iter().map(ring_area).sum::<f64>()).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::canvas::PxRect;
    use geo::{polygon, MultiPolygon};

    #[test]
    fn rings_are_oriented_for_nonzero() {
        // Input with exterior clockwise and hole counter-clockwise (both
        // "wrong" for the OGC convention): output must still oppose them.
        let p = polygon!(
            exterior: [(x: 0., y: 0.), (x: 0., y: 10.), (x: 10., y: 10.), (x: 10., y: 0.), (x: 0., y: 0.)],
            interiors: [[(x: 3., y: 3.), (x: 7., y: 3.), (x: 7., y: 7.), (x: 3., y: 7.), (x: 3., y: 3.)]],
        );
        let mut e = Extent::empty();
        add_multipolygon(&mut e, &MultiPolygon(vec![p.clone()]));
        let t = MapTransform::fit(e, PxRect::from_size(0.0, 0.0, 100.0, 100.0), 0.0).unwrap();
        let rings = multipolygon_rings_px(&MultiPolygon(vec![p.clone()]), &t);
        assert_eq!(rings.len(), 2);
        assert_eq!(rings[0].len(), 4, "closing point removed");
        assert!(signed_area2(&rings[0]) > 0.0);
        assert!(signed_area2(&rings[1]) < 0.0);
        assert!(polygon_contains(&p, 1.0, 1.0));
        assert!(!polygon_contains(&p, 5.0, 5.0));
        assert_eq!(polygon_area(&p), 100.0 - 16.0);
    }
}
