//! A classified grid over a set of areas, so that most point-in-polygon
//! queries need no edge test.
//!
//! A uniform grid of square cells covers the areas' bounding box. A cell is
//! an *edge cell* when some boundary edge passes through it (or within a
//! small margin of it, so that rounding in [`AreaCells::class_of`] never
//! puts a point in a cell that an edge it lies near does not touch). Every
//! other cell holds no boundary point, so every point in it lies in the
//! same areas: the cell is given the area its points are located in (or
//! [`UNASSIGNED`] when they lie in none), found once per run of such cells
//! along a row (a run is connected and crosses no boundary). Only points in
//! edge cells need the exact test.

use rayon::prelude::*;

/// The class of a cell in no area: the value of
/// `crate::index::UNASSIGNED` (not imported, to keep `area_index`, which
/// uses this file, free of a cycle).
pub(crate) const UNASSIGNED: u32 = u32::MAX;

/// The class of a cell that a boundary passes through: points there need
/// the exact test.
pub(crate) const EDGE: u32 = u32::MAX - 1;

/// The classified grid (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct AreaCells {
    min: [f64; 2],
    cell: f64,
    /// `1 / cell`.
    per_unit: f64,
    nx: usize,
    ny: usize,
    /// Per cell (row by row): an area index, [`UNASSIGNED`] or [`EDGE`].
    class: Vec<u32>,
}

impl AreaCells {
    /// Classify a grid of about `target_cells` cells over the box
    /// `min..max` holding every `edges` (`[ax, ay, bx, by]`); `locate`
    /// gives the area of a point that lies on no boundary.
    pub(crate) fn new(
        min: [f64; 2],
        max: [f64; 2],
        edges: impl Iterator<Item = [f64; 4]>,
        target_cells: usize,
        locate: impl Fn([f64; 2]) -> u32 + Sync,
    ) -> Option<Self> {
        let span = [max[0] - min[0], max[1] - min[1]];
        if !(span[0].is_finite() && span[1].is_finite() && span[0] > 0.0 && span[1] > 0.0) {
            return None;
        }
        let mut cell = (span[0] * span[1] / target_cells.max(1) as f64).sqrt();
        let dims = |c: f64| ((span[0] / c) as usize + 1, (span[1] / c) as usize + 1);
        while dims(cell).0 * dims(cell).1 > 2 * target_cells.max(1) {
            cell *= 1.25;
        }
        let (nx, ny) = dims(cell);
        let mut g = AreaCells {
            min,
            cell,
            per_unit: 1.0 / cell,
            nx,
            ny,
            class: vec![UNASSIGNED; nx * ny],
        };
        // Far more than the rounding of `class_of` (a few ulps of the
        // coordinates), far less than a cell.
        let margin = 1e-9 * (1.0 + min[0].abs().max(min[1].abs()) + span[0].max(span[1]));
        for e in edges {
            g.mark_edge(e, margin);
        }
        g.class.par_chunks_mut(nx).enumerate().for_each(|(j, row)| {
            let y = min[1] + (j as f64 + 0.5) * cell;
            let mut i = 0;
            while i < nx {
                if row[i] == EDGE {
                    i += 1;
                    continue;
                }
                let a = locate([min[0] + (i as f64 + 0.5) * cell, y]);
                while i < nx && row[i] != EDGE {
                    row[i] = a;
                    i += 1;
                }
            }
        });
        Some(g)
    }

    /// Mark every cell the segment comes within `m` of (row by row: the
    /// part of the segment inside the row's band, widened by `m`).
    fn mark_edge(&mut self, [ax, ay, bx, by]: [f64; 4], m: f64) {
        let (ylo, yhi) = (ay.min(by), ay.max(by));
        let row = |y: f64| ((y - self.min[1]) / self.cell).floor();
        let col = |x: f64| ((x - self.min[0]) / self.cell).floor();
        let clamp = |v: f64, n: usize| v.clamp(0.0, (n - 1) as f64) as usize;
        let (j0, j1) = (clamp(row(ylo - m), self.ny), clamp(row(yhi + m), self.ny));
        for j in j0..=j1 {
            let b0 = self.min[1] + j as f64 * self.cell - m;
            let b1 = self.min[1] + (j + 1) as f64 * self.cell + m;
            // The x range of the segment within y ∈ [b0, b1].
            let (x0, x1) = if ay == by {
                (ax.min(bx), ax.max(bx))
            } else {
                let at = |y: f64| ax + (bx - ax) * ((y - ay) / (by - ay)).clamp(0.0, 1.0);
                let (p, q) = (at(b0.max(ylo)), at(b1.min(yhi)));
                (p.min(q), p.max(q))
            };
            let (i0, i1) = (clamp(col(x0 - m), self.nx), clamp(col(x1 + m), self.nx));
            self.class[j * self.nx + i0..=j * self.nx + i1].fill(EDGE);
        }
    }

    /// The class of the cell holding `p`: an area index, [`UNASSIGNED`]
    /// or [`EDGE`]; `None` outside the grid (or for a non-finite point).
    #[inline]
    pub(crate) fn class_of(&self, p: [f64; 2]) -> Option<u32> {
        let fx = (p[0] - self.min[0]) * self.per_unit;
        let fy = (p[1] - self.min[1]) * self.per_unit;
        if !(fx >= 0.0 && fy >= 0.0 && fx < self.nx as f64 && fy < self.ny as f64) {
            return None;
        }
        Some(self.class[fy as usize * self.nx + fx as usize])
    }

    /// The class every point within `eps` of `p` on each axis lies in:
    /// that of the cells the box `p ± eps` touches when they all have the
    /// same class other than [`EDGE`]; `None` otherwise, outside the grid,
    /// or for a box of more than 4 × 4 cells. The cells are found with
    /// [`class_of`](Self::class_of)'s arithmetic, which is monotone, so
    /// every point of the box falls in one of them.
    pub(crate) fn class_near(&self, p: [f64; 2], eps: f64) -> Option<u32> {
        let at = |v: f64, k: usize| (v - self.min[k]) * self.per_unit;
        let (x0, x1) = (at(p[0] - eps, 0), at(p[0] + eps, 0));
        let (y0, y1) = (at(p[1] - eps, 1), at(p[1] + eps, 1));
        if !(x0 >= 0.0 && y0 >= 0.0 && x1 < self.nx as f64 && y1 < self.ny as f64) {
            return None;
        }
        let (i0, i1, j0, j1) = (x0 as usize, x1 as usize, y0 as usize, y1 as usize);
        if i1 - i0 > 3 || j1 - j0 > 3 {
            return None;
        }
        let class = self.class[j0 * self.nx + i0];
        let same = (j0..=j1).all(|j| (i0..=i1).all(|i| self.class[j * self.nx + i] == class));
        (same && class != EDGE).then_some(class)
    }

    /// The share of cells that are edge cells (for tests and benches).
    #[cfg(test)]
    pub(crate) fn edge_share(&self) -> f64 {
        self.class.iter().filter(|&&c| c == EDGE).count() as f64 / self.class.len() as f64
    }
}
