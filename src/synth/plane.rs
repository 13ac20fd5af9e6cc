//! The local metric plane (equirectangular around the province centre), the
//! raster on it, and small planar helpers.

/// Longitude of the plane's origin.
pub(crate) const LON0: f64 = 105.1;
/// Latitude of the plane's origin.
pub(crate) const LAT0: f64 = 9.05;
/// Metres per degree of latitude.
pub(crate) const KY: f64 = 110_574.0;

/// Scale of stored coordinates: 1e-7 degree.
pub(crate) const E7: f64 = 1e7;

/// Equirectangular projection around (LON0, LAT0).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Proj {
    /// Metres per degree of longitude at LAT0.
    pub kx: f64,
}

impl Proj {
    pub(crate) fn new() -> Self {
        let lat0 = LAT0 * std::f64::consts::PI / 180.0;
        Proj {
            kx: 111_320.0 * super::rng::cos(lat0),
        }
    }

    /// (lon, lat) → local metres.
    #[inline]
    pub(crate) fn to_xy(self, lon: f64, lat: f64) -> (f64, f64) {
        ((lon - LON0) * self.kx, (lat - LAT0) * KY)
    }

    /// Local metres → (lon, lat).
    #[inline]
    pub(crate) fn to_lonlat(self, x: f64, y: f64) -> (f64, f64) {
        (LON0 + x / self.kx, LAT0 + y / KY)
    }

    /// Local metres → integer 1e-7 degrees (the one rounding of a vertex).
    #[inline]
    pub(crate) fn to_e7(self, x: f64, y: f64) -> [i64; 2] {
        let (lon, lat) = self.to_lonlat(x, y);
        [(lon * E7).round() as i64, (lat * E7).round() as i64]
    }

    /// Integer 1e-7 degrees → local metres.
    #[inline]
    pub(crate) fn e7_to_xy(self, p: [i64; 2]) -> (f64, f64) {
        self.to_xy(p[0] as f64 / E7, p[1] as f64 / E7)
    }
}

/// A raster of square cells in the local plane. Cell (i, j) covers
/// [x0 + i·cell, x0 + (i+1)·cell] × [y0 + j·cell, y0 + (j+1)·cell]; rows go
/// south to north.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grid {
    pub nx: usize,
    pub ny: usize,
    pub x0: f64,
    pub y0: f64,
    pub cell: f64,
}

impl Grid {
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.nx * self.ny
    }

    #[inline]
    pub(crate) fn idx(&self, i: usize, j: usize) -> usize {
        j * self.nx + i
    }

    /// Centre of cell `k` in metres.
    #[inline]
    pub(crate) fn center(&self, k: usize) -> (f64, f64) {
        let i = k % self.nx;
        let j = k / self.nx;
        (
            self.x0 + (i as f64 + 0.5) * self.cell,
            self.y0 + (j as f64 + 0.5) * self.cell,
        )
    }

    /// The cell containing (x, y), if on the raster.
    #[inline]
    pub(crate) fn cell_at(&self, x: f64, y: f64) -> Option<usize> {
        let fi = ((x - self.x0) / self.cell).floor();
        let fj = ((y - self.y0) / self.cell).floor();
        if fi < 0.0 || fj < 0.0 || fi >= self.nx as f64 || fj >= self.ny as f64 {
            return None;
        }
        Some(self.idx(fi as usize, fj as usize))
    }

    /// Metres of a grid-corner coordinate (in cell units).
    #[inline]
    pub(crate) fn corner_xy(&self, gx: f64, gy: f64) -> (f64, f64) {
        (self.x0 + gx * self.cell, self.y0 + gy * self.cell)
    }

    /// The 4-neighbours of cell `k`.
    #[inline]
    pub(crate) fn neighbours4(&self, k: usize) -> impl Iterator<Item = usize> {
        let i = k % self.nx;
        let j = k / self.nx;
        let nx = self.nx;
        let ny = self.ny;
        [
            (i > 0).then(|| k - 1),
            (i + 1 < nx).then(|| k + 1),
            (j > 0).then(|| k - nx),
            (j + 1 < ny).then(|| k + nx),
        ]
        .into_iter()
        .flatten()
    }
}

