//! Steiner trees in graphs by Mehlhorn's 2-approximation.
//!
//! K. Mehlhorn, "A faster approximation algorithm for the Steiner problem
//! in graphs", *Information Processing Letters* 27(3):125–128, 1988: the
//! same bound as Kou, Markowsky & Berman (*Acta Informatica* 15:141–145,
//! 1981) — at most 2(1 − 1/ℓ) times the optimum, ℓ the number of leaves of
//! an optimal tree — in O(m + n log n) instead of O(t n²):
//! 1. shortest-path Voronoi regions of the terminals (one multi-source
//!    Dijkstra, [`super::paths::dijkstra`]);
//! 2. for each edge joining two regions, the path terminal → edge →
//!    terminal; per pair of terminals the cheapest;
//! 3. a minimum spanning tree of those terminal pairs (Kruskal);
//! 4. the union of their paths in the graph;
//! 5. a minimum spanning tree of that union, whose non-terminal leaves are
//!    pruned.
//!
//! A terminal may have several source nodes, each at an initial cost (the
//! existing fibre attaches to many network nodes through straight
//! connectors): this is the Steiner problem on the graph plus one virtual
//! node per terminal joined to its sources by edges of those costs, so the
//! bound holds unchanged.

use std::collections::{BTreeMap, HashMap};

use super::graph::Graph;
use super::paths::{dijkstra, path_to_source, NONE};

/// A node where a terminal starts, at an initial cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Source {
    /// The graph node.
    pub node: u32,
    /// The terminal (0 is the root the tree grows from).
    pub terminal: u32,
    /// Cost of joining the terminal at this node.
    pub cost: f64,
}

/// A Steiner tree: its graph edges and the sources it joins at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SteinerTree {
    /// Graph edges, sorted.
    pub edges: Vec<u32>,
    /// Indices (into the sources given) of the sources used, sorted.
    pub sources: Vec<usize>,
    /// Per terminal: connected to the root (terminal 0) by the tree.
    pub reached: Vec<bool>,
    /// Total cost: edge weights plus the costs of the sources used.
    pub cost: f64,
}

struct UnionFind(HashMap<u64, u64>);
impl UnionFind {
    fn find(&mut self, x: u64) -> u64 {
        let p = *self.0.get(&x).unwrap_or(&x);
        if p == x {
            return x;
        }
        let r = self.find(p);
        self.0.insert(x, r);
        r
    }
    fn union(&mut self, a: u64, b: u64) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        self.0.insert(ra.max(rb), ra.min(rb));
        true
    }
}

/// Connect the terminals `0..n_terminals` (each with at least one of
/// `sources`) to terminal 0 by an approximately cheapest tree. Terminals
/// the graph cannot connect to terminal 0 are left out (`reached` false).
///
/// ```
/// use phusong::network::{mehlhorn, Edge, Graph, Source};
/// // A star: centre 0, terminals at 1, 2, 3 (length 1 each).
/// let e = |a, b| Edge { a, b, length_m: 1.0, kind: 0 };
/// let g = Graph::new(vec![[0.0, 0.0]; 4], vec![e(0, 1), e(0, 2), e(0, 3)],
///     vec!["road".into()], vec![1.0]);
/// let s = |node, terminal| Source { node, terminal, cost: 0.0 };
/// let t = mehlhorn(&g, &[s(1, 0), s(2, 1), s(3, 2)], 3);
/// assert_eq!((t.edges, t.cost), (vec![0, 1, 2], 3.0)); // the optimum
/// ```
pub fn mehlhorn(g: &Graph, sources: &[Source], n_terminals: usize) -> SteinerTree {
    let mut out = SteinerTree {
        reached: vec![false; n_terminals],
        ..Default::default()
    };
    if n_terminals == 0 {
        return out;
    }
    let starts: Vec<(u32, f64)> = sources.iter().map(|s| (s.node, s.cost)).collect();
    let sp = dijkstra(g, &starts);
    let label = |v: u32| -> Option<u32> {
        let s = sp.source[v as usize];
        (s != NONE).then(|| sources[s as usize].terminal)
    };
    // Steps 2–3: cheapest bridge per pair of regions, then Kruskal.
    let mut best: BTreeMap<(u32, u32), (f64, u32)> = BTreeMap::new();
    for (k, e) in g.edges.iter().enumerate() {
        let (Some(la), Some(lb)) = (label(e.a), label(e.b)) else {
            continue;
        };
        if la == lb {
            continue;
        }
        let c = sp.dist[e.a as usize] + g.weight(k as u32) + sp.dist[e.b as usize];
        let key = (la.min(lb), la.max(lb));
        let slot = best.entry(key).or_insert((f64::INFINITY, NONE));
        if c < slot.0 || (c == slot.0 && (k as u32) < slot.1) {
            *slot = (c, k as u32);
        }
    }
    let mut pairs: Vec<(f64, u32, (u32, u32))> =
        best.into_iter().map(|(key, (c, e))| (c, e, key)).collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut uf = UnionFind(HashMap::new());
    let chosen: Vec<u32> = pairs
        .into_iter()
        .filter(|&(_, _, (a, b))| uf.union(a as u64, b as u64))
        .map(|(_, e, _)| e)
        .collect();
    let root = uf.find(0);
    for t in 0..n_terminals {
        out.reached[t] = uf.find(t as u64) == root;
    }
    // Step 4: the union of the paths of the pairs joined to the root.
    let mut edges: Vec<u32> = Vec::new();
    let mut used: Vec<usize> = Vec::new();
    for e in chosen {
        let edge = g.edges[e as usize];
        if !out.reached[label(edge.a).unwrap_or(0) as usize] {
            continue;
        }
        edges.push(e);
        for v in [edge.a, edge.b] {
            // Every node on the path has the same source as `v`.
            edges.extend(path_to_source(g, &sp, v));
            used.push(sp.source[v as usize] as usize);
        }
    }
    edges.sort_unstable();
    edges.dedup();
    used.sort_unstable();
    used.dedup();
    // Step 5: spanning tree of the union, then prune non-terminal leaves.
    let tree = spanning_tree(g, sources, &edges, &used);
    prune(g, sources, tree, &mut out);
    out
}

