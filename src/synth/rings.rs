//! From the label raster to polygons: the global graph of cell edges between
//! different labels, cut into chains at junctions, smoothed once on the
//! global graph, rounded once to 1e-7 degree, and traced into rings per label
//! (commune, district, province). Every ring is assembled from the same
//! rounded chains, so neighbours share bit-identical vertices.

use std::collections::BTreeMap;

use super::plane::{Grid, Proj};

/// Smoothing passes of `p' = ½p + ¼(prev + next)` on non-junction vertices.
pub(crate) const SMOOTH_PASSES: usize = 4;

/// A point in integer 1e-7 degrees: [lon, lat].
pub(crate) type P7 = [i64; 2];

/// A maximal run of boundary between two commune labels.
pub(crate) struct Chain {
    /// Rounded, simplified points; a closed chain repeats its first point.
    pub pts: Vec<P7>,
    /// Commune on the left (in the direction of `pts`).
    pub left: u32,
    /// Commune on the right.
    pub right: u32,
    /// Corner ids of the end points (equal for a closed chain).
    pub start: usize,
    pub end: usize,
}

/// A polygon: exterior ring (CCW) then holes (CW), each closed.
pub(crate) type Poly = Vec<Vec<P7>>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    N,
    E,
    S,
    W,
}

const DIRS: [Dir; 4] = [Dir::N, Dir::E, Dir::S, Dir::W];

struct Edges<'a> {
    grid: &'a Grid,
    comm: &'a [u32],
}

impl Edges<'_> {
    #[inline]
    fn cell(&self, i: isize, j: isize) -> u32 {
        if i < 0 || j < 0 || i >= self.grid.nx as isize || j >= self.grid.ny as isize {
            0
        } else {
            self.comm[self.grid.idx(i as usize, j as usize)]
        }
    }

    /// (left, right) cells when walking from corner (i, j) in `d`.
    #[inline]
    fn sides(&self, i: isize, j: isize, d: Dir) -> (u32, u32) {
        match d {
            Dir::N => (self.cell(i - 1, j), self.cell(i, j)),
            Dir::S => (self.cell(i, j - 1), self.cell(i - 1, j - 1)),
            Dir::E => (self.cell(i, j), self.cell(i, j - 1)),
            Dir::W => (self.cell(i - 1, j - 1), self.cell(i - 1, j)),
        }
    }

    #[inline]
    fn exists(&self, i: isize, j: isize, d: Dir) -> bool {
        let (l, r) = self.sides(i, j, d);
        l != r
    }

    fn degree(&self, i: isize, j: isize) -> usize {
        DIRS.iter().filter(|&&d| self.exists(i, j, d)).count()
    }

    /// Index of the undirected edge leaving (i, j) in `d`: vertical edges
    /// first, then horizontal ones.
    #[inline]
    fn edge_id(&self, i: isize, j: isize, d: Dir) -> usize {
        let nx = self.grid.nx;
        let ny = self.grid.ny;
        match d {
            Dir::N => i as usize + j as usize * (nx + 1),
            Dir::S => i as usize + (j - 1) as usize * (nx + 1),
            Dir::E => (nx + 1) * ny + i as usize + j as usize * nx,
            Dir::W => (nx + 1) * ny + (i - 1) as usize + j as usize * nx,
        }
    }
}

#[inline]
fn step(i: isize, j: isize, d: Dir) -> (isize, isize) {
    match d {
        Dir::N => (i, j + 1),
        Dir::S => (i, j - 1),
        Dir::E => (i + 1, j),
        Dir::W => (i - 1, j),
    }
}

#[inline]
fn opposite(d: Dir) -> Dir {
    match d {
        Dir::N => Dir::S,
        Dir::S => Dir::N,
        Dir::E => Dir::W,
        Dir::W => Dir::E,
    }
}

