//! Fibre serviceability along the road and canal network (`[fibre]
//! distance = "network"`).
//!
//! **The rule.** A household's *network distance* to the fibre is
//!
//! ```text
//! d(h) = access(h) + min( t·len(e) + D(a), (1 − t)·len(e) + D(b), J(x) )
//! ```
//!
//! where `e = (a, b)` is the network edge nearest the household (straight
//! distance on the run's plane; among edges at exactly the same distance
//! the smallest `d` counts), `access(h)` is that straight distance, `t` is
//! the position of the household's foot (its *access point*) along `e`,
//! `D(n)` is the length along the network from node `n` to the fibre, and
//! `J(x)` the straight distance from the access point `x` to the fibre
//! when it is within the join distance (infinite otherwise).
//! The household is served when `d(h) ≤ [fibre] drop_m` (inclusive, as the
//! straight rule).
//!
//! **How the fibre joins the network.** The fibre (cables and distribution
//! points) is not snapped into the graph: it joins the network at every
//! node, and at the household's own access point, within `[network]
//! fibre_join_m` (default 30 m) of a fibre element, through a straight
//! connector as long as that distance (as `plan fibre` attaches the fibre
//! to nodes within `attach_m`, [`crate::plan::routes`]). So `D(n) = min
//! over such nodes m of (connector(m) + path length m → n)`. A cable laid
//! along a road is at distance 0 from its nodes and from the access points
//! on it; a route planned along the network passes through its nodes. A
//! cable crossing an edge between two nodes joins them by connectors no
//! longer than the way along the edge, so `D` is never more than the
//! distance along the edge to the crossing. Edges are split every
//! `[network] node_spacing_m` (default 50 m), so every point of the network
//! is within 25 m of a node: a cable that touches the network anywhere
//! joins it (the default join distance, 30 m, is above that half-spacing). `D` comes from one
//! multi-source Dijkstra over edge lengths (metres, not cost factors). The
//! search is not cut at `drop_m`: the same pass tells which nodes the fibre
//! cannot reach at all, and gives `households.csv` a finite distance; it
//! takes a fraction of a second for a million edges, far below the
//! per-household work.
//!
//! **Fallback.** A household whose nearest edge lies on a part of the
//! network the fibre joins nowhere (a disconnected part, or a network the
//! fibre comes nowhere within `fibre_join_m` of) is *unreachable along the
//! network*: it keeps the straight distance (the default rule) and is
//! counted, per commune, in a warning of the run and of `phusong check`.
//! A network with no edge at all makes every household fall back.
//!
//! By the triangle inequality `d(h)` is never shorter than the straight
//! distance to the fibre, so `"network"` serves a subset of the households
//! `"straight"` serves (except the fallbacks, which are the same).

use rayon::prelude::*;
use rstar::primitives::{GeomWithData, Line};
use rstar::RTree;

use crate::index::SegmentIndex;
use crate::network::paths::{dijkstra_length_paths, NONE};
use crate::network::Graph;

/// One household's network distance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NetworkService {
    /// Distance to the fibre, metres: along the network (with the access),
    /// or the straight one when `fallback`.
    pub distance_m: f64,
    /// Within the drop (inclusive).
    pub served: bool,
    /// Unreachable along the network: `distance_m` is the straight one.
    pub fallback: bool,
    /// Straight distance to the nearest network edge (infinite without
    /// edges).
    pub access_m: f64,
    /// The fibre feature the household reaches the fibre through along the
    /// network (where the shortest way joins it); [`NONE`] on fallback.
    pub via: u32,
}

/// The network rule over one graph and one fibre network.
pub struct FibreNetwork<'g> {
    graph: &'g Graph,
    fibre: &'g SegmentIndex,
    join_m: f64,
    edges: RTree<GeomWithData<Line<[f64; 2]>, u32>>,
    /// Length along the network from each node to the fibre (infinite when
    /// the fibre cannot reach the node).
    node_m: Vec<f64>,
    /// The fibre feature each node reaches first ([`NONE`] when none).
    node_feature: Vec<u32>,
    drop_m: f64,
    /// The straight distance from the network's nearest node to the fibre
    /// (infinite without fibre or nodes).
    pub nearest_fibre_m: f64,
}

