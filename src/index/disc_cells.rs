//! A uniform grid classifying each cell against a set of discs (sites and
//! their coverage radii): some disc holds the whole cell, no disc reaches
//! it, or some discs reach part of it. A point in a cell of either of the
//! first two kinds is answered without looking at a single disc.
//!
//! Each disc is rasterised row by row: in a row of cells, the cells wholly
//! inside the disc and those it touches are two runs of columns, found from
//! the disc's half-width at the row's farthest and nearest y; the runs are
//! added to per-row difference arrays, so building costs one step per row
//! of each disc (not per cell). The tests are conservative by a small
//! margin, so that rounding (in the run ends and in [`DiscCells::class_of`])
//! can only turn a certain cell into a mixed one, never the reverse.

/// What a cell's points share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscClass {
    /// Some disc holds every point of the cell.
    All,
    /// No disc holds any point of the cell.
    None,
    /// Look at the discs.
    Mixed,
}

/// The margin (metres) around an approximate position known to within
/// `eps_m` on each axis (as [`DiscCells::class_near`] takes it): the
/// diagonal, and a micrometre for the rounding of the distances measured
/// from it. A distance `d` measured from the approximate position is
/// within this margin of the distance from the exact one.
///
/// ```
/// assert!(phusong::index::near_margin_m(0.02) > 0.028);
/// ```
pub fn near_margin_m(eps_m: f64) -> f64 {
    eps_m * std::f64::consts::SQRT_2 + 1e-6
}

/// The classified grid (see the module docs).
#[derive(Debug, Clone)]
pub struct DiscCells {
    min: [f64; 2],
    /// The inverse of the cell side.
    per_m: f64,
    nx: usize,
    ny: usize,
    /// Per cell, row by row: 0 none, 1 all, 2 mixed.
    class: Vec<u8>,
}

impl DiscCells {
    /// Classify cells of about `cell` side (grown until there are at most
    /// `max_cells`) against `discs` (`(centre, radius)`); `None` when a
    /// disc is not finite or there is none.
    pub fn new(discs: &[([f64; 2], f64)], cell: f64, max_cells: usize) -> Option<Self> {
        let discs: Vec<([f64; 2], f64, f64)> = discs.iter().map(|&(c, r)| (c, r, r)).collect();
        Self::with_two_radii(&discs, cell, max_cells)
    }