/// Even–odd point-in-polygon test for one ring given as (x, y) pairs
/// (not necessarily closed).
pub(crate) fn point_in_ring(ring: &[(f64, f64)], x: f64, y: f64) -> bool {
    let mut inside = false;
    let n = ring.len();
    let mut j = n - 1;
    for i in 0..n {
        let (xi, yi) = ring[i];
        let (xj, yj) = ring[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Signed area (shoelace) of a ring of (x, y) pairs; positive when CCW.
pub(crate) fn ring_area(ring: &[(f64, f64)]) -> f64 {
    let n = ring.len();
    let mut s = 0.0;
    for i in 0..n {
        let (x1, y1) = ring[i];
        let (x2, y2) = ring[(i + 1) % n];
        s += x1 * y2 - x2 * y1;
    }
    0.5 * s
}

/// Distance from p to segment ab.
#[inline]
pub(crate) fn dist_point_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let l2 = dx * dx + dy * dy;
    let t = if l2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / l2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (a.0 + t * dx - p.0, a.1 + t * dy - p.1);
    (qx * qx + qy * qy).sqrt()
}

/// A bucket index of segments for nearest-distance queries.
pub(crate) struct SegIndex {
    x0: f64,
    y0: f64,
    bucket: f64,
    nx: usize,
    ny: usize,
    cells: Vec<Vec<u32>>,
    segs: Vec<((f64, f64), (f64, f64))>,
}

impl SegIndex {
    /// Index of `segs` with square buckets of side `bucket` metres covering
    /// the box [x0, x1] × [y0, y1].
    pub(crate) fn new(
        segs: Vec<((f64, f64), (f64, f64))>,
        bbox: (f64, f64, f64, f64),
        bucket: f64,
    ) -> Self {
        let (x0, y0, x1, y1) = bbox;
        let nx = (((x1 - x0) / bucket).ceil() as usize).max(1);
        let ny = (((y1 - y0) / bucket).ceil() as usize).max(1);
        let mut cells = vec![Vec::new(); nx * ny];
        for (s, &(a, b)) in segs.iter().enumerate() {
            let ci0 = (((a.0.min(b.0) - x0) / bucket).floor().max(0.0) as usize).min(nx - 1);
            let ci1 = (((a.0.max(b.0) - x0) / bucket).floor().max(0.0) as usize).min(nx - 1);
            let cj0 = (((a.1.min(b.1) - y0) / bucket).floor().max(0.0) as usize).min(ny - 1);
            let cj1 = (((a.1.max(b.1) - y0) / bucket).floor().max(0.0) as usize).min(ny - 1);
            for cj in cj0..=cj1 {
                for ci in ci0..=ci1 {
                    cells[cj * nx + ci].push(s as u32);
                }
            }
        }
        SegIndex {
            x0,
            y0,
            bucket,
            nx,
            ny,
            cells,
            segs,
        }
    }

    /// True when some segment is within `r` metres of p.
    pub(crate) fn within(&self, p: (f64, f64), r: f64) -> bool {
        let ci0 = ((p.0 - r - self.x0) / self.bucket).floor().max(0.0) as usize;
        let ci1 = ((p.0 + r - self.x0) / self.bucket).floor();
        let cj0 = ((p.1 - r - self.y0) / self.bucket).floor().max(0.0) as usize;
        let cj1 = ((p.1 + r - self.y0) / self.bucket).floor();
        if ci1 < 0.0 || cj1 < 0.0 {
            return false;
        }
        let ci1 = (ci1 as usize).min(self.nx - 1);
        let cj1 = (cj1 as usize).min(self.ny - 1);
        for cj in cj0..=cj1 {
            for ci in ci0..=ci1 {
                for &s in &self.cells[cj * self.nx + ci] {
                    let (a, b) = self.segs[s as usize];
                    if dist_point_segment(p, a, b) <= r {
                        return true;
                    }
                }
            }
        }
        false
    }
}

/// A bucket index of points for "any point within r" queries.
pub(crate) struct PointIndex {
    x0: f64,
    y0: f64,
    bucket: f64,
    nx: usize,
    ny: usize,
    cells: Vec<Vec<(f64, f64)>>,
}

impl PointIndex {
    pub(crate) fn new(bbox: (f64, f64, f64, f64), bucket: f64) -> Self {
        let (x0, y0, x1, y1) = bbox;
        let nx = (((x1 - x0) / bucket).ceil() as usize).max(1);
        let ny = (((y1 - y0) / bucket).ceil() as usize).max(1);
        PointIndex {
            x0,
            y0,
            bucket,
            nx,
            ny,
            cells: vec![Vec::new(); nx * ny],
        }
    }

    fn bucket_of(&self, p: (f64, f64)) -> usize {
        let ci = (((p.0 - self.x0) / self.bucket).floor().max(0.0) as usize).min(self.nx - 1);
        let cj = (((p.1 - self.y0) / self.bucket).floor().max(0.0) as usize).min(self.ny - 1);
        cj * self.nx + ci
    }

    pub(crate) fn insert(&mut self, p: (f64, f64)) {
        let b = self.bucket_of(p);
        self.cells[b].push(p);
    }

    /// True when some point is within `r` metres of p.
    pub(crate) fn within(&self, p: (f64, f64), r: f64) -> bool {
        let ci0 = ((p.0 - r - self.x0) / self.bucket).floor().max(0.0) as usize;
        let ci1 = ((p.0 + r - self.x0) / self.bucket).floor();
        let cj0 = ((p.1 - r - self.y0) / self.bucket).floor().max(0.0) as usize;
        let cj1 = ((p.1 + r - self.y0) / self.bucket).floor();
        if ci1 < 0.0 || cj1 < 0.0 {
            return false;
        }
        let ci1 = (ci1 as usize).min(self.nx - 1);
        let cj1 = (cj1 as usize).min(self.ny - 1);
        let r2 = r * r;
        for cj in cj0..=cj1 {
            for ci in ci0..=ci1 {
                for &q in &self.cells[cj * self.nx + ci] {
                    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
                    if dx * dx + dy * dy <= r2 {
                        return true;
                    }
                }
            }
        }
        false
    }
}
