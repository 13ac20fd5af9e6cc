//! The settlement skeleton: main and secondary roads between towns, a
//! delta-style canal network, and town streets. Households cluster along
//! these lines and the fibre follows some of them.

use super::places::{remoteness, TOWNS};
use super::plane::{Grid, Proj};
use super::rng::{cos, fbm1, sin, sq, Rng};

/// What a line of the skeleton is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// A main road between district towns (the fibre backbone follows it).
    MainRoad,
    /// A secondary road.
    Road,
    /// A canal (with its bank path).
    Canal,
    /// A street of town `usize`.
    Street(usize),
}

/// A polyline of the skeleton, in local metres.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub kind: LineKind,
    pub pts: Vec<(f64, f64)>,
    /// Spread of the settlement across the line, metres.
    pub sigma: f64,
    /// Mean remoteness along the line.
    pub remote: f64,
}

impl Line {
    pub(crate) fn length(&self) -> f64 {
        self.pts
            .windows(2)
            .map(|w| (sq(w[1].0 - w[0].0) + sq(w[1].1 - w[0].1)).sqrt())
            .sum()
    }

    /// Point at arc length `s` and the unit normal there.
    pub(crate) fn at(&self, s: f64) -> ((f64, f64), (f64, f64)) {
        let mut acc = 0.0;
        for w in self.pts.windows(2) {
            let (dx, dy) = (w[1].0 - w[0].0, w[1].1 - w[0].1);
            let l = (dx * dx + dy * dy).sqrt();
            if l > 0.0 && acc + l >= s {
                let t = (s - acc) / l;
                return ((w[0].0 + dx * t, w[0].1 + dy * t), (-dy / l, dx / l));
            }
            acc += l;
        }
        let n = self.pts.len();
        let (a, b) = (self.pts[n - 2], self.pts[n - 1]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let l = (dx * dx + dy * dy).sqrt().max(1e-9);
        (b, (-dy / l, dx / l))
    }
}

/// Main roads (fibre backbone) as town index sequences.
const MAIN_ROADS: &[&[usize]] = &[
    &[0, 17, 3, 19, 2],
    &[0, 22, 6, 21],
    &[0, 28, 14, 7, 10],
    &[0, 5, 1],
    &[0, 4, 25],
    &[3, 15, 8],
    &[2, 26, 12],
    &[2, 9],
    &[0, 13],
];

/// Secondary roads.
const ROADS: &[&[usize]] = &[
    &[3, 16, 4],
    &[5, 20, 14],
    &[7, 29, 23, 6],
    &[4, 24],
    &[4, 11],
    &[2, 18],
    &[8, 27, 2],
    &[5, 30, 3],
    &[13, 21],
];

/// The skeleton of the province.
pub(crate) struct Skeleton {
    pub lines: Vec<Line>,
    /// Town centres, metres (snapped inside the province).
    pub towns: Vec<(f64, f64)>,
}

/// Inside-core test: the cell of p and its 8 neighbours are inside.
pub(crate) fn in_core(grid: &Grid, core: &[bool], p: (f64, f64)) -> bool {
    grid.cell_at(p.0, p.1).is_some_and(|k| core[k])
}

/// Cells whose 3×3 neighbourhood is inside the province.
pub(crate) fn core_mask(grid: &Grid, comm: &[u32]) -> Vec<bool> {
    let mut core = vec![false; grid.len()];
    for j in 1..grid.ny - 1 {
        for i in 1..grid.nx - 1 {
            let mut ok = true;
            'n: for dj in 0..3 {
                for di in 0..3 {
                    if comm[grid.idx(i + di - 1, j + dj - 1)] == 0 {
                        ok = false;
                        break 'n;
                    }
                }
            }
            core[grid.idx(i, j)] = ok;
        }
    }
    core
}

