//! The nearest commune of a household that lies in none: the distance
//! (m, projected) to the nearest commune and which commune it is, for the
//! `outside` / `far-outside` findings and for `snap_outside_m`.
//!
//! The distance is geo's exact Euclidean distance from the point to the
//! commune's projected multipolygon (0 when a polygon contains or touches
//! the point, else the least distance to an edge of its rings). At equal
//! distances the commune with the **lowest code** (the first in
//! [`crate::input::Areas`]' order) is chosen, as for a household exactly
//! on a boundary between communes.
//!
//! Instead of measuring whole polygons, [`NearestCommune`] keeps an
//! R-tree of every ring edge and one of every polygon's box: the polygons
//! whose box holds the point are tested for containment, and otherwise
//! only the edges within a hair of the nearest one are measured, with the
//! very formula geo uses for a polygon's edges, so that the distance is
//! the same number, bit for bit.

use geo::{BoundingRect, Distance, Euclidean, Intersects, Line, MultiPolygon, Point};
use rstar::primitives::{CachedEnvelope, GeomWithData, Rectangle};
use rstar::RTree;

use crate::index::Element;

/// Below this distance (m) from the nearest edge the point may lie on a
/// ring, where geo's tolerant tests say "distance 0": such points are
/// measured on whole polygons ([`NearestCommune::nearest_exact`]).
/// geo's tolerance is about 1e-16 of an edge's length, far below it.
const ON_EDGE_M: f64 = 1e-6;

/// An edge farther than the nearest one by more than this (m, plus a
/// relative 1e-9) cannot be the nearest under geo's formula: the two
/// formulas of a point–segment distance differ by rounding only (about
/// 1e-16 of the coordinates, under 1e-8 m even in UTM northings).
const SLACK_M: f64 = 1e-6;

/// A polygon's box, with the indices of its commune and of the polygon in
/// the commune's multipolygon.
type PolygonBox = GeomWithData<Rectangle<[f64; 2]>, (u32, u32)>;

/// The nearest commune of points outside every commune (see the module
/// documentation for the rule).
pub struct NearestCommune<'a> {
    areas: &'a [MultiPolygon<f64>],
    /// Every ring edge, `feature` = the commune's index (the box kept:
    /// building the tree compares boxes many times over).
    edges: RTree<CachedEnvelope<Element>>,
    /// Every polygon's box, with (commune, polygon) indices.
    boxes: RTree<PolygonBox>,
    /// Each commune's box (`None`: no coordinates), for the exact search.
    area_boxes: Vec<Option<geo::Rect<f64>>>,
    /// Some ring has fewer than two points: geo gives such rings
    /// distances the edges cannot express, so every point is measured on
    /// whole polygons.
    whole: bool,
}

impl<'a> NearestCommune<'a> {
    /// Index the communes' projected multipolygons (in `Areas` order).
    pub fn new(areas: &'a [MultiPolygon<f64>]) -> Self {
        let mut edges = Vec::new();
        let mut boxes = Vec::new();
        let mut whole = false;
        for (k, mp) in areas.iter().enumerate() {
            for (j, poly) in mp.0.iter().enumerate() {
                let rings = std::iter::once(poly.exterior()).chain(poly.interiors());
                for ring in rings {
                    whole |= ring.0.len() < 2;
                    edges.extend(ring.lines().map(|l| {
                        CachedEnvelope::new(Element {
                            a: [l.start.x, l.start.y],
                            b: [l.end.x, l.end.y],
                            feature: k as u32,
                        })
                    }));
                }
                if let Some(r) = poly.bounding_rect() {
                    let (lo, hi) = (r.min(), r.max());
                    boxes.push(GeomWithData::new(
                        Rectangle::from_corners([lo.x, lo.y], [hi.x, hi.y]),
                        (k as u32, j as u32),
                    ));
                }
            }
        }
        NearestCommune {
            areas,
            edges: RTree::bulk_load(edges),
            boxes: RTree::bulk_load(boxes),
            area_boxes: areas.iter().map(|a| a.bounding_rect()).collect(),
            whole,
        }
    }

