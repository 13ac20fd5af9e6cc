//! Cell sites: 4G in every town and otherwise mostly near households (none
//! deep in the forest and the mangroves, so a few remote households stay
//! beyond 4 km), 5G in the larger towns.

use super::households::Household;
use super::network::{in_core, Skeleton};
use super::places::TOWNS;
use super::plane::{Grid, PointIndex};
use super::rng::{sq, Rng};

/// One site, local metres.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Site {
    pub x: f64,
    pub y: f64,
    pub five_g: bool,
    pub height_m: u32,
}

/// No 4G site where remoteness exceeds this.
const NO_SITE_REMOTE: f64 = 0.15;

/// Place `n4` 4G and `n5` 5G sites.
#[allow(clippy::too_many_arguments)]
pub(crate) fn generate(
    seed: u64,
    n4: usize,
    n5: usize,
    grid: &Grid,
    core: &[bool],
    remote: &[f32],
    households: &[Household],
    skel: &Skeleton,
) -> Vec<Site> {
    let mut rng = Rng::new(seed, 0x517E_0000);
    let bbox = (
        grid.x0,
        grid.y0,
        grid.x0 + grid.nx as f64 * grid.cell,
        grid.y0 + grid.ny as f64 * grid.cell,
    );
    let inside: Vec<&Household> = households.iter().filter(|h| !h.outside).collect();
    let core_cells: Vec<usize> = (0..grid.len()).filter(|&k| core[k]).collect();
    let remote_at = |p: (f64, f64)| grid.cell_at(p.0, p.1).map_or(1.0, |k| remote[k] as f64);
    let mut out = Vec::with_capacity(n4 + n5);
    let mut idx = PointIndex::new(bbox, 2_000.0);
    // One site in every town first.
    for &c in &skel.towns {
        if out.len() >= n4 {
            break;
        }
        let p = (c.0 + 150.0 * rng.normal(), c.1 + 150.0 * rng.normal());
        let p = if in_core(grid, core, p) { p } else { c };
        idx.insert(p);
        out.push(Site {
            x: p.0,
            y: p.1,
            five_g: false,
            height_m: 25 + rng.below(21) as u32,
        });
    }
    let mut tries = 0usize;
    let mut spacing = 700.0;
    while out.len() < n4 {
        tries += 1;
        if tries.is_multiple_of(20 * n4.max(1)) {
            spacing *= 0.7;
        }
        let p = if rng.chance(0.72) && !inside.is_empty() {
            let h = inside[rng.below(inside.len())];
            (h.x + 300.0 * rng.normal(), h.y + 300.0 * rng.normal())
        } else {
            let k = core_cells[rng.below(core_cells.len())];
            let c = grid.center(k);
            (
                c.0 + rng.range(-0.5, 0.5) * grid.cell,
                c.1 + rng.range(-0.5, 0.5) * grid.cell,
            )
        };
        if !in_core(grid, core, p) || remote_at(p) > NO_SITE_REMOTE {
            continue;
        }
        if idx.within(p, spacing) {
            continue;
        }
        idx.insert(p);
        out.push(Site {
            x: p.0,
            y: p.1,
            five_g: false,
            height_m: 25 + rng.below(21) as u32,
        });
    }
    // 5G in the larger towns, weighted by size.
    let towns: Vec<usize> = (0..TOWNS.len())
        .filter(|&t| TOWNS[t].share >= 0.012)
        .collect();
    let mut cum = Vec::new();
    let mut acc = 0.0;
    for &t in &towns {
        acc += TOWNS[t].share * TOWNS[t].share.sqrt();
        cum.push(acc);
    }
    let mut idx5 = PointIndex::new(bbox, 1_000.0);
    let mut spacing5 = 350.0;
    let mut tries = 0usize;
    let mut placed = 0;
    while placed < n5 {
        tries += 1;
        if tries.is_multiple_of(50 * n5.max(1)) {
            spacing5 *= 0.7;
        }
        let t = towns[rng.pick_cumulative(&cum)];
        let c = skel.towns[t];
        let r = TOWNS[t].radius;
        let p = (c.0 + 0.45 * r * rng.normal(), c.1 + 0.45 * r * rng.normal());
        if sq(p.0 - c.0) + sq(p.1 - c.1) > r * r || !in_core(grid, core, p) {
            continue;
        }
        if idx5.within(p, spacing5) {
            continue;
        }
        idx5.insert(p);
        out.push(Site {
            x: p.0,
            y: p.1,
            five_g: true,
            height_m: 25 + rng.below(11) as u32,
        });
        placed += 1;
    }
    out
}
