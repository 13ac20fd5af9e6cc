//! Counting a fibre plan's households under `[fibre] distance = "network"`.
//!
//! The planned pieces join the existing fibre, and every demand household
//! of the communes is evaluated again by the run's own rule
//! ([`crate::coverage::fibre_network`]): the network nodes (and access
//! points) within `[network] fibre_join_m` of a planned piece become new
//! sources of the same multi-source Dijkstra, so a household is newly
//! served when its access to the nearest road or canal plus the way along
//! the network to the fibre is within `drop_m`. The pieces are snapped to
//! the coordinates written to `planned_fibre.geojson`, so `phusong run` of
//! the plan's scenario counts exactly what the plan counts.
//!
//! A newly served household is credited to the route it reaches the fibre
//! through (the route of the planned piece where its shortest way joins
//! the fibre). The same pass lists, for the communes still below the
//! target, the network nodes that would serve their unserved households
//! once the fibre reaches them (the plan's next targets).

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::coverage::fibre_network::FibreNetwork;
use crate::engine::{RunResult, UNASSIGNED};
use crate::index::{Element, SegmentIndex};
use crate::network::paths::NONE;
use crate::network::Graph;
use crate::plan::routes::Piece;

/// The households the network rule counts, and the fibre before the plan.
pub(crate) struct NetworkCount<'a> {
    graph: &'a Graph,
    existing: Vec<Element>,
    /// Feature number of the first route's pieces (route `r` is
    /// `first_planned + r`), after the existing features.
    first_planned: u32,
    join_m: f64,
    drop_m: f64,
    /// Demand households in a commune: position on the plane.
    pub xy: Vec<[f64; 2]>,
    /// Their commune (index into the areas).
    pub commune: Vec<u32>,
    /// Served by the base run.
    before: Vec<bool>,
    /// Demand households per commune.
    demand_c: Vec<u64>,
    /// The household target share.
    target: f64,
}

/// Demand households in communes, in one order.
pub(crate) struct Households {
    /// Position on the plane.
    pub xy: Vec<[f64; 2]>,
    /// Commune (index into the areas).
    pub commune: Vec<u32>,
    /// Served before the plan.
    pub served: Vec<bool>,
}

/// A network node that would serve unserved households of a commune once
/// the fibre reaches it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NodeTarget {
    /// Commune (index into the areas).
    pub commune: u32,
    /// The node.
    pub node: u32,
    /// Unserved demand households of the commune it would serve.
    pub households: u64,
    /// Length along the network from the node to the fibre (infinite on a
    /// part the fibre does not join).
    pub along_m: f64,
    /// Straight distance from the node to the fibre.
    pub straight_m: f64,
}

/// The households counted with the planned routes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Counted {
    /// Served demand households per commune.
    pub served_c: Vec<u64>,
    /// Per route: the households (indices into [`NetworkCount::xy`]) newly
    /// served through it.
    pub gained: Vec<Vec<u32>>,
    /// Per commune: households the base run served and the plan does not
    /// (a household that kept the straight distance on a part of the
    /// network the fibre did not join, now measured along it).
    pub lost_c: Vec<u64>,
    /// Per commune: unserved demand households farther than `drop_m` from
    /// every road or canal (no fibre along the network can serve them).
    pub far_c: Vec<u64>,
    /// The next targets of the communes asked for, by (commune, node).
    pub targets: Vec<NodeTarget>,
}

impl<'a> NetworkCount<'a> {
    /// The demand households in communes of `base`, on `graph` (the run's
    /// network graph, on its plane).
    pub(crate) fn new(base: &RunResult, graph: &'a Graph) -> Self {
        let scenario = &base.scenario;
        let hh = &base.inputs.households;
        let proj = &base.projection;
        let keep: Vec<usize> = (0..hh.len())
            .filter(|&i| hh.demand[i] && base.households.area[i] != UNASSIGNED)
            .collect();
        NetworkCount::from_parts(
            graph,
            crate::engine::fibre_elements(proj, &base.inputs.fibre),
            u32::try_from(base.inputs.fibre.feature_ids.len()).unwrap_or(0),
            (scenario.network.fibre_join_m, scenario.fibre.drop_m),
            Households {
                xy: keep
                    .iter()
                    .map(|&i| proj.forward(hh.lon[i], hh.lat[i]))
                    .collect(),
                commune: keep.iter().map(|&i| base.households.area[i]).collect(),
                served: keep
                    .iter()
                    .map(|&i| base.households.fibre_served[i])
                    .collect(),
            },
            base.inputs.areas.len(),
            scenario.targets.fibre_households,
        )
    }

