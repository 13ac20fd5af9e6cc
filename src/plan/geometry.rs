//! Plane geometry for the plans, in projected metres: closest points on
//! segments, the nearest pair between a network and a polygon, a growing
//! network, points near a segment, and clusters of points.

use geo::MultiPolygon;
use rstar::primitives::GeomWithData;
use rstar::{RTree, AABB};

use crate::index::{segment_distance_2, Element};

/// The point of segment `a`–`b` closest to `p`.
///
/// ```
/// use phusong::plan::geometry::closest_point;
/// assert_eq!(closest_point([0.0, 0.0], [10.0, 0.0], [4.0, 3.0]), [4.0, 0.0]);
/// assert_eq!(closest_point([0.0, 0.0], [10.0, 0.0], [-4.0, 3.0]), [0.0, 0.0]);
/// ```
pub fn closest_point(a: [f64; 2], b: [f64; 2], p: [f64; 2]) -> [f64; 2] {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return a;
    }
    let t = (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0);
    if t <= 0.0 {
        a
    } else if t >= 1.0 {
        b
    } else {
        [a[0] + t * dx, a[1] + t * dy]
    }
}

/// Euclidean distance.
pub fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// A fibre network that grows as extensions are added.
#[derive(Debug, Clone, Default)]
pub struct Network {
    tree: RTree<Element>,
}

impl Network {
    /// A network of elements (segments and points).
    pub fn new(elements: Vec<Element>) -> Self {
        Network {
            tree: RTree::bulk_load(elements),
        }
    }

    /// True without any element.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// Add a segment.
    pub fn add(&mut self, a: [f64; 2], b: [f64; 2], feature: u32) {
        self.tree.insert(Element { a, b, feature });
    }

    /// The network point nearest `p` and its distance (ties: the element
    /// the R-tree meets first, a fixed order for fixed inputs).
    pub fn nearest(&self, p: [f64; 2]) -> Option<([f64; 2], f64)> {
        let (e, d2) = self.tree.nearest_neighbor_iter_with_distance_2(p).next()?;
        Some((closest_point(e.a, e.b, p), d2.sqrt()))
    }

    /// The shortest straight link from the network to the polygon
    /// boundary: `(network point, polygon point, length)`. Assumes no
    /// element lies in or crosses the polygon (then the closest pair has an
    /// end point of a segment or a polygon vertex as one of its ends).
    pub fn nearest_to_polygon(&self, mp: &MultiPolygon<f64>) -> Option<([f64; 2], [f64; 2], f64)> {
        let edges = polygon_edges(mp);
        let mut best: Option<([f64; 2], [f64; 2], f64)> = None;
        let better =
            |best: &Option<([f64; 2], [f64; 2], f64)>, d: f64| best.is_none_or(|b| d < b.2);
        // Polygon vertices → nearest network point.
        for &(a, _) in &edges {
            if let Some((q, d)) = self.nearest(a) {
                if better(&best, d) {
                    best = Some((q, a, d));
                }
            }
        }
        let (_, _, reach) = best?;
        // Network end points near the polygon → nearest boundary point.
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for &(a, _) in &edges {
            for k in 0..2 {
                lo[k] = lo[k].min(a[k]);
                hi[k] = hi[k].max(a[k]);
            }
        }
        let env = AABB::from_corners(
            [lo[0] - reach, lo[1] - reach],
            [hi[0] + reach, hi[1] + reach],
        );
        for e in self.tree.locate_in_envelope_intersecting(env) {
            for w in [e.a, e.b] {
                for &(a, b) in &edges {
                    let d2 = segment_distance_2(a, b, w);
                    let d = d2.sqrt();
                    if better(&best, d) {
                        best = Some((w, closest_point(a, b, w), d));
                    }
                }
            }
        }
        best
    }
}

/// Every edge of every ring of a multipolygon.
pub fn polygon_edges(mp: &MultiPolygon<f64>) -> Vec<([f64; 2], [f64; 2])> {
    let mut out = Vec::new();
    for p in &mp.0 {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            for w in ring.0.windows(2) {
                out.push(([w[0].x, w[0].y], [w[1].x, w[1].y]));
            }
        }
    }
    out
}

/// Points with their index, for range queries.
#[derive(Debug, Clone)]
pub struct PointIndex {
    tree: RTree<GeomWithData<[f64; 2], u32>>,
}

impl PointIndex {
    /// Index `points[i]` as `i`.
    pub fn new(points: impl IntoIterator<Item = ([f64; 2], u32)>) -> Self {
        PointIndex {
            tree: RTree::bulk_load(
                points
                    .into_iter()
                    .map(|(p, i)| GeomWithData::new(p, i))
                    .collect(),
            ),
        }
    }

    /// The indices of the points within `d_m` (inclusive) of the segment
    /// `a`–`b`, sorted.
    pub fn near_segment(&self, a: [f64; 2], b: [f64; 2], d_m: f64) -> Vec<u32> {
        let env = AABB::from_corners(
            [a[0].min(b[0]) - d_m, a[1].min(b[1]) - d_m],
            [a[0].max(b[0]) + d_m, a[1].max(b[1]) + d_m],
        );
        // The same test as the run's fibre model: √(squared distance) ≤ d.
        let mut out: Vec<u32> = self
            .tree
            .locate_in_envelope(env)
            .filter(|g| segment_distance_2(a, b, *g.geom()).sqrt() <= d_m)
            .map(|g| g.data)
            .collect();
        out.sort_unstable();
        out
    }