impl<'g> FibreNetwork<'g> {
    /// The rule on `graph` for the fibre `fibre` (its elements on the same
    /// plane): nodes and access points within `join_m` of the fibre join
    /// it.
    ///
    /// ```
    /// use phusong::coverage::fibre_network::FibreNetwork;
    /// use phusong::index::{Element, SegmentIndex};
    /// use phusong::network::{Edge, Graph};
    /// // A road 0–200 m east; a distribution point 10 m south of its west end.
    /// let g = Graph::new(vec![[0.0, 0.0], [200.0, 0.0]],
    ///     vec![Edge { a: 0, b: 1, length_m: 200.0, kind: 0 }],
    ///     vec!["road".into()], vec![1.0]);
    /// let point = Element { a: [0.0, -10.0], b: [0.0, -10.0], feature: 0 };
    /// let fibre = SegmentIndex::new(vec![point]);
    /// let net = FibreNetwork::new(&g, &fibre, 50.0, 150.0);
    /// // 20 m from the road at x = 100: 20 + 100 along + 10 connector.
    /// let s = net.evaluate([100.0, 20.0], 0.0);
    /// assert_eq!(s.distance_m, 130.0);
    /// assert!(s.served && !s.fallback);
    /// ```
    pub fn new(graph: &'g Graph, fibre: &'g SegmentIndex, join_m: f64, drop_m: f64) -> Self {
        let mut nearest_fibre_m = f64::INFINITY;
        let mut sources = Vec::new();
        let mut source_feature = Vec::new();
        for (n, &p) in graph.xy.iter().enumerate() {
            if let Some((d, f)) = fibre.nearest(p) {
                nearest_fibre_m = nearest_fibre_m.min(d);
                if d <= join_m {
                    sources.push((n as u32, d));
                    source_feature.push(f);
                }
            }
        }
        let sp = dijkstra_length_paths(graph, &sources);
        let node_feature = sp
            .source
            .iter()
            .map(|&k| {
                if k == NONE {
                    NONE
                } else {
                    source_feature[k as usize]
                }
            })
            .collect();
        let node_m = sp.dist;
        let edges = RTree::bulk_load(
            graph
                .edges
                .iter()
                .enumerate()
                .map(|(k, e)| {
                    let line = Line::new(graph.xy[e.a as usize], graph.xy[e.b as usize]);
                    GeomWithData::new(line, k as u32)
                })
                .collect(),
        );
        FibreNetwork {
            graph,
            fibre,
            join_m,
            edges,
            node_m,
            node_feature,
            drop_m,
            nearest_fibre_m,
        }
    }

    /// Length along the network from node `n` to the fibre.
    pub fn node_distance_m(&self, n: u32) -> f64 {
        self.node_m[n as usize]
    }

    /// The household at `p` (projected metres) whose straight distance to
    /// the fibre is `straight_m` (used when it is unreachable along the
    /// network).
    pub fn evaluate(&self, p: [f64; 2], straight_m: f64) -> NetworkService {
        let mut best = (f64::INFINITY, NONE);
        let mut access_m = f64::INFINITY;
        let mut it = self.edges.nearest_neighbor_iter_with_distance_2(p);
        if let Some((first, d2)) = it.next() {
            access_m = d2.sqrt();
            best = self.via_edge(first.data, p, access_m);
            for (e, e2) in it {
                // Edges at the same distance (within rounding): the
                // shortest way through any of them.
                if e2 > d2 + 1e-9 * (1.0 + d2) {
                    break;
                }
                let other = self.via_edge(e.data, p, access_m);
                if other.0 < best.0 {
                    best = other;
                }
            }
        }
        if best.0.is_finite() {
            NetworkService {
                distance_m: best.0,
                served: best.0 <= self.drop_m,
                fallback: false,
                access_m,
                via: best.1,
            }
        } else {
            NetworkService {
                distance_m: straight_m,
                served: straight_m <= self.drop_m,
                fallback: true,
                access_m,
                via: NONE,
            }
        }
    }

    /// The network edge nearest `p` (the lowest index among edges at the
    /// same distance): `(edge, t, access_m)`, `t` the access point's share
    /// along the edge from its end `a`. `None` without edges.
    pub fn nearest_edge(&self, p: [f64; 2]) -> Option<(u32, f64, f64)> {
        let mut it = self.edges.nearest_neighbor_iter_with_distance_2(p);
        let (first, d2) = it.next()?;
        let mut k = first.data;
        for (e, e2) in it {
            if e2 > d2 + 1e-9 * (1.0 + d2) {
                break;
            }
            k = k.min(e.data);
        }
        let e = &self.graph.edges[k as usize];
        let t = foot_parameter(self.graph.xy[e.a as usize], self.graph.xy[e.b as usize], p);
        Some((k, t, d2.sqrt()))
    }

