//! A fast approximate forward projection with a stated error bound, for
//! deciding most households from classified grids without projecting them
//! exactly.
//!
//! The exact projection is sampled on a regular lon/lat lattice over the
//! data; a point is projected by bilinear interpolation between the four
//! nodes around it. The interpolation error on a lattice cell of sides
//! `h`, `k` is at most `h²/8·max|f_λλ| + k²/8·max|f_φφ|` per coordinate
//! (bilinear interpolation reproduces the cross term); the second
//! differences of the nodes estimate those derivatives, and the stated
//! bound is four times the largest estimate plus the rounding of the
//! arithmetic. Over a province the map is so smooth that the bound is a
//! centimetre or two with 128 × 128 cells (a table of 260 kB that stays
//! in the processor's cache): a point whose neighbourhood of
//! that radius lies in one classified cell is decided by that cell's class,
//! and only the rest need [`super::Projection::forward`].

/// The sampled projection (see the module docs).
#[derive(Debug, Clone)]
pub struct ForwardTable {
    min: [f64; 2],
    /// Lattice cells per degree (the inverse of the step).
    per_deg: [f64; 2],
    nx: usize,
    ny: usize,
    /// Exact projection of the nodes, row by row (`(nx + 1) · (ny + 1)`).
    nodes: Vec<[f64; 2]>,
    error_m: f64,
}

impl ForwardTable {
    /// A table of the exact projection `forward(lon, lat)` (e.g.
    /// [`super::Projection::forward`]) over the lon/lat box `min..max`
    /// (degrees) with `cells` lattice cells a side; `None` for an empty or
    /// non-finite box.
    pub fn new(
        forward: impl Fn(f64, f64) -> [f64; 2],
        min: [f64; 2],
        max: [f64; 2],
        cells: usize,
    ) -> Option<Self> {
        let span = [max[0] - min[0], max[1] - min[1]];
        if !(span[0].is_finite() && span[1].is_finite() && span[0] >= 0.0 && span[1] >= 0.0) {
            return None;
        }
        let (nx, ny) = (cells.max(2), cells.max(2));
        // A little wider than the box, so that its edges are inside.
        let pad = [span[0].max(1e-6) * 1e-3, span[1].max(1e-6) * 1e-3];
        let min = [min[0] - pad[0], min[1] - pad[1]];
        let step = [
            (span[0] + 2.0 * pad[0]) / nx as f64,
            (span[1] + 2.0 * pad[1]) / ny as f64,
        ];
        let mut nodes = Vec::with_capacity((nx + 1) * (ny + 1));
        for j in 0..=ny {
            for i in 0..=nx {
                let lon = min[0] + i as f64 * step[0];
                let lat = min[1] + j as f64 * step[1];
                nodes.push(forward(lon, lat));
            }
        }
        let at = |i: usize, j: usize| nodes[j * (nx + 1) + i];
        let second = |a: [f64; 2], b: [f64; 2], c: [f64; 2]| {
            (a[0] - 2.0 * b[0] + c[0]).abs() + (a[1] - 2.0 * b[1] + c[1]).abs()
        };
        let (mut dxx, mut dyy) = (0.0f64, 0.0f64);
        let mut magnitude = 0.0f64;
        for j in 0..=ny {
            for i in 0..=nx {
                let p = at(i, j);
                magnitude = magnitude.max(p[0].abs()).max(p[1].abs());
                if i > 0 && i < nx {
                    dxx = dxx.max(second(at(i - 1, j), p, at(i + 1, j)));
                }
                if j > 0 && j < ny {
                    dyy = dyy.max(second(at(i, j - 1), p, at(i, j + 1)));
                }
            }
        }
        if !(dxx.is_finite() && dyy.is_finite() && magnitude.is_finite()) {
            return None;
        }
        // h²·f'' ≈ the second difference; the bound is (h²/8)·f'' per
        // axis, times four for safety, plus the arithmetic's rounding.
        let error_m = 4.0 * (dxx + dyy) / 8.0 + 1e-12 * magnitude + 1e-6;
        Some(ForwardTable {
            min,
            per_deg: [1.0 / step[0], 1.0 / step[1]],
            nx,
            ny,
            nodes,
            error_m,
        })
    }

    /// A bound of the distance between [`forward`](Self::forward) and the
    /// exact projection on each axis, metres.
    pub fn error_m(&self) -> f64 {
        self.error_m
    }

    /// [`forward`](Self::forward) with its bound, [`error_m`](Self::error_m):
    /// a point known approximately, as the classified grids take it
    /// (e.g. `AreaIndex::locate_near`).
    #[inline]
    pub fn near(&self, x: f64, y: f64) -> Option<([f64; 2], f64)> {
        Some((self.forward(x, y)?, self.error_m))
    }

    /// The approximate projection of `lon`, `lat` (degrees), within
    /// [`error_m`](Self::error_m) of the exact one on each axis; `None`
    /// outside the table.
    #[inline]
    pub fn forward(&self, lon_deg: f64, lat_deg: f64) -> Option<[f64; 2]> {
        let u = (lon_deg - self.min[0]) * self.per_deg[0];
        let v = (lat_deg - self.min[1]) * self.per_deg[1];
        if !(u >= 0.0 && v >= 0.0 && u < self.nx as f64 && v < self.ny as f64) {
            return None;
        }
        let (i, j) = (u as usize, v as usize);
        let (fu, fv) = (u - i as f64, v - j as f64);
        let w = self.nx + 1;
        let k = j * w + i;
        let (a, b, c, d) = (
            self.nodes[k],
            self.nodes[k + 1],
            self.nodes[k + w],
            self.nodes[k + w + 1],
        );
        let lerp = |p: f64, q: f64, t: f64| p + (q - p) * t;
        Some([
            lerp(lerp(a[0], b[0], fu), lerp(c[0], d[0], fu), fv),
            lerp(lerp(a[1], b[1], fu), lerp(c[1], d[1], fu), fv),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::super::transverse_mercator::TransverseMercator;
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]
        /// Within the stated bound of the exact projection, which is a few
        /// millimetres over a province (auto projection and UTM 48N).
        #[test]
        fn within_the_stated_bound(
            lon0 in 102.0f64..108.0,
            lat0 in 8.0f64..22.0,
            w in 0.01f64..2.0,
            pts in proptest::collection::vec((0.0f64..1.0, 0.0f64..1.0), 500),
            utm in any::<bool>(),
        ) {
            // UTM 48N, or a tangent TM on the data's middle meridian.
            let proj = if utm {
                TransverseMercator::new(105.0, 0.9996, 500_000.0, 0.0)
            } else {
                TransverseMercator::new(lon0 + w / 2.0, 1.0, 0.0, 0.0)
            };
            let t = ForwardTable::new(|x, y| proj.forward(x, y), [lon0, lat0], [lon0 + w, lat0 + w], 128).unwrap();
            prop_assert!(t.error_m() < 0.2, "{}", t.error_m());
            for (u, v) in pts {
                let (lon, lat) = (lon0 + u * w, lat0 + v * w);
                let a = t.forward(lon, lat).unwrap();
                let e = proj.forward(lon, lat);
                prop_assert!((a[0] - e[0]).abs() <= t.error_m() && (a[1] - e[1]).abs() <= t.error_m(),
                    "{:?} vs {:?} (bound {})", a, e, t.error_m());
            }
        }
    }
}