    /// The indices of the points within `d_m` (inclusive) of `p`, sorted.
    pub fn within(&self, p: [f64; 2], d_m: f64) -> Vec<u32> {
        let mut out: Vec<u32> = self
            .tree
            .locate_within_distance(p, d_m * d_m)
            .map(|g| g.data)
            .collect();
        out.sort_unstable();
        out
    }
}

/// Clusters of points: connected components of the graph linking points
/// at most `link_m` apart (single linkage). Each cluster lists indices into
/// `points`, sorted; clusters are sorted by size (largest first), then by
/// their first index.
pub fn clusters(points: &[[f64; 2]], link_m: f64) -> Vec<Vec<u32>> {
    let index = PointIndex::new(points.iter().enumerate().map(|(i, &p)| (p, i as u32)));
    let mut parent: Vec<u32> = (0..points.len() as u32).collect();
    fn find(parent: &mut [u32], mut i: u32) -> u32 {
        while parent[i as usize] != i {
            parent[i as usize] = parent[parent[i as usize] as usize];
            i = parent[i as usize];
        }
        i
    }
    for (i, &p) in points.iter().enumerate() {
        for j in index.within(p, link_m) {
            let (ri, rj) = (find(&mut parent, i as u32), find(&mut parent, j));
            if ri != rj {
                parent[ri.max(rj) as usize] = ri.min(rj);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
    for i in 0..points.len() as u32 {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<Vec<u32>> = groups.into_values().collect();
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    out
}

/// The centroid of points, summed in coordinate order so that the result
/// does not depend on the order they come in.
pub fn centroid(points: impl IntoIterator<Item = [f64; 2]>) -> [f64; 2] {
    let mut pts: Vec<[f64; 2]> = points.into_iter().collect();
    pts.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    let n = pts.len().max(1) as f64;
    let (sx, sy) = pts
        .iter()
        .fold((0.0, 0.0), |(x, y), p| (x + p[0], y + p[1]));
    [sx / n, sy / n]
}

/// The member of a cluster nearest its centroid (ties: the lower
/// coordinates, whatever the input order): a point inside the cluster to
/// run a cable to.
pub fn medoid(points: &[[f64; 2]], members: &[u32]) -> u32 {
    let c = centroid(members.iter().map(|&i| points[i as usize]));
    let key = |i: u32| {
        let p = points[i as usize];
        (dist(p, c), p[0], p[1])
    };
    let mut best = members[0];
    for &i in members {
        let (a, b) = (key(i), key(best));
        if a.0
            .total_cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.total_cmp(&b.2))
            .is_lt()
        {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn nearest_pair_network_to_polygon_by_hand() {
        // Square 1000..2000 × 0..1000; a cable from (0, 3000) to (0, -3000)
        // (nearest point: the polygon's left edge, 1000 m away) and a point
        // at (2500, 1500): √(500² + 500²) ≈ 707 m from the corner (2000, 1000).
        let sq: MultiPolygon<f64> = MultiPolygon(vec![polygon![
            (x: 1000.0, y: 0.0), (x: 2000.0, y: 0.0), (x: 2000.0, y: 1000.0), (x: 1000.0, y: 1000.0)
        ]]);
        let cable = Element {
            a: [0.0, 3000.0],
            b: [0.0, -3000.0],
            feature: 0,
        };
        let net = Network::new(vec![cable]);
        let (p, q, d) = net.nearest_to_polygon(&sq).unwrap();
        assert_eq!(d, 1000.0);
        assert_eq!(p[0], 0.0);
        assert_eq!(q[0], 1000.0);
        let mut net = net;
        net.add([2500.0, 1500.0], [2500.0, 1500.0], 1);
        let (p, q, d) = net.nearest_to_polygon(&sq).unwrap();
        assert!((d - 500.0 * 2f64.sqrt()).abs() < 1e-9);
        assert_eq!((p, q), ([2500.0, 1500.0], [2000.0, 1000.0]));
        // A cable end point closest to an edge's interior (not a vertex):
        // the second loop finds it. End at (1500, -300): 300 m below.
        let net = Network::new(vec![Element {
            a: [1500.0, -300.0],
            b: [1500.0, -5000.0],
            feature: 0,
        }]);
        let (p, q, d) = net.nearest_to_polygon(&sq).unwrap();
        assert_eq!((p, q, d), ([1500.0, -300.0], [1500.0, 0.0], 300.0));
    }

    #[test]
    fn points_near_a_segment_and_clusters() {
        let pts = [
            [0.0, 0.0],
            [50.0, 100.0],
            [50.0, 101.0],
            [500.0, 0.0],
            [1000.0, 0.0],
        ];
        let idx = PointIndex::new(pts.iter().enumerate().map(|(i, &p)| (p, i as u32)));
        assert_eq!(
            idx.near_segment([0.0, 0.0], [100.0, 0.0], 100.0),
            vec![0, 1]
        );
        let c = clusters(&pts, 120.0);
        assert_eq!(c, vec![vec![0, 1, 2], vec![3], vec![4]]);
        assert_eq!(medoid(&pts, &c[0]), 1);
    }
}