fn mean_remote(proj: &Proj, towns: &[(f64, f64)], pts: &[(f64, f64)]) -> f64 {
    let step = (pts.len() / 20).max(1);
    let (mut s, mut n) = (0.0, 0.0);
    for p in pts.iter().step_by(step) {
        s += remoteness(proj, towns, *p);
        n += 1.0;
    }
    s / n
}

/// A meandering polyline from a to b (end points fixed), 100 m steps.
fn meander(a: (f64, f64), b: (f64, f64), amp: f64, seed: u64) -> Vec<(f64, f64)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let l = (dx * dx + dy * dy).sqrt();
    let steps = ((l / 100.0).ceil() as usize).max(1);
    let (nx, ny) = (-dy / l, dx / l);
    (0..=steps)
        .map(|k| {
            let t = k as f64 / steps as f64;
            let env = sin(std::f64::consts::PI * t);
            let off = amp * env * fbm1(seed, t * l, 7_000.0, 3, 0.5);
            (a.0 + dx * t + nx * off, a.1 + dy * t + ny * off)
        })
        .collect()
}

/// Build roads, canals and streets.
pub(crate) fn skeleton(
    seed: u64,
    proj: &Proj,
    grid: &Grid,
    comm: &[u32],
    core: &[bool],
) -> Skeleton {
    let mut rng = Rng::new(seed, 0x4E37_0000);
    let towns = town_centres(proj, grid, core);
    let _ = comm;
    let mut lines = roads(seed, proj, &towns);
    lines.extend(canals(&mut rng, proj, grid, core, &towns));
    lines.extend(town_streets(&mut rng, grid, core, &towns));
    Skeleton { lines, towns }
}

/// Town centres in metres, in [`TOWNS`] order; a centre outside the core
/// moves to the nearest core cell centre.
fn town_centres(proj: &Proj, grid: &Grid, core: &[bool]) -> Vec<(f64, f64)> {
    TOWNS
        .iter()
        .map(|t| {
            let p = proj.to_xy(t.lon, t.lat);
            if in_core(grid, core, p) {
                return p;
            }
            // Nearest core cell.
            let mut best = p;
            let mut bd = f64::INFINITY;
            for (k, &ok) in core.iter().enumerate() {
                if ok {
                    let c = grid.center(k);
                    let d = sq(c.0 - p.0) + sq(c.1 - p.1);
                    if d < bd {
                        bd = d;
                        best = c;
                    }
                }
            }
            best
        })
        .collect()
}

/// The main roads, then the secondary roads: meandering polylines through
/// their towns (noise seeded from `seed`, no random draws).
fn roads(seed: u64, proj: &Proj, towns: &[(f64, f64)]) -> Vec<Line> {
    let mut lines = Vec::new();
    for (ri, (list, kind)) in MAIN_ROADS
        .iter()
        .map(|r| (r, LineKind::MainRoad))
        .chain(ROADS.iter().map(|r| (r, LineKind::Road)))
        .enumerate()
    {
        let mut pts: Vec<(f64, f64)> = Vec::new();
        for w in list.windows(2) {
            let seg = meander(
                towns[w[0]],
                towns[w[1]],
                700.0,
                seed ^ (0x60AD_0000 + ri as u64 * 31 + w[0] as u64),
            );
            let skip = usize::from(!pts.is_empty());
            pts.extend(seg.into_iter().skip(skip));
        }
        let remote = mean_remote(proj, towns, &pts);
        lines.push(Line {
            kind,
            pts,
            sigma: if kind == LineKind::MainRoad {
                150.0
            } else {
                180.0
            },
            remote,
        });
    }
    lines
}

