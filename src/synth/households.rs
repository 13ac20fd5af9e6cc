//! Households: clustered in towns and along roads and canals, some
//! scattered, and about 0.1 % just outside the province.

use super::network::{in_core, LineKind, Skeleton};
use super::places::TOWNS;
use super::plane::{point_in_ring, Grid, SegIndex};
use super::rng::{cos, sin, Rng};

/// One household, in local metres.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Household {
    pub x: f64,
    pub y: f64,
    pub demand: bool,
    pub persons: u8,
    pub outside: bool,
}

/// Share of households just outside the province.
pub(crate) const OUTSIDE_SHARE: f64 = 0.001;

/// Household sizes 1..=9 (mean ≈ 3.6).
const PERSONS: [f64; 9] = [0.07, 0.17, 0.26, 0.25, 0.14, 0.065, 0.025, 0.015, 0.005];

/// Shares of inside households on roads and canals (towns take their
/// `share`, the rest is scattered).
const ROAD_SHARE: f64 = 0.16;
const CANAL_SHARE: f64 = 0.35;

fn cumulative(w: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut acc = 0.0;
    w.map(|x| {
        acc += x;
        acc
    })
    .collect()
}

/// Generate `n` households.
#[allow(clippy::too_many_arguments)]
pub(crate) fn generate(
    seed: u64,
    n: usize,
    grid: &Grid,
    core: &[bool],
    remote: &[f32],
    skel: &Skeleton,
    province: &[Vec<(f64, f64)>],
    outline: &SegIndex,
) -> Vec<Household> {
    let mut rng = Rng::new(seed, 0x4011_5E00);
    let n_out = (n as f64 * OUTSIDE_SHARE).round() as usize;
    let n_in = n - n_out;
    let tables = Tables::new(grid, core, skel);
    let mut out = Vec::with_capacity(n);
    while out.len() < n_in {
        let Some((p, base)) = tables.place(&mut rng, grid, remote, skel) else {
            continue;
        };
        if !in_core(grid, core, p) {
            continue;
        }
        let r = grid.cell_at(p.0, p.1).map_or(0.0, |k| remote[k] as f64);
        let demand = rng.chance(base - 0.22 * r);
        let persons = rng.pick_cumulative(&tables.persons_cum) as u8 + 1;
        out.push(Household {
            x: p.0,
            y: p.1,
            demand,
            persons,
            outside: false,
        });
    }
    outside_households(
        &mut rng,
        n_out,
        province,
        outline,
        &tables.persons_cum,
        &mut out,
    );
    // Spatial order (1 km bands south to north, then west to east) for a
    // file that compresses well; ids follow this order.
    out.sort_by(|a, b| {
        let ba = (a.y / 1000.0).floor();
        let bb = (b.y / 1000.0).floor();
        ba.total_cmp(&bb)
            .then(a.x.total_cmp(&b.x))
            .then(a.y.total_cmp(&b.y))
    });
    out
}

/// The cumulative weights the households are drawn from.
struct Tables {
    /// Category: town, road, canal, scattered.
    cat_cum: Vec<f64>,
    /// Town, by its share.
    town_cum: Vec<f64>,
    /// Per town: its street lines (indices into the skeleton) and their
    /// cumulative lengths.
    streets: Vec<Vec<usize>>,
    street_cum: Vec<Vec<f64>>,
    /// Length of every skeleton line.
    lengths: Vec<f64>,
    /// Roads (main and secondary) and canals, by length damped by
    /// remoteness.
    road_idx: Vec<usize>,
    road_cum: Vec<f64>,
    canal_idx: Vec<usize>,
    canal_cum: Vec<f64>,
    /// Household size 1..=9.
    persons_cum: Vec<f64>,
    /// Core cells, for scattered households.
    core_cells: Vec<usize>,
}

