//! Routes: the fibre plan's chosen extensions merged into one tree per
//! commune, along the road and canal network when the scenario has one.
//!
//! The extensions of [`crate::plan::fibre`] say *which* households to
//! reach: each ends at a target point (a commune's edge, a cluster, the
//! centroid of a grid cell whose households are all within the drop of
//! it). Per commune, in the order of the commune's first extension, the
//! target points are joined to the fibre (the existing network, and the
//! routes of the communes before) by one tree:
//!
//! - **with `[layers] network`**: each target point reaches its nearest
//!   network node by a straight *access* line; those nodes are joined to
//!   the fibre by a Steiner tree on the network ([`crate::network::mehlhorn`],
//!   at most twice the cheapest tree), where a metre along an edge costs
//!   its kind's cost factor and the fibre attaches to every node within
//!   `[network] attach_m` through a straight connector. A target point
//!   more than `attach_m` from the network, nearer the fibre than the
//!   network, or that the network cannot join to the fibre (a disconnected
//!   part: reported per commune) is joined by a straight line as below
//!   (to the fibre, the commune's network tree or another target point);
//! - **without a network**: a Euclidean minimum spanning tree over the
//!   target points and the fibre (Prim; each point joins the fibre or an
//!   earlier point, whichever is nearer), so shared trunk is counted once.
//!
//! Straight pieces cost `length × [costs] route_factor × fibre_per_km_usd`
//! (a straight line is a lower bound of the route); network pieces
//! `length × cost_factor(kind) × fibre_per_km_usd` (the route itself).

use std::collections::{BTreeMap, HashMap};

use crate::network::{mehlhorn, Graph, Source};
use crate::plan::geometry::{dist, Network};
use crate::projection::Projection;

/// A planned piece of cable on the plane (snapped to the written
/// coordinates): its ends and its network kind (`None`: straight).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece {
    /// One end, projected metres.
    pub a: [f64; 2],
    /// The other end.
    pub b: [f64; 2],
    /// Index of the network kind, `None` for a straight line.
    pub kind: Option<u16>,
}

impl Piece {
    /// Length, metres.
    pub fn length_m(&self) -> f64 {
        dist(self.a, self.b)
    }
}

/// Round degrees to 10⁻⁷ (≈ 1 cm), the precision of the written lines.
fn round7(x: f64) -> f64 {
    (x * 1e7).round() / 1e7
}

/// A projected point snapped to written lon/lat and back.
pub fn snap(proj: &Projection, p: [f64; 2]) -> [f64; 2] {
    let [lon, lat] = proj.inverse(p[0], p[1]);
    proj.forward(round7(lon), round7(lat))
}

/// Joins target points to the growing fibre, commune after commune.
pub struct Router<'a> {
    proj: &'a Projection,
    graph: Option<&'a Graph>,
    /// Snapped positions of the graph's nodes.
    node_xy: Vec<[f64; 2]>,
    /// The fibre so far (existing + pieces planned).
    pub net: Network,
    /// Graph nodes the fibre attaches to: node → (straight connector
    /// length, the fibre point); length 0 once the node is on a route.
    roots: BTreeMap<u32, (f64, [f64; 2])>,
    route_factor: f64,
    attach_m: f64,
    /// Findings for the plan (one line each).
    pub warnings: Vec<String>,
}

impl<'a> Router<'a> {
    /// A router over the fibre `net`, on `graph` when there is one;
    /// network nodes within `attach_m` of the fibre attach to it (when none
    /// is, the nearest node does, with a warning saying how far).
    pub fn new(
        proj: &'a Projection,
        graph: Option<&'a Graph>,
        net: Network,
        attach_m: f64,
        route_factor: f64,
    ) -> Self {
        let mut roots = BTreeMap::new();
        let mut warnings = Vec::new();
        let mut node_xy = Vec::new();
        if let Some(g) = graph {
            node_xy = g.xy.iter().map(|&p| snap(proj, p)).collect();
            let mut nearest: Option<(f64, u32, [f64; 2])> = None;
            for (i, &p) in node_xy.iter().enumerate() {
                if let Some((q, d)) = net.nearest(p) {
                    if d <= attach_m {
                        roots.insert(i as u32, (d, snap(proj, q)));
                    }
                    if nearest.is_none_or(|n| d < n.0) {
                        nearest = Some((d, i as u32, snap(proj, q)));
                    }
                }
            }
            if let (true, Some((d, i, q))) = (roots.is_empty(), nearest) {
                warnings.push(format!(
                    "the network comes no nearer the fibre than {d:.0} m (more than [network] \
                     attach_m = {attach_m} m); it is joined to the fibre by one straight line"
                ));
                roots.insert(i, (d, q));
            }
        }
        Router {
            proj,
            graph,
            node_xy,
            net,
            roots,
            route_factor,
            attach_m,
            warnings,
        }
    }