    /// From the parts: the fibre elements before the plan (features below
    /// `first_planned`), `(fibre_join_m, drop_m)`, the demand households in
    /// `communes` communes and the household target share.
    pub(crate) fn from_parts(
        graph: &'a Graph,
        existing: Vec<Element>,
        first_planned: u32,
        (join_m, drop_m): (f64, f64),
        households: Households,
        communes: usize,
        target: f64,
    ) -> Self {
        let mut demand_c = vec![0u64; communes];
        for &c in &households.commune {
            demand_c[c as usize] += 1;
        }
        NetworkCount {
            graph,
            existing,
            first_planned,
            join_m,
            drop_m,
            xy: households.xy,
            commune: households.commune,
            before: households.served,
            demand_c,
            target,
        }
    }

    /// Count with the pieces of each route added to the fibre; with
    /// `targets`, list the next targets of the communes still below the
    /// household target.
    pub(crate) fn count(&self, routes: &[&[Piece]], targets: bool) -> Counted {
        let mut elements = self.existing.clone();
        for (r, pieces) in routes.iter().enumerate() {
            let feature = self.first_planned + r as u32;
            elements.extend(pieces.iter().map(|p| Element {
                a: p.a,
                b: p.b,
                feature,
            }));
        }
        let index = SegmentIndex::new(elements);
        let net = FibreNetwork::new(self.graph, &index, self.join_m, self.drop_m);
        // (served, the feature it reaches the fibre through)
        let service: Vec<(bool, u32)> = self
            .xy
            .par_iter()
            .map(|&p| {
                let (straight, feature) = index.nearest(p).unwrap_or((f64::INFINITY, NONE));
                let s = net.evaluate(p, straight);
                (s.served, if s.fallback { feature } else { s.via })
            })
            .collect();
        let communes = self.demand_c.len();
        let mut out = Counted {
            served_c: vec![0; communes],
            gained: vec![Vec::new(); routes.len()],
            lost_c: vec![0; communes],
            far_c: vec![0; communes],
            targets: Vec::new(),
        };
        for (k, &(served, via)) in service.iter().enumerate() {
            let c = self.commune[k] as usize;
            if served {
                out.served_c[c] += 1;
            }
            match (served, self.before[k]) {
                (true, false) => {
                    let r = via.wrapping_sub(self.first_planned) as usize;
                    // Through an existing feature (a part of the network a
                    // route joined): the first route, as every one is new.
                    let r = if r < routes.len() { r } else { 0 };
                    if let Some(g) = out.gained.get_mut(r) {
                        g.push(k as u32);
                    }
                }
                (false, true) => out.lost_c[c] += 1,
                _ => {}
            }
        }
        let below: Vec<bool> = (0..communes)
            .map(|c| targets && self.gap(c, out.served_c[c]) > 0)
            .collect();
        let unserved: Vec<u32> = (0..self.xy.len() as u32)
            .filter(|&k| !service[k as usize].0 && below[self.commune[k as usize] as usize])
            .collect();
        let picks: Vec<Option<(u32, u32)>> = unserved
            .par_iter()
            .map(|&k| self.node_for(&net, k))
            .collect();
        let mut groups: BTreeMap<(u32, u32), u64> = BTreeMap::new();
        for (&k, pick) in unserved.iter().zip(&picks) {
            match pick {
                Some(key) => *groups.entry(*key).or_default() += 1,
                None => out.far_c[self.commune[k as usize] as usize] += 1,
            }
        }
        out.targets = groups
            .into_iter()
            .filter_map(|((commune, node), households)| {
                let along_m = net.node_distance_m(node);
                // Already on the fibre: reaching it serves no one more.
                if along_m <= 0.5 {
                    return None;
                }
                let straight_m = index
                    .nearest(self.graph.xy[node as usize])
                    .map_or(f64::INFINITY, |x| x.0);
                Some(NodeTarget {
                    commune,
                    node,
                    households,
                    along_m,
                    straight_m,
                })
            })
            .collect();
        out
    }

    /// Demand households commune `c` lacks to meet the target with
    /// `served` of them served.
    pub(crate) fn gap(&self, c: usize, served: u64) -> u64 {
        crate::aggregate::gap_to_target(self.target, self.demand_c[c], served)
    }

