//! Point-in-polygon assignment of households to areas.
//!
//! Each area's boundary edges are bucketed into horizontal bands, so a
//! query tests only the few edges whose band contains the point; an R-tree
//! over the areas' bounding boxes gives the candidate areas. Orientation
//! uses geo's robust `orient2d` predicate, so a point exactly on an edge is
//! recognised as such. Inside/outside follows the even-odd rule, which
//! does not depend on ring orientation.
//!
//! **Boundary rule.** A point strictly inside an area belongs to it. A point
//! on the boundary of one or more areas and inside none belongs to the one
//! with the lowest index (areas are sorted by code, so: the lowest code).
//! Thus a point on a shared edge goes to exactly one commune, whatever the
//! order of the input. Points in no area are unassigned (`None`).

use geo::kernels::{Kernel, RobustKernel};
use geo::{Coord, MultiPolygon, Orientation};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

use super::area_cells::{AreaCells, EDGE};

/// The area index of a household in no area (see [`AreaIndex::locate`]).
pub const UNASSIGNED: u32 = u32::MAX;

/// Where a point lies relative to one area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Containment {
    /// Strictly inside.
    Inside,
    /// On an edge or vertex.
    OnBoundary,
    /// Outside (or in a hole).
    Outside,
}

/// One area's edges, bucketed by y.
#[derive(Debug, Clone)]
struct BandedPolygon {
    min: [f64; 2],
    max: [f64; 2],
    band_h: f64,
    /// Edge `[ax, ay, bx, by]`.
    edges: Vec<[f64; 4]>,
    /// CSR: edges of band `i` are `band_edges[band_start[i]..band_start[i+1]]`.
    band_start: Vec<u32>,
    band_edges: Vec<u32>,
}

impl BandedPolygon {
    fn new(mp: &MultiPolygon<f64>) -> Self {
        let mut edges = Vec::new();
        for poly in &mp.0 {
            for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                for w in ring.0.windows(2) {
                    if w[0] != w[1] {
                        edges.push([w[0].x, w[0].y, w[1].x, w[1].y]);
                    }
                }
            }
        }
        let mut min = [f64::INFINITY; 2];
        let mut max = [f64::NEG_INFINITY; 2];
        for e in &edges {
            for (x, y) in [(e[0], e[1]), (e[2], e[3])] {
                min = [min[0].min(x), min[1].min(y)];
                max = [max[0].max(x), max[1].max(y)];
            }
        }
        // About two edges per band keeps each query to a handful of tests.
        let n_bands = (edges.len() / 2).clamp(1, 1 << 16);
        let height = (max[1] - min[1]).max(f64::MIN_POSITIVE);
        let band_h = height / n_bands as f64;
        let band_of = |y: f64| (((y - min[1]) / band_h) as usize).min(n_bands - 1);
        let mut counts = vec![0u32; n_bands + 1];
        for e in &edges {
            let (lo, hi) = (band_of(e[1].min(e[3])), band_of(e[1].max(e[3])));
            for c in &mut counts[lo..=hi] {
                *c += 1;
            }
        }
        let mut band_start = vec![0u32; n_bands + 1];
        for i in 0..n_bands {
            band_start[i + 1] = band_start[i] + counts[i];
        }
        let mut fill = band_start.clone();
        let mut band_edges = vec![0u32; band_start[n_bands] as usize];
        for (k, e) in edges.iter().enumerate() {
            let (lo, hi) = (band_of(e[1].min(e[3])), band_of(e[1].max(e[3])));
            for f in &mut fill[lo..=hi] {
                band_edges[*f as usize] = k as u32;
                *f += 1;
            }
        }
        BandedPolygon {
            min,
            max,
            band_h,
            edges,
            band_start,
            band_edges,
        }
    }

    /// Crossing-number (even-odd) test with exact boundary detection. The
    /// even-odd rule does not depend on ring orientation, so holes are holes
    /// even in files that do not follow RFC 7946's winding order.
    fn containment(&self, p: [f64; 2]) -> Containment {
        let [x, y] = p;
        if !(x >= self.min[0] && x <= self.max[0] && y >= self.min[1] && y <= self.max[1]) {
            return Containment::Outside;
        }
        let n_bands = self.band_start.len() - 1;
        let band = (((y - self.min[1]) / self.band_h) as usize).min(n_bands - 1);
        let range = self.band_start[band] as usize..self.band_start[band + 1] as usize;
        let pc = Coord { x, y };
        let mut crossings = 0u32;
        for &k in &self.band_edges[range] {
            let [ax, ay, bx, by] = self.edges[k as usize];
            if y < ay.min(by) || y > ay.max(by) {
                continue;
            }
            if x > ax.max(bx) {
                // Entirely to the left: cannot contain p nor cross the ray
                // going right from p.
                continue;
            }
            let o = RobustKernel::orient2d(Coord { x: ax, y: ay }, Coord { x: bx, y: by }, pc);
            if o == Orientation::Collinear {
                if x >= ax.min(bx) {
                    return Containment::OnBoundary;
                }
                continue;
            }
            // The ray from p going right crosses the edge (half-open in y).
            if (ay <= y && by > y && o == Orientation::CounterClockwise)
                || (ay > y && by <= y && o == Orientation::Clockwise)
            {
                crossings += 1;
            }
        }
        if !crossings.is_multiple_of(2) {
            Containment::Inside
        } else {
            Containment::Outside
        }
    }
}

