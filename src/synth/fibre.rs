//! The fibre network: a backbone along the main roads, branches along town
//! streets, secondary roads and some canals, short spurs, and distribution
//! cabinets in towns. A few remote communes (U Minh forest, southern
//! mangroves) are deliberately left without any fibre.

use super::network::{LineKind, Skeleton};
use super::places::TOWNS;
use super::plane::Grid;
use super::rng::{sq, Rng};

/// Kind of a fibre line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum FibreKind {
    Backbone,
    Branch,
    Spur,
}

impl FibreKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            FibreKind::Backbone => "backbone",
            FibreKind::Branch => "branch",
            FibreKind::Spur => "spur",
        }
    }
}

/// One fibre line, local metres.
pub(crate) struct FibreLine {
    pub kind: FibreKind,
    pub pts: Vec<(f64, f64)>,
}

/// The fibre layer.
pub(crate) struct Fibre {
    pub lines: Vec<FibreLine>,
    pub cabinets: Vec<(f64, f64)>,
}

/// Share of communes deliberately left without fibre.
const EXCLUDED_SHARE: f64 = 0.08;
/// Share of non-remote canals with fibre along them.
const CANAL_FIBRE: f64 = 0.72;

/// Sample points every ≤ 25 m along a polyline.
fn samples(pts: &[(f64, f64)], mut f: impl FnMut(usize, (f64, f64))) {
    for (i, w) in pts.windows(2).enumerate() {
        let (dx, dy) = (w[1].0 - w[0].0, w[1].1 - w[0].1);
        let l = (dx * dx + dy * dy).sqrt();
        let n = ((l / 25.0).ceil() as usize).max(1);
        for k in 0..n {
            let t = k as f64 / n as f64;
            f(i, (w[0].0 + dx * t, w[0].1 + dy * t));
        }
    }
    if let Some(&p) = pts.last() {
        f(pts.len().saturating_sub(1), p);
    }
}

/// Pieces of `pts` whose vertices and the samples between them avoid
/// `bad` cells.
fn split(grid: &Grid, bad: &[bool], pts: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let is_bad = |p: (f64, f64)| grid.cell_at(p.0, p.1).is_some_and(|k| bad[k]);
    // A vertex is kept when it and the samples up to the next vertex are ok.
    let mut ok_seg = vec![true; pts.len().saturating_sub(1)];
    let mut ok_pt = vec![true; pts.len()];
    samples(pts, |i, p| {
        if is_bad(p) && i < ok_seg.len() {
            ok_seg[i] = false;
        }
    });
    for (i, p) in pts.iter().enumerate() {
        ok_pt[i] = !is_bad(*p);
    }
    let mut out = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    for i in 0..pts.len() {
        if !ok_pt[i] {
            if cur.len() >= 2 {
                out.push(std::mem::take(&mut cur));
            }
            cur.clear();
            continue;
        }
        cur.push(pts[i]);
        if i < ok_seg.len() && !ok_seg[i] {
            if cur.len() >= 2 {
                out.push(std::mem::take(&mut cur));
            }
            cur.clear();
        }
    }
    if cur.len() >= 2 {
        out.push(cur);
    }
    out
}

fn length(pts: &[(f64, f64)]) -> f64 {
    pts.windows(2)
        .map(|w| (sq(w[1].0 - w[0].0) + sq(w[1].1 - w[0].1)).sqrt())
        .sum()
}

/// Build the fibre layer.
pub(crate) fn generate(
    seed: u64,
    grid: &Grid,
    comm: &[u32],
    n_communes: usize,
    remote: &[f32],
    skel: &Skeleton,
) -> Fibre {
    let mut rng = Rng::new(seed, 0xF1B3_0000);
    // Backbone and streets of the district towns first: they always exist.
    let mut lines = essential_lines(skel);
    let excluded = excluded_communes(grid, comm, n_communes, remote, &lines);
    let bad = forbidden_cells(grid, comm, n_communes, &excluded);
    lines.extend(small_town_streets(grid, &bad, skel));
    let branches = branch_paths(&mut rng, grid, &bad, skel);
    let spurs = spur_paths(&mut rng, grid, &bad, &branches);
    lines.extend(branches.into_iter().map(|pts| FibreLine {
        kind: FibreKind::Branch,
        pts,
    }));
    lines.extend(spurs.into_iter().map(|pts| FibreLine {
        kind: FibreKind::Spur,
        pts,
    }));
    lines.sort_by_key(|l| l.kind);
    let cabinets = place_cabinets(&mut rng, grid, &bad, skel);
    debug_assert!(!excluded.is_empty() || n_communes < 20);
    Fibre { lines, cabinets }
}

