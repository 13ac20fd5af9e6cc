//! Geometry helpers: projecting geo shapes to pixel rings (oriented for the
//! non-zero fill rule, thinned to the pixel grid) and extents.

use geo::{LineString, MultiPolygon, Polygon};

use super::canvas::MapTransform;
use super::paint::Pt;

/// Points closer than this (px) to the previous kept point are dropped.
const MIN_STEP_PX: f64 = 0.3;

/// Twice the signed area of a ring (shoelace; positive = counter-clockwise
/// in a y-up plane, clockwise on screen).
pub(crate) fn signed_area2(ring: &[Pt]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| ring[i].0 * ring[(i + 1) % n].1 - ring[(i + 1) % n].0 * ring[i].1)
        .sum()
}

fn near(a: Pt, b: Pt) -> bool {
    (a.0 - b.0).abs() < MIN_STEP_PX && (a.1 - b.1).abs() < MIN_STEP_PX
}

/// A polyline projected to pixels, near-duplicate points dropped (the last
/// point is kept unless `ring`, where the closing point goes too).
pub(crate) fn line_px(ls: &LineString<f64>, t: &MapTransform, ring: bool) -> Vec<Pt> {
    let mut out: Vec<Pt> = Vec::with_capacity(ls.0.len());
    let n = ls.0.len();
    for (i, c) in
        ls.0.iter()
            .enumerate()
            .filter(|(_, c)| c.x.is_finite() && c.y.is_finite())
    {
        let p = t.to_px(c.x, c.y);
        if out.last().is_some_and(|&q| near(p, q)) && (ring || i + 1 < n) {
            continue;
        }
        out.push(p);
    }
    while ring && out.len() > 1 && near(out[0], out[out.len() - 1]) {
        out.pop();
    }
    out
}

/// The rings of a polygon in pixels, exteriors oriented one way and holes
/// the other (so that non-zero filling leaves holes empty whatever the
/// input orientation). Rings that collapse below 3 points are dropped.
pub(crate) fn polygon_rings_px(p: &Polygon<f64>, t: &MapTransform, out: &mut Vec<Vec<Pt>>) {
    for (k, ls) in std::iter::once(p.exterior())
        .chain(p.interiors())
        .enumerate()
    {
        let mut r = line_px(ls, t, true);
        if r.len() < 3 {
            if k == 0 {
                return; // no exterior: no holes either
            }
            continue;
        }
        if (signed_area2(&r) < 0.0) == (k == 0) {
            r.reverse();
        }
        out.push(r);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::canvas::{bbox, PxRect};
    use geo::polygon;

    #[test]
    fn rings_are_oriented_for_nonzero() {
        // Exterior clockwise and hole counter-clockwise (both "wrong" for
        // the OGC convention): the output must still oppose them.
        let p = polygon!(
            exterior: [(x: 0., y: 0.), (x: 0., y: 10.), (x: 10., y: 10.), (x: 10., y: 0.), (x: 0., y: 0.)],
            interiors: [[(x: 3., y: 3.), (x: 7., y: 3.), (x: 7., y: 7.), (x: 3., y: 7.), (x: 3., y: 3.)]],
        );
        let mp = MultiPolygon(vec![p]);
        let e = bbox([&mp]).unwrap();
        let t = MapTransform::fit(e, PxRect::from_size(0.0, 0.0, 100.0, 100.0), 0.0).unwrap();
        let rings = multipolygon_rings_px(&mp, &t);
        assert_eq!(rings.len(), 2);
        assert_eq!(rings[0].len(), 4, "closing point removed");
        assert!(signed_area2(&rings[0]) > 0.0 && signed_area2(&rings[1]) < 0.0);
    }
}
