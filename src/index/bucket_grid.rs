//! A uniform grid of square cells over a bounding box, with items bucketed
//! per cell in one flat array (CSR), and the "ring" search that the
//! nearest-item queries of [`crate::coverage::FixedRadius`] (sites) and
//! [`crate::index::SegmentIndex`] (the fibre network) are built on.
//!
//! Ring search: a query point `p` lies in cell `(cx, cy)` (possibly outside
//! the grid). Ring `k` is the set of cells at Chebyshev distance `k` from
//! it. Every point of a cell in ring `k + 1` or beyond is at least `k · cell`
//! away from `p` (the ring-`k` square around p's cell has half-width
//! `k + ½` cells, and p can lie anywhere in its cell), so a search that has
//! visited rings `0..=k` and holds a best distance `d < k · cell` can stop:
//! nothing further out can be as near. This is the classic bucketing
//! nearest-neighbour search (Bentley, Weide & Yao, "Optimal expected-time
//! algorithms for closest point problems", ACM TOMS 6(4), 1980).

/// The geometry of a uniform grid and its cells' contents (item ids, CSR).
#[derive(Debug, Clone)]
pub struct BucketGrid {
    /// Lower-left corner.
    min: [f64; 2],
    /// Cell side, in the units of the coordinates.
    cell: f64,
    nx: i64,
    ny: i64,
    /// Items of cell `c` are `items[start[c]..start[c + 1]]`.
    start: Vec<u32>,
    items: Vec<u32>,
}

impl BucketGrid {
    /// Build a grid over the boxes `boxes[i] = [min, max]` (item `i` is put
    /// in every cell its box touches), with cells of about `cell` side (at
    /// most `max_cells` cells in all).
    pub fn new(boxes: &[[[f64; 2]; 2]], cell: f64, max_cells: usize) -> Self {
        let mut min = [f64::INFINITY; 2];
        let mut max = [f64::NEG_INFINITY; 2];
        for b in boxes {
            for d in 0..2 {
                min[d] = min[d].min(b[0][d]);
                max[d] = max[d].max(b[1][d]);
            }
        }
        if boxes.is_empty() || !(min[0].is_finite() && max[0].is_finite()) {
            return BucketGrid {
                min: [0.0; 2],
                cell: 1.0,
                nx: 1,
                ny: 1,
                start: vec![0, 0],
                items: Vec::new(),
            };
        }
        let span = [
            (max[0] - min[0]).max(f64::MIN_POSITIVE),
            (max[1] - min[1]).max(f64::MIN_POSITIVE),
        ];
        let mut cell = if cell.is_finite() && cell > 0.0 {
            cell
        } else {
            span[0].max(span[1])
        };
        // Not more cells than asked for.
        let cells = |c: f64| ((span[0] / c).floor() + 1.0) * ((span[1] / c).floor() + 1.0);
        while cells(cell) > max_cells.max(1) as f64 {
            cell *= 1.5;
        }
        let nx = (span[0] / cell).floor() as i64 + 1;
        let ny = (span[1] / cell).floor() as i64 + 1;
        let mut g = BucketGrid {
            min,
            cell,
            nx,
            ny,
            start: vec![0; (nx * ny) as usize + 1],
            items: Vec::new(),
        };
        for b in boxes {
            let (x0, y0) = g.clamped(b[0]);
            let (x1, y1) = g.clamped(b[1]);
            for y in y0..=y1 {
                for x in x0..=x1 {
                    g.start[(y * nx + x) as usize + 1] += 1;
                }
            }
        }
        for c in 0..(nx * ny) as usize {
            g.start[c + 1] += g.start[c];
        }
        let mut fill = g.start.clone();
        g.items = vec![0; g.start[(nx * ny) as usize] as usize];
        for (i, b) in boxes.iter().enumerate() {
            let (x0, y0) = g.clamped(b[0]);
            let (x1, y1) = g.clamped(b[1]);
            for y in y0..=y1 {
                for x in x0..=x1 {
                    let c = (y * nx + x) as usize;
                    g.items[fill[c] as usize] = i as u32;
                    fill[c] += 1;
                }
            }
        }
        g
    }

    /// Cell side.
    pub fn cell(&self) -> f64 {
        self.cell
    }

    /// The items of every cell, cell after cell (row by row).
    pub fn all_items(&self) -> &[u32] {
        &self.items
    }

    /// The (unclamped) cell coordinates of `p`.
    #[inline]
    pub fn cell_of(&self, p: [f64; 2]) -> (i64, i64) {
        let fx = ((p[0] - self.min[0]) / self.cell).floor();
        let fy = ((p[1] - self.min[1]) / self.cell).floor();
        // Saturate far-away (or non-finite) points to just outside the grid.
        let clamp = |v: f64, n: i64| {
            if v.is_nan() {
                -1
            } else {
                v.clamp(-1.0, n as f64) as i64
            }
        };
        (clamp(fx, self.nx), clamp(fy, self.ny))
    }

    fn clamped(&self, p: [f64; 2]) -> (i64, i64) {
        let (x, y) = self.cell_of(p);
        (x.clamp(0, self.nx - 1), y.clamp(0, self.ny - 1))
    }

    /// The items of cell `(x, y)` (empty outside the grid).
    #[inline]
    pub fn items(&self, x: i64, y: i64) -> &[u32] {
        if x < 0 || y < 0 || x >= self.nx || y >= self.ny {
            return &[];
        }
        let c = (y * self.nx + x) as usize;
        &self.items[self.start[c] as usize..self.start[c + 1] as usize]
    }

    /// Number of rings around cell `(cx, cy)` that can hold items: rings
    /// beyond it lie wholly outside the grid.
    pub fn max_ring(&self, cx: i64, cy: i64) -> i64 {
        let dx = cx.max(self.nx - 1 - cx).max(0);
        let dy = cy.max(self.ny - 1 - cy).max(0);
        dx.max(dy)
    }

    /// Call `f` with the items of every cell of ring `k` around `(cx, cy)`.
    #[inline]
    pub fn for_ring(&self, cx: i64, cy: i64, k: i64, mut f: impl FnMut(&[u32])) {
        if k == 0 {
            f(self.items(cx, cy));
            return;
        }
        let (x0, x1) = ((cx - k).max(0), (cx + k).min(self.nx - 1));
        for y in [cy - k, cy + k] {
            if y >= 0 && y < self.ny {
                for x in x0..=x1 {
                    f(self.items(x, y));
                }
            }
        }
        let (y0, y1) = ((cy - k + 1).max(0), (cy + k - 1).min(self.ny - 1));
        for x in [cx - k, cx + k] {
            if x >= 0 && x < self.nx {
                for y in y0..=y1 {
                    f(self.items(x, y));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_visits_each_cell_once() {
        let boxes: Vec<[[f64; 2]; 2]> = (0..100)
            .map(|i| {
                let p = [(i % 10) as f64 + 0.5, (i / 10) as f64 + 0.5];
                [p, p]
            })
            .collect();
        let g = BucketGrid::new(&boxes, 1.0, 1 << 20);
        for (cx, cy) in [(0, 0), (4, 4), (9, 0), (-1, 5), (10, 10)] {
            let mut seen = vec![0; 100];
            for k in 0..=g.max_ring(cx, cy) + 1 {
                g.for_ring(cx, cy, k, |items| {
                    for &i in items {
                        seen[i as usize] += 1;
                    }
                });
            }
            assert!(seen.iter().all(|&s| s == 1), "{cx},{cy}: {seen:?}");
        }
    }
}
