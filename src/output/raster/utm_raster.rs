//! A north-up grid of `f32` values in a WGS84 / UTM zone.

use super::utm::{utm_epsg_for, Utm};
use crate::{Error, Result};

/// The largest grid the writers accept: 200 million cells (800 MB of
/// `f32`), far above a province at 10 m and well inside the 4 GiB limit of
/// a classic (non-Big) TIFF.
pub const MAX_CELLS: usize = 200_000_000;

/// A north-up grid in a WGS84 / UTM zone (EPSG:326zz north, 327zz south),
/// in metres.
///
/// Cell `(col, row)` covers `x_min_m + col·cell_m ..= x_min_m + (col+1)·cell_m`
/// east and `y_max_m − (row+1)·cell_m ..= y_max_m − row·cell_m` north: row 0
/// is the northern edge, as in a GeoTIFF, and the value stands for the
/// whole cell (GDAL's "PixelIsArea"); it is normally computed at the cell
/// centre ([`UtmRaster::cell_centre_m`]).
///
/// ```
/// use phusong::output::raster::{UtmRaster, Utm};
/// // A 100 m grid around Cà Mau, aligned to multiples of 100 m.
/// let utm = Utm::for_lon_lat(105.15, 9.18);
/// let mut g = UtmRaster::covering(&utm, [104.7, 8.55, 105.45, 9.60], 100.0).unwrap();
/// assert_eq!(g.epsg, 32648);
/// for row in 0..g.height {
///     for col in 0..g.width {
///         let [x, y] = g.cell_centre_m(col, row);
///         let [lon, lat] = utm.inverse(x, y);
///         // ... compute the best-server RSRP at (lon, lat) or (x, y) ...
///         # let _ = (lon, lat);
///         g.set(col, row, -90.0);
///     }
/// }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct UtmRaster {
    /// EPSG code of the WGS84 / UTM zone, 32601–32660 or 32701–32760.
    pub epsg: u32,
    /// Western edge (easting of the left side of column 0), metres.
    pub x_min_m: f64,
    /// Northern edge (northing of the top side of row 0), metres.
    pub y_max_m: f64,
    /// Cell side, metres (square cells).
    pub cell_m: f64,
    /// Number of columns.
    pub width: usize,
    /// Number of rows.
    pub height: usize,
    /// `width × height` values, row-major, row 0 = north; NaN = no data.
    pub values: Vec<f32>,
}

impl UtmRaster {
    /// A grid of the given shape with every cell NaN (no data).
    pub fn new_nan(
        epsg: u32,
        x_min_m: f64,
        y_max_m: f64,
        cell_m: f64,
        width: usize,
        height: usize,
    ) -> Result<UtmRaster> {
        // Check the shape before allocating.
        let probe = UtmRaster {
            epsg,
            x_min_m,
            y_max_m,
            cell_m,
            width,
            height,
            values: Vec::new(),
        };
        probe.validate_shape()?;
        Ok(UtmRaster {
            values: vec![f32::NAN; width * height],
            ..probe
        })
    }

