//! Clipping a polygon to a rectangle (Sutherland–Hodgman, one half-plane
//! per side of the rectangle), to cut the work of the overlap check: the
//! overlap of two communes lies inside the intersection of their bounding
//! boxes, so each is clipped to it before the boolean intersection, which
//! then sweeps only the vertices near the shared boundary instead of both
//! communes whole.
//!
//! The clipped rings of a concave polygon may double back along a side of
//! the rectangle (zero-width spikes), and a clipped hole may touch the
//! clipped shell there: neither changes an area under the even-odd fill
//! rule that [`geo::BooleanOps::intersection`] uses, which is all the
//! overlap check measures.

use geo::{BoundingRect, Coord, LineString, MultiPolygon, Polygon, Rect};

/// The part of `m` inside `r`: polygons wholly inside are kept as they
/// are, polygons wholly outside dropped, the others clipped ring by ring.
pub(crate) fn clip_multipolygon(m: &MultiPolygon<f64>, r: &Rect<f64>) -> MultiPolygon<f64> {
    let mut out = Vec::new();
    for p in &m.0 {
        let Some(b) = p.bounding_rect() else {
            continue;
        };
        let disjoint = b.max().x < r.min().x
            || b.min().x > r.max().x
            || b.max().y < r.min().y
            || b.min().y > r.max().y;
        if disjoint {
            continue;
        }
        let inside = b.min().x >= r.min().x
            && b.max().x <= r.max().x
            && b.min().y >= r.min().y
            && b.max().y <= r.max().y;
        if inside {
            out.push(p.clone());
            continue;
        }
        let Some(exterior) = clip_ring(p.exterior(), r) else {
            continue;
        };
        let interiors = p.interiors().iter().filter_map(|h| clip_ring(h, r));
        out.push(Polygon::new(exterior, interiors.collect()));
    }
    MultiPolygon(out)
}

/// One closed ring clipped to `r` (closed again), `None` when fewer than
/// three points are left.
fn clip_ring(ring: &LineString<f64>, r: &Rect<f64>) -> Option<LineString<f64>> {
    // The ring's points without the closing repeat.
    let mut pts: Vec<Coord<f64>> = ring.0.clone();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    let (lo, hi) = (r.min(), r.max());
    // Each side: which points are inside, and where an edge crosses it.
    // The crossing is computed from the edge's own end points in a fixed
    // order (inside point first), so shared edges clip to the same point.
    pts = clip_side(&pts, |c| c.x >= lo.x, |a, b| cross_x(a, b, lo.x));
    pts = clip_side(&pts, |c| c.x <= hi.x, |a, b| cross_x(a, b, hi.x));
    pts = clip_side(&pts, |c| c.y >= lo.y, |a, b| cross_y(a, b, lo.y));
    pts = clip_side(&pts, |c| c.y <= hi.y, |a, b| cross_y(a, b, hi.y));
    if pts.len() < 3 {
        return None;
    }
    pts.push(pts[0]);
    Some(LineString(pts))
}

/// Sutherland–Hodgman against one half-plane: `inside` says which side
/// is kept, `cross(a, b)` is where edge a→b meets the boundary.
fn clip_side(
    pts: &[Coord<f64>],
    inside: impl Fn(&Coord<f64>) -> bool,
    cross: impl Fn(Coord<f64>, Coord<f64>) -> Coord<f64>,
) -> Vec<Coord<f64>> {
    let mut out = Vec::with_capacity(pts.len() + 4);
    let Some(&last) = pts.last() else {
        return out;
    };
    let mut prev = last;
    let mut prev_in = inside(&prev);
    for &cur in pts {
        let cur_in = inside(&cur);
        match (prev_in, cur_in) {
            (true, true) => out.push(cur),
            (true, false) => out.push(cross(prev, cur)),
            (false, true) => {
                out.push(cross(cur, prev));
                out.push(cur);
            }
            (false, false) => {}
        }
        prev = cur;
        prev_in = cur_in;
    }
    out
}

/// Where segment a→b meets the vertical line x = `x` (a inside).
fn cross_x(a: Coord<f64>, b: Coord<f64>, x: f64) -> Coord<f64> {
    let t = (x - a.x) / (b.x - a.x);
    Coord {
        x,
        y: a.y + t * (b.y - a.y),
    }
}