    /// Like [`new`](Self::new) with two radii per disc, `(centre,
    /// all_m, touch_m)`: a cell is [`DiscClass::All`] when some disc of
    /// radius `all_m` holds it whole, [`DiscClass::None`] when no disc of
    /// radius `touch_m` reaches it. One grid answers both questions of a
    /// model whose served region lies between the two unions of discs (the
    /// fibre's, [`crate::coverage::FibreModel`]). `None` also when some
    /// `all_m > touch_m`.
    pub fn with_two_radii(
        discs: &[([f64; 2], f64, f64)],
        cell: f64,
        max_cells: usize,
    ) -> Option<Self> {
        use rayon::prelude::*;
        let mut lo = [f64::INFINITY; 2];
        let mut hi = [f64::NEG_INFINITY; 2];
        for &(c, a, r) in discs {
            let finite = c[0].is_finite() && c[1].is_finite() && r.is_finite() && a.is_finite();
            if !(finite && a >= 0.0 && a <= r) {
                return None;
            }
            lo = [lo[0].min(c[0] - r), lo[1].min(c[1] - r)];
            hi = [hi[0].max(c[0] + r), hi[1].max(c[1] + r)];
        }
        if discs.is_empty() || !(cell.is_finite() && cell > 0.0) {
            return None;
        }
        let mut cell = cell;
        // One spare cell on every side, so that every disc lies inside.
        let dims = |c: f64| {
            (
                ((hi[0] - lo[0]) / c) as usize + 3,
                ((hi[1] - lo[1]) / c) as usize + 3,
            )
        };
        while dims(cell).0 * dims(cell).1 > max_cells.max(16) {
            cell *= 1.25;
        }
        let (nx, ny) = dims(cell);
        let min = [lo[0] - cell, lo[1] - cell];
        // Far more than the rounding of the coordinates (a few ulps), far
        // less than any cell.
        let margin = 1e-3 + 1e-9 * (min[0].abs().max(min[1].abs()) + (nx.max(ny) as f64) * cell);
        if cell < 16.0 * margin {
            return None;
        }
        let grid = Grid {
            min,
            cell,
            nx,
            ny,
            margin,
        };
        // Bands of rows, each filled by one task from every disc that
        // reaches it: integer counts, so the result does not depend on
        // how the bands are scheduled.
        let rows_per_band = ny.div_ceil(64).max(16);
        let mut bands: Vec<Vec<u32>> = vec![Vec::new(); ny.div_ceil(rows_per_band)];
        for (k, d) in discs.iter().enumerate() {
            let (first, last) = grid.rows(d);
            if first > last {
                continue; // not reached: every disc lies inside the grid
            }
            for band in &mut bands[first / rows_per_band..=last / rows_per_band] {
                band.push(k as u32);
            }
        }
        let mut class = vec![0u8; nx * ny];
        class
            .par_chunks_mut(rows_per_band * nx)
            .zip(&bands)
            .enumerate()
            .for_each(|(b, (out, which))| grid.fill_band(discs, which, b * rows_per_band, out));
        Some(DiscCells {
            min,
            per_m: 1.0 / cell,
            nx,
            ny,
            class,
        })
    }

    /// The class of the cell holding `p` ([`DiscClass::None`] outside the
    /// grid, which holds every disc; [`DiscClass::Mixed`] for a point that
    /// is not finite).
    #[inline]
    pub fn class_of(&self, p: [f64; 2]) -> DiscClass {
        let fx = (p[0] - self.min[0]) * self.per_m;
        let fy = (p[1] - self.min[1]) * self.per_m;
        if !(fx.is_finite() && fy.is_finite()) {
            return DiscClass::Mixed;
        }
        if fx < 0.0 || fy < 0.0 || fx >= self.nx as f64 || fy >= self.ny as f64 {
            return DiscClass::None;
        }
        match self.class[fy as usize * self.nx + fx as usize] {
            0 => DiscClass::None,
            1 => DiscClass::All,
            _ => DiscClass::Mixed,
        }
    }

    /// The class shared by every point within `eps` of `p` on each axis
    /// (a point known only approximately): that of the one cell holding
    /// them all, [`DiscClass::None`] when they all lie outside the grid,
    /// and `None` when they span cells (or `p` is not finite).
    #[inline]
    pub fn class_near(&self, p: [f64; 2], eps: f64) -> Option<DiscClass> {
        let fx = (p[0] - self.min[0]) * self.per_m;
        let fy = (p[1] - self.min[1]) * self.per_m;
        let e = eps * self.per_m;
        if !(fx.is_finite() && fy.is_finite() && e.is_finite()) {
            return None;
        }
        // The box's ends in cell units; compared and truncated without
        // `floor` (a libm call on baseline x86-64, hot at 30 million
        // households): for a value >= 0, truncation is the floor.
        let (xa, xb, ya, yb) = (fx - e, fx + e, fy - e, fy + e);
        let (nx, ny) = (self.nx as f64, self.ny as f64);
        if xb < 0.0 || yb < 0.0 || xa >= nx || ya >= ny {
            return Some(DiscClass::None);
        }
        if xa < 0.0 || ya < 0.0 || xb >= nx || yb >= ny {
            return None;
        }
        let (x0, y0) = (xa as usize, ya as usize);
        if x0 != xb as usize || y0 != yb as usize {
            return None;
        }
        Some(match self.class[y0 * self.nx + x0] {
            0 => DiscClass::None,
            1 => DiscClass::All,
            _ => DiscClass::Mixed,
        })
    }