/// An index over a set of areas for point location.
///
/// ```
/// use geo::{polygon, MultiPolygon};
/// use phusong::index::AreaIndex;
/// let a = MultiPolygon(vec![polygon![(x: 0., y: 0.), (x: 1., y: 0.), (x: 1., y: 1.), (x: 0., y: 1.)]]);
/// let b = MultiPolygon(vec![polygon![(x: 1., y: 0.), (x: 2., y: 0.), (x: 2., y: 1.), (x: 1., y: 1.)]]);
/// let idx = AreaIndex::new(&[a, b]);
/// assert_eq!(idx.locate([0.5, 0.5]), Some(0));
/// assert_eq!(idx.locate([1.0, 0.5]), Some(0)); // shared edge: lowest index
/// assert_eq!(idx.locate([1.5, 0.5]), Some(1));
/// assert_eq!(idx.locate([3.0, 0.5]), None);
/// ```
#[derive(Debug, Clone)]
pub struct AreaIndex {
    areas: Vec<BandedPolygon>,
    tree: RTree<GeomWithData<Rectangle<[f64; 2]>, u32>>,
    /// The classified grid that answers most queries without an edge
    /// test (`None` without areas).
    cells: Option<AreaCells>,
}

impl AreaIndex {
    /// Build the index. The `i`-th area gets index `i`.
    pub fn new<'a>(areas: impl IntoIterator<Item = &'a MultiPolygon<f64>>) -> Self {
        use rayon::prelude::*;
        let areas: Vec<&MultiPolygon<f64>> = areas.into_iter().collect();
        let areas: Vec<BandedPolygon> = areas.par_iter().map(|a| BandedPolygon::new(a)).collect();
        let boxes = areas
            .iter()
            .enumerate()
            .filter(|(_, a)| !a.edges.is_empty())
            .map(|(i, a)| GeomWithData::new(Rectangle::from_corners(a.min, a.max), i as u32))
            .collect();
        let mut index = AreaIndex {
            areas,
            tree: RTree::bulk_load(boxes),
            cells: None,
        };
        index.cells = index.classify();
        index
    }

    /// The classified grid over the areas: about eight cells per boundary
    /// edge (so that few cells are edge cells), between 4,096 and 2²⁰.
    fn classify(&self) -> Option<AreaCells> {
        let mut min = [f64::INFINITY; 2];
        let mut max = [f64::NEG_INFINITY; 2];
        let mut n_edges = 0;
        for a in self.areas.iter().filter(|a| !a.edges.is_empty()) {
            min = [min[0].min(a.min[0]), min[1].min(a.min[1])];
            max = [max[0].max(a.max[0]), max[1].max(a.max[1])];
            n_edges += a.edges.len();
        }
        let edges = self.areas.iter().flat_map(|a| a.edges.iter().copied());
        let target = (8 * n_edges).clamp(1 << 12, 1 << 20);
        AreaCells::new(min, max, edges, target, |p| {
            self.locate_exact(p).unwrap_or(UNASSIGNED)
        })
    }

    /// Number of areas.
    pub fn len(&self) -> usize {
        self.areas.len()
    }

    /// True when the index holds no area.
    pub fn is_empty(&self) -> bool {
        self.areas.is_empty()
    }

    /// Where `p` lies relative to area `i`.
    pub fn containment(&self, i: usize, p: [f64; 2]) -> Containment {
        self.areas[i].containment(p)
    }

    /// The area `p` belongs to under the boundary rule (see the module
    /// docs), or `None`. Most points are answered by a classified grid
    /// (cells inside one area, outside all, or crossed by a boundary; see
    /// `area_cells.rs`); those near a boundary by the edge test.
    #[inline]
    pub fn locate(&self, p: [f64; 2]) -> Option<u32> {
        match self.cells.as_ref().and_then(|c| c.class_of(p)) {
            Some(UNASSIGNED) => None,
            Some(EDGE) | None => self.locate_exact(p),
            Some(a) => Some(a),
        }
    }

    /// What [`locate`](Self::locate) gives at every point within `eps` of
    /// `p` on each axis, when the classified grid tells without an edge
    /// test (the box lies in cells inside one area, or in cells outside
    /// all): `Some(Some(area))` or `Some(None)`; `None` when it cannot
    /// (near a boundary, outside the grid). For a point known only
    /// approximately, e.g. an approximate projection with its error bound.
    #[inline]
    pub fn locate_near(&self, p: [f64; 2], eps: f64) -> Option<Option<u32>> {
        match self.cells.as_ref()?.class_near(p, eps)? {
            UNASSIGNED => Some(None),
            a => Some(Some(a)),
        }
    }

    /// [`locate`](Self::locate) of a point known approximately (`near`:
    /// a position and the bound of its error on each axis, as
    /// [`locate_near`](Self::locate_near) takes it) when that decides,
    /// else of its exact position `exact()` (computed only then).
    #[inline]
    pub fn locate_with(
        &self,
        near: Option<([f64; 2], f64)>,
        exact: impl FnOnce() -> [f64; 2],
    ) -> Option<u32> {
        match near.and_then(|(q, eps)| self.locate_near(q, eps)) {
            Some(found) => found,
            None => self.locate(exact()),
        }
    }

    /// [`locate`](Self::locate) by the edge test alone (the reference for
    /// the classified grid).
    pub fn locate_exact(&self, p: [f64; 2]) -> Option<u32> {
        let mut inside: Option<u32> = None;
        let mut boundary: Option<u32> = None;
        for cand in self
            .tree
            .locate_in_envelope_intersecting(AABB::from_point(p))
        {
            let i = cand.data;
            match self.areas[i as usize].containment(p) {
                Containment::Inside => inside = Some(inside.map_or(i, |j| j.min(i))),
                Containment::OnBoundary => boundary = Some(boundary.map_or(i, |j| j.min(i))),
                Containment::Outside => {}
            }
        }
        inside.or(boundary)
    }

    /// Candidate areas whose bounding box intersects the box `min..max`.
    pub fn candidates(&self, min: [f64; 2], max: [f64; 2]) -> impl Iterator<Item = u32> + '_ {
        self.tree
            .locate_in_envelope_intersecting(AABB::from_corners(min, max))
            .map(|c| c.data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Contains, Point};

    fn square(x0: f64, y0: f64, s: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: x0, y: y0), (x: x0 + s, y: y0), (x: x0 + s, y: y0 + s), (x: x0, y: y0 + s)],
        ])
    }

    #[test]
    fn hole_is_outside_and_its_edge_is_boundary() {
        let with_hole = MultiPolygon(vec![polygon!(
            exterior: [(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 10.)],
            interiors: [[(x: 4., y: 4.), (x: 6., y: 4.), (x: 6., y: 6.), (x: 4., y: 6.)]],
        )]);
        let idx = AreaIndex::new(&[with_hole]);
        assert_eq!(idx.containment(0, [5.0, 5.0]), Containment::Outside);
        assert_eq!(idx.containment(0, [4.0, 5.0]), Containment::OnBoundary);
        assert_eq!(idx.containment(0, [2.0, 5.0]), Containment::Inside);
        assert_eq!(idx.containment(0, [0.0, 0.0]), Containment::OnBoundary);
        assert_eq!(idx.locate([5.0, 5.0]), None);
    }

    #[test]
    fn multipolygon_parts_and_shared_vertex() {
        let two = MultiPolygon(vec![
            square(0.0, 0.0, 1.0).0.remove(0),
            square(5.0, 5.0, 1.0).0.remove(0),
        ]);
        let other = square(1.0, 1.0, 1.0);
        let idx = AreaIndex::new(&[other, two]);
        assert_eq!(idx.locate([5.5, 5.5]), Some(1));
        assert_eq!(idx.locate([0.5, 0.5]), Some(1));
        // (1,1) is a vertex of both: lowest index.
        assert_eq!(idx.locate([1.0, 1.0]), Some(0));
        assert_eq!(idx.locate([3.0, 3.0]), None);
    }

    #[test]
    fn agrees_with_geo_on_a_wiggly_polygon() {
        // Brute-force reference: geo's `Contains` (strict interior) on a
        // star-shaped polygon with many vertices.
        let n = 500;
        let ring: Vec<(f64, f64)> = (0..n)
            .map(|k| {
                let t = k as f64 / n as f64 * std::f64::consts::TAU;
                let r = 10.0 + 3.0 * (7.0 * t).sin() + 0.5 * (31.0 * t).cos();
                (r * t.cos(), r * t.sin())
            })
            .collect();
        let poly = geo::Polygon::new(geo::LineString::from(ring), vec![]);
        let idx = AreaIndex::new(&[MultiPolygon(vec![poly.clone()])]);
        let mut lcg = crate::test_rng::Lcg(12345);
        for _ in 0..20_000 {
            let x = lcg.unit() * 30.0 - 15.0;
            let y = lcg.unit() * 30.0 - 15.0;
            let expect = poly.contains(&Point::new(x, y));
            assert_eq!(
                idx.containment(0, [x, y]) == Containment::Inside,
                expect,
                "({x}, {y})"
            );
        }
    }

    /// Random jittered grids of communes (shared vertices, so points on
    /// shared edges and vertices occur), one with a hole and one part far
    /// away: the classified grid answers exactly as the edge test.
    fn jittered_communes(seed: u64, nx: usize, ny: usize) -> Vec<MultiPolygon<f64>> {
        let mut lcg = crate::test_rng::Lcg(seed);
        let mut rnd = move || lcg.unit();
        let mut v = vec![vec![(0.0, 0.0); ny + 1]; nx + 1];
        for (i, col) in v.iter_mut().enumerate() {
            for (j, p) in col.iter_mut().enumerate() {
                let inner = i > 0 && i < nx && j > 0 && j < ny;
                let (jx, jy) = if inner {
                    ((rnd() - 0.5) * 0.006, (rnd() - 0.5) * 0.006)
                } else {
                    (0.0, 0.0)
                };
                *p = (105.0 + i as f64 * 0.01 + jx, 9.0 + j as f64 * 0.01 + jy);
            }
        }
        let mut out = Vec::new();
        for i in 0..nx {
            for j in 0..ny {
                let ring = vec![v[i][j], v[i + 1][j], v[i + 1][j + 1], v[i][j + 1], v[i][j]];
                let mut poly = geo::Polygon::new(geo::LineString::from(ring), vec![]);
                if i == 1 && j == 1 {
                    let (x, y) = v[1][1];
                    let hole = vec![
                        (x + 0.002, y + 0.002),
                        (x + 0.004, y + 0.002),
                        (x + 0.004, y + 0.004),
                        (x + 0.002, y + 0.002),
                    ];
                    poly = geo::Polygon::new(poly.exterior().clone(), vec![hole.into()]);
                }
                out.push(MultiPolygon(vec![poly]));
            }
        }
        out.push(square(105.3, 9.3, 0.001));
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]
        #[test]
        fn classified_grid_equals_edge_test(
            seed in proptest::prelude::any::<u64>(),
            nx in 1usize..8,
            ny in 1usize..8,
            pts in proptest::collection::vec((0.0f64..1.0, 0.0f64..1.0, 0u8..4), 500..2000),
        ) {
            let polys = jittered_communes(seed, nx, ny);
            let idx = AreaIndex::new(&polys);
            let vertices: Vec<[f64; 2]> = polys
                .iter()
                .flat_map(|m| m.0.iter().flat_map(|p| p.exterior().0.iter().map(|c| [c.x, c.y])))
                .collect();
            for (u, v, kind) in pts {
                let p = match kind {
                    // On a vertex (shared by up to four communes).
                    0 => vertices[(u * vertices.len() as f64) as usize % vertices.len()],
                    // On an edge: between two consecutive vertices.
                    1 => {
                        let k = (u * vertices.len() as f64) as usize % (vertices.len() - 1);
                        let (a, b) = (vertices[k], vertices[k + 1]);
                        [a[0] + (b[0] - a[0]) * v, a[1] + (b[1] - a[1]) * v]
                    }
                    // Anywhere around the communes (and outside them).
                    _ => [104.99 + u * (nx as f64 * 0.01 + 0.02), 8.99 + v * (ny as f64 * 0.01 + 0.02)],
                };
                proptest::prop_assert_eq!(idx.locate(p), idx.locate_exact(p), "at {:?}", p);
            }
        }
    }

    /// Where `locate_near` answers, every point of the box (its corners
    /// and random points in it) has that answer by the edge test; and it
    /// answers for most points.
    #[test]
    fn locate_near_equals_the_edge_test_in_the_whole_box() {
        let polys = jittered_communes(11, 6, 5);
        let idx = AreaIndex::new(&polys);
        let mut lcg = crate::test_rng::Lcg(3u64);
        let mut rnd = move || lcg.unit();
        let (mut decided, mut outside, n) = (0, 0, 20_000);
        for k in 0..n {
            let p = [105.0 + rnd() * 0.08, 9.0 + rnd() * 0.07];
            // From a rounding error to about a third of a grid cell.
            let eps = [1e-12, 1e-9, 1e-6, 3e-4][k % 4];
            let Some(want) = idx.locate_near(p, eps) else {
                continue;
            };
            decided += 1;
            outside += usize::from(want.is_none());
            let corners = [[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]];
            let mut qs: Vec<[f64; 2]> = corners
                .iter()
                .map(|c| [p[0] + c[0] * eps, p[1] + c[1] * eps])
                .collect();
            qs.extend((0..4).map(|_| {
                [
                    p[0] + (2.0 * rnd() - 1.0) * eps,
                    p[1] + (2.0 * rnd() - 1.0) * eps,
                ]
            }));
            for q in qs {
                assert_eq!(idx.locate_exact(q), want, "at {q:?} near {p:?} ± {eps}");
            }
        }
        assert!(decided > n / 3 && outside > n / 10, "{decided} {outside}");
    }

    #[test]
    fn the_grid_uses_the_same_unassigned() {
        assert_eq!(super::super::area_cells::UNASSIGNED, UNASSIGNED);
    }

    #[test]
    fn most_cells_are_not_edge_cells() {
        let idx = AreaIndex::new(&jittered_communes(5, 6, 5));
        let share = idx.cells.as_ref().unwrap().edge_share();
        assert!(share < 0.2, "{share}");
    }
}