/// Where segment a→b meets the horizontal line y = `y` (a inside).
fn cross_y(a: Coord<f64>, b: Coord<f64>, y: f64) -> Coord<f64> {
    let t = (y - a.y) / (b.y - a.y);
    Coord {
        x: a.x + t * (b.x - a.x),
        y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, BooleanOps};
    use proptest::prelude::*;

    fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect<f64> {
        Rect::new((x0, y0), (x1, y1))
    }

    #[test]
    fn concave_ring_and_hole() {
        // A U shape (3 × 3 with a 1 × 2 notch from the top) and a hole.
        let u = Polygon::new(
            LineString::from(vec![
                (0., 0.),
                (3., 0.),
                (3., 3.),
                (2., 3.),
                (2., 1.),
                (1., 1.),
                (1., 3.),
                (0., 3.),
                (0., 0.),
            ]),
            vec![LineString::from(vec![
                (0.2, 0.2),
                (0.2, 0.6),
                (2.8, 0.6),
                (2.8, 0.2),
                (0.2, 0.2),
            ])],
        );
        let m = MultiPolygon(vec![u]);
        // The top band y in [2, 3]: the two arms, the clipped ring doubling
        // back along y = 2 between them (a zero-width spike).
        let c = clip_multipolygon(&m, &rect(-1., 2., 4., 4.));
        assert!((c.unsigned_area() - 2.0).abs() < 1e-12, "{c:?}");
        // The bottom band cuts the hole: 3 × 0.5 minus 2.6 × 0.3.
        let c = clip_multipolygon(&m, &rect(-1., -1., 4., 0.5));
        let expected = 1.5 - 2.6 * 0.3;
        let got = c.unsigned_area();
        // unsigned_area subtracts the hole: same as the even-odd fill.
        assert!((got - expected).abs() < 1e-12, "{got} vs {expected}");
        // Wholly inside: unchanged; wholly outside: nothing.
        assert_eq!(clip_multipolygon(&m, &rect(-1., -1., 4., 4.)), m);
        assert!(clip_multipolygon(&m, &rect(5., 5., 6., 6.)).0.is_empty());
    }

    /// A random star-shaped polygon around (cx, cy) with `n` vertices.
    fn star(cx: f64, cy: f64, radii: &[f64]) -> Polygon<f64> {
        let n = radii.len();
        let mut pts: Vec<(f64, f64)> = radii
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let a = std::f64::consts::TAU * k as f64 / n as f64;
                (cx + r * a.cos(), cy + r * a.sin())
            })
            .collect();
        pts.push(pts[0]);
        Polygon::new(LineString::from(pts), vec![])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// The overlap check's use: the intersection area of two polygons
        /// equals that of the two clipped to their boxes' intersection.
        #[test]
        fn clipped_overlap_equals_overlap(
            ra in prop::collection::vec(0.5f64..3.0, 3..40),
            rb in prop::collection::vec(0.5f64..3.0, 3..40),
            dx in -4.0f64..4.0,
            dy in -4.0f64..4.0,
        ) {
            let a = MultiPolygon(vec![star(0.0, 0.0, &ra)]);
            let b = MultiPolygon(vec![star(dx, dy, &rb)]);
            let (Some(ba), Some(bb)) = (a.bounding_rect(), b.bounding_rect()) else {
                return Ok(());
            };
            let whole = a.intersection(&b).unsigned_area();
            let lo = (ba.min().x.max(bb.min().x), ba.min().y.max(bb.min().y));
            let hi = (ba.max().x.min(bb.max().x), ba.max().y.min(bb.max().y));
            let clipped = if lo.0 <= hi.0 && lo.1 <= hi.1 {
                let r = Rect::new(lo, hi);
                clip_multipolygon(&a, &r).intersection(&clip_multipolygon(&b, &r)).unsigned_area()
            } else {
                0.0
            };
            // i_overlay snaps to an integer grid scaled to the input's
            // extent (2⁻²⁹ of it), a different grid for the clipped input:
            // the areas agree to about perimeter × grid step (here
            // 1e-8; on communes of 10 km, a few m² against the check's
            // 100 m² threshold).
            prop_assert!((whole - clipped).abs() <= 1e-6, "{whole} vs {clipped}");
        }
    }
}