/// The network that always exists: a backbone along every main road and a
/// branch along every street of an urban (district) town, in skeleton
/// order.
fn essential_lines(skel: &Skeleton) -> Vec<FibreLine> {
    let mut lines = Vec::new();
    for l in &skel.lines {
        match l.kind {
            LineKind::MainRoad => lines.push(FibreLine {
                kind: FibreKind::Backbone,
                pts: l.pts.clone(),
            }),
            LineKind::Street(t) if TOWNS[t].urban.is_some() => lines.push(FibreLine {
                kind: FibreKind::Branch,
                pts: l.pts.clone(),
            }),
            _ => {}
        }
    }
    lines
}

/// The communes left without fibre (sorted): the most remote
/// ([`EXCLUDED_SHARE`] of all, at least one; mean remoteness ≥ 0.05) of
/// those that the `essential` lines do not touch (within 3 cells).
fn excluded_communes(
    grid: &Grid,
    comm: &[u32],
    n_communes: usize,
    remote: &[f32],
    essential: &[FibreLine],
) -> Vec<u32> {
    // Communes that this essential network touches (with a margin).
    let mut touched = vec![false; n_communes + 1];
    for fl in essential {
        samples(&fl.pts, |_, p| {
            if let Some(k) = grid.cell_at(p.0, p.1) {
                let (i, j) = ((k % grid.nx) as isize, (k / grid.nx) as isize);
                for dj in -3..=3 {
                    for di in -3..=3 {
                        let (a, b) = (i + di, j + dj);
                        if a >= 0 && b >= 0 && (a as usize) < grid.nx && (b as usize) < grid.ny {
                            touched[comm[grid.idx(a as usize, b as usize)] as usize] = true;
                        }
                    }
                }
            }
        });
    }
    // Remoteness of each commune; the most remote untouched ones get none.
    let mut rsum = vec![0.0f64; n_communes + 1];
    let mut cnt = vec![0usize; n_communes + 1];
    for k in 0..comm.len() {
        rsum[comm[k] as usize] += remote[k] as f64;
        cnt[comm[k] as usize] += 1;
    }
    let mut cand: Vec<(f64, u32)> = (1..=n_communes)
        .filter(|&c| !touched[c])
        .map(|c| (rsum[c] / cnt[c].max(1) as f64, c as u32))
        .filter(|&(r, _)| r >= 0.05)
        .collect();
    cand.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let want = ((n_communes as f64 * EXCLUDED_SHARE).round() as usize).max(1);
    let mut excluded: Vec<u32> = cand.iter().take(want).map(|c| c.1).collect();
    excluded.sort_unstable();
    excluded
}

/// Forbidden cells: the `excluded` communes, dilated by 3 cells.
fn forbidden_cells(grid: &Grid, comm: &[u32], n_communes: usize, excluded: &[u32]) -> Vec<bool> {
    let mut is_ex = vec![false; n_communes + 1];
    for &c in excluded {
        is_ex[c as usize] = true;
    }
    let mut bad = vec![false; grid.len()];
    for j in 0..grid.ny {
        for i in 0..grid.nx {
            if !is_ex[comm[grid.idx(i, j)] as usize] {
                continue;
            }
            for dj in -3isize..=3 {
                for di in -3isize..=3 {
                    let (a, b) = (i as isize + di, j as isize + dj);
                    if a >= 0 && b >= 0 && (a as usize) < grid.nx && (b as usize) < grid.ny {
                        bad[grid.idx(a as usize, b as usize)] = true;
                    }
                }
            }
        }
    }
    bad
}

