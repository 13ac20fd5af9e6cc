//! The label raster: province mask, districts (a warped power diagram sized
//! to the real district areas) and communes (warped Voronoi cells of
//! Lloyd-relaxed seeds inside each district), cleaned so that every label
//! is one 4-connected component without diagonal pinches.

use rayon::prelude::*;

use super::outline;
use super::places::{density, DISTRICTS, DISTRICT_PRIORITY, TOWNS};
use super::plane::{Grid, Proj};
use super::rng::{fbm2, sq, Rng};
use crate::{Error, Result};

/// Raster cell size, metres.
pub(crate) const CELL: f64 = 150.0;

/// The cleaned label raster.
pub(crate) struct Tiling {
    pub grid: Grid,
    /// Commune label per cell: 0 outside, 1..=n communes.
    pub comm: Vec<u32>,
    /// District label (1..=k) per commune label; index 0 → 0.
    pub district_of: Vec<u32>,
    /// Indices into [`DISTRICTS`] of the districts, label d → `districts[d-1]`.
    pub districts: Vec<usize>,
    /// Seed of each commune (index 0 unused), metres.
    pub seeds: Vec<(f64, f64)>,
    /// Settlement density per cell.
    pub rho: Vec<f32>,
}

impl Tiling {
    pub(crate) fn n_communes(&self) -> usize {
        self.district_of.len() - 1
    }
}

