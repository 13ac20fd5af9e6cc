//! Multi-source shortest paths (Dijkstra 1959, binary heap) on a
//! [`Graph`], each node labelled with the source that reaches it first: the
//! shortest-path Voronoi regions Mehlhorn's Steiner algorithm uses.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::graph::Graph;

/// No edge / no source.
pub const NONE: u32 = u32::MAX;

/// Shortest paths from a set of sources.
#[derive(Debug, Clone)]
pub struct ShortestPaths {
    /// Cost from the nearest source (infinite when unreachable).
    pub dist: Vec<f64>,
    /// The edge to the predecessor on the path ([`NONE`] at a source).
    pub pred: Vec<u32>,
    /// Index (into the sources given) of the source that reaches the node.
    pub source: Vec<u32>,
}

#[derive(PartialEq)]
struct Item(f64, u32);
impl Eq for Item {}
impl Ord for Item {
    fn cmp(&self, o: &Self) -> Ordering {
        // Min-heap on cost, then on node (a fixed order for ties).
        o.0.total_cmp(&self.0).then(o.1.cmp(&self.1))
    }
}
impl PartialOrd for Item {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

/// Dijkstra from `sources` (`(node, initial cost)`), with edge weights
/// [`Graph::weight`]. Ties go to the lower node and the source given first.
///
/// ```
/// use phusong::network::{Edge, Graph};
/// use phusong::network::paths::dijkstra;
/// let e = |a, b, l| Edge { a, b, length_m: l, kind: 0 };
/// let g = Graph::new(vec![[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]],
///     vec![e(0, 1, 1.0), e(1, 2, 1.0)], vec!["road".into()], vec![2.0]);
/// let sp = dijkstra(&g, &[(0, 0.0)]);
/// assert_eq!(sp.dist, vec![0.0, 2.0, 4.0]); // length × cost factor
/// ```
pub fn dijkstra(g: &Graph, sources: &[(u32, f64)]) -> ShortestPaths {
    dijkstra_by(g, sources, |e| g.weight(e))
}

/// Lengths in metres (not costs) from the nearest of `sources` (`(node,
/// initial length)`) to every node, infinite when unreachable.
///
/// ```
/// use phusong::network::{Edge, Graph};
/// use phusong::network::paths::dijkstra_lengths;
/// let e = |a, b, l| Edge { a, b, length_m: l, kind: 0 };
/// let g = Graph::new(vec![[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [9.0, 9.0]],
///     vec![e(0, 1, 1.0), e(1, 2, 1.0)], vec!["canal".into()], vec![1.4]);
/// assert_eq!(dijkstra_lengths(&g, &[(2, 0.5)]), vec![2.5, 1.5, 0.5, f64::INFINITY]);
/// ```
pub fn dijkstra_lengths(g: &Graph, sources: &[(u32, f64)]) -> Vec<f64> {
    dijkstra_length_paths(g, sources).dist
}

/// [`dijkstra_lengths`] with the paths: which source reaches each node
/// first (ties to the source given first), and the predecessor edges.
///
/// ```
/// use phusong::network::{Edge, Graph};
/// use phusong::network::paths::dijkstra_length_paths;
/// let e = |a, b, l| Edge { a, b, length_m: l, kind: 0 };
/// let g = Graph::new(vec![[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]],
///     vec![e(0, 1, 1.0), e(1, 2, 1.0)], vec!["canal".into()], vec![1.4]);
/// let sp = dijkstra_length_paths(&g, &[(0, 0.0), (2, 0.5)]);
/// assert_eq!(sp.dist, vec![0.0, 1.0, 0.5]);
/// assert_eq!(sp.source, vec![0, 0, 1]);
/// ```
pub fn dijkstra_length_paths(g: &Graph, sources: &[(u32, f64)]) -> ShortestPaths {
    dijkstra_by(g, sources, |e| g.edges[e as usize].length_m)
}

fn dijkstra_by(g: &Graph, sources: &[(u32, f64)], weight: impl Fn(u32) -> f64) -> ShortestPaths {
    let n = g.node_count();
    let mut sp = ShortestPaths {
        dist: vec![f64::INFINITY; n],
        pred: vec![NONE; n],
        source: vec![NONE; n],
    };
    let mut heap = BinaryHeap::new();
    for (k, &(s, d0)) in sources.iter().enumerate() {
        if d0 < sp.dist[s as usize] {
            sp.dist[s as usize] = d0;
            sp.source[s as usize] = k as u32;
            sp.pred[s as usize] = NONE;
            heap.push(Item(d0, s));
        }
    }
    while let Some(Item(d, u)) = heap.pop() {
        if d > sp.dist[u as usize] {
            continue;
        }
        for &(v, e) in g.neighbours(u) {
            let nd = d + weight(e);
            if nd < sp.dist[v as usize] {
                sp.dist[v as usize] = nd;
                sp.pred[v as usize] = e;
                sp.source[v as usize] = sp.source[u as usize];
                heap.push(Item(nd, v));
            }
        }
    }
    sp
}

/// The edges of the path from `v` back to its source, in walking order.
pub fn path_to_source(g: &Graph, sp: &ShortestPaths, mut v: u32) -> Vec<u32> {
    let mut out = Vec::new();
    while sp.pred[v as usize] != NONE {
        let e = sp.pred[v as usize];
        out.push(e);
        let edge = &g.edges[e as usize];
        v = if edge.a == v { edge.b } else { edge.a };
    }
    out
}