impl Tables {
    fn new(grid: &Grid, core: &[bool], skel: &Skeleton) -> Self {
        let town_total: f64 = TOWNS.iter().map(|t| t.share).sum();
        let cat_cum = cumulative(
            [
                town_total,
                ROAD_SHARE,
                CANAL_SHARE,
                (1.0 - town_total - ROAD_SHARE - CANAL_SHARE).max(0.0),
            ]
            .into_iter(),
        );
        let town_cum = cumulative(TOWNS.iter().map(|t| t.share));
        let streets: Vec<Vec<usize>> = (0..TOWNS.len())
            .map(|ti| {
                skel.lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.kind == LineKind::Street(ti))
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        let street_cum: Vec<Vec<f64>> = streets
            .iter()
            .map(|v| cumulative(v.iter().map(|&i| skel.lines[i].length())))
            .collect();
        let lengths: Vec<f64> = skel.lines.iter().map(|l| l.length()).collect();
        let road_idx: Vec<usize> = (0..skel.lines.len())
            .filter(|&i| matches!(skel.lines[i].kind, LineKind::MainRoad | LineKind::Road))
            .collect();
        let road_cum = cumulative(
            road_idx
                .iter()
                .map(|&i| lengths[i] * (1.0 - 0.7 * skel.lines[i].remote)),
        );
        let canal_idx: Vec<usize> = (0..skel.lines.len())
            .filter(|&i| skel.lines[i].kind == LineKind::Canal)
            .collect();
        let canal_cum = cumulative(
            canal_idx
                .iter()
                .map(|&i| lengths[i] * (1.0 - 0.8 * skel.lines[i].remote)),
        );
        Tables {
            cat_cum,
            town_cum,
            streets,
            street_cum,
            lengths,
            road_idx,
            road_cum,
            canal_idx,
            canal_cum,
            persons_cum: cumulative(PERSONS.into_iter()),
            core_cells: (0..grid.len()).filter(|&k| core[k]).collect(),
        }
    }

    /// Draw the place of one inside household and its base demand
    /// probability: in a town (mostly along its streets), along a road or
    /// canal, or scattered in a core cell. `None` when a scattered draw is
    /// rejected for remoteness (the caller draws again).
    fn place(
        &self,
        rng: &mut Rng,
        grid: &Grid,
        remote: &[f32],
        skel: &Skeleton,
    ) -> Option<((f64, f64), f64)> {
        let cat = rng.pick_cumulative(&self.cat_cum);
        match cat {
            0 => {
                let ti = rng.pick_cumulative(&self.town_cum);
                let c = skel.towns[ti];
                let r = TOWNS[ti].radius;
                let p = if rng.chance(0.7) && !self.streets[ti].is_empty() {
                    let li = self.streets[ti][rng.pick_cumulative(&self.street_cum[ti])];
                    let l = &skel.lines[li];
                    let u = rng.f64();
                    let s = self.lengths[li] * u * u.sqrt();
                    let (q, nrm) = l.at(s);
                    let off = l.sigma * rng.normal();
                    (q.0 + nrm.0 * off, q.1 + nrm.1 * off)
                } else {
                    (c.0 + 0.5 * r * rng.normal(), c.1 + 0.5 * r * rng.normal())
                };
                Some((p, 0.93))
            }
            1 | 2 => {
                let (idx, cum) = if cat == 1 {
                    (&self.road_idx, &self.road_cum)
                } else {
                    (&self.canal_idx, &self.canal_cum)
                };
                let li = idx[rng.pick_cumulative(cum)];
                let l = &skel.lines[li];
                let s = self.lengths[li] * rng.f64();
                let (q, nrm) = l.at(s);
                let off = l.sigma * rng.normal();
                let p = (q.0 + nrm.0 * off, q.1 + nrm.1 * off);
                Some((p, if cat == 1 { 0.90 } else { 0.875 }))
            }
            _ => {
                let k = self.core_cells[rng.below(self.core_cells.len())];
                if !rng.chance(1.0 - 0.75 * remote[k] as f64) {
                    return None;
                }
                let c = grid.center(k);
                let p = (
                    c.0 + rng.range(-0.5, 0.5) * grid.cell,
                    c.1 + rng.range(-0.5, 0.5) * grid.cell,
                );
                Some((p, 0.82))
            }
        }
    }
}

/// Append `n_out` households just outside the province: 40–790 m from a
/// random outline vertex, kept when outside every ring and 30–800 m from
/// the outline.
fn outside_households(
    rng: &mut Rng,
    n_out: usize,
    province: &[Vec<(f64, f64)>],
    outline: &SegIndex,
    persons_cum: &[f64],
    out: &mut Vec<Household>,
) {
    let ring_pts: Vec<(f64, f64)> = province.iter().flatten().copied().collect();
    let mut placed = 0;
    while placed < n_out {
        let v = ring_pts[rng.below(ring_pts.len())];
        let th = rng.range(0.0, std::f64::consts::TAU);
        let d = rng.range(40.0, 790.0);
        let p = (v.0 + d * cos(th), v.1 + d * sin(th));
        if province.iter().any(|r| point_in_ring(r, p.0, p.1)) {
            continue;
        }
        if outline.within(p, 30.0) || !outline.within(p, 800.0) {
            continue;
        }
        let demand = rng.chance(0.85);
        let persons = rng.pick_cumulative(persons_cum) as u8 + 1;
        out.push(Household {
            x: p.0,
            y: p.1,
            demand,
            persons,
            outside: true,
        });
        placed += 1;
    }
}