/// Canals: a rotated, loosely regular network, sparse where remote. Up to
/// 190 canals (at most 100 000 tries), each a noisy straight walk both ways
/// from a random core cell until it leaves the core, kept when at least
/// 15 points long.
fn canals(
    rng: &mut Rng,
    proj: &Proj,
    grid: &Grid,
    core: &[bool],
    towns: &[(f64, f64)],
) -> Vec<Line> {
    let mut lines = Vec::new();
    let theta0 = 0.35;
    let mut made = 0;
    let mut tries = 0;
    while made < 190 && tries < 100_000 {
        tries += 1;
        let k = rng.below(grid.len());
        if !core[k] {
            continue;
        }
        let c = grid.center(k);
        let r = remoteness(proj, towns, c);
        if !rng.chance(1.0 - 0.85 * r) {
            continue;
        }
        let th = theta0 + (rng.below(4) as f64) * std::f64::consts::FRAC_PI_2 + 0.08 * rng.normal();
        let (ux, uy) = (cos(th), sin(th));
        let half = rng.range(2_500.0, 9_000.0);
        let cseed = rng.next_u64();
        let walk = |dir: f64| -> Vec<(f64, f64)> {
            let mut v = Vec::new();
            let mut s = 0.0;
            while s <= half {
                let off = 120.0 * fbm1(cseed, dir * s, 4_000.0, 2, 0.5);
                let p = (c.0 + dir * ux * s - uy * off, c.1 + dir * uy * s + ux * off);
                if !in_core(grid, core, p) {
                    break;
                }
                v.push(p);
                s += 100.0;
            }
            v
        };
        let fwd = walk(1.0);
        let back = walk(-1.0);
        let mut pts: Vec<(f64, f64)> = back.into_iter().skip(1).rev().collect();
        pts.extend(fwd);
        if pts.len() < 15 {
            continue;
        }
        let remote = mean_remote(proj, towns, &pts);
        lines.push(Line {
            kind: LineKind::Canal,
            pts,
            sigma: rng.range(150.0, 250.0),
            remote,
        });
        made += 1;
    }
    lines
}

/// Town streets: per town, meandering spokes (4 + 160 × its share, at
/// most 16) and rings (three for the capital, one elsewhere), cut to the
/// core.
fn town_streets(rng: &mut Rng, grid: &Grid, core: &[bool], towns: &[(f64, f64)]) -> Vec<Line> {
    let mut lines = Vec::new();
    for (ti, t) in TOWNS.iter().enumerate() {
        let c = towns[ti];
        let spokes = (4.0 + t.share * 160.0).round().min(16.0) as usize;
        let rot = rng.range(0.0, std::f64::consts::TAU);
        for s in 0..spokes {
            let th = rot + std::f64::consts::TAU * s as f64 / spokes as f64 + 0.15 * rng.normal();
            let len = t.radius * rng.range(1.3, 1.9);
            let b = (c.0 + len * cos(th), c.1 + len * sin(th));
            let pts: Vec<(f64, f64)> = meander(c, b, 80.0, rng.next_u64())
                .into_iter()
                .take_while(|&p| in_core(grid, core, p))
                .collect();
            if pts.len() >= 3 {
                lines.push(Line {
                    kind: LineKind::Street(ti),
                    pts,
                    sigma: 70.0,
                    remote: 0.0,
                });
            }
        }
        let rings: &[f64] = if ti == 0 { &[0.3, 0.6, 0.9] } else { &[0.55] };
        for &f in rings {
            let rr = t.radius * f;
            let n = ((std::f64::consts::TAU * rr / 100.0).ceil() as usize).max(12);
            let mut cur: Vec<(f64, f64)> = Vec::new();
            for k in 0..=n {
                let th = rot + std::f64::consts::TAU * k as f64 / n as f64;
                let p = (c.0 + rr * cos(th), c.1 + rr * sin(th));
                if in_core(grid, core, p) {
                    cur.push(p);
                } else if cur.len() >= 3 {
                    lines.push(street(ti, std::mem::take(&mut cur)));
                } else {
                    cur.clear();
                }
            }
            if cur.len() >= 3 {
                lines.push(street(ti, cur));
            }
        }
    }
    lines
}

fn street(ti: usize, pts: Vec<(f64, f64)>) -> Line {
    Line {
        kind: LineKind::Street(ti),
        pts,
        sigma: 70.0,
        remote: 0.0,
    }
}