    fn add(&mut self, pieces: &mut Vec<Piece>, a: [f64; 2], b: [f64; 2], kind: Option<u16>) {
        if dist(a, b) > 0.0 {
            pieces.push(Piece { a, b, kind });
        }
    }

    /// The pieces joining the (snapped) `targets` of commune `name` to the
    /// fibre; they become part of the fibre.
    pub fn route(&mut self, name: &str, targets: &[[f64; 2]]) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let straight = match self.graph {
            Some(g) => self.route_network(g, name, targets, &mut pieces),
            None => targets.to_vec(),
        };
        for p in &pieces {
            self.net.add(p.a, p.b, u32::MAX);
        }
        let more = self.prim(&straight);
        for p in &more {
            self.net.add(p.a, p.b, u32::MAX);
        }
        pieces.extend(more);
        pieces
    }

    /// The network part; returns the targets left to straight lines.
    fn route_network(
        &mut self,
        g: &Graph,
        name: &str,
        targets: &[[f64; 2]],
        pieces: &mut Vec<Piece>,
    ) -> Vec<[f64; 2]> {
        let mut straight = Vec::new();
        // Terminal nodes (deduplicated, in order) and their access lines.
        let mut nodes: Vec<u32> = Vec::new();
        let mut access: Vec<([f64; 2], u32)> = Vec::new();
        let mut nearest_m = f64::INFINITY;
        for &t in targets {
            let (Some((n, d_net)), Some((_, d_fibre))) = (g.nearest_node(t), self.net.nearest(t))
            else {
                straight.push(t);
                continue;
            };
            nearest_m = nearest_m.min(d_net);
            // Off the network, or nearer the fibre than the network: straight.
            if d_net > self.attach_m || d_fibre <= d_net {
                straight.push(t);
                continue;
            }
            access.push((t, n));
            if !nodes.contains(&n) {
                nodes.push(n);
            }
        }
        let mut sources: Vec<Source> = self
            .roots
            .iter()
            .map(|(&node, &(d, _))| Source {
                node,
                terminal: 0,
                cost: d * self.route_factor,
            })
            .collect();
        let root_nodes = sources.len();
        // Terminals on a root node are joined through its connector.
        let mut direct: Vec<u32> = Vec::new();
        for &n in &nodes {
            if self.roots.contains_key(&n) {
                direct.push(n);
            } else {
                sources.push(Source {
                    node: n,
                    terminal: (sources.len() - root_nodes + 1) as u32,
                    cost: 0.0,
                });
            }
        }
        let n_terminals = sources.len() - root_nodes + 1;
        let tree = mehlhorn(g, &sources, n_terminals);
        let unreached: Vec<u32> = sources[root_nodes..]
            .iter()
            .filter(|s| !tree.reached[s.terminal as usize])
            .map(|s| s.node)
            .collect();
        // Connectors from the fibre: where the tree attaches, and at the
        // terminals on a root node.
        let mut attach: Vec<u32> = direct.clone();
        attach.extend(
            tree.sources
                .iter()
                .filter(|&&k| k < root_nodes)
                .map(|&k| sources[k].node),
        );
        attach.sort_unstable();
        attach.dedup();
        for &n in &attach {
            if let Some(&(d, q)) = self.roots.get(&n) {
                if d > 0.0 {
                    self.add(pieces, q, self.node_xy[n as usize], None);
                }
            }
        }
        let mut on_tree: Vec<u32> = attach;
        for &e in &tree.edges {
            let edge = g.edges[e as usize];
            let (a, b) = (self.node_xy[edge.a as usize], self.node_xy[edge.b as usize]);
            self.add(pieces, a, b, Some(edge.kind));
            on_tree.extend([edge.a, edge.b]);
        }
        for n in on_tree {
            // Now on the fibre: later communes join it at no connector cost.
            self.roots.insert(n, (0.0, self.node_xy[n as usize]));
        }
        for (t, n) in access {
            if unreached.contains(&n) {
                straight.push(t);
            } else {
                let p = self.node_xy[n as usize];
                self.add(pieces, p, t, None);
            }
        }
        // Only a network that clearly misses the commune's households is
        // worth a line (a target or two just beyond attach_m is not).
        if !targets.is_empty() && nearest_m > 2.0 * self.attach_m && nearest_m.is_finite() {
            self.warnings.push(format!(
                "commune {name}: the network passes no nearer than {nearest_m:.0} m to its \
                 planned extensions (more than twice [network] attach_m = {} m); they are \
                 joined by straight lines",
                self.attach_m
            ));
        }
        if !unreached.is_empty() {
            self.warnings.push(format!(
                "commune {name}: {} of {} access points cannot reach the fibre along the \
                 network (a disconnected part); joined by straight lines instead",
                unreached.len(),
                nodes.len()
            ));
        }
        straight
    }

    /// A Euclidean minimum spanning tree (Prim) over `targets` and the
    /// fibre: each target joins the fibre at its nearest point or the
    /// nearest target already joined.
    fn prim(&self, targets: &[[f64; 2]]) -> Vec<Piece> {
        let k = targets.len();
        let mut key: Vec<(f64, [f64; 2])> = targets
            .iter()
            .map(|&t| match self.net.nearest(t) {
                Some((q, d)) => (d, snap(self.proj, q)),
                None => (f64::INFINITY, t),
            })
            .collect();
        let mut done = vec![false; k];
        let mut out = Vec::new();
        for _ in 0..k {
            let Some(i) = (0..k)
                .filter(|&i| !done[i])
                .min_by(|&a, &b| key[a].0.total_cmp(&key[b].0).then(a.cmp(&b)))
            else {
                break;
            };
            done[i] = true;
            if key[i].0.is_finite() && key[i].0 > 0.0 {
                out.push(Piece {
                    a: key[i].1,
                    b: targets[i],
                    kind: None,
                });
            }
            for j in 0..k {
                let d = dist(targets[i], targets[j]);
                if !done[j] && d < key[j].0 {
                    key[j] = (d, targets[i]);
                }
            }
        }
        out
    }
}