/// Branches along the streets of the smaller towns, cut where forbidden
/// (`bad`), pieces of at least 200 m.
fn small_town_streets(grid: &Grid, bad: &[bool], skel: &Skeleton) -> Vec<FibreLine> {
    let mut lines = Vec::new();
    for l in &skel.lines {
        if let LineKind::Street(t) = l.kind {
            if TOWNS[t].urban.is_none() {
                for piece in split(grid, bad, &l.pts) {
                    if length(&piece) >= 200.0 {
                        lines.push(FibreLine {
                            kind: FibreKind::Branch,
                            pts: piece,
                        });
                    }
                }
            }
        }
    }
    lines
}

/// Branch paths along every secondary road and some canals (not remote,
/// drawn with [`CANAL_FIBRE`]), cut where forbidden (`bad`), pieces of at
/// least 500 m.
fn branch_paths(rng: &mut Rng, grid: &Grid, bad: &[bool], skel: &Skeleton) -> Vec<Vec<(f64, f64)>> {
    let mut branches: Vec<Vec<(f64, f64)>> = Vec::new();
    for l in &skel.lines {
        let take = match l.kind {
            LineKind::Road => true,
            LineKind::Canal => l.remote < 0.45 && rng.chance(CANAL_FIBRE),
            _ => false,
        };
        if !take {
            continue;
        }
        for piece in split(grid, bad, &l.pts) {
            if length(&piece) >= 500.0 {
                branches.push(piece);
            }
        }
    }
    branches
}

/// Spurs off the `branches`: at a vertex about every 900 m, with chance
/// 0.45, a straight 150–550 m spur to a random side, kept only when it
/// avoids forbidden cells (`bad`) entirely.
fn spur_paths(
    rng: &mut Rng,
    grid: &Grid,
    bad: &[bool],
    branches: &[Vec<(f64, f64)>],
) -> Vec<Vec<(f64, f64)>> {
    let mut spurs: Vec<Vec<(f64, f64)>> = Vec::new();
    for b in branches {
        let mut s = 0.0;
        for w in b.windows(2) {
            let (dx, dy) = (w[1].0 - w[0].0, w[1].1 - w[0].1);
            let l = (dx * dx + dy * dy).sqrt();
            s += l;
            if s < 900.0 || l <= 0.0 {
                continue;
            }
            s = 0.0;
            if !rng.chance(0.45) {
                continue;
            }
            let side = if rng.chance(0.5) { 1.0 } else { -1.0 };
            let len = rng.range(150.0, 550.0);
            let (nx, ny) = (-dy / l * side, dx / l * side);
            let a = w[1];
            let steps = (len / 100.0).ceil() as usize;
            let pts: Vec<(f64, f64)> = (0..=steps)
                .map(|k| {
                    let t = len * k as f64 / steps as f64;
                    (a.0 + nx * t, a.1 + ny * t)
                })
                .collect();
            let ok = split(grid, bad, &pts);
            if ok.len() == 1 && ok[0].len() == pts.len() {
                spurs.push(pts);
            }
        }
    }
    spurs
}

/// Distribution cabinets on town streets: per town 1 + 130 × its share,
/// at street vertices within 0.9 × its radius, outside forbidden cells
/// (`bad`) and at least 150 m apart (at most 1000 tries per town).
fn place_cabinets(rng: &mut Rng, grid: &Grid, bad: &[bool], skel: &Skeleton) -> Vec<(f64, f64)> {
    let mut cabinets = Vec::new();
    for (ti, t) in TOWNS.iter().enumerate() {
        let streets: Vec<&Vec<(f64, f64)>> = skel
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Street(ti))
            .map(|l| &l.pts)
            .collect();
        if streets.is_empty() {
            continue;
        }
        let c = skel.towns[ti];
        let n = 1 + (t.share * 130.0).round() as usize;
        let mut placed = 0;
        let mut tries = 0;
        while placed < n && tries < 1000 {
            tries += 1;
            let s = streets[rng.below(streets.len())];
            let p = s[rng.below(s.len())];
            if grid.cell_at(p.0, p.1).is_some_and(|k| bad[k]) {
                continue;
            }
            let d = (sq(p.0 - c.0) + sq(p.1 - c.1)).sqrt();
            if d > 0.9 * t.radius {
                continue;
            }
            if cabinets
                .iter()
                .any(|q: &(f64, f64)| sq(q.0 - p.0) + sq(q.1 - p.1) < 150.0 * 150.0)
            {
                continue;
            }
            cabinets.push(p);
            placed += 1;
        }
    }
    cabinets
}
