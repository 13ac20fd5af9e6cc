//! Outlines simplified for drawing, shared borders alike on both sides.
//!
//! Real commune boundaries carry far more vertices than a page can show
//! (the 2025 Cà Mau wards: 224,000 for 64 wards, a vertex every ~20 m on a
//! map of ~90 m per pixel). Drawing them costs time and makes SVG files of
//! megabytes, for nothing visible. [`simplify_shared`] thins them with
//! Ramer–Douglas–Peucker (geo's [`Simplify`]) within a tolerance well
//! under a pixel, **per arc**: rings are cut at the vertices where three or
//! more boundaries meet (where a vertex's neighbours differ between the
//! rings through it), and every arc is simplified once, in one canonical
//! direction, so that two neighbouring communes keep exactly the same
//! border and no gap or overlap opens between them. Only drawing uses the
//! result; the computation and the output files keep the exact outlines.
//!
//! ```
//! use geo::{polygon, MultiPolygon};
//! use phusong::output::simplify::simplify_shared;
//! // Two squares sharing a wiggly border (wiggle 0.01 m) at x = 1.
//! let a = MultiPolygon(vec![polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1.01, y: 0.5),
//!     (x: 1., y: 1.), (x: 0., y: 1.)]]);
//! let b = MultiPolygon(vec![polygon![(x: 1., y: 0.), (x: 2., y: 0.), (x: 2., y: 1.),
//!     (x: 1., y: 1.), (x: 1.01, y: 0.5)]]);
//! let s = simplify_shared(&[a, b], 0.1);
//! assert_eq!(s[0].0[0].exterior().0.len(), 5); // 4 corners, closed
//! assert_eq!(s[1].0[0].exterior().0.len(), 5);
//! ```

use std::collections::HashMap;

use geo::{Coord, LineString, MultiPolygon, Polygon, Simplify};

/// A vertex by its exact coordinates.
type Key = (u64, u64);

fn key(c: Coord<f64>) -> Key {
    // +0.0 and −0.0 are one vertex.
    ((c.x + 0.0).to_bits(), (c.y + 0.0).to_bits())
}

/// The distinct neighbours of one vertex over all rings, counted up to
/// three (only "exactly two" matters: [`Junctions::is_node`]).
#[derive(Debug, Clone, Copy)]
struct Neighbours {
    first: [Key; 2],
    /// Distinct neighbours seen, saturating at 3.
    count: u8,
}

impl Neighbours {
    fn add(&mut self, q: Key) {
        let known = &self.first[..usize::from(self.count.min(2))];
        if self.count < 3 && !known.contains(&q) {
            if self.count < 2 {
                self.first[usize::from(self.count)] = q;
            }
            self.count += 1;
        }
    }
}

/// The neighbours of each vertex over all rings. A fast (unkeyed) hash:
/// the keys are coordinates of the run's own outlines, and only lookups
/// are made, so the result does not depend on the hasher.
struct Junctions {
    neighbours: std::collections::HashMap<Key, Neighbours, foldhash::fast::FixedState>,
}

impl Junctions {
    fn new(areas: &[MultiPolygon<f64>]) -> Self {
        let vertices: usize = areas.iter().flat_map(rings).map(|r| r.0.len()).sum();
        let mut neighbours =
            HashMap::with_capacity_and_hasher(vertices, foldhash::fast::FixedState::default());
        let empty = Neighbours {
            first: [(0, 0); 2],
            count: 0,
        };
        for ring in areas.iter().flat_map(rings) {
            for w in ring.0.windows(2) {
                let (a, b) = (key(w[0]), key(w[1]));
                if a == b {
                    continue;
                }
                for (p, q) in [(a, b), (b, a)] {
                    neighbours.entry(p).or_insert(empty).add(q);
                }
            }
        }
        Junctions { neighbours }
    }