/// Extract, smooth, round and simplify all chains of the label raster.
pub(crate) fn chains(grid: &Grid, comm: &[u32], proj: &Proj) -> Vec<Chain> {
    let e = Edges { grid, comm };
    let nx = grid.nx as isize;
    let ny = grid.ny as isize;
    let corner_id = |i: isize, j: isize| (j * (nx + 1) + i) as usize;
    let n_edges = (grid.nx + 1) * grid.ny + grid.nx * (grid.ny + 1);
    let mut visited = vec![false; n_edges];
    // Raw chains in corner coordinates.
    type Raw = (Vec<(isize, isize)>, u32, u32, bool);
    let mut raw: Vec<Raw> = Vec::new();

    let mut walk = |i0: isize, j0: isize, d0: Dir, visited: &mut Vec<bool>, closed: bool| {
        let (left, right) = e.sides(i0, j0, d0);
        let mut pts = vec![(i0, j0)];
        let (mut i, mut j, mut d) = (i0, j0, d0);
        loop {
            visited[e.edge_id(i, j, d)] = true;
            let (ni, nj) = step(i, j, d);
            pts.push((ni, nj));
            if (ni, nj) == (i0, j0) || (!closed && e.degree(ni, nj) != 2) {
                break;
            }
            let back = opposite(d);
            let next = DIRS
                .iter()
                .copied()
                .find(|&nd| nd != back && e.exists(ni, nj, nd))
                .expect("degree-2 corner has a second edge");
            i = ni;
            j = nj;
            d = next;
        }
        raw.push((pts, left, right, closed));
    };

    // Chains between junctions, in corner order.
    for j in 0..=ny {
        for i in 0..=nx {
            if e.degree(i, j) < 3 {
                continue;
            }
            for d in DIRS {
                if e.exists(i, j, d) && !visited[e.edge_id(i, j, d)] {
                    walk(i, j, d, &mut visited, false);
                }
            }
        }
    }
    // Closed loops without junctions.
    for j in 0..=ny {
        for i in 0..=nx {
            for d in [Dir::N, Dir::E] {
                if e.exists(i, j, d) && !visited[e.edge_id(i, j, d)] {
                    walk(i, j, d, &mut visited, true);
                }
            }
        }
    }

    raw.into_iter()
        .map(|(pts, left, right, closed)| {
            let start = corner_id(pts[0].0, pts[0].1);
            let end = corner_id(pts[pts.len() - 1].0, pts[pts.len() - 1].1);
            let mut p: Vec<(f64, f64)> = pts.iter().map(|&(i, j)| (i as f64, j as f64)).collect();
            smooth(&mut p, closed);
            let rounded: Vec<P7> = p
                .iter()
                .map(|&(gx, gy)| {
                    let (x, y) = grid.corner_xy(gx, gy);
                    proj.to_e7(x, y)
                })
                .collect();
            Chain {
                pts: simplify(&rounded),
                left,
                right,
                start,
                end,
            }
        })
        .collect()
}

/// `SMOOTH_PASSES` passes of the symmetric smoothing on interior vertices
/// (all vertices of a closed chain, whose last point repeats the first).
fn smooth(p: &mut [(f64, f64)], closed: bool) {
    let n = p.len();
    if closed {
        let m = n - 1; // distinct points
        for _ in 0..SMOOTH_PASSES {
            let prev = p.to_vec();
            for k in 0..m {
                let a = prev[(k + m - 1) % m];
                let b = prev[(k + 1) % m];
                p[k] = (
                    0.5 * prev[k].0 + 0.25 * (a.0 + b.0),
                    0.5 * prev[k].1 + 0.25 * (a.1 + b.1),
                );
            }
            p[m] = p[0];
        }
    } else {
        if n < 3 {
            return;
        }
        for _ in 0..SMOOTH_PASSES {
            let prev = p.to_vec();
            for k in 1..n - 1 {
                let a = prev[k - 1];
                let b = prev[k + 1];
                p[k] = (
                    0.5 * prev[k].0 + 0.25 * (a.0 + b.0),
                    0.5 * prev[k].1 + 0.25 * (a.1 + b.1),
                );
            }
        }
    }
}

/// Cross product of (b − a) × (c − b), exact.
#[inline]
fn cross(a: P7, b: P7, c: P7) -> i128 {
    (b[0] - a[0]) as i128 * (c[1] - b[1]) as i128 - (b[1] - a[1]) as i128 * (c[0] - b[0]) as i128
}

/// Drop repeated points and points exactly on the segment between their
/// neighbours; the end points stay.
fn simplify(p: &[P7]) -> Vec<P7> {
    let mut out: Vec<P7> = Vec::with_capacity(p.len());
    for &q in p {
        if out.last() == Some(&q) {
            continue;
        }
        while out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            let dot = (b[0] - a[0]) as i128 * (q[0] - b[0]) as i128
                + (b[1] - a[1]) as i128 * (q[1] - b[1]) as i128;
            if cross(a, b, q) == 0 && dot > 0 {
                out.pop();
            } else {
                break;
            }
        }
        out.push(q);
    }
    out
}