    /// `access + min(along to a + D(a), along to b + D(b), J(x))` through
    /// edge `k`, with the fibre feature of the way taken.
    fn via_edge(&self, k: u32, p: [f64; 2], access_m: f64) -> (f64, u32) {
        let e = &self.graph.edges[k as usize];
        let (a, b) = (self.graph.xy[e.a as usize], self.graph.xy[e.b as usize]);
        let t = foot_parameter(a, b, p);
        let to_a = t * e.length_m + self.node_m[e.a as usize];
        let to_b = (1.0 - t) * e.length_m + self.node_m[e.b as usize];
        let x = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
        let join = match self.fibre.nearest(x) {
            Some((d, f)) if d <= self.join_m => (d, f),
            _ => (f64::INFINITY, NONE),
        };
        let mut best = (to_a, self.node_feature[e.a as usize]);
        if to_b < best.0 {
            best = (to_b, self.node_feature[e.b as usize]);
        }
        if join.0 < best.0 {
            best = join;
        }
        (access_m + best.0, best.1)
    }

    /// Every household of `xy` (with its straight distance), in parallel;
    /// the result does not depend on the thread count.
    pub fn evaluate_all(&self, xy: &[[f64; 2]], straight_m: &[f64]) -> Vec<NetworkService> {
        xy.par_iter()
            .zip(straight_m.par_iter())
            .map(|(&p, &s)| self.evaluate(p, s))
            .collect()
    }
}

/// The parameter (0–1) along a–b of the point nearest `p`.
pub fn foot_parameter(a: [f64; 2], b: [f64; 2], p: [f64; 2]) -> f64 {
    let r = [b[0] - a[0], b[1] - a[1]];
    let len2 = r[0] * r[0] + r[1] * r[1];
    if len2 == 0.0 {
        return 0.0;
    }
    (((p[0] - a[0]) * r[0] + (p[1] - a[1]) * r[1]) / len2).clamp(0.0, 1.0)
}