    /// A vertex where the boundary branches or ends (not exactly two
    /// neighbours): an arc ends here.
    fn is_node(&self, c: Coord<f64>) -> bool {
        self.neighbours.get(&key(c)).is_none_or(|n| n.count != 2)
    }
}

fn rings(mp: &MultiPolygon<f64>) -> impl Iterator<Item = &LineString<f64>> {
    mp.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
}

/// Simplify every outline of `areas` within `tolerance` (same units as the
/// coordinates), borders shared between areas identically on both sides
/// (see the module documentation). A ring that would fall below four
/// points is kept as it was. The result has one multipolygon per input,
/// in the same order; the output does not depend on the order of
/// `areas` nor on the vertex a ring starts at.
pub fn simplify_shared(areas: &[MultiPolygon<f64>], tolerance: f64) -> Vec<MultiPolygon<f64>> {
    if tolerance.is_nan() || tolerance <= 0.0 {
        return areas.to_vec();
    }
    let junctions = Junctions::new(areas);
    areas
        .iter()
        .map(|mp| {
            MultiPolygon(
                mp.0.iter()
                    .map(|p| {
                        let ring = |r: &LineString<f64>| simplify_ring(r, &junctions, tolerance);
                        Polygon::new(ring(p.exterior()), p.interiors().iter().map(ring).collect())
                    })
                    .collect(),
            )
        })
        .collect()
}

/// One closed ring, simplified arc by arc between its nodes.
fn simplify_ring(ring: &LineString<f64>, j: &Junctions, tolerance: f64) -> LineString<f64> {
    let mut pts: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len());
    for &c in &ring.0 {
        if pts.last().is_none_or(|&l| key(l) != key(c)) {
            pts.push(c);
        }
    }
    if pts.len() > 1 && key(pts[0]) == key(pts[pts.len() - 1]) {
        pts.pop();
    }
    if pts.len() < 4 {
        return ring.clone();
    }
    let nodes: Vec<usize> = (0..pts.len()).filter(|&i| j.is_node(pts[i])).collect();
    let out = match nodes.first() {
        // No node: an island or a ring that touches no other; start at its
        // smallest vertex so that the result does not depend on where the
        // ring starts.
        None => {
            let start = (0..pts.len()).min_by_key(|&i| key(pts[i])).unwrap_or(0);
            pts.rotate_left(start);
            pts.push(pts[0]);
            simplify_arc(&pts, tolerance)
        }
        Some(&first) => {
            pts.rotate_left(first);
            pts.push(pts[0]);
            let mut out: Vec<Coord<f64>> = vec![pts[0]];
            let mut from = 0;
            for i in 1..pts.len() {
                if i == pts.len() - 1 || j.is_node(pts[i]) {
                    out.extend_from_slice(&simplify_arc(&pts[from..=i], tolerance)[1..]);
                    from = i;
                }
            }
            out
        }
    };
    if out.len() < 4 {
        return ring.clone();
    }
    LineString(out)
}