/// Split `total` into parts proportional to `weights`, each at least 1
/// (largest remainder).
pub(crate) fn apportion(total: usize, weights: &[f64]) -> Vec<usize> {
    let k = weights.len();
    let sum: f64 = weights.iter().sum();
    let spare = total - k;
    let exact: Vec<f64> = weights.iter().map(|w| spare as f64 * w / sum).collect();
    let mut parts: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let mut left = spare - parts.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in &order {
        if left == 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts.iter().map(|p| p + 1).collect()
}

/// Build the label raster for `communes` communes in `n_districts` districts.
pub(crate) fn build(seed: u64, proj: &Proj, n_districts: usize, communes: usize) -> Result<Tiling> {
    let towns = super::places::town_xy(proj);
    let (grid, inside) = province_mask(seed, proj);
    let rho: Vec<f32> = (0..grid.len())
        .into_par_iter()
        .map(|k| {
            if inside[k] {
                density(&towns, grid.center(k)) as f32
            } else {
                1.0
            }
        })
        .collect();

    // --- Districts: a warped power diagram sized to the real areas.
    let mut chosen: Vec<usize> = DISTRICT_PRIORITY[..n_districts].to_vec();
    chosen.sort_unstable();
    let dist_cell = district_cells(seed, proj, &grid, &inside, &towns, &chosen)?;

    // --- Communes: Lloyd-relaxed seeds inside each district.
    let (seeds, district_of) =
        commune_seeds(seed, &grid, &dist_cell, &rho, &towns, &chosen, communes)?;
    let mut comm = commune_cells(
        seed,
        &grid,
        &dist_cell,
        &rho,
        &seeds,
        &district_of,
        n_districts,
    );

    // --- Clean: majority filter, then connectivity and pinches per level.
    clean_communes(&grid, &mut comm, &district_of)?;
    Ok(Tiling {
        grid,
        comm,
        district_of,
        districts: chosen,
        seeds,
        rho,
    })
}

/// The raster (cells of [`CELL`] covering lon 104.68..105.52, lat
/// 8.48..9.62 with margin) and the province mask on it: the outline of
/// `seed`, cleaned to one 4-connected component without holes or pinches.
fn province_mask(seed: u64, proj: &Proj) -> (Grid, Vec<bool>) {
    let (xa, ya) = proj.to_xy(104.68, 8.48);
    let (xb, yb) = proj.to_xy(105.52, 9.62);
    let x0 = (xa / CELL).floor() * CELL;
    let y0 = (ya / CELL).floor() * CELL;
    let grid = Grid {
        nx: ((xb - x0) / CELL).ceil() as usize,
        ny: ((yb - y0) / CELL).ceil() as usize,
        x0,
        y0,
        cell: CELL,
    };
    let ring = outline::outline(seed, proj);
    let mut inside = outline::rasterise(&grid, &ring);
    clean_mask(&grid, &mut inside);
    (grid, inside)
}

/// The warped power diagram of the districts: each district is the power
/// cell of its centre and of its urban towns, all in warped space (so a
/// town's own cell is always its district's).
struct PowerDiagram {
    /// Seed of the warp.
    dseed: u64,
    /// Warped seed points with their district index (into `chosen`).
    seeds: Vec<((f64, f64), usize)>,
}

impl PowerDiagram {
    /// The diagram of the `chosen` districts (indices into [`DISTRICTS`]).
    fn new(seed: u64, proj: &Proj, towns: &[(f64, f64)], chosen: &[usize]) -> Self {
        let mut d = PowerDiagram {
            dseed: seed ^ 0xD157_0000,
            seeds: Vec::new(),
        };
        for (i, &di) in chosen.iter().enumerate() {
            let c = DISTRICTS[di].centre;
            d.seeds.push((d.warp(proj.to_xy(c.0, c.1)), i));
            for (ti, t) in TOWNS.iter().enumerate() {
                if t.district == di && t.urban.is_some() {
                    d.seeds.push((d.warp(towns[ti]), i));
                }
            }
        }
        d
    }

    /// The point `p` in warped space (a smooth noise displacement).
    fn warp(&self, p: (f64, f64)) -> (f64, f64) {
        let a = 2_600.0;
        (
            p.0 + a * fbm2(self.dseed, p.0, p.1, 15_000.0, 3, 0.5),
            p.1 + a * fbm2(self.dseed ^ 0x55, p.0, p.1, 15_000.0, 3, 0.5),
        )
    }

    /// The district (index into `chosen`) of the warped point `q` under the
    /// weights `w`: the seed of least power distance, the first on ties.
    fn label(&self, q: (f64, f64), w: &[f64]) -> usize {
        let mut best = 0;
        let mut bd = f64::INFINITY;
        for &(s, i) in &self.seeds {
            let d = sq(q.0 - s.0) + sq(q.1 - s.1) - w[i];
            if d < bd {
                bd = d;
                best = i;
            }
        }
        best
    }
}

/// District label (1..=k, 0 outside) per cell: the power diagram of the
/// `chosen` districts with weights fitted to their real areas, each urban
/// town's built-up area given to its district, then cleaned (majority
/// filter, connectivity, pinches).
fn district_cells(
    seed: u64,
    proj: &Proj,
    grid: &Grid,
    inside: &[bool],
    towns: &[(f64, f64)],
    chosen: &[usize],
) -> Result<Vec<u32>> {
    let n_districts = chosen.len();
    let diagram = PowerDiagram::new(seed, proj, towns, chosen);
    let inside_cells: Vec<usize> = (0..grid.len()).filter(|&k| inside[k]).collect();
    let warped: Vec<(f64, f64)> = inside_cells
        .par_iter()
        .map(|&k| diagram.warp(grid.center(k)))
        .collect();
    let w = fit_power_weights(&diagram, &warped, chosen);
    let mut dist_cell = vec![0u32; grid.len()];
    let labels: Vec<usize> = warped.par_iter().map(|&q| diagram.label(q, &w)).collect();
    for (n, &k) in inside_cells.iter().enumerate() {
        dist_cell[k] = labels[n] as u32 + 1;
    }
    pin_towns_to_districts(grid, inside, towns, chosen, &mut dist_cell);
    // Clean districts with provisional communes = districts.
    let identity: Vec<u32> = (0..=n_districts as u32).collect();
    let parent: Vec<u32> = (0..=n_districts as u32).map(|d| (d > 0) as u32).collect();
    for _ in 0..2 {
        majority(grid, &mut dist_cell, &identity, &parent);
    }
    fix_level(grid, &mut dist_cell, &identity, &parent)?;
    Ok(dist_cell)
}

/// Power weights that give each of the `chosen` districts its share of the
/// province (`warped`: the inside cells in warped space) in proportion to
/// its real area: 150 steps of w += η·(target − area), areas counted on
/// every 4th cell.
fn fit_power_weights(diagram: &PowerDiagram, warped: &[(f64, f64)], chosen: &[usize]) -> Vec<f64> {
    let n_districts = chosen.len();
    let cell_area = CELL * CELL;
    let total_area = warped.len() as f64 * cell_area;
    let area_sum: f64 = chosen.iter().map(|&d| DISTRICTS[d].area_km2).sum();
    let target: Vec<f64> = chosen
        .iter()
        .map(|&d| total_area * DISTRICTS[d].area_km2 / area_sum)
        .collect();
    let mut w = vec![0.0f64; n_districts];
    let sample: Vec<(f64, f64)> = warped.iter().step_by(4).copied().collect();
    for it in 0..150 {
        // Integer counts: the sum is exact whatever the threads.
        let count: Vec<u64> = sample
            .par_chunks(4096)
            .map(|ch| {
                let mut a = vec![0u64; n_districts];
                for q in ch {
                    a[diagram.label(*q, &w)] += 1;
                }
                a
            })
            .reduce(
                || vec![0u64; n_districts],
                |mut a, b| {
                    for (x, y) in a.iter_mut().zip(b) {
                        *x += y;
                    }
                    a
                },
            );
        let area: Vec<f64> = count.iter().map(|&c| c as f64 * 4.0 * cell_area).collect();
        let eta = if it < 50 { 0.2 } else { 0.1 };
        for i in 0..n_districts {
            w[i] += eta * (target[i] - area[i]);
        }
    }
    w
}

/// The built-up area (a disc of the town's radius, at least 1.5 km) of
/// each urban town of a `chosen` district belongs to that district,
/// whatever the diagram says.
fn pin_towns_to_districts(
    grid: &Grid,
    inside: &[bool],
    towns: &[(f64, f64)],
    chosen: &[usize],
    dist_cell: &mut [u32],
) {
    for (ti, t) in TOWNS.iter().enumerate() {
        let Some(i) = chosen.iter().position(|&d| d == t.district) else {
            continue;
        };
        if t.urban.is_none() {
            continue;
        }
        let r = t.radius.max(1_500.0);
        let (cx, cy) = towns[ti];
        let (i0, j0) = (
            ((cx - r - grid.x0) / CELL).floor().max(0.0) as usize,
            ((cy - r - grid.y0) / CELL).floor().max(0.0) as usize,
        );
        let (i1, j1) = (
            (((cx + r - grid.x0) / CELL).ceil() as usize).min(grid.nx - 1),
            (((cy + r - grid.y0) / CELL).ceil() as usize).min(grid.ny - 1),
        );
        for j in j0..=j1 {
            for ii in i0..=i1 {
                let k = grid.idx(ii, j);
                let (x, y) = grid.center(k);
                if inside[k] && sq(x - cx) + sq(y - cy) <= r * r {
                    dist_cell[k] = i as u32 + 1;
                }
            }
        }
    }
}

/// A point in the local plane, metres.
type Xy = (f64, f64);

/// The commune seeds (index 0 unused) and the district label of each:
/// `communes` apportioned to the districts by their real commune counts,
/// urban towns pinned, the rest Lloyd-relaxed (one random stream over the
/// districts in order). Too few cells for a district's communes is an
/// error.
fn commune_seeds(
    seed: u64,
    grid: &Grid,
    dist_cell: &[u32],
    rho: &[f32],
    towns: &[(f64, f64)],
    chosen: &[usize],
    communes: usize,
) -> Result<(Vec<Xy>, Vec<u32>)> {
    let n_districts = chosen.len();
    let weights: Vec<f64> = chosen
        .iter()
        .map(|&d| DISTRICTS[d].communes as f64)
        .collect();
    let per_district = apportion(communes, &weights);
    let mut cells_of: Vec<Vec<usize>> = vec![Vec::new(); n_districts];
    for k in 0..grid.len() {
        if dist_cell[k] > 0 {
            cells_of[dist_cell[k] as usize - 1].push(k);
        }
    }
    let mut rng = Rng::new(seed, 0x5EED_C0DE);
    let mut seeds: Vec<(f64, f64)> = vec![(0.0, 0.0)];
    let mut district_of: Vec<u32> = vec![0];
    for (d, cells) in cells_of.iter().enumerate() {
        let n = per_district[d];
        if cells.len() < 4 * n {
            return Err(Error::config(
                "synth",
                format!("too many communes ({communes}) for the synthetic province"),
            ));
        }
        // Towns that name a commune get a fixed seed.
        let pinned: Vec<(f64, f64)> = TOWNS
            .iter()
            .enumerate()
            .filter(|(ti, t)| {
                t.urban.is_some()
                    && t.district == chosen[d]
                    && grid
                        .cell_at(towns[*ti].0, towns[*ti].1)
                        .is_some_and(|k| dist_cell[k] == d as u32 + 1)
            })
            .map(|(ti, _)| towns[ti])
            .take(n)
            .collect();
        let s = lloyd_seeds(grid, cells, rho, n, &pinned, &mut rng);
        for p in s {
            seeds.push(p);
            district_of.push(d as u32 + 1);
        }
    }
    Ok((seeds, district_of))
}

/// Commune label per cell (0 outside): the nearest seed of the cell's
/// district after a density-scaled noise warp (warped Voronoi cells).
fn commune_cells(
    seed: u64,
    grid: &Grid,
    dist_cell: &[u32],
    rho: &[f32],
    seeds: &[(f64, f64)],
    district_of: &[u32],
    n_districts: usize,
) -> Vec<u32> {
    // Seeds of each district as (commune label, position).
    let mut dseeds_c: Vec<Vec<(u32, (f64, f64))>> = vec![Vec::new(); n_districts];
    for c in 1..seeds.len() {
        dseeds_c[district_of[c] as usize - 1].push((c as u32, seeds[c]));
    }
    let cseed = seed ^ 0xC033_0000;
    (0..grid.len())
        .into_par_iter()
        .map(|k| {
            let d = dist_cell[k];
            if d == 0 {
                return 0;
            }
            let p = grid.center(k);
            let a = 1_150.0 / (rho[k] as f64).sqrt();
            let q = (
                p.0 + a * fbm2(cseed, p.0, p.1, 6_500.0, 4, 0.5),
                p.1 + a * fbm2(cseed ^ 0x77, p.0, p.1, 6_500.0, 4, 0.5),
            );
            let mut best = 0;
            let mut bd = f64::INFINITY;
            for &(c, s) in &dseeds_c[d as usize - 1] {
                let dd = sq(q.0 - s.0) + sq(q.1 - s.1);
                if dd < bd {
                    bd = dd;
                    best = c;
                }
            }
            best
        })
        .collect()
}

/// Clean the commune labels `comm`: majority filter, then connectivity and
/// pinches at the district level and at the commune level. An error when a
/// commune vanishes or a commune touches the raster border.
fn clean_communes(grid: &Grid, comm: &mut [u32], district_of: &[u32]) -> Result<()> {
    let n_labels = district_of.len();
    let identity: Vec<u32> = (0..n_labels as u32).collect();
    let inside_parent: Vec<u32> = district_of.iter().map(|&d| (d > 0) as u32).collect();
    for _ in 0..2 {
        majority(grid, comm, &identity, district_of);
    }
    fix_level(grid, comm, district_of, &inside_parent)?;
    fix_level(grid, comm, &identity, district_of)?;
    // Every commune must still exist.
    let mut count = vec![0usize; n_labels];
    for &c in comm.iter() {
        count[c as usize] += 1;
    }
    if count[1..].contains(&0) {
        return Err(Error::config(
            "synth",
            "a synthetic commune vanished while cleaning; try another seed",
        ));
    }
    // The raster border must be outside.
    for i in 0..grid.nx {
        if comm[grid.idx(i, 0)] != 0 || comm[grid.idx(i, grid.ny - 1)] != 0 {
            return Err(Error::config(
                "synth",
                "synthetic outline touches the raster",
            ));
        }
    }
    for j in 0..grid.ny {
        if comm[grid.idx(0, j)] != 0 || comm[grid.idx(grid.nx - 1, j)] != 0 {
            return Err(Error::config(
                "synth",
                "synthetic outline touches the raster",
            ));
        }
    }
    Ok(())
}

/// Weighted Lloyd relaxation of `n` seeds over `cells` with weights `rho`.
fn lloyd_seeds(
    grid: &Grid,
    cells: &[usize],
    rho: &[f32],
    n: usize,
    pinned: &[(f64, f64)],
    rng: &mut Rng,
) -> Vec<(f64, f64)> {
    let mut cum = Vec::with_capacity(cells.len());
    let mut acc = 0.0;
    for &k in cells {
        acc += rho[k] as f64;
        cum.push(acc);
    }
    let mut seeds: Vec<(f64, f64)> = pinned.to_vec();
    let fixed = seeds.len();
    while seeds.len() < n {
        let k = cells[rng.pick_cumulative(&cum)];
        let (x, y) = grid.center(k);
        let p = (
            x + rng.range(-0.5, 0.5) * grid.cell,
            y + rng.range(-0.5, 0.5) * grid.cell,
        );
        if seeds
            .iter()
            .all(|s| sq(s.0 - p.0) + sq(s.1 - p.1) > sq(2.0 * grid.cell))
        {
            seeds.push(p);
        }
    }
    for _ in 0..30 {
        let mut sx = vec![0.0f64; n];
        let mut sy = vec![0.0f64; n];
        let mut sw = vec![0.0f64; n];
        for &k in cells {
            let p = grid.center(k);
            let mut best = 0;
            let mut bd = f64::INFINITY;
            for (i, s) in seeds.iter().enumerate() {
                let d = sq(p.0 - s.0) + sq(p.1 - s.1);
                if d < bd {
                    bd = d;
                    best = i;
                }
            }
            let w = rho[k] as f64;
            sx[best] += w * p.0;
            sy[best] += w * p.1;
            sw[best] += w;
        }
        for i in fixed..n {
            if sw[i] > 0.0 {
                seeds[i] = (sx[i] / sw[i], sy[i] / sw[i]);
            } else {
                let k = cells[rng.pick_cumulative(&cum)];
                seeds[i] = grid.center(k);
            }
        }
    }
    seeds
}

/// Make the province mask one 4-connected component without holes or
/// diagonal pinches.
fn clean_mask(grid: &Grid, inside: &mut [bool]) {
    let mut lab: Vec<u32> = inside.iter().map(|&b| b as u32).collect();
    let identity = [0u32, 1];
    let parent = [0u32, 0];
    // Province level: fill holes, keep the largest part, remove pinches by
    // filling. Loop until stable.
    loop {
        let mut changed = false;
        // Keep the largest inside component and the outside component that
        // touches the raster border.
        let comps = components(grid, &lab, &identity);
        for (label, keep) in [(1u32, None), (0u32, Some(()))] {
            let mine: Vec<&Component> = comps.iter().filter(|c| c.label == label).collect();
            if mine.len() <= 1 {
                continue;
            }
            let keep_idx = if keep.is_some() {
                // The component containing cell 0 (the raster corner).
                mine.iter().position(|c| c.cells.contains(&0)).unwrap_or(0)
            } else {
                largest(&mine)
            };
            for (i, c) in mine.iter().enumerate() {
                if i != keep_idx {
                    for &k in &c.cells {
                        lab[k] = 1 - label;
                    }
                    changed = true;
                }
            }
        }
        // Pinches: fill one outside cell of every checkerboard block.
        for j in 0..grid.ny - 1 {
            for i in 0..grid.nx - 1 {
                let a = grid.idx(i, j);
                let b = a + 1;
                let c = a + grid.nx;
                let d = c + 1;
                if lab[a] == lab[d] && lab[b] == lab[c] && lab[a] != lab[b] {
                    if lab[a] == 0 {
                        lab[a] = 1;
                    } else {
                        lab[b] = 1;
                    }
                    changed = true;
                }
            }
        }
        let _ = parent;
        if !changed {
            break;
        }
    }
    for (k, v) in inside.iter_mut().enumerate() {
        *v = lab[k] == 1;
    }
}

struct Component {
    label: u32,
    cells: Vec<usize>,
}

fn largest(c: &[&Component]) -> usize {
    let mut best = 0;
    for i in 1..c.len() {
        if c[i].cells.len() > c[best].cells.len() {
            best = i;
        }
    }
    best
}

/// 4-connected components of the level labels `lvl[lab[k]]`, in order of
/// their first cell.
fn components(grid: &Grid, lab: &[u32], lvl: &[u32]) -> Vec<Component> {
    let mut seen = vec![false; lab.len()];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..lab.len() {
        if seen[start] {
            continue;
        }
        let l = lvl[lab[start] as usize];
        let mut cells = Vec::new();
        seen[start] = true;
        stack.push(start);
        while let Some(k) = stack.pop() {
            cells.push(k);
            for n in grid.neighbours4(k) {
                if !seen[n] && lvl[lab[n] as usize] == l {
                    seen[n] = true;
                    stack.push(n);
                }
            }
        }
        out.push(Component { label: l, cells });
    }
    out
}

/// One pass of a majority filter at the level `lvl` (of labels with the
/// same parent): a cell whose 4-neighbours include ≥3 of another label of
/// the same parent takes it.
fn majority(grid: &Grid, lab: &mut [u32], lvl: &[u32], parent: &[u32]) {
    let snap = lab.to_vec();
    for k in 0..snap.len() {
        let own = snap[k];
        if own == 0 {
            continue;
        }
        let mut votes: [(u32, u32, u32); 4] = [(u32::MAX, 0, 0); 4];
        for n in grid.neighbours4(k) {
            let c = snap[n];
            if c == 0
                || parent[c as usize] != parent[own as usize]
                || lvl[c as usize] == lvl[own as usize]
            {
                continue;
            }
            let l = lvl[c as usize];
            for v in votes.iter_mut() {
                if v.0 == l {
                    v.1 += 1;
                    break;
                }
                if v.0 == u32::MAX {
                    *v = (l, 1, c);
                    break;
                }
            }
        }
        if let Some(v) = votes.iter().find(|v| v.1 >= 3) {
            lab[k] = v.2;
        }
    }
}

/// At the level `lvl[c]` of commune labels `c` (whose parents are
/// `parent[c]`), make every level label one 4-connected component and remove
/// every diagonal pinch, changing only cells within the same parent.
fn fix_level(grid: &Grid, lab: &mut [u32], lvl: &[u32], parent: &[u32]) -> Result<()> {
    for _round in 0..100 {
        let mut changed = false;
        // Connectivity.
        let comps = components(grid, lab, lvl);
        let nl = lvl.iter().copied().max().unwrap_or(0) as usize + 1;
        let mut best: Vec<Option<usize>> = vec![None; nl];
        for (i, c) in comps.iter().enumerate() {
            if c.label == 0 {
                continue;
            }
            let b = &mut best[c.label as usize];
            match b {
                Some(j) if comps[*j].cells.len() >= c.cells.len() => {}
                _ => *b = Some(i),
            }
        }
        for (i, c) in comps.iter().enumerate() {
            if c.label == 0 || best[c.label as usize] == Some(i) {
                continue;
            }
            let own_parent = parent[lab[c.cells[0]] as usize];
            // Count the adjacent cells per (level label, commune).
            let mut votes: Vec<(u32, u32, u32)> = Vec::new(); // (level, commune, count)
            for &k in &c.cells {
                for n in grid.neighbours4(k) {
                    let cn = lab[n];
                    if cn == 0 || lvl[cn as usize] == c.label || parent[cn as usize] != own_parent {
                        continue;
                    }
                    match votes.iter_mut().find(|v| v.1 == cn) {
                        Some(v) => v.2 += 1,
                        None => votes.push((lvl[cn as usize], cn, 1)),
                    }
                }
            }
            if votes.is_empty() {
                continue;
            }
            // The level label with most shared edges, then its commune with most.
            let mut by_level: Vec<(u32, u32)> = Vec::new();
            for v in &votes {
                match by_level.iter_mut().find(|b| b.0 == v.0) {
                    Some(b) => b.1 += v.2,
                    None => by_level.push((v.0, v.2)),
                }
            }
            by_level.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let target_level = by_level[0].0;
            let mut cand: Vec<&(u32, u32, u32)> =
                votes.iter().filter(|v| v.0 == target_level).collect();
            cand.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)));
            let target = cand[0].1;
            for &k in &c.cells {
                lab[k] = target;
            }
            changed = true;
        }
        // Pinches.
        for j in 0..grid.ny - 1 {
            for i in 0..grid.nx - 1 {
                let a = grid.idx(i, j);
                let b = a + 1;
                let c = a + grid.nx;
                let d = c + 1;
                let l = |k: usize| lvl[lab[k] as usize];
                let p = |k: usize| parent[lab[k] as usize];
                for (x, y, u, v) in [(a, d, b, c), (b, c, a, d)] {
                    if l(x) == l(y) && l(u) != l(x) && l(v) != l(x) && l(x) != 0 {
                        let t = if p(u) == p(x) {
                            u
                        } else if p(v) == p(x) {
                            v
                        } else {
                            continue;
                        };
                        lab[t] = lab[x];
                        changed = true;
                        break;
                    }
                }
            }
        }
        if !changed {
            return Ok(());
        }
    }
    Err(Error::config(
        "synth",
        "cleaning the synthetic label raster did not converge; try another seed",
    ))
}
