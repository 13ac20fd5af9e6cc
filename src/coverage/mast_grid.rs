//! The masts that may reach each cell of a uniform grid, so that a
//! link-budget query reads one short list instead of searching a tree.
//!
//! Each mast has a reach (its sectors' largest search or report radius).
//! A cell lists every mast whose reach comes within a small margin of the
//! cell's square, so a point lists every mast within reach of it (and a
//! few more, which the caller's exact distance test drops). The grid covers
//! the masts' discs with a cell to spare: a point outside it is beyond
//! every mast's reach.

/// The grid (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct MastGrid {
    min: [f64; 2],
    cell: f64,
    /// `1 / cell`.
    per_unit: f64,
    nx: usize,
    ny: usize,
    /// Per cell (row by row), its masts: `items[start[k]..start[k + 1]]`.
    start: Vec<u32>,
    items: Vec<u32>,
}

/// At most this many cells (16 MB of offsets at most).
const MAX_CELLS: usize = 1 << 22;

impl MastGrid {
    /// The grid of `masts` (position, reach in metres), mast `i` listed as
    /// `i`. Cells are about a quarter of the largest reach a side.
    pub(crate) fn new(masts: &[([f64; 2], f64)]) -> Self {
        let finite = |m: &&([f64; 2], f64)| {
            m.0[0].is_finite() && m.0[1].is_finite() && m.1.is_finite() && m.1 >= 0.0
        };
        let reach = masts.iter().filter(finite).map(|m| m.1).fold(0.0, f64::max);
        let mut lo = [f64::INFINITY; 2];
        let mut hi = [f64::NEG_INFINITY; 2];
        for (xy, _) in masts.iter().filter(finite) {
            lo = [lo[0].min(xy[0]), lo[1].min(xy[1])];
            hi = [hi[0].max(xy[0]), hi[1].max(xy[1])];
        }
        if lo[0] > hi[0] {
            return MastGrid::empty();
        }
        let mut cell = (reach / 4.0).max(1.0);
        let span = |c: f64| {
            [
                hi[0] - lo[0] + 2.0 * (reach + c),
                hi[1] - lo[1] + 2.0 * (reach + c),
            ]
        };
        let dims = |c: f64| {
            let s = span(c);
            (
                (s[0] / c).ceil() as usize + 1,
                (s[1] / c).ceil() as usize + 1,
            )
        };
        while dims(cell).0 * dims(cell).1 > MAX_CELLS {
            cell *= 1.5;
        }
        let (nx, ny) = dims(cell);
        let min = [lo[0] - reach - cell, lo[1] - reach - cell];
        let mut g = MastGrid {
            min,
            cell,
            per_unit: 1.0 / cell,
            nx,
            ny,
            start: Vec::new(),
            items: Vec::new(),
        };
        g.fill(masts);
        g
    }

    fn empty() -> Self {
        MastGrid {
            min: [0.0; 2],
            cell: 1.0,
            per_unit: 1.0,
            nx: 0,
            ny: 0,
            start: vec![0],
            items: Vec::new(),
        }
    }

    /// List each mast in the cells its disc (widened by a margin for the
    /// rounding of [`near`](Self::near)'s cell arithmetic) meets.
    fn fill(&mut self, masts: &[([f64; 2], f64)]) {
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let margin = 1e-3 * self.cell;
        for (m, &(xy, reach)) in masts.iter().enumerate() {
            if !(xy[0].is_finite() && xy[1].is_finite() && reach.is_finite() && reach >= 0.0) {
                continue;
            }
            let r = reach + margin;
            let col = |x: f64| ((x - self.min[0]) * self.per_unit).floor().max(0.0) as usize;
            let row = |y: f64| ((y - self.min[1]) * self.per_unit).floor().max(0.0) as usize;
            let (i0, i1) = (col(xy[0] - r), col(xy[0] + r).min(self.nx - 1));
            let (j0, j1) = (row(xy[1] - r), row(xy[1] + r).min(self.ny - 1));
            for j in j0..=j1 {
                let y0 = self.min[1] + j as f64 * self.cell;
                let dy = (y0 - xy[1]).max(xy[1] - (y0 + self.cell)).max(0.0);
                for i in i0..=i1 {
                    let x0 = self.min[0] + i as f64 * self.cell;
                    let dx = (x0 - xy[0]).max(xy[0] - (x0 + self.cell)).max(0.0);
                    if dx * dx + dy * dy <= r * r {
                        pairs.push(((j * self.nx + i) as u32, m as u32));
                    }
                }
            }
        }
        // Counting sort by cell; masts stay in index order within a cell.
        let mut start = vec![0u32; self.nx * self.ny + 1];
        for &(k, _) in &pairs {
            start[k as usize + 1] += 1;
        }
        for k in 0..self.nx * self.ny {
            start[k + 1] += start[k];
        }
        let mut next = start.clone();
        let mut items = vec![0u32; pairs.len()];
        for (k, m) in pairs {
            items[next[k as usize] as usize] = m;
            next[k as usize] += 1;
        }
        self.start = start;
        self.items = items;
    }

    /// The masts that may reach `p`: every mast within its reach of `p`
    /// is among them.
    #[inline]
    pub(crate) fn near(&self, p: [f64; 2]) -> &[u32] {
        let fx = (p[0] - self.min[0]) * self.per_unit;
        let fy = (p[1] - self.min[1]) * self.per_unit;
        if !(fx >= 0.0 && fy >= 0.0 && fx < self.nx as f64 && fy < self.ny as f64) {
            return &[];
        }
        let k = fy as usize * self.nx + fx as usize;
        &self.items[self.start[k] as usize..self.start[k + 1] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every mast within its reach of a point is listed for it, near the
    /// cell borders and far outside alike.
    #[test]
    fn lists_every_mast_in_reach() {
        let mut lcg = crate::test_rng::Lcg(17u64);
        let mut rnd = move || lcg.unit();
        let masts: Vec<([f64; 2], f64)> = (0..300)
            .map(|_| {
                (
                    [500_000.0 + rnd() * 40_000.0, 1_000_000.0 + rnd() * 30_000.0],
                    [0.0, 800.0, 3000.0, 5200.0][(rnd() * 4.0) as usize],
                )
            })
            .collect();
        let g = MastGrid::new(&masts);
        let (mut listed, mut extra) = (0, 0);
        for k in 0..20_000 {
            let p = if k % 2 == 0 {
                [490_000.0 + rnd() * 60_000.0, 990_000.0 + rnd() * 50_000.0]
            } else {
                // On a disc's edge.
                let (xy, r) = masts[k % masts.len()];
                let t = rnd() * std::f64::consts::TAU;
                [xy[0] + r * t.cos(), xy[1] + r * t.sin()]
            };
            let near = g.near(p);
            for (m, &(xy, r)) in masts.iter().enumerate() {
                let d = ((p[0] - xy[0]).powi(2) + (p[1] - xy[1]).powi(2)).sqrt();
                let on = near.contains(&(m as u32));
                if d <= r {
                    assert!(on, "mast {m} at {d} ≤ {r} from {p:?} not listed");
                    listed += 1;
                } else if on {
                    extra += 1;
                }
            }
        }
        assert!(listed > 10_000, "{listed}");
        // The lists are short: not many more masts than those in reach.
        assert!(extra < 2 * listed, "{extra} {listed}");
        assert!(MastGrid::new(&[]).near([0.0, 0.0]).is_empty());
    }
}
