//! The network graph: nodes on the metric plane, undirected edges with a
//! length in metres, a kind and that kind's cost factor.

use rstar::primitives::GeomWithData;
use rstar::RTree;

/// An undirected edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    /// One end (node index).
    pub a: u32,
    /// The other end.
    pub b: u32,
    /// Length on the plane, metres.
    pub length_m: f64,
    /// Index of its kind in [`Graph::kinds`].
    pub kind: u16,
}

/// A road and canal graph.
#[derive(Debug, Clone)]
pub struct Graph {
    /// Node positions, projected metres.
    pub xy: Vec<[f64; 2]>,
    /// Edges.
    pub edges: Vec<Edge>,
    /// Kind names.
    pub kinds: Vec<String>,
    /// Cost factor per kind (aligned with `kinds`).
    pub factor: Vec<f64>,
    start: Vec<u32>,
    adj: Vec<(u32, u32)>,
    nodes: RTree<GeomWithData<[f64; 2], u32>>,
}

impl Graph {
    /// A graph of `edges` between the nodes `xy`.
    pub fn new(xy: Vec<[f64; 2]>, edges: Vec<Edge>, kinds: Vec<String>, factor: Vec<f64>) -> Self {
        let n = xy.len();
        let mut deg = vec![0u32; n + 1];
        for e in &edges {
            deg[e.a as usize] += 1;
            deg[e.b as usize] += 1;
        }
        let mut start = vec![0u32; n + 1];
        for i in 0..n {
            start[i + 1] = start[i] + deg[i];
        }
        let mut fill = start.clone();
        let mut adj = vec![(0u32, 0u32); 2 * edges.len()];
        for (k, e) in edges.iter().enumerate() {
            adj[fill[e.a as usize] as usize] = (e.b, k as u32);
            fill[e.a as usize] += 1;
            adj[fill[e.b as usize] as usize] = (e.a, k as u32);
            fill[e.b as usize] += 1;
        }
        let nodes = RTree::bulk_load(
            xy.iter()
                .enumerate()
                .map(|(i, &p)| GeomWithData::new(p, i as u32))
                .collect(),
        );
        Graph {
            xy,
            edges,
            kinds,
            factor,
            start,
            adj,
            nodes,
        }
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.xy.len()
    }

    /// `(neighbour, edge)` pairs of node `u`.
    pub fn neighbours(&self, u: u32) -> &[(u32, u32)] {
        &self.adj[self.start[u as usize] as usize..self.start[u as usize + 1] as usize]
    }

    /// The cost weight of edge `e`: length × its kind's factor.
    pub fn weight(&self, e: u32) -> f64 {
        let e = &self.edges[e as usize];
        e.length_m * self.factor[e.kind as usize]
    }

    /// The node nearest `p` and its distance (ties: lowest index).
    pub fn nearest_node(&self, p: [f64; 2]) -> Option<(u32, f64)> {
        let mut it = self.nodes.nearest_neighbor_iter_with_distance_2(p);
        let (first, d2) = it.next()?;
        let mut best = first.data;
        for (n, e2) in it {
            if e2 > d2 {
                break;
            }
            best = best.min(n.data);
        }
        Some((best, d2.sqrt()))
    }

    /// Nodes within `r` metres of `p`.
    pub fn nodes_within(&self, p: [f64; 2], r: f64) -> Vec<u32> {
        let mut v: Vec<u32> = self
            .nodes
            .locate_within_distance(p, r * r)
            .map(|n| n.data)
            .collect();
        v.sort_unstable();
        v
    }

    /// The connected component of every node (numbered from 0 in order of
    /// their lowest node).
    pub fn components(&self) -> Vec<u32> {
        let mut comp = vec![u32::MAX; self.node_count()];
        let mut next = 0;
        let mut stack = Vec::new();
        for s in 0..self.node_count() as u32 {
            if comp[s as usize] != u32::MAX {
                continue;
            }
            comp[s as usize] = next;
            stack.push(s);
            while let Some(u) = stack.pop() {
                for &(v, _) in self.neighbours(u) {
                    if comp[v as usize] == u32::MAX {
                        comp[v as usize] = next;
                        stack.push(v);
                    }
                }
            }
            next += 1;
        }
        comp
    }
}
