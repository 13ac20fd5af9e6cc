//! Nearest-element queries against a network of segments and points (the
//! fibre network), in projected metres.

use rstar::{PointDistance, RTree, RTreeObject, AABB};

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
#[derive(Debug, Clone)]
pub struct SegmentIndex {
    tree: RTree<Element>,
}

impl SegmentIndex {
    /// Build from elements.
    pub fn new(elements: Vec<Element>) -> Self {
        SegmentIndex {
            tree: RTree::bulk_load(elements),
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// Distance in metres from `p` to the nearest element and that
    /// element's feature, or `None` when the index is empty.
    pub fn nearest(&self, p: [f64; 2]) -> Option<(f64, u32)> {
        self.tree
            .nearest_neighbor_iter_with_distance_2(p)
            .next()
            .map(|(e, d2)| (d2.sqrt(), e.feature))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_matches_brute_force() {
        let mut s = 7u64;
        let mut rnd = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 11) as f64 / (1u64 << 53) as f64 * 10_000.0
        };
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
        for _ in 0..2000 {
            let p = [rnd(), rnd()];
            let brute = elements
                .iter()
                .map(|e| segment_distance_2(e.a, e.b, p))
                .fold(f64::INFINITY, f64::min)
                .sqrt();
            let (d, _) = idx.nearest(p).unwrap();
            assert_eq!(d, brute);
        }
    }
}