    /// The share of cells of each class `[none, all, mixed]` (benches).
    pub fn shares(&self) -> [f64; 3] {
        let mut k = [0usize; 3];
        for &c in &self.class {
            k[c as usize] += 1;
        }
        let n = self.class.len() as f64;
        [k[0] as f64 / n, k[1] as f64 / n, k[2] as f64 / n]
    }
}

/// The geometry of a grid being built.
struct Grid {
    min: [f64; 2],
    cell: f64,
    nx: usize,
    ny: usize,
    margin: f64,
}

impl Grid {
    /// Classify the rows `j0..` that `out` holds (row by row, `nx` cells
    /// each) against the discs `which` (those reaching these rows): per
    /// row, difference arrays of the discs holding / touching each cell,
    /// prefix-summed.
    /// The rows of disc `d`, `first..=last` (clamped to the grid).
    fn rows(&self, d: &([f64; 2], f64, f64)) -> (usize, usize) {
        let (c, r) = (d.0, d.2);
        let (cell, margin, min) = (self.cell, self.margin, self.min);
        let first = (((c[1] - r - margin - min[1]) / cell).floor().max(0.0)) as usize;
        let last = ((((c[1] + r + margin - min[1]) / cell).floor()) as usize).min(self.ny - 1);
        (first, last)
    }

