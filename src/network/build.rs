//! Lines → [`Graph`]: project the vertices, split segments where they
//! cross (and where a line ends on another), split long edges every
//! `node_spacing_m`, and merge points closer than `snap_m` into one node.

use std::collections::HashMap;

use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

use super::graph::{Edge, Graph};
use crate::config::NetworkParams;
use crate::input::network::NetworkLines;
use crate::projection::Projection;

type Seg = ([f64; 2], [f64; 2], u16);

/// Build the graph of `lines` on `projection`'s plane. Node positions and
/// edges are independent of the thread count; they follow the order of
/// the lines.
///
/// ```
/// use phusong::config::NetworkParams;
/// use phusong::input::network::NetworkLines;
/// use phusong::network::build::graph_from_segments;
/// // Two roads crossing in an X: one node where they cross, four edges.
/// let segs = vec![([0.0, 0.0], [100.0, 100.0], 0), ([0.0, 100.0], [100.0, 0.0], 0)];
/// let p = NetworkParams { node_spacing_m: 1000.0, ..Default::default() };
/// let g = graph_from_segments(segs, vec!["road".into()], &p);
/// assert_eq!((g.node_count(), g.edges.len()), (5, 4));
/// ```
pub fn build_graph(lines: &NetworkLines, projection: &Projection, params: &NetworkParams) -> Graph {
    let mut segs: Vec<Seg> = Vec::new();
    for (pts, kind) in &lines.lines {
        let xy: Vec<[f64; 2]> = pts.iter().map(|p| projection.forward(p[0], p[1])).collect();
        for w in xy.windows(2) {
            segs.push((w[0], w[1], *kind));
        }
    }
    graph_from_segments(segs, lines.kinds.clone(), params)
}