/// An item of the union: a graph edge or a source's virtual edge.
#[derive(Clone, Copy, PartialEq)]
enum Item {
    Edge(u32),
    Source(usize),
}

/// Node keys: graph nodes as they are, terminal `t` as `n + t`.
fn ends(g: &Graph, sources: &[Source], it: Item) -> (u64, u64) {
    match it {
        Item::Edge(e) => (g.edges[e as usize].a as u64, g.edges[e as usize].b as u64),
        Item::Source(k) => (
            sources[k].node as u64,
            g.node_count() as u64 + sources[k].terminal as u64,
        ),
    }
}

fn cost(g: &Graph, sources: &[Source], it: Item) -> f64 {
    match it {
        Item::Edge(e) => g.weight(e),
        Item::Source(k) => sources[k].cost,
    }
}

/// Kruskal over the union's edges and virtual source edges.
fn spanning_tree(g: &Graph, sources: &[Source], edges: &[u32], used: &[usize]) -> Vec<Item> {
    let mut items: Vec<Item> = edges.iter().map(|&e| Item::Edge(e)).collect();
    items.extend(used.iter().map(|&k| Item::Source(k)));
    let key = |it: &Item| match *it {
        Item::Edge(e) => (0u8, e as usize),
        Item::Source(k) => (1, k),
    };
    items.sort_by(|a, b| {
        cost(g, sources, *a)
            .total_cmp(&cost(g, sources, *b))
            .then(key(a).cmp(&key(b)))
    });
    let mut uf = UnionFind(HashMap::new());
    items
        .into_iter()
        .filter(|&it| {
            let (a, b) = ends(g, sources, it);
            uf.union(a, b)
        })
        .collect()
}

/// Remove leaves that are not terminals until none is left; fill `out`.
fn prune(g: &Graph, sources: &[Source], mut tree: Vec<Item>, out: &mut SteinerTree) {
    let n = g.node_count() as u64;
    loop {
        let mut deg: HashMap<u64, u32> = HashMap::new();
        for &it in &tree {
            let (a, b) = ends(g, sources, it);
            *deg.entry(a).or_default() += 1;
            *deg.entry(b).or_default() += 1;
        }
        let before = tree.len();
        tree.retain(|&it| {
            let (a, b) = ends(g, sources, it);
            let leaf = |x: u64| x < n && deg[&x] == 1;
            !(leaf(a) || leaf(b))
        });
        if tree.len() == before {
            break;
        }
    }
    for it in tree {
        out.cost += cost(g, sources, it);
        match it {
            Item::Edge(e) => out.edges.push(e),
            Item::Source(k) => out.sources.push(k),
        }
    }
    out.edges.sort_unstable();
    out.sources.sort_unstable();
}

#[cfg(test)]
mod tests {
    use super::super::graph::Edge;
    use super::*;
    use proptest::prelude::*;