    /// Distance (m) from the projected point `p` to the nearest commune
    /// and its index (the lowest at equal distances); `(∞, None)` when
    /// there are no communes with coordinates.
    pub fn nearest(&self, p: [f64; 2]) -> (f64, Option<usize>) {
        if self.whole {
            return self.nearest_exact(p);
        }
        let pt = Point::new(p[0], p[1]);
        // A polygon that contains or touches the point: distance 0.
        let inside = self
            .boxes
            .locate_all_at_point(p)
            .map(|b| b.data)
            .filter(|&(k, j)| self.areas[k as usize].0[j as usize].intersects(&pt))
            .map(|(k, _)| k as usize)
            .min();
        if inside.is_some() {
            return (0.0, inside);
        }
        let Some((_, d2)) = self.edges.nearest_neighbor_with_distance_2(p) else {
            return (f64::INFINITY, None);
        };
        let d = d2.sqrt();
        if d <= ON_EDGE_M {
            return self.nearest_exact(p);
        }
        let r = d * (1.0 + 1e-9) + SLACK_M;
        let mut best = (f64::INFINITY, None);
        for e in self.edges.locate_within_distance(p, r * r) {
            let k = e.feature as usize;
            // geo's own point–edge distance (that of its polygon distance).
            let dk = Euclidean.distance(&pt, &Line::new(e.a, e.b));
            if dk < best.0 || (dk == best.0 && best.1.is_none_or(|b| k < b)) {
                best = (dk, Some(k));
            }
        }
        best
    }