/// The graph of projected segments `(a, b, kind)` (see [`build_graph`]).
pub fn graph_from_segments(segs: Vec<Seg>, kinds: Vec<String>, params: &NetworkParams) -> Graph {
    let cuts = crossings(&segs, params.snap_m);
    let mut nodes = Snapper::new(params.snap_m);
    let mut edges: Vec<Edge> = Vec::new();
    let mut seen: HashMap<(u32, u32), usize> = HashMap::new();
    for (k, &(a, b, kind)) in segs.iter().enumerate() {
        let mut ts = cuts.get(&k).cloned().unwrap_or_default();
        ts.push(0.0);
        ts.push(1.0);
        ts.sort_by(f64::total_cmp);
        ts.dedup();
        let at = |t: f64| [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
        let len = dist(a, b);
        for w in ts.windows(2) {
            let piece = (w[1] - w[0]) * len;
            let steps = (piece / params.node_spacing_m).ceil().max(1.0) as usize;
            let mut prev = nodes.node(at(w[0]));
            for s in 1..=steps {
                let t = w[0] + (w[1] - w[0]) * s as f64 / steps as f64;
                let next = nodes.node(at(t));
                if next != prev {
                    let key = (prev.min(next), prev.max(next));
                    let length_m = dist(nodes.xy[prev as usize], nodes.xy[next as usize]);
                    match seen.get(&key) {
                        // A duplicate of an edge: keep the cheaper kind.
                        Some(&i) if edges[i].length_m <= length_m => {}
                        _ => {
                            seen.insert(key, edges.len());
                            edges.push(Edge {
                                a: prev,
                                b: next,
                                length_m,
                                kind,
                            });
                        }
                    }
                }
                prev = next;
            }
        }
    }
    let factor = kinds
        .iter()
        .map(|k| params.cost_factor.get(k).copied().unwrap_or(1.0))
        .collect();
    Graph::new(nodes.xy, edges, kinds, factor)
}

fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// Per segment, the parameters (0–1) where another segment crosses it or
/// ends on it (within `snap_m`).
fn crossings(segs: &[Seg], snap_m: f64) -> HashMap<usize, Vec<f64>> {
    let tree = RTree::bulk_load(
        segs.iter()
            .enumerate()
            .map(|(k, s)| GeomWithData::new(Rectangle::from_corners(s.0, s.1), k))
            .collect(),
    );
    let mut cuts: HashMap<usize, Vec<f64>> = HashMap::new();
    for (i, &(a, b, _)) in segs.iter().enumerate() {
        let env = AABB::from_corners(
            [a[0].min(b[0]) - snap_m, a[1].min(b[1]) - snap_m],
            [a[0].max(b[0]) + snap_m, a[1].max(b[1]) + snap_m],
        );
        for other in tree.locate_in_envelope_intersecting(env) {
            let j = other.data;
            if j == i {
                continue;
            }
            let (c, d, _) = segs[j];
            if let Some((t, _)) = intersect(a, b, c, d) {
                cuts.entry(i).or_default().push(t);
            }
            // An end of j on the inside of i (a T junction).
            for p in [c, d] {
                if let Some(t) = on_segment(a, b, p, snap_m) {
                    cuts.entry(i).or_default().push(t);
                }
            }
        }
    }
    cuts
}

/// The parameters along a–b and c–d of their proper crossing, if any.
fn intersect(a: [f64; 2], b: [f64; 2], c: [f64; 2], d: [f64; 2]) -> Option<(f64, f64)> {
    let r = [b[0] - a[0], b[1] - a[1]];
    let s = [d[0] - c[0], d[1] - c[1]];
    let den = r[0] * s[1] - r[1] * s[0];
    if den.abs() < 1e-12 {
        return None;
    }
    let q = [c[0] - a[0], c[1] - a[1]];
    let t = (q[0] * s[1] - q[1] * s[0]) / den;
    let u = (q[0] * r[1] - q[1] * r[0]) / den;
    let inside = |x: f64| x > 1e-9 && x < 1.0 - 1e-9;
    (inside(t) && inside(u)).then_some((t, u))
}

/// The parameter along a–b of the foot of `p`, when `p` is within `tol`
/// of the segment's inside.
fn on_segment(a: [f64; 2], b: [f64; 2], p: [f64; 2], tol: f64) -> Option<f64> {
    let r = [b[0] - a[0], b[1] - a[1]];
    let len2 = r[0] * r[0] + r[1] * r[1];
    if len2 == 0.0 {
        return None;
    }
    let t = ((p[0] - a[0]) * r[0] + (p[1] - a[1]) * r[1]) / len2;
    let len = len2.sqrt();
    if t * len <= tol || (1.0 - t) * len <= tol {
        return None; // at an end: snapping joins it
    }
    let foot = [a[0] + t * r[0], a[1] + t * r[1]];
    (dist(foot, p) <= tol).then_some(t)
}

/// Merges points closer than `snap_m` into the first node made there.
struct Snapper {
    snap_m: f64,
    cell: f64,
    grid: HashMap<(i64, i64), Vec<u32>>,
    xy: Vec<[f64; 2]>,
}

impl Snapper {
    fn new(snap_m: f64) -> Self {
        Snapper {
            snap_m,
            cell: snap_m.max(1e-3),
            grid: HashMap::new(),
            xy: Vec::new(),
        }
    }

    fn node(&mut self, p: [f64; 2]) -> u32 {
        let (cx, cy) = (
            (p[0] / self.cell).floor() as i64,
            (p[1] / self.cell).floor() as i64,
        );
        let mut best: Option<(f64, u32)> = None;
        for dx in -1..=1 {
            for dy in -1..=1 {
                for &n in self.grid.get(&(cx + dx, cy + dy)).into_iter().flatten() {
                    let d = dist(self.xy[n as usize], p);
                    if d <= self.snap_m && best.is_none_or(|b| (d, n) < b) {
                        best = Some((d, n));
                    }
                }
            }
        }
        if let Some((_, n)) = best {
            return n;
        }
        let n = self.xy.len() as u32;
        self.xy.push(p);
        self.grid.entry((cx, cy)).or_default().push(n);
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(spacing: f64) -> NetworkParams {
        NetworkParams {
            node_spacing_m: spacing,
            ..Default::default()
        }
    }

    #[test]
    fn t_junctions_and_snapping_join_lines() {
        // A road 0–200 m east; a canal from (100, 80) south to (100, 1.5):
        // it ends 1.5 m short of the road, within snap_m = 2.
        let segs = vec![
            ([0.0, 0.0], [200.0, 0.0], 0),
            ([100.0, 80.0], [100.0, 1.5], 1),
        ];
        let g = graph_from_segments(segs, vec!["road".into(), "canal".into()], &params(1000.0));
        assert_eq!(g.node_count(), 4);
        assert_eq!(g.edges.len(), 3);
        assert!(g.components().iter().all(|&c| c == 0), "one component");
        let canal: f64 = g
            .edges
            .iter()
            .filter(|e| e.kind == 1)
            .map(|e| e.length_m)
            .sum();
        assert!((canal - 80.0).abs() < 1e-9, "{canal}");
        assert_eq!(g.factor, vec![1.0, 1.4]);
    }

    #[test]
    fn long_edges_are_split_and_lengths_kept() {
        let g = graph_from_segments(
            vec![([0.0, 0.0], [0.0, 120.0], 0)],
            vec!["road".into()],
            &params(50.0),
        );
        assert_eq!(g.edges.len(), 3);
        let total: f64 = g.edges.iter().map(|e| e.length_m).sum();
        assert!((total - 120.0).abs() < 1e-9);
        assert_eq!(g.nearest_node([1.0, 39.0]), Some((1, 1.0_f64.hypot(1.0))));
    }

    #[test]
    fn lines_apart_stay_apart() {
        let segs = vec![
            ([0.0, 0.0], [100.0, 0.0], 0),
            ([0.0, 10.0], [100.0, 10.0], 0),
        ];
        let g = graph_from_segments(segs, vec!["road".into()], &params(1000.0));
        let c = g.components();
        assert_ne!(c[0], c[2]);
    }
}