/// Simplify an open arc (end points kept) in a canonical direction, so
/// that the same arc met in the opposite direction gives the same points.
fn simplify_arc(arc: &[Coord<f64>], tolerance: f64) -> Vec<Coord<f64>> {
    if arc.len() <= 2 {
        return arc.to_vec();
    }
    let n = arc.len();
    let forward = (key(arc[0]), key(arc[1])) <= (key(arc[n - 1]), key(arc[n - 2]));
    let mut line: Vec<Coord<f64>> = arc.to_vec();
    if !forward {
        line.reverse();
    }
    let mut s = LineString(line).simplify(tolerance).0;
    if !forward {
        s.reverse();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Area};

    /// A wiggly shared border: x = 1 + 0.001·sin(k) at y = k/100.
    fn pair() -> [MultiPolygon<f64>; 2] {
        let border: Vec<(f64, f64)> = (0..=100)
            .map(|k| (1.0 + 0.001 * (k as f64).sin(), k as f64 / 100.0))
            .collect();
        let mut a = vec![(0.0, 0.0)];
        a.extend(border.iter().copied());
        a.extend([(0.0, 1.0), (0.0, 0.0)]);
        let mut b: Vec<(f64, f64)> = border.iter().rev().copied().collect();
        b.extend([(2.0, 0.0), (2.0, 1.0)]);
        // b starts mid-way so that its ring start differs from a's.
        b.rotate_left(37);
        b.push(b[0]);
        let poly =
            |v: Vec<(f64, f64)>| MultiPolygon(vec![Polygon::new(LineString::from(v), vec![])]);
        [poly(a), poly(b)]
    }

    #[test]
    fn shared_border_stays_shared_and_areas_add_up() {
        let areas = pair();
        let s = simplify_shared(&areas, 0.01);
        let verts = |mp: &MultiPolygon<f64>| mp.0[0].exterior().0.len();
        assert!(verts(&s[0]) < 10, "{}", verts(&s[0]));
        // The border vertices kept by both sides are the same set.
        let border = |mp: &MultiPolygon<f64>| {
            let mut v: Vec<Key> = mp.0[0]
                .exterior()
                .0
                .iter()
                .filter(|c| c.x > 0.5 && c.x < 1.5)
                .map(|c| key(*c))
                .collect();
            v.sort();
            v.dedup();
            v
        };
        assert_eq!(border(&s[0]), border(&s[1]));
        // No gap, no overlap: the two areas still tile the 2 × 1 rectangle.
        let total: f64 = s.iter().map(|m| m.unsigned_area()).sum();
        assert!((total - 2.0).abs() < 1e-12, "{total}");
    }

    #[test]
    fn independent_of_input_order_and_ring_start() {
        let areas = pair();
        let s = simplify_shared(&areas, 0.01);
        let rev = simplify_shared(&[areas[1].clone(), areas[0].clone()], 0.01);
        assert_eq!(s[0], rev[1]);
        assert_eq!(s[1], rev[0]);
        let mut ring = areas[0].0[0].exterior().0.clone();
        ring.pop();
        ring.rotate_left(50);
        ring.push(ring[0]);
        let moved = MultiPolygon(vec![Polygon::new(LineString(ring), vec![])]);
        let s2 = simplify_shared(&[moved, areas[1].clone()], 0.01);
        // Same vertex set (the ring may start elsewhere).
        let set = |mp: &MultiPolygon<f64>| {
            let mut v: Vec<Key> = mp.0[0].exterior().0.iter().map(|c| key(*c)).collect();
            v.sort();
            v.dedup();
            v
        };
        assert_eq!(set(&s2[0]), set(&s[0]));
    }

    #[test]
    fn small_rings_and_zero_tolerance_are_kept() {
        let tri = MultiPolygon(vec![
            polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 0., y: 1.)],
        ]);
        assert_eq!(simplify_shared(std::slice::from_ref(&tri), 10.0)[0], tri);
        let areas = pair();
        assert_eq!(simplify_shared(&areas, 0.0), areas.to_vec());
    }

    /// The bounded neighbour count tells "exactly two distinct
    /// neighbours" as the list of all distinct neighbours does, for any
    /// sequence of additions (repeats included).
    #[test]
    fn neighbour_count_equals_the_distinct_list() {
        let mut rng = crate::test_rng::Lcg(7);
        for _ in 0..2_000 {
            let n = 1 + rng.below(7) as usize;
            let adds: Vec<Key> = (0..n).map(|_| (rng.below(4), 0)).collect();
            let mut bounded = Neighbours {
                first: [(9, 9); 2],
                count: 0,
            };
            let mut all: Vec<Key> = Vec::new();
            for &q in &adds {
                bounded.add(q);
                if !all.contains(&q) {
                    all.push(q);
                }
            }
            assert_eq!(bounded.count == 2, all.len() == 2, "{adds:?}");
            assert_eq!(usize::from(bounded.count), all.len().min(3), "{adds:?}");
        }
    }
}