    fn fill_band(&self, discs: &[([f64; 2], f64, f64)], which: &[u32], j0: usize, out: &mut [u8]) {
        let (nx, cell, margin, min) = (self.nx, self.cell, self.margin, self.min);
        let rows = out.len() / nx;
        let j_end = (j0 + rows).min(self.ny);
        let w = nx + 1;
        let mut all = vec![0i32; rows * w];
        let mut touch = vec![0i32; rows * w];
        let col = |x: f64| ((x - min[0]) / cell).floor();
        let clamp = |v: f64| v.clamp(0.0, (nx - 1) as f64) as usize;
        for &k in which {
            let d = &discs[k as usize];
            let (c, r_all, r) = *d;
            let (first, last) = self.rows(d);
            for j in first.max(j0)..=last.min(j_end - 1) {
                let row = (j - j0) * w;
                let y0 = min[1] + j as f64 * cell - margin;
                let y1 = min[1] + (j + 1) as f64 * cell + margin;
                let near = if c[1] < y0 {
                    y0 - c[1]
                } else if c[1] > y1 {
                    c[1] - y1
                } else {
                    0.0
                };
                let far = (c[1] - y0).abs().max((y1 - c[1]).abs());
                let reach = r + margin;
                if near <= reach {
                    let half = (reach * reach - near * near).sqrt();
                    let (i0, i1) = (
                        clamp(col(c[0] - half - margin)),
                        clamp(col(c[0] + half + margin)),
                    );
                    touch[row + i0] += 1;
                    touch[row + i1 + 1] -= 1;
                }
                let inner = r_all - margin;
                if inner > far {
                    let half = (inner * inner - far * far).sqrt();
                    // Cells whose widened extent lies in c ± half.
                    let first = ((c[0] - half + margin - min[0]) / cell).ceil();
                    let last = ((c[0] + half - margin - min[0]) / cell).floor() - 1.0;
                    if first <= last && last >= 0.0 && first <= (nx - 1) as f64 {
                        let (i0, i1) = (clamp(first), clamp(last));
                        all[row + i0] += 1;
                        all[row + i1 + 1] -= 1;
                    }
                }
            }
        }
        for (k, out_row) in out.chunks_mut(nx).enumerate() {
            let (mut a, mut t) = (0i32, 0i32);
            for (i, o) in out_row.iter_mut().enumerate() {
                a += all[k * w + i];
                t += touch[k * w + i];
                *o = if a > 0 {
                    1
                } else if t > 0 {
                    2
                } else {
                    0
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        /// A point in an "all" cell is in some disc, in a "none" cell in
        /// none (by the same `sqrt(dx² + dy²) <= r` test as the models);
        /// with two radii, "all" by the smaller and "none" by the larger.
        #[test]
        fn classes_agree_with_brute_force(
            discs in proptest::collection::vec(((0.0f64..5000.0, 0.0f64..5000.0), 0.0f64..1500.0), 1..40),
            cell in 10.0f64..400.0,
            pts in proptest::collection::vec((-2000.0f64..7000.0, -2000.0f64..7000.0), 200..600),
            offset in prop_oneof![Just(0.0), Just(500_000.0), Just(1_000_000.0)],
            integer in any::<bool>(),
            extra in prop_oneof![Just(0.0), 0.0f64..300.0],
        ) {
            let discs: Vec<([f64; 2], f64)> = discs
                .iter()
                .map(|&((x, y), r)| {
                    let (x, y, r) = if integer { (x.round(), y.round(), r.round()) } else { (x, y, r) };
                    ([x + offset, y + offset], r)
                })
                .collect();
            let g = if extra == 0.0 {
                DiscCells::new(&discs, cell, 1 << 16).unwrap()
            } else {
                let two: Vec<_> = discs.iter().map(|&(c, r)| (c, r, r + extra)).collect();
                DiscCells::with_two_radii(&two, cell, 1 << 16).unwrap()
            };
            let mut probe: Vec<[f64; 2]> = pts
                .iter()
                .map(|&(x, y)| if integer { [x.round() + offset, y.round() + offset] } else { [x + offset, y + offset] })
                .collect();
            // Points exactly on a radius (up to rounding) of each disc.
            for (k, &(c, r)) in discs.iter().enumerate() {
                let t = k as f64;
                for r in [r, r + extra] {
                    probe.push([c[0] + r * t.cos(), c[1] + r * t.sin()]);
                    probe.push([c[0] + r, c[1]]);
                    probe.push([c[0], c[1] - r]);
                }
            }
            let within = |p: [f64; 2], extra: f64| discs.iter().any(|&(c, r)| {
                ((p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2)).sqrt() <= r + extra
            });
            for p in probe {
                let (inside, reached) = (within(p, 0.0), within(p, extra));
                match g.class_of(p) {
                    DiscClass::All => prop_assert!(inside, "{:?} in an all cell", p),
                    DiscClass::None => prop_assert!(!reached, "{:?} in a none cell", p),
                    DiscClass::Mixed => {}
                }
                // Known only within 2 m: the class of every point of the
                // box around an approximation.
                for (dx, dy) in [(2.0, 0.0), (-1.5, 2.0), (0.0, -2.0), (1.0, 1.0)] {
                    match g.class_near([p[0] + dx, p[1] + dy], 2.0) {
                        Some(DiscClass::All) => prop_assert!(inside, "{:?} near an all cell", p),
                        Some(DiscClass::None) => prop_assert!(!reached, "{:?} near a none cell", p),
                        _ => {}
                    }
                }
            }
        }
    }

    #[test]
    fn most_cells_are_decided() {
        // Discs of 2–6 km on a 50 km square, one per 2 km²: cells of 500 m.
        let mut lcg = crate::test_rng::Lcg(3u64);
        let mut rnd = move |n: f64| lcg.unit() * n;
        let discs: Vec<([f64; 2], f64)> = (0..1250)
            .map(|_| ([rnd(50_000.0), rnd(50_000.0)], 2000.0 + rnd(4000.0)))
            .collect();
        let g = DiscCells::new(&discs, 500.0, 1 << 20).unwrap();
        let [none, all, mixed] = g.shares();
        assert!(
            mixed < 0.2 && all > 0.5 && none > 0.0,
            "{none} {all} {mixed}"
        );
    }
}