    /// The node that serves unserved household `k` once the fibre reaches
    /// it: the end of its nearest edge within `drop_m` of it along the
    /// network (access + along the edge), else the end farther from the
    /// fibre (the fibre must then run along the edge, past the access
    /// point). `(commune, node)`; `None` when the household is farther than
    /// `drop_m` from every edge.
    fn node_for(&self, net: &FibreNetwork, k: u32) -> Option<(u32, u32)> {
        let (e, t, access_m) = net.nearest_edge(self.xy[k as usize])?;
        if access_m > self.drop_m {
            return None;
        }
        let e = &self.graph.edges[e as usize];
        let via_a = access_m + t * e.length_m <= self.drop_m;
        let via_b = access_m + (1.0 - t) * e.length_m <= self.drop_m;
        let b_farther = net.node_distance_m(e.a) <= net.node_distance_m(e.b);
        let node = if !via_a && (via_b || b_farther) {
            e.b
        } else {
            e.a
        };
        Some((self.commune[k as usize], node))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::NetworkParams;
    use crate::network::build::graph_from_segments;

    /// A main road along y = 0 (nodes every 100 m, 0–400 m); a side road
    /// from (250, 80) north to (250, 600), joined to the main road only
    /// round the block: (250, 600) → (0, 600) → (0, 0). The fibre: a
    /// distribution point 20 m west of (0, 0) (fibre_join_m 30 m). The plan:
    /// one route along the main road from 200 to 400 m. drop_m 100 m.
    fn fixture() -> (Graph, Vec<Element>) {
        let segs = vec![
            ([0.0, 0.0], [100.0, 0.0], 0),
            ([100.0, 0.0], [200.0, 0.0], 0),
            ([200.0, 0.0], [300.0, 0.0], 0),
            ([300.0, 0.0], [400.0, 0.0], 0),
            ([250.0, 80.0], [250.0, 600.0], 0),
            ([250.0, 600.0], [0.0, 600.0], 0),
            ([0.0, 600.0], [0.0, 0.0], 0),
        ];
        let params = NetworkParams {
            node_spacing_m: 1000.0,
            ..Default::default()
        };
        let g = graph_from_segments(segs, vec!["road".into()], &params);
        let point = Element {
            a: [-20.0, 0.0],
            b: [-20.0, 0.0],
            feature: 0,
        };
        (g, vec![point])
    }

    fn route() -> Vec<Piece> {
        let p = |a, b| Piece {
            a,
            b,
            kind: Some(0),
        };
        vec![p([200.0, 0.0], [300.0, 0.0]), p([300.0, 0.0], [400.0, 0.0])]
    }

    #[test]
    fn counts_along_the_network_where_the_straight_rule_differs() {
        let (g, existing) = fixture();
        // h1 (350, 40): 40 m off the road; before 40 + 50 + 320 = 410 m,
        // with the route 40 m (it passes its access point).
        // h2 (350, 95): 95 m with the route.
        // h4 (260, 85): 10 m from the side road, 85 m straight from the
        // route (served by the straight rule), but along the network
        // 10 + min(5 + 1390, 515 + 870) = 1395 m (up the side road and
        // round the block to the point): not served.
        // h5 (50, 30): 30 + 50 + 20 = 100 m, served before (inclusive).
        let xy = vec![[350.0, 40.0], [350.0, 95.0], [260.0, 85.0], [50.0, 30.0]];
        let hh = Households {
            xy: xy.clone(),
            commune: vec![0, 0, 0, 0],
            served: vec![false, false, false, true],
        };
        let nc = NetworkCount::from_parts(&g, existing, 1, (30.0, 100.0), hh, 1, 1.0);
        let before = nc.count(&[], true);
        assert_eq!(before.served_c, vec![1]);
        let pieces = route();
        let after = nc.count(&[&pieces], true);
        assert_eq!(after.served_c, vec![3], "h1, h2, h5; not h4");
        assert_eq!(after.gained, vec![vec![0, 1]]);
        assert_eq!(after.lost_c, vec![0]);
        assert_eq!(after.far_c, vec![0]);
        // The straight rule would count h4: 85 m from the route.
        let straight = crate::index::segment_distance_2([200.0, 0.0], [300.0, 0.0], xy[2]).sqrt();
        assert_eq!(straight, 85.0);
        // Still below the target (4 of 4): the next target is the side
        // road's end (250, 80), 20 + 600 + 250 + 520 = 1390 m along the
        // network from the fibre, 80 m straight from the route.
        let side = g.nearest_node([250.0, 80.0]).unwrap().0;
        assert_eq!(after.targets.len(), 1, "{:?}", after.targets);
        let t = after.targets[0];
        assert_eq!((t.commune, t.node, t.households), (0, side, 1));
        assert!((t.along_m - 1390.0).abs() < 1e-9, "{}", t.along_m);
        assert!((t.straight_m - 80.0).abs() < 1e-9, "{}", t.straight_m);
        // A piece reaching it serves h4: 10 + 5 m.
        let mut more = pieces.clone();
        more.push(Piece {
            a: [250.0, 0.0],
            b: [250.0, 80.0],
            kind: None,
        });
        let done = nc.count(&[&more], true);
        assert_eq!(done.served_c, vec![4]);
        assert!(done.targets.is_empty());
    }

    #[test]
    fn far_households_are_counted_and_not_targeted() {
        let (g, existing) = fixture();
        // 150 m south of the main road: farther than drop_m from every road.
        let hh = Households {
            xy: vec![[150.0, -150.0]],
            commune: vec![0],
            served: vec![false],
        };
        let nc = NetworkCount::from_parts(&g, existing, 1, (30.0, 100.0), hh, 1, 1.0);
        let c = nc.count(&[&route()], true);
        assert_eq!((c.served_c[0], c.far_c[0]), (0, 1));
        assert!(c.targets.is_empty());
    }
}