    /// The smallest NaN-filled grid in `utm` whose cells cover the lon/lat
    /// box `[lon_min, lat_min, lon_max, lat_max]`, with edges on multiples
    /// of `cell_m` (so that grids of different runs line up cell for cell).
    /// The box's outline is sampled densely, since its edges are curved in
    /// UTM.
    pub fn covering(utm: &Utm, lon_lat_box: [f64; 4], cell_m: f64) -> Result<UtmRaster> {
        let [lon_min, lat_min, lon_max, lat_max] = lon_lat_box;
        if !(lon_lat_box.iter().all(|v| v.is_finite()) && lon_min <= lon_max && lat_min <= lat_max)
        {
            return Err(Error::Output(format!(
                "cannot build a grid over the box {lon_lat_box:?}: it needs finite \
                 lon_min ≤ lon_max and lat_min ≤ lat_max"
            )));
        }
        if !(cell_m.is_finite() && cell_m > 0.0) {
            return Err(Error::Output(format!(
                "grid cell size must be a positive number of metres, not {cell_m}"
            )));
        }
        const STEPS: usize = 64;
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for k in 0..=STEPS {
            let t = k as f64 / STEPS as f64;
            let lon = lon_min + t * (lon_max - lon_min);
            let lat = lat_min + t * (lat_max - lat_min);
            for (lo, la) in [
                (lon, lat_min),
                (lon, lat_max),
                (lon_min, lat),
                (lon_max, lat),
            ] {
                let [x, y] = utm.forward(lo, la);
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x);
                y1 = y1.max(y);
            }
        }
        let x_min_m = (x0 / cell_m).floor() * cell_m;
        let y_max_m = (y1 / cell_m).ceil() * cell_m;
        let width = (((x1 - x_min_m) / cell_m).ceil() as usize).max(1);
        let height = (((y_max_m - y0) / cell_m).ceil() as usize).max(1);
        UtmRaster::new_nan(utm.epsg(), x_min_m, y_max_m, cell_m, width, height)
    }

    /// The EPSG code of the UTM zone containing `lon_deg`, `lat_deg`
    /// (see [`utm_epsg_for`]): 105.1°E → 32648, 108.5°E → 32649.
    pub fn utm_zone_for(lon_deg: f64, lat_deg: f64) -> u32 {
        utm_epsg_for(lon_deg, lat_deg)
    }

    /// The grid's UTM zone.
    pub fn utm(&self) -> Result<Utm> {
        Utm::from_epsg(self.epsg)
    }

    /// Check that the grid is usable: a UTM EPSG code, finite origin, a
    /// positive cell size, at least one cell, at most [`MAX_CELLS`], and
    /// `width × height` values.
    pub fn validate(&self) -> Result<()> {
        self.validate_shape()?;
        if self.values.len() != self.width * self.height {
            return Err(Error::Output(format!(
                "grid of {} × {} cells has {} values instead of {}",
                self.width,
                self.height,
                self.values.len(),
                self.width * self.height
            )));
        }
        Ok(())
    }

    fn validate_shape(&self) -> Result<()> {
        Utm::from_epsg(self.epsg)?;
        if !(self.x_min_m.is_finite() && self.y_max_m.is_finite()) {
            return Err(Error::Output(format!(
                "grid origin ({}, {}) is not finite",
                self.x_min_m, self.y_max_m
            )));
        }
        if !(self.cell_m.is_finite() && self.cell_m > 0.0) {
            return Err(Error::Output(format!(
                "grid cell size must be a positive number of metres, not {}",
                self.cell_m
            )));
        }
        if self.width == 0 || self.height == 0 {
            return Err(Error::Output(format!(
                "grid of {} × {} cells is empty",
                self.width, self.height
            )));
        }
        match self.width.checked_mul(self.height) {
            Some(n) if n <= MAX_CELLS && self.width <= u32::MAX as usize / 4 => Ok(()),
            _ => Err(Error::Output(format!(
                "grid of {} × {} cells is larger than the limit of {MAX_CELLS} cells: \
                 use a larger cell size",
                self.width, self.height
            ))),
        }
    }

    /// Eastern edge, metres.
    pub fn x_max_m(&self) -> f64 {
        self.x_min_m + self.width as f64 * self.cell_m
    }

    /// Southern edge, metres.
    pub fn y_min_m(&self) -> f64 {
        self.y_max_m - self.height as f64 * self.cell_m
    }

    /// Area of one cell in the UTM plane, m².
    pub fn cell_area_m2(&self) -> f64 {
        self.cell_m * self.cell_m
    }

    /// `[x, y]` of the centre of cell `(col, row)`, metres.
    #[inline]
    pub fn cell_centre_m(&self, col: usize, row: usize) -> [f64; 2] {
        [
            self.x_min_m + (col as f64 + 0.5) * self.cell_m,
            self.y_max_m - (row as f64 + 0.5) * self.cell_m,
        ]
    }

    /// `[x, y]` of grid vertex `(i, j)` (the top-left corner of cell
    /// `(i, j)`; `i ≤ width`, `j ≤ height`), metres.
    #[inline]
    pub fn vertex_m(&self, i: usize, j: usize) -> [f64; 2] {
        [
            self.x_min_m + i as f64 * self.cell_m,
            self.y_max_m - j as f64 * self.cell_m,
        ]
    }

    /// The cell `(col, row)` containing `[x, y]` metres, if any. A point on
    /// an edge between cells belongs to the cell east / south of it.
    pub fn cell_at_m(&self, x_m: f64, y_m: f64) -> Option<(usize, usize)> {
        let c = ((x_m - self.x_min_m) / self.cell_m).floor();
        let r = ((self.y_max_m - y_m) / self.cell_m).floor();
        if c >= 0.0 && r >= 0.0 && (c as usize) < self.width && (r as usize) < self.height {
            Some((c as usize, r as usize))
        } else {
            None
        }
    }

    /// Index of cell `(col, row)` in [`UtmRaster::values`].
    #[inline]
    pub fn index(&self, col: usize, row: usize) -> usize {
        debug_assert!(col < self.width && row < self.height);
        row * self.width + col
    }

    /// The value of cell `(col, row)`.
    #[inline]
    pub fn get(&self, col: usize, row: usize) -> f32 {
        self.values[self.index(col, row)]
    }

    /// Set the value of cell `(col, row)`.
    #[inline]
    pub fn set(&mut self, col: usize, row: usize, v: f32) {
        let i = self.index(col, row);
        self.values[i] = v;
    }

    /// GDAL's affine geotransform `[x_min, cell, 0, y_max, 0, −cell]`.
    pub fn geo_transform(&self) -> [f64; 6] {
        [
            self.x_min_m,
            self.cell_m,
            0.0,
            self.y_max_m,
            0.0,
            -self.cell_m,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utm_zone_for_vietnam() {
        assert_eq!(UtmRaster::utm_zone_for(105.1, 9.2), 32648);
        // 107.5°E is still zone 48 (102°–108°E); zone 49 starts at 108°E.
        assert_eq!(UtmRaster::utm_zone_for(107.5, 16.5), 32648);
        assert_eq!(UtmRaster::utm_zone_for(108.5, 15.5), 32649);
        assert_eq!(UtmRaster::utm_zone_for(107.5, -6.2), 32748);
        assert_eq!(UtmRaster::utm_zone_for(112.0, -0.1), 32749);
    }

    #[test]
    fn cell_geometry() {
        let g = UtmRaster::new_nan(32648, 500_000.0, 1_000_000.0, 100.0, 3, 2).unwrap();
        assert_eq!(g.cell_centre_m(0, 0), [500_050.0, 999_950.0]);
        assert_eq!(g.cell_centre_m(2, 1), [500_250.0, 999_850.0]);
        assert_eq!(g.x_max_m(), 500_300.0);
        assert_eq!(g.y_min_m(), 999_800.0);
        assert_eq!(g.cell_at_m(500_250.0, 999_850.0), Some((2, 1)));
        assert_eq!(g.cell_at_m(500_000.0, 1_000_000.0), Some((0, 0)));
        assert_eq!(g.cell_at_m(500_300.0, 999_900.0), None);
        assert_eq!(g.cell_at_m(499_999.0, 999_900.0), None);
        assert_eq!(g.values.len(), 6);
        assert!(g.values.iter().all(|v| v.is_nan()));
    }

    #[test]
    fn covering_contains_the_box_and_is_aligned() {
        let utm = Utm::for_lon_lat(105.1, 9.1);
        let b = [104.7, 8.55, 105.45, 9.6];
        let g = UtmRaster::covering(&utm, b, 100.0).unwrap();
        assert_eq!(g.epsg, 32648);
        assert_eq!(g.x_min_m % 100.0, 0.0);
        assert_eq!(g.y_max_m % 100.0, 0.0);
        for (lon, lat) in [(b[0], b[1]), (b[2], b[3]), (b[0], b[3]), (b[2], b[1])] {
            let [x, y] = utm.forward(lon, lat);
            assert!(g.cell_at_m(x, y).is_some(), "corner {lon} {lat} outside");
        }
        // Cà Mau's bounding box is about 83 km × 117 km.
        assert!((820..860).contains(&g.width), "{}", g.width);
        assert!((1150..1180).contains(&g.height), "{}", g.height);
    }

    #[test]
    fn validation() {
        let mut g = UtmRaster::new_nan(32648, 0.0, 0.0, 10.0, 4, 4).unwrap();
        g.validate().unwrap();
        g.values.pop();
        assert!(g.validate().is_err());
        assert!(UtmRaster::new_nan(4326, 0.0, 0.0, 10.0, 4, 4).is_err());
        assert!(UtmRaster::new_nan(32648, 0.0, 0.0, 0.0, 4, 4).is_err());
        assert!(UtmRaster::new_nan(32648, 0.0, f64::NAN, 10.0, 4, 4).is_err());
        assert!(UtmRaster::new_nan(32648, 0.0, 0.0, 10.0, 0, 4).is_err());
        assert!(UtmRaster::new_nan(32648, 0.0, 0.0, 1.0, 100_000, 100_000).is_err());
    }
}