/// Per commune (index into the areas) with households unreachable along
/// the network: `(commune, unreachable, households)`, in commune order.
/// `area` is each household's commune ([`crate::index::UNASSIGNED`] for
/// none; those are left out).
pub fn unreachable_per_commune(
    area: &[u32],
    services: &[NetworkService],
    communes: usize,
) -> Vec<(usize, u64, u64)> {
    let mut n = vec![(0u64, 0u64); communes];
    for (&a, s) in area.iter().zip(services) {
        if let Some(c) = n.get_mut(a as usize) {
            c.1 += 1;
            c.0 += u64::from(s.fallback);
        }
    }
    n.into_iter()
        .enumerate()
        .filter(|(_, c)| c.0 > 0)
        .map(|(i, c)| (i, c.0, c.1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::NetworkParams;
    use crate::index::Element;
    use crate::network::build::graph_from_segments;
    use proptest::prelude::*;

    fn params() -> NetworkParams {
        NetworkParams {
            node_spacing_m: 1000.0,
            ..Default::default()
        }
    }

    fn fibre(elems: &[([f64; 2], [f64; 2])]) -> SegmentIndex {
        SegmentIndex::new(
            elems
                .iter()
                .enumerate()
                .map(|(i, &(a, b))| Element {
                    a,
                    b,
                    feature: i as u32,
                })
                .collect(),
        )
    }

    /// A road east along y = 0 with nodes every 100 m (0–300), a lane north
    /// from (200, 0) to (200, 100), and a road apart (1000–1100, y = 0).
    /// The fibre: a cable along x = −50, 50 m west of the first node.
    #[test]
    fn hand_drawn_network_gives_the_hand_computed_distances() {
        let segs = vec![
            ([0.0, 0.0], [100.0, 0.0], 0),
            ([100.0, 0.0], [200.0, 0.0], 0),
            ([200.0, 0.0], [300.0, 0.0], 0),
            ([200.0, 0.0], [200.0, 100.0], 1),
            ([1000.0, 0.0], [1100.0, 0.0], 0),
        ];
        let g = graph_from_segments(segs, vec!["road".into(), "canal".into()], &params());
        let f = fibre(&[([-50.0, -30.0], [-50.0, 30.0])]);
        let net = FibreNetwork::new(&g, &f, 60.0, 150.0);
        assert_eq!(net.nearest_fibre_m, 50.0);
        let cases = [
            // (household, straight, expected network distance, served)
            ([50.0, 20.0], 100.0, 20.0 + 50.0 + 50.0, true),
            // nearest the lane (10 m), 60 m along it to (200, 0), D = 250
            ([210.0, 60.0], 260.0, 10.0 + 60.0 + 250.0, false),
            ([250.0, -5.0], 300.0, 5.0 + 50.0 + 250.0, false),
            // on the first node itself: the connector alone
            ([0.0, 0.0], 50.0, 50.0, true),
            // exactly at the drop: 30 + 70 + 50
            ([70.0, -30.0], 126.0, 150.0, true),
        ];
        for (p, straight, want, served) in cases {
            let s = net.evaluate(p, straight);
            assert!((s.distance_m - want).abs() < 1e-9, "{p:?}: {s:?} ≠ {want}");
            assert_eq!((s.served, s.fallback), (served, false), "{p:?}");
        }
        // The road apart: unreachable, falls back to the straight distance.
        let s = net.evaluate([1050.0, 10.0], 1100.05);
        assert_eq!((s.distance_m, s.served, s.fallback), (1100.05, false, true));
        assert_eq!(s.access_m, 10.0);
        let s = net.evaluate([1050.0, 10.0], 140.0);
        assert!(s.served && s.fallback);
    }

    #[test]
    fn via_names_the_fibre_feature_the_way_reaches() {
        // A road 0–400 m east (nodes every 100 m); distribution points 10 m
        // south of each end: features 0 (west) and 1 (east).
        let segs = (0..4)
            .map(|k| ([k as f64 * 100.0, 0.0], [(k + 1) as f64 * 100.0, 0.0], 0))
            .collect();
        let g = graph_from_segments(segs, vec!["road".into()], &params());
        let f = fibre(&[
            ([0.0, -10.0], [0.0, -10.0]),
            ([400.0, -10.0], [400.0, -10.0]),
        ]);
        let net = FibreNetwork::new(&g, &f, 30.0, 150.0);
        // 5 + 90 + 10 through the west point; 5 + 90 + 10 through the east.
        let w = net.evaluate([90.0, 5.0], 90.0);
        assert_eq!((w.distance_m, w.via), (105.0, 0));
        let e = net.evaluate([310.0, 5.0], 90.0);
        assert_eq!((e.distance_m, e.via), (105.0, 1));
        // Through the access point's own join (5 m off the east point).
        let j = net.evaluate([400.0, 3.0], 13.0);
        assert_eq!((j.distance_m, j.via), (13.0, 1));
        let (k, t, access) = net.nearest_edge([310.0, 5.0]).unwrap();
        let e = g.edges[k as usize];
        let (a, b) = (g.xy[e.a as usize], g.xy[e.b as usize]);
        let foot = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
        assert!(
            (foot[0] - 310.0).abs() < 1e-9 && foot[1].abs() < 1e-9,
            "{foot:?}"
        );
        assert_eq!(access, 5.0);
    }

    #[test]
    fn the_fibre_joins_at_the_access_point_too() {
        // One 200 m edge (no node in between); a cable 5 m off its middle.
        let g = graph_from_segments(
            vec![([0.0, 0.0], [200.0, 0.0], 0)],
            vec!["road".into()],
            &params(),
        );
        let f = fibre(&[([80.0, 5.0], [120.0, 5.0])]);
        let net = FibreNetwork::new(&g, &f, 30.0, 150.0);
        let s = net.evaluate([100.0, 40.0], 35.0);
        assert_eq!((s.distance_m, s.served, s.fallback), (45.0, true, false));
        // 10 m along: the cable is 70 m from that access point and from
        // both nodes: unreachable along the network.
        let s = net.evaluate([10.0, 20.0], 71.0);
        assert_eq!((s.distance_m, s.served, s.fallback), (71.0, true, true));
    }

    #[test]
    fn fibre_nowhere_near_the_network_makes_everyone_fall_back() {
        let g = graph_from_segments(
            vec![([0.0, 0.0], [100.0, 0.0], 0)],
            vec!["road".into()],
            &params(),
        );
        let f = fibre(&[([0.0, 500.0], [0.0, 600.0])]);
        let net = FibreNetwork::new(&g, &f, 150.0, 150.0);
        assert_eq!(net.nearest_fibre_m, 500.0);
        let s = net.evaluate([50.0, 10.0], 490.0);
        assert!(s.fallback && !s.served);
        let area = vec![0, 0, 1, crate::index::UNASSIGNED];
        let sv = vec![
            s,
            s,
            NetworkService {
                fallback: false,
                ..s
            },
            s,
        ];
        assert_eq!(unreachable_per_commune(&area, &sv, 2), vec![(0, 2, 2)]);
    }

    /// The naive rule: Floyd–Warshall over the nodes, every edge scanned.
    fn naive(g: &Graph, fibre: &SegmentIndex, attach_m: f64, p: [f64; 2]) -> f64 {
        let n = g.node_count();
        let mut d = vec![vec![f64::INFINITY; n]; n];
        for (i, row) in d.iter_mut().enumerate() {
            row[i] = 0.0;
        }
        for e in &g.edges {
            let (a, b) = (e.a as usize, e.b as usize);
            d[a][b] = d[a][b].min(e.length_m);
            d[b][a] = d[b][a].min(e.length_m);
        }
        for k in 0..n {
            for i in 0..n {
                for j in 0..n {
                    if d[i][k] + d[k][j] < d[i][j] {
                        d[i][j] = d[i][k] + d[k][j];
                    }
                }
            }
        }
        let to_fibre: Vec<f64> = (0..n)
            .map(|v| {
                (0..n)
                    .filter_map(|m| {
                        let (c, _) = fibre.nearest_by_tree(g.xy[m])?;
                        (c <= attach_m).then(|| c + d[m][v])
                    })
                    .fold(f64::INFINITY, f64::min)
            })
            .collect();
        let seg = |e: &crate::network::Edge| {
            let (a, b) = (g.xy[e.a as usize], g.xy[e.b as usize]);
            crate::index::segment_distance_2(a, b, p).sqrt()
        };
        let access = g.edges.iter().map(seg).fold(f64::INFINITY, f64::min);
        g.edges
            .iter()
            .filter(|e| seg(e) <= access + 1e-9)
            .map(|e| {
                let (a, b) = (g.xy[e.a as usize], g.xy[e.b as usize]);
                let t = foot_parameter(a, b, p);
                let x = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
                let j = fibre.nearest_by_tree(x).unwrap().0;
                let j = if j <= attach_m { j } else { f64::INFINITY };
                access
                    + (t * e.length_m + to_fibre[e.a as usize])
                        .min((1.0 - t) * e.length_m + to_fibre[e.b as usize])
                        .min(j)
            })
            .fold(f64::INFINITY, f64::min)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn matches_the_naive_all_pairs_rule(
            segs in prop::collection::vec((0i32..8, 0i32..8, 0i32..8, 0i32..8), 1..12),
            cable in (0i32..8, 0i32..8, 0i32..8, 0i32..8),
            homes in prop::collection::vec((0i32..80, 0i32..80), 1..10),
            attach in 0u32..300,
        ) {
            // Lines between points of a 100 m lattice (crossings become nodes).
            let s: Vec<_> = segs.iter().filter(|s| (s.0, s.1) != (s.2, s.3))
                .map(|s| ([s.0 as f64 * 100.0, s.1 as f64 * 100.0],
                          [s.2 as f64 * 100.0, s.3 as f64 * 100.0], 0u16)).collect();
            prop_assume!(!s.is_empty());
            let g = graph_from_segments(s, vec!["road".into()], &params());
            let f = fibre(&[([cable.0 as f64 * 100.0 + 7.0, cable.1 as f64 * 100.0 + 3.0],
                             [cable.2 as f64 * 100.0 + 7.0, cable.3 as f64 * 100.0 + 3.0])]);
            let net = FibreNetwork::new(&g, &f, attach as f64, 150.0);
            for h in homes {
                let p = [h.0 as f64 * 10.0 + 0.5, h.1 as f64 * 10.0 + 0.25];
                let straight = f.nearest_by_tree(p).unwrap().0;
                let want = naive(&g, &f, attach as f64, p);
                let got = net.evaluate(p, straight);
                if want.is_finite() {
                    prop_assert!(!got.fallback);
                    prop_assert!((got.distance_m - want).abs() < 1e-6, "{} vs {}", got.distance_m, want);
                    prop_assert!(got.distance_m >= straight - 1e-6);
                } else {
                    prop_assert!(got.fallback);
                    prop_assert_eq!(got.distance_m, straight);
                }
                prop_assert_eq!(got.served, got.distance_m <= 150.0);
            }
        }
    }
}