    /// The optimum by brute force: the cheapest minimum spanning tree of
    /// the metric closure over the terminals plus any subset of the other
    /// nodes (an optimal Steiner tree is one of them).
    fn brute_force(n: usize, edges: &[(u32, u32, f64)], terms: &[u32]) -> f64 {
        let mut d = vec![vec![f64::INFINITY; n]; n];
        for (i, row) in d.iter_mut().enumerate() {
            row[i] = 0.0;
        }
        for &(a, b, w) in edges {
            let (a, b) = (a as usize, b as usize);
            d[a][b] = d[a][b].min(w);
            d[b][a] = d[b][a].min(w);
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
        let others: Vec<usize> = (0..n).filter(|v| !terms.contains(&(*v as u32))).collect();
        let mut best = f64::INFINITY;
        for mask in 0..(1u32 << others.len()) {
            let mut set: Vec<usize> = terms.iter().map(|&t| t as usize).collect();
            set.extend(
                (0..others.len())
                    .filter(|k| mask >> k & 1 == 1)
                    .map(|k| others[k]),
            );
            // Prim on the closure.
            let mut inside = vec![false; set.len()];
            let mut key = vec![f64::INFINITY; set.len()];
            key[0] = 0.0;
            let mut total = 0.0;
            for _ in 0..set.len() {
                let Some(u) = (0..set.len())
                    .filter(|&i| !inside[i])
                    .min_by(|&a, &b| key[a].total_cmp(&key[b]))
                else {
                    break;
                };
                inside[u] = true;
                total += key[u];
                for v in 0..set.len() {
                    if !inside[v] {
                        key[v] = key[v].min(d[set[u]][set[v]]);
                    }
                }
            }
            best = best.min(total);
        }
        best
    }

    fn graph(n: usize, edges: &[(u32, u32, f64)]) -> Graph {
        let e = edges
            .iter()
            .map(|&(a, b, w)| Edge {
                a,
                b,
                length_m: w,
                kind: 0,
            })
            .collect();
        Graph::new(vec![[0.0, 0.0]; n], e, vec!["road".into()], vec![1.0])
    }

    /// The tree's edges form a tree joining every terminal.
    fn is_tree_joining(g: &Graph, t: &SteinerTree, terms: &[u32]) -> bool {
        let mut uf = UnionFind(HashMap::new());
        for &e in &t.edges {
            let e = g.edges[e as usize];
            if !uf.union(e.a as u64, e.b as u64) {
                return false; // a cycle
            }
        }
        let r = uf.find(terms[0] as u64);
        terms.iter().all(|&x| uf.find(x as u64) == r)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn within_twice_the_brute_force_optimum(
            n in 3usize..9,
            raw in prop::collection::vec((0u32..9, 0u32..9, 1u32..20), 4..18),
            k in 2usize..5,
        ) {
            // A connected graph: a random spanning path plus random edges.
            let mut edges: Vec<(u32, u32, f64)> =
                (1..n as u32).map(|v| (v - 1, v, 5.0 + v as f64)).collect();
            edges.extend(raw.iter().filter(|e| (e.0 as usize) < n && (e.1 as usize) < n && e.0 != e.1)
                .map(|&(a, b, w)| (a, b, w as f64)));
            let terms: Vec<u32> = (0..k.min(n) as u32).map(|i| (i * 7 + 1) % n as u32).collect();
            let mut terms_u = terms.clone();
            terms_u.sort_unstable();
            terms_u.dedup();
            prop_assume!(terms_u.len() >= 2);
            let g = graph(n, &edges);
            let sources: Vec<Source> = terms_u.iter().enumerate()
                .map(|(i, &v)| Source { node: v, terminal: i as u32, cost: 0.0 }).collect();
            let t = mehlhorn(&g, &sources, terms_u.len());
            let opt = brute_force(n, &edges, &terms_u);
            prop_assert!(t.reached.iter().all(|&r| r));
            prop_assert!(is_tree_joining(&g, &t, &terms_u));
            let sum: f64 = t.edges.iter().map(|&e| g.weight(e)).sum();
            prop_assert!((sum - t.cost).abs() < 1e-9);
            prop_assert!(t.cost >= opt - 1e-9, "{} < optimum {}", t.cost, opt);
            prop_assert!(t.cost <= 2.0 * opt + 1e-9, "{} > 2 × {}", t.cost, opt);
        }
    }

    #[test]
    fn several_sources_equal_a_virtual_terminal() {
        // Path 0–1–2–3–4 (unit lengths); the root attaches at 0 (cost 5)
        // or 3 (cost 0.5); terminal 1 at node 4: the tree is 3–4 plus the
        // connector at 3.
        let g = graph(5, &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 4, 1.0)]);
        let s = [
            Source {
                node: 0,
                terminal: 0,
                cost: 5.0,
            },
            Source {
                node: 3,
                terminal: 0,
                cost: 0.5,
            },
            Source {
                node: 4,
                terminal: 1,
                cost: 0.0,
            },
        ];
        let t = mehlhorn(&g, &s, 2);
        assert_eq!(t.edges, vec![3]);
        assert_eq!(t.sources, vec![1, 2]);
        assert_eq!(t.cost, 1.5);
    }

    #[test]
    fn an_unreachable_terminal_is_left_out() {
        let g = graph(4, &[(0, 1, 1.0), (2, 3, 1.0)]);
        let s = [
            Source {
                node: 0,
                terminal: 0,
                cost: 0.0,
            },
            Source {
                node: 1,
                terminal: 1,
                cost: 0.0,
            },
            Source {
                node: 3,
                terminal: 2,
                cost: 0.0,
            },
        ];
        let t = mehlhorn(&g, &s, 3);
        assert_eq!(t.reached, vec![true, true, false]);
        assert_eq!(t.edges, vec![0]);
    }
}