    /// [`nearest`](Self::nearest) measured on whole multipolygons (geo's
    /// distance), nearest box first, the lowest index at equal distance.
    pub fn nearest_exact(&self, p: [f64; 2]) -> (f64, Option<usize>) {
        let pt = Point::new(p[0], p[1]);
        let mut order: Vec<(f64, usize)> = self
            .area_boxes
            .iter()
            .enumerate()
            .filter_map(|(k, b)| b.map(|b| (Euclidean.distance(&pt, &b), k)))
            .collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut best = (f64::INFINITY, None);
        for (box_d, k) in order {
            // A commune is never nearer than its box (up to rounding: geo
            // measures the box as a polygon of its own).
            if box_d > best.0 * (1.0 + 1e-9) + SLACK_M {
                break;
            }
            let d = Euclidean.distance(&pt, &self.areas[k]);
            if d < best.0 || (d == best.0 && best.1.is_none_or(|b| k < b)) {
                best = (d, Some(k));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, Polygon};

    fn ring(c: &[(f64, f64)]) -> LineString<f64> {
        let mut v = c.to_vec();
        v.push(c[0]);
        LineString::from(v)
    }

    fn square(x0: f64, y0: f64, s: f64) -> Polygon<f64> {
        Polygon::new(
            ring(&[(x0, y0), (x0 + s, y0), (x0 + s, y0 + s), (x0, y0 + s)]),
            vec![],
        )
    }

    /// Every commune measured whole; the lowest index at equal distance.
    fn brute(p: [f64; 2], areas: &[MultiPolygon<f64>]) -> (f64, Option<usize>) {
        let mut best = (f64::INFINITY, None);
        for (k, a) in areas.iter().enumerate() {
            if a.0.is_empty() {
                continue;
            }
            let d = Euclidean.distance(&Point::new(p[0], p[1]), a);
            if d < best.0 {
                best = (d, Some(k));
            }
        }
        best
    }

    /// A household equidistant from two communes (in the middle of the
    /// gap between them) goes to the lower code, although the other
    /// commune's box is nearer (the rule before was the nearest box).
    #[test]
    fn equal_distances_go_to_the_lowest_code() {
        // Commune 0 ("A"): edge x = 110. Commune 1 ("B"): edge x = 100 and
        // a foot reaching x = 104 far below, so that its box is 1 m from
        // the points in the gap, A's 5 m.
        let a = MultiPolygon(vec![Polygon::new(
            ring(&[
                (110.0, -50.0),
                (200.0, -50.0),
                (200.0, 100.0),
                (110.0, 100.0),
            ]),
            vec![],
        )]);
        let b = MultiPolygon(vec![Polygon::new(
            ring(&[
                (0.0, -200.0),
                (104.0, -200.0),
                (104.0, -190.0),
                (100.0, -190.0),
                (100.0, 100.0),
                (0.0, 100.0),
            ]),
            vec![],
        )]);
        let areas = vec![a, b];
        let nc = NearestCommune::new(&areas);
        for p in [[105.0, 50.0], [105.0, 10.0]] {
            let (d, k) = nc.nearest(p);
            assert_eq!((d, k), (5.0, Some(0)), "{p:?}");
            assert_eq!(nc.nearest_exact(p), (5.0, Some(0)));
            assert_eq!(brute(p, &areas), (5.0, Some(0)));
        }
        // Equidistant from a corner of each: (105, 105) is √(25+25) from
        // (100, 100) and (110, 100).
        let (d, k) = nc.nearest([105.0, 105.0]);
        assert_eq!(k, Some(0));
        assert_eq!(d, 50f64.sqrt());
        // Not a tie: nearer to B.
        assert_eq!(nc.nearest([104.0, 50.0]), (4.0, Some(1)));
        // Inside a polygon (as geo measures it): distance 0.
        assert_eq!(nc.nearest([50.0, 50.0]), (0.0, Some(1)));
        assert_eq!(nc.nearest([100.0, 30.0]), (0.0, Some(1)));
    }

    /// Random communes (shared edges and corners, holes, multipolygons,
    /// overlaps, degenerate rings) and random points: the same distance,
    /// bit for bit, and the same commune as measuring every commune
    /// whole.
    #[test]
    fn equals_whole_polygons() {
        let mut lcg = crate::test_rng::Lcg(11u64);
        let mut rnd = move || lcg.unit();
        for case in 0..60 {
            let n = 1 + (rnd() * 12.0) as usize;
            let grid = 5.0 + (rnd() * 3.0).floor();
            let cell = 1000.0;
            let mut areas = Vec::new();
            for k in 0..n {
                // On a lattice (shared edges and corners, exact ties) or
                // random (jittered, concave).
                let (gx, gy) = ((rnd() * grid).floor(), (rnd() * grid).floor());
                let (x0, y0) = (gx * cell, gy * cell);
                let mut polys = Vec::new();
                if k % 3 == 0 {
                    polys.push(square(x0, y0, cell));
                } else {
                    let m = 3 + (rnd() * 9.0) as usize;
                    let c = (x0 + cell / 2.0, y0 + cell / 2.0);
                    let pts: Vec<(f64, f64)> = (0..m)
                        .map(|i| {
                            let t = i as f64 / m as f64 * std::f64::consts::TAU;
                            let r = cell * (0.2 + 0.5 * rnd());
                            (c.0 + r * t.cos(), c.1 + r * t.sin())
                        })
                        .collect();
                    let hole = (rnd() < 0.3).then(|| {
                        ring(&[
                            (c.0 - 50.0, c.1 - 50.0),
                            (c.0 - 50.0, c.1 + 50.0),
                            (c.0 + 50.0, c.1 + 50.0),
                            (c.0 + 50.0, c.1 - 50.0),
                        ])
                    });
                    polys.push(Polygon::new(ring(&pts), hole.into_iter().collect()));
                }
                if rnd() < 0.2 {
                    polys.push(square(x0 + cell * 2.5, y0 - cell, cell / 3.0));
                }
                areas.push(MultiPolygon(polys));
            }
            if case == 7 {
                areas.push(MultiPolygon(vec![])); // no coordinates
            }
            if case == 9 {
                // A one-point hole: measured on whole polygons.
                let mut p = square(0.0, 0.0, cell);
                p.interiors_push(LineString::from(vec![(500.0, 500.0)]));
                areas.push(MultiPolygon(vec![p]));
            }
            let nc = NearestCommune::new(&areas);
            assert_eq!(nc.whole, case == 9);
            let span = grid * cell;
            for q in 0..400 {
                let mut p = [
                    rnd() * (span + 4000.0) - 2000.0,
                    rnd() * (span + 4000.0) - 2000.0,
                ];
                match q % 5 {
                    // On the lattice: on edges, corners, equidistant.
                    0 => {
                        p = [
                            (p[0] / 250.0).round() * 250.0,
                            (p[1] / 250.0).round() * 250.0,
                        ]
                    }
                    1 => p = [(p[0] / 500.0).round() * 500.0 + 0.5, p[1]],
                    2 => p = [p[0] * 40.0, p[1] * 40.0], // far away
                    _ => {}
                }
                let want = brute(p, &areas);
                assert_eq!(nc.nearest(p), want, "case {case}, {p:?}");
                assert_eq!(nc.nearest_exact(p), want, "case {case}, {p:?}");
            }
        }
        // No communes.
        let nc = NearestCommune::new(&[]);
        assert_eq!(nc.nearest([0.0, 0.0]), (f64::INFINITY, None));
    }
}