/// Split `pieces` into few long lines: walks that start at a dead end
/// (else anywhere) and continue while an unused piece meets the end.
pub fn lines_of(pieces: &[Piece]) -> Vec<Vec<[f64; 2]>> {
    let key = |p: [f64; 2]| (p[0].to_bits(), p[1].to_bits());
    let mut at: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    for (i, p) in pieces.iter().enumerate() {
        at.entry(key(p.a)).or_default().push(i);
        at.entry(key(p.b)).or_default().push(i);
    }
    let mut used = vec![false; pieces.len()];
    let free = |used: &[bool], p: [f64; 2]| at[&key(p)].iter().filter(|&&i| !used[i]).count();
    let mut lines = Vec::new();
    for pass in 0..2 {
        for i in 0..pieces.len() {
            if used[i] {
                continue;
            }
            // First pass: start only at dead ends.
            let start = if free(&used, pieces[i].a) == 1 {
                pieces[i].a
            } else if free(&used, pieces[i].b) == 1 || pass == 1 {
                pieces[i].b
            } else {
                continue;
            };
            let mut line = vec![start];
            let mut here = start;
            while let Some(&j) = at[&key(here)].iter().find(|&&j| !used[j]) {
                used[j] = true;
                here = if key(pieces[j].a) == key(here) {
                    pieces[j].b
                } else {
                    pieces[j].a
                };
                line.push(here);
            }
            lines.push(line);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(a: [f64; 2], b: [f64; 2]) -> Piece {
        Piece { a, b, kind: None }
    }

    #[test]
    fn a_tree_becomes_few_lines() {
        // A T: trunk 0→1→2 and a branch 1→3: two lines.
        let p = [
            piece([0.0, 0.0], [1.0, 0.0]),
            piece([1.0, 0.0], [2.0, 0.0]),
            piece([1.0, 0.0], [1.0, 1.0]),
        ];
        let lines = lines_of(&p);
        assert_eq!(lines.len(), 2);
        let n: usize = lines.iter().map(|l| l.len() - 1).sum();
        assert_eq!(n, 3, "every piece once");
    }

    #[test]
    fn prim_shares_the_trunk() {
        // Fibre at x = 0; targets at (1000, 0) and (1000, 10): the second
        // joins the first (10 m), not the fibre (1000 m).
        let proj = Projection::choose(&Default::default(), 105.0, 105.1).unwrap();
        let o = proj.forward(105.0, 9.0);
        let net = Network::new(vec![crate::index::Element {
            a: o,
            b: [o[0], o[1] + 1000.0],
            feature: 0,
        }]);
        let r = Router::new(&proj, None, net, 150.0, 1.3);
        let t = [
            snap(&proj, [o[0] + 1000.0, o[1]]),
            snap(&proj, [o[0] + 1000.0, o[1] + 10.0]),
        ];
        let pieces = r.prim(&t);
        let total: f64 = pieces.iter().map(Piece::length_m).sum();
        assert!((total - 1010.0).abs() < 0.1, "{total}");
    }
}
