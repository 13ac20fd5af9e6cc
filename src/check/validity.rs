//! Polygon validity (OGC Simple Features rules) in O(n log n).
//!
//! geo 0.33's `Validation` tests ring self-intersection by comparing every
//! segment with every other (`linestring_has_self_intersection`, O(n²)):
//! about 11 s on one core for Cà Mau's 64 wards (224k vertices, measured).
//! This does the same test with an R-tree of segment envelopes, with geo's
//! exact rule (two segments that intersect, other than at the end of one
//! and the start of the other), and keeps geo's other checks: too few
//! points, non-finite coordinates, holes not inside the shell.

use geo::{Coord, Intersects, Line, LineString, MultiPolygon, Polygon, Relate};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

/// The problems of a multipolygon, as text ("exterior ring has a
/// self-intersection", "polygon 2: hole 1 is not inside the exterior ring").
pub fn polygon_problems(mp: &MultiPolygon<f64>) -> Vec<String> {
    let mut out = Vec::new();
    let many = mp.0.len() > 1;
    for (k, p) in mp.0.iter().enumerate() {
        let prefix = if many {
            format!("polygon {}: ", k + 1)
        } else {
            String::new()
        };
        for msg in single_polygon_problems(p) {
            out.push(format!("{prefix}{msg}"));
        }
    }
    out
}

fn ring_name(i: usize) -> String {
    if i == 0 {
        "exterior ring".into()
    } else {
        format!("hole {i}")
    }
}

fn single_polygon_problems(p: &Polygon<f64>) -> Vec<String> {
    let mut out = Vec::new();
    let mut rings_ok = true;
    for (i, ring) in std::iter::once(p.exterior())
        .chain(p.interiors())
        .enumerate()
    {
        if ring.0.iter().any(|c| !(c.x.is_finite() && c.y.is_finite())) {
            out.push(format!("{} has a non-finite coordinate", ring_name(i)));
            rings_ok = false;
            continue;
        }
        let mut distinct: Vec<(u64, u64)> = ring
            .0
            .iter()
            .map(|c| (c.x.to_bits(), c.y.to_bits()))
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 3 {
            out.push(format!(
                "{} must have at least 3 distinct points",
                ring_name(i)
            ));
            rings_ok = false;
            continue;
        }
        if ring_self_intersects(ring) {
            out.push(format!("{} has a self-intersection", ring_name(i)));
            rings_ok = false;
        }
    }
    if rings_ok && !p.interiors().is_empty() {
        let shell = Polygon::new(p.exterior().clone(), vec![]);
        for (i, hole) in p.interiors().iter().enumerate() {
            let h = Polygon::new(hole.clone(), vec![]);
            if !shell.relate(&h).is_contains() {
                out.push(format!("hole {} is not inside the exterior ring", i + 1));
            }
        }
    }
    out
}

/// Whether two segments of the ring intersect anywhere but where one ends
/// and the next starts (geo's rule, with an R-tree instead of all pairs).
pub fn ring_self_intersects(ring: &LineString<f64>) -> bool {
    let lines: Vec<Line<f64>> = ring.lines().collect();
    let tree = RTree::bulk_load(
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                GeomWithData::new(
                    Rectangle::from_corners(
                        [l.start.x.min(l.end.x), l.start.y.min(l.end.y)],
                        [l.start.x.max(l.end.x), l.start.y.max(l.end.y)],
                    ),
                    i,
                )
            })
            .collect(),
    );
    let touch = |a: Coord<f64>, b: Coord<f64>| a == b;
    for (i, l) in lines.iter().enumerate() {
        let env = AABB::from_corners(
            [l.start.x.min(l.end.x), l.start.y.min(l.end.y)],
            [l.start.x.max(l.end.x), l.start.y.max(l.end.y)],
        );
        for cand in tree.locate_in_envelope_intersecting(env) {
            let j = cand.data;
            if j <= i {
                continue;
            }
            let m = &lines[j];
            if l.intersects(m) && !touch(l.start, m.end) && !touch(l.end, m.start) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Validation;

    fn ring(pts: &[(f64, f64)]) -> LineString<f64> {
        LineString::from(pts.to_vec())
    }

    #[test]
    fn agrees_with_geo_on_simple_cases() {
        let cases = [
            ring(&[(0., 0.), (1., 0.), (1., 1.), (0., 1.), (0., 0.)]),
            ring(&[(0., 0.), (1., 1.), (1., 0.), (0., 1.), (0., 0.)]), // bow-tie
            ring(&[(0., 0.), (2., 0.), (2., 2.), (1., 2.), (1., -1.), (0., 0.)]),
            ring(&[(0., 0.), (1., 0.), (1., 0.), (1., 1.), (0., 1.), (0., 0.)]), // repeated point
            ring(&[(0., 0.), (2., 0.), (1., 0.), (1., 1.), (0., 0.)]),           // spike
        ];
        for r in cases {
            let p = Polygon::new(r.clone(), vec![]);
            let geo_says = p
                .validation_errors()
                .iter()
                .any(|e| e.to_string().contains("self-intersection"));
            assert_eq!(ring_self_intersects(&r), geo_says, "{r:?}");
        }
    }

    #[test]
    fn hole_outside_and_short_ring() {
        let p = Polygon::new(
            ring(&[(0., 0.), (1., 0.), (1., 1.), (0., 1.), (0., 0.)]),
            vec![ring(&[(2., 2.), (3., 2.), (3., 3.), (2., 2.)])],
        );
        assert_eq!(
            polygon_problems(&MultiPolygon(vec![p])),
            vec!["hole 1 is not inside the exterior ring"]
        );
        let p = Polygon::new(ring(&[(0., 0.), (1., 0.), (0., 0.), (0., 0.)]), vec![]);
        assert_eq!(
            polygon_problems(&MultiPolygon(vec![p])),
            vec!["exterior ring must have at least 3 distinct points"]
        );
    }
}