/// Twice the signed area of a closed ring, exact.
pub(crate) fn area2(ring: &[P7]) -> i128 {
    let mut s: i128 = 0;
    for w in ring.windows(2) {
        s += w[0][0] as i128 * w[1][1] as i128 - w[1][0] as i128 * w[0][1] as i128;
    }
    s
}

fn point_in(ring: &[P7], p: P7) -> bool {
    let mut inside = false;
    let (x, y) = (p[0] as f64, p[1] as f64);
    for w in ring.windows(2) {
        let (xi, yi) = (w[0][0] as f64, w[0][1] as f64);
        let (xj, yj) = (w[1][0] as f64, w[1][1] as f64);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
    }
    inside
}

/// Trace the polygons of every label `f(commune)` ≠ 0 from the chains whose
/// two sides have different labels. Result: label → polygons.
pub(crate) fn trace<F: Fn(u32) -> u32>(chains: &[Chain], f: F) -> BTreeMap<u32, Vec<Poly>> {
    // Directed chains per label: (chain index, reversed?).
    let mut per: BTreeMap<u32, Vec<(usize, bool)>> = BTreeMap::new();
    for (k, c) in chains.iter().enumerate() {
        let (l, r) = (f(c.left), f(c.right));
        if l == r {
            continue;
        }
        if l != 0 {
            per.entry(l).or_default().push((k, false));
        }
        if r != 0 {
            per.entry(r).or_default().push((k, true));
        }
    }
    let mut out = BTreeMap::new();
    for (label, dir) in per {
        let start_of = |&(k, rev): &(usize, bool)| {
            if rev {
                chains[k].end
            } else {
                chains[k].start
            }
        };
        let end_of = |&(k, rev): &(usize, bool)| {
            if rev {
                chains[k].start
            } else {
                chains[k].end
            }
        };
        let mut by_start: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (n, dc) in dir.iter().enumerate() {
            by_start.entry(start_of(dc)).or_default().push(n);
        }
        let mut used = vec![false; dir.len()];
        let mut rings: Vec<Vec<P7>> = Vec::new();
        for first in 0..dir.len() {
            if used[first] {
                continue;
            }
            let mut ring: Vec<P7> = Vec::new();
            let mut cur = first;
            let origin = start_of(&dir[first]);
            loop {
                used[cur] = true;
                let (k, rev) = dir[cur];
                let pts = &chains[k].pts;
                let skip = usize::from(!ring.is_empty());
                if rev {
                    ring.extend(pts.iter().rev().skip(skip));
                } else {
                    ring.extend(pts.iter().skip(skip));
                }
                let e = end_of(&dir[cur]);
                if e == origin {
                    break;
                }
                let next = by_start
                    .get(&e)
                    .and_then(|v| v.iter().copied().find(|&n| !used[n]))
                    .expect("every boundary vertex has an outgoing chain");
                cur = next;
            }
            rings.push(ring);
        }
        // Exteriors (CCW) and holes (CW).
        let mut polys: Vec<Poly> = Vec::new();
        let mut holes: Vec<Vec<P7>> = Vec::new();
        for r in rings {
            if area2(&r) > 0 {
                polys.push(vec![r]);
            } else {
                holes.push(r);
            }
        }
        for h in holes {
            let probe = h[0];
            let mut best: Option<(usize, i128)> = None;
            for (i, p) in polys.iter().enumerate() {
                if point_in(&p[0], probe) {
                    let a = area2(&p[0]);
                    if best.is_none_or(|(_, ba)| a < ba) {
                        best = Some((i, a));
                    }
                }
            }
            if let Some((i, _)) = best {
                polys[i].push(h);
            }
        }
        out.insert(label, polys);
    }
    out
}

/// Number of distinct vertices of a shape (closing points not counted).
pub(crate) fn vertex_count(polys: &[Poly]) -> usize {
    polys
        .iter()
        .flat_map(|p| p.iter())
        .map(|r| r.len() - 1)
        .sum()
}

/// Twice the area of a shape in (1e-7 degree)², exact.
pub(crate) fn shape_area2(polys: &[Poly]) -> i128 {
    polys.iter().flat_map(|p| p.iter()).map(|r| area2(r)).sum()
}
