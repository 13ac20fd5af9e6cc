//! Nearest-element queries against a network of segments and points (the
//! fibre network), in projected metres.

use rstar::{PointDistance, RTree, RTreeObject, AABB};

use crate::index::BucketGrid;

/// A segment (or a point, when both ends are equal) with the index of the
/// feature it belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Element {
    /// Start, metres.
    pub a: [f64; 2],
    /// End, metres (equal to `a` for a point element).
    pub b: [f64; 2],
    /// Index of the source feature.
    pub feature: u32,
}

/// Squared distance from `p` to the segment `a`–`b` (a point when a = b).
///
/// ```
/// use phusong::index::segment_distance_2;
/// assert_eq!(segment_distance_2([0.0, 0.0], [10.0, 0.0], [5.0, 3.0]), 9.0);
/// assert_eq!(segment_distance_2([0.0, 0.0], [10.0, 0.0], [13.0, 4.0]), 25.0);
/// assert_eq!(segment_distance_2([1.0, 1.0], [1.0, 1.0], [4.0, 5.0]), 25.0);
/// ```
#[inline]
pub fn segment_distance_2(a: [f64; 2], b: [f64; 2], p: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let (px, py) = (p[0] - a[0], p[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        ((px * dx + py * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    // At the ends use the end point itself, so that the distance to an
    // endpoint is exact.
    let (cx, cy) = if t <= 0.0 {
        (0.0, 0.0)
    } else if t >= 1.0 {
        (dx, dy)
    } else {
        (t * dx, t * dy)
    };
    let (ex, ey) = (px - cx, py - cy);
    ex * ex + ey * ey
}

impl RTreeObject for Element {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        AABB::from_corners(self.a, self.b)
    }
}

impl PointDistance for Element {
    fn distance_2(&self, p: &[f64; 2]) -> f64 {
        segment_distance_2(self.a, self.b, *p)
    }
}

/// An R-tree over network elements.
///
/// Queries first search a uniform grid of the elements ring by ring (see
/// [`BucketGrid`]) — a household near the network finds its nearest element
/// among the few in its own and the neighbouring cells — and fall back to an
/// R-tree for points far from every element. Both give the exact minimum
/// distance; ties between elements at the same distance go to the lowest
/// feature.
#[derive(Debug, Clone)]
pub struct SegmentIndex {
    tree: RTree<Element>,
    elements: Vec<Element>,
    grid: BucketGrid,
}

/// Rings searched in the grid before falling back to the R-tree.
const MAX_RINGS: i64 = 8;

impl SegmentIndex {
    /// Build from elements.
    pub fn new(elements: Vec<Element>) -> Self {
        let boxes: Vec<[[f64; 2]; 2]> = elements
            .iter()
            .map(|e| {
                [
                    [e.a[0].min(e.b[0]), e.a[1].min(e.b[1])],
                    [e.a[0].max(e.b[0]), e.a[1].max(e.b[1])],
                ]
            })
            .collect();
        // Cells about four times the mean element length: an element
        // touches one or two cells, and a point near the network finds it
        // within a ring or two.
        let total: f64 = elements
            .iter()
            .map(|e| segment_distance_2(e.a, e.a, e.b).sqrt())
            .sum();
        let mean = total / elements.len().max(1) as f64;
        let grid = BucketGrid::new(&boxes, 4.0 * mean, 1 << 22);
        SegmentIndex {
            tree: RTree::bulk_load(elements.clone()),
            elements,
            grid,
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.elements.len()
    }

    /// The elements, in the order given.
    pub fn elements(&self) -> &[Element] {
        &self.elements
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }

    /// Distance in metres from `p` to the nearest element and that
    /// element's feature (the lowest at equal distance), or `None` when the
    /// index is empty.
    pub fn nearest(&self, p: [f64; 2]) -> Option<(f64, u32)> {
        if self.elements.is_empty() {
            return None;
        }
        let (cx, cy) = self.grid.cell_of(p);
        let last = self.grid.max_ring(cx, cy);
        let cell = self.grid.cell();
        let mut best: Option<(f64, u32)> = None;
        let mut k = 0;
        while k <= last.min(MAX_RINGS) {
            self.grid.for_ring(cx, cy, k, |items| {
                for &j in items {
                    let e = &self.elements[j as usize];
                    let d2 = segment_distance_2(e.a, e.b, p);
                    if best.is_none_or(|(b, f)| d2 < b || (d2 == b && e.feature < f)) {
                        best = Some((d2, e.feature));
                    }
                }
            });
            // Every element beyond ring k is at least k cells away (an
            // element in several cells is also met in the nearest of them).
            let beyond = k as f64 * cell;
            if best.is_some_and(|(b, _)| b < beyond * beyond) || k == last {
                return best.map(|(d2, f)| (d2.sqrt(), f));
            }
            k += 1;
        }
        self.nearest_by_tree(p)
    }

    /// [`any_within`](Self::any_within) of a point known only to lie within
    /// `e_m` metres of `p`: `Some(true)` when some element lies within
    /// `r_m` of every such point, `Some(false)` when none lies within `r_m`
    /// of any, `None` when it depends on where exactly the point is. One
    /// ring search, so that most points near the reach's edge need no
    /// exact projection.
    ///
    /// ```
    /// use phusong::index::{Element, SegmentIndex};
    /// let cable = Element { a: [0.0, 0.0], b: [1000.0, 0.0], feature: 0 };
    /// let idx = SegmentIndex::new(vec![cable]);
    /// assert_eq!(idx.within_near([500.0, 149.0], 150.0, 0.5), Some(true));
    /// assert_eq!(idx.within_near([500.0, 151.0], 150.0, 0.5), Some(false));
    /// assert_eq!(idx.within_near([500.0, 150.2], 150.0, 0.5), None);
    /// ```
    pub fn within_near(&self, p: [f64; 2], r_m: f64, e_m: f64) -> Option<bool> {
        if self.elements.is_empty() || r_m.is_nan() {
            return Some(false);
        }
        let (cx, cy) = self.grid.cell_of(p);
        let last = self.grid.max_ring(cx, cy);
        let cell = self.grid.cell();
        if r_m + e_m > 4.0 * MAX_RINGS as f64 * cell {
            // A reach of many rings: the nearest element decides.
            let (d, _) = self.nearest(p)?;
            return if d + e_m <= r_m {
                Some(true)
            } else {
                (d - e_m > r_m).then_some(false)
            };
        }
        let mut maybe = false;
        for k in 0..=last {
            let mut sure = false;
            self.grid.for_ring(cx, cy, k, |items| {
                for &j in items {
                    if sure {
                        return;
                    }
                    let e = &self.elements[j as usize];
                    let d = segment_distance_2(e.a, e.b, p).sqrt();
                    sure = d + e_m <= r_m;
                    maybe = maybe || d - e_m <= r_m;
                }
            });
            if sure {
                return Some(true);
            }
            // Every element beyond ring k is at least k cells away.
            if k as f64 * cell > r_m + e_m {
                break;
            }
        }
        (!maybe).then_some(false)
    }

    /// Whether some element lies within `r_m` of `p` (inclusive): the same
    /// answer as `nearest(p).is_some_and(|(d, _)| d <= r_m)`, but the grid
    /// is searched only out to `r_m` and the search stops at the first
    /// element in reach (the square root is monotone, so testing each
    /// element's distance gives the same verdict as testing the least).
    ///
    /// ```
    /// use phusong::index::{Element, SegmentIndex};
    /// let cable = Element { a: [0.0, 0.0], b: [1000.0, 0.0], feature: 0 };
    /// let idx = SegmentIndex::new(vec![cable]);
    /// assert!(idx.any_within([500.0, 150.0], 150.0));
    /// assert!(!idx.any_within([500.0, 150.001], 150.0));
    /// ```
    pub fn any_within(&self, p: [f64; 2], r_m: f64) -> bool {
        // With no margin the search always decides.
        self.within_near(p, r_m, 0.0) == Some(true)
    }

    /// [`nearest`](Self::nearest) through the R-tree alone.
    pub fn nearest_by_tree(&self, p: [f64; 2]) -> Option<(f64, u32)> {
        let mut it = self.tree.nearest_neighbor_iter_with_distance_2(p);
        let (e, d2) = it.next()?;
        let mut feature = e.feature;
        for (e, d) in it {
            if d > d2 {
                break;
            }
            feature = feature.min(e.feature);
        }
        Some((d2.sqrt(), feature))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_matches_brute_force() {
        let mut lcg = crate::test_rng::Lcg(7u64);
        let mut rnd = move || lcg.unit() * 10_000.0;
        let elements: Vec<Element> = (0..300)
            .map(|i| {
                let a = [rnd(), rnd()];
                let b = if i % 10 == 0 {
                    a
                } else {
                    [a[0] + rnd() / 20.0, a[1] + rnd() / 20.0]
                };
                Element { a, b, feature: i }
            })
            .collect();
        let idx = SegmentIndex::new(elements.clone());
        for k in 0..4000 {
            // Some points far outside the network (the R-tree fallback),
            // some on integer positions.
            let mut p = [rnd(), rnd()];
            if k % 4 == 1 {
                p = [p[0] * 8.0 - 40_000.0, p[1] * 5.0 - 20_000.0];
            } else if k % 4 == 2 {
                p = [p[0].round(), p[1].round()];
            }
            let brute = elements
                .iter()
                .map(|e| segment_distance_2(e.a, e.b, p))
                .fold(f64::INFINITY, f64::min)
                .sqrt();
            let (d, f) = idx.nearest(p).unwrap();
            assert_eq!(d, brute);
            assert_eq!(Some((d, f)), idx.nearest_by_tree(p));
            // The bounded search: at, just under and over the exact
            // distance, and at reaches of a few rings or many.
            for r in [d, d.next_down(), d.next_up(), 10.0, 150.0, 300.0, 5_000.0] {
                assert_eq!(idx.any_within(p, r), d <= r, "{p:?} within {r}");
            }
            // A position known to within 0.3 m on each axis (`p` is one of
            // them): whenever the margin search decides, it is right, and
            // it decides every point well clear of the reach's edge.
            let q = [p[0] + 0.3 * ((k % 3) as f64 - 1.0), p[1] - 0.2];
            let e = crate::index::near_margin_m(0.3);
            for r in [
                d,
                d + 0.5,
                d - 0.5,
                d + 2.0,
                (d - 2.0).max(0.0),
                150.0,
                5_000.0,
            ] {
                match idx.within_near(q, r, e) {
                    Some(v) => assert_eq!(v, d <= r, "{p:?} near {q:?} within {r}"),
                    None => assert!((d - r).abs() <= 2.0 * e, "{p:?} undecided within {r}"),
                }
            }
        }
    }
}
