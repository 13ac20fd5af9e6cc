//! Isoband polygons: the cells of a [`UtmRaster`] whose value lies in a band,
//! as valid polygons, written as RFC 7946 GeoJSON.
//!
//! # Method
//!
//! The polygons follow cell edges exactly ("pixel polygons", as GDAL's
//! `gdal_polygonize` makes them) rather than contours interpolated between
//! cell centres (marching squares): a band's polygons cover exactly the
//! cells whose value is in the band, so that areas and "is this point
//! covered" agree with the GeoTIFF cell for cell, adjacent bands share
//! their edges, and no threshold is guessed between two cells. At 100 m
//! cells the edges are stair-stepped, as on the raster itself.
//!
//! For each band, the boundary between in-band and other cells is traced
//! into rings (in-band cells on the left, so exteriors come out
//! counter-clockwise and holes clockwise, as RFC 7946 wants), keeping only
//! the corners. Cells of a band that touch only at a corner belong to
//! different polygons (4-connectivity); where a ring would pass twice
//! through such a corner it is split there, so every ring is simple, holes
//! touch their exterior or each other at single points only, and every
//! polygon's interior is connected: the output is valid in the OGC Simple
//! Features sense (GEOS, QGIS's "check validity" and `geo`'s `Validation`
//! accept it). One polygon is made per 4-connected group of in-band cells.
//!
//! Vertices are converted from UTM to WGS84 lon/lat and rounded to 7
//! decimals (about 1 cm). Long straight edges are densified at grid
//! vertices every [`IsobandOptions::densify_m`] (5 km by default) because a
//! straight line in UTM is slightly curved in lon/lat (about 0.2 m of sag
//! over 5 km at 20°N, 270 m over 200 km); the extra vertices sit on the
//! same grid vertices for every band, so shared edges stay shared.

use std::collections::HashMap;
use std::path::Path;

use geo::{Coord, LineString, MultiPolygon, Polygon};
use rayon::prelude::*;
use serde_json::{Map, Value};

use super::utm::Utm;
use super::utm_raster::UtmRaster;
use crate::output::atomic::write_atomic;
use crate::{Error, Result};

/// A band of values: the half-open interval `[min, max)`.
/// `min` may be `f32::NEG_INFINITY` and `max` `f32::INFINITY` for open ends.
/// Bands may overlap: "covered" `[-110, ∞)` and "good" `[-95, ∞)` are two
/// nested bands, each with its own feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Name of the band, the `band` property (e.g. "covered", "good").
    pub label: String,
    /// Lower bound, included.
    pub min: f32,
    /// Upper bound, excluded.
    pub max: f32,
}

impl Band {
    /// The band `[min, max)`.
    pub fn new(label: impl Into<String>, min: f32, max: f32) -> Band {
        Band {
            label: label.into(),
            min,
            max,
        }
    }

    /// The band `[min, ∞)`.
    pub fn at_least(label: impl Into<String>, min: f32) -> Band {
        Band::new(label, min, f32::INFINITY)
    }

    /// Whether `v` lies in the band (never for NaN).
    #[inline]
    pub fn contains(&self, v: f32) -> bool {
        v >= self.min && v < self.max
    }

    fn validate(&self) -> Result<()> {
        if self.min.is_nan() || self.max.is_nan() || self.min >= self.max {
            return Err(Error::Output(format!(
                "band {:?}: [{}, {}) is empty or not a number: it needs min < max",
                self.label, self.min, self.max
            )));
        }
        Ok(())
    }
}

/// Options of [`write_isobands_geojson_with`].
#[derive(Debug, Clone, PartialEq)]
pub struct IsobandOptions {
    /// The FeatureCollection's `name` (the layer name in QGIS/GDAL).
    pub layer_name: String,
    /// Largest length of a straight edge in metres before extra vertices
    /// are added (at grid vertices, see the module documentation).
    /// `f64::INFINITY` disables densification.
    pub densify_m: f64,
}

impl Default for IsobandOptions {
    fn default() -> Self {
        IsobandOptions {
            layer_name: "coverage".into(),
            densify_m: 5_000.0,
        }
    }
}

/// What was written for one band (in the order of the bands given).
#[derive(Debug, Clone, PartialEq)]
pub struct BandSummary {
    /// The band's label.
    pub label: String,
    /// Number of cells in the band.
    pub cells: usize,
    /// Area of the cells on the WGS84 ellipsoid, km²: each cell's area in
    /// the UTM plane divided by the square of the UTM point scale factor
    /// at its column (0.9996 on the central meridian, 1.0010 at 3° from it),
    /// which agrees with the geodesic area of the polygons (QGIS's
    /// ellipsoidal measure) to about 10⁻⁵. The plane area is
    /// `cells × cell_m²`.
    pub area_km2: f64,
    /// Number of polygons (0: no feature was written for the band).
    pub polygons: usize,
    /// Number of holes over all polygons.
    pub holes: usize,
    /// Number of distinct vertices written (rings not counting the
    /// closing repeat of their first vertex), after densification.
    pub vertices: usize,
}

/// A polygon in grid-vertex coordinates `[i, j]`: vertex `(i, j)` is the
/// top-left corner of cell `(col = i, row = j)` (see [`UtmRaster::vertex_m`]).
/// Rings list their corners once (not closed); the exterior runs
/// counter-clockwise on the map (north up), holes clockwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridPolygon {
    /// The outer ring.
    pub exterior: Vec<[u32; 2]>,
    /// The holes.
    pub holes: Vec<Vec<[u32; 2]>>,
}

/// Whether each cell of `grid` is in `band`, row-major.
pub fn band_mask(grid: &UtmRaster, band: &Band) -> Vec<bool> {
    grid.values.iter().map(|&v| band.contains(v)).collect()
}

/// The polygons of a band in the grid's UTM coordinates (metres), one per
/// 4-connected group of in-band cells, not densified. Empty when no cell
/// is in the band.
pub fn band_polygons_m(grid: &UtmRaster, band: &Band) -> Result<MultiPolygon<f64>> {
    grid.validate()?;
    band.validate()?;
    let polys = mask_polygons(grid.width, grid.height, &band_mask(grid, band));
    let ring = |r: &[[u32; 2]]| {
        let mut cs: Vec<Coord<f64>> = r
            .iter()
            .map(|&[i, j]| {
                let [x, y] = grid.vertex_m(i as usize, j as usize);
                Coord { x, y }
            })
            .collect();
        cs.push(cs[0]);
        LineString(cs)
    };
    Ok(MultiPolygon(
        polys
            .iter()
            .map(|p| Polygon::new(ring(&p.exterior), p.holes.iter().map(|h| ring(h)).collect()))
            .collect(),
    ))
}

/// A ring as its corners in grid-vertex coordinates, not closed.
type Ring = Vec<[u32; 2]>;

// Directions, counter-clockwise on the map: east, north, west, south.
const E: u8 = 0;
const N: u8 = 1;
const W: u8 = 2;
const S: u8 = 3;

/// Trace the polygons of the `true` cells of a `width × height` row-major
/// mask (row 0 = north). See the module documentation for the method.
///
/// # Panics
/// If `mask.len() != width * height` or a side exceeds `u32::MAX - 1`.
pub fn mask_polygons(width: usize, height: usize, mask: &[bool]) -> Vec<GridPolygon> {
    assert_eq!(mask.len(), width * height, "mask size");
    assert!(width < u32::MAX as usize && height < u32::MAX as usize);
    let m = |c: i64, r: i64| -> bool {
        c >= 0 && r >= 0 && (c as usize) < width && (r as usize) < height && {
            mask[r as usize * width + c as usize]
        }
    };
    let labels = label_components(width, height, mask);

    // Visited boundary edges: horizontal edge (i, j)–(i+1, j) at
    // j·width + i; vertical edge (i, j)–(i, j+1) at j·(width+1) + i.
    let mut seen_h = vec![false; width * (height + 1)];
    let mut seen_v = vec![false; (width + 1) * height];

    // Rings grouped by component label: (signed doubled area, corners).
    let mut by_label: HashMap<u32, Vec<(i64, Ring)>> = HashMap::new();
    let mut order: Vec<u32> = Vec::new();

    for r in 0..height {
        for c in 0..width {
            // Every ring has a west-going edge, i.e. the top side of an
            // in-band cell whose northern neighbour is out: start there.
            if !mask[r * width + c] || m(c as i64, r as i64 - 1) || seen_h[r * width + c] {
                continue;
            }
            let label = labels[r * width + c];
            let corners = trace_ring(width, &m, &mut seen_h, &mut seen_v, c, r);
            let rings = by_label.entry(label).or_insert_with(|| {
                order.push(label);
                Vec::new()
            });
            for lp in split_at_pinches(&corners, &m) {
                rings.push((area2(&lp), lp));
            }
        }
    }

    let mut out = Vec::with_capacity(order.len());
    for label in order {
        let rings = by_label.remove(&label).unwrap_or_default();
        let (shells, holes): (Vec<_>, Vec<_>) = rings.into_iter().partition(|(a, _)| *a > 0);
        if shells.len() == 1 {
            let exterior = shells
                .into_iter()
                .next()
                .map(|(_, r)| r)
                .unwrap_or_default();
            out.push(GridPolygon {
                exterior,
                holes: holes.into_iter().map(|(_, r)| r).collect(),
            });
        } else {
            // Not expected for a 4-connected component (one outer ring);
            // kept as a safe fallback: give each hole to the smallest
            // shell containing it.
            let mut polys: Vec<(i64, GridPolygon)> = shells
                .into_iter()
                .map(|(a, r)| {
                    (
                        a,
                        GridPolygon {
                            exterior: r,
                            holes: Vec::new(),
                        },
                    )
                })
                .collect();
            for (_, h) in holes {
                let probe = edge_midpoint2(&h);
                if let Some((_, p)) = polys
                    .iter_mut()
                    .filter(|(_, p)| contains2(&p.exterior, probe))
                    .min_by_key(|(a, _)| *a)
                {
                    p.holes.push(h);
                }
            }
            out.extend(polys.into_iter().map(|(_, p)| p));
        }
    }
    out
}

/// 4-connected component labels of the `true` cells (`u32::MAX` for
/// `false` cells), numbered in row-major order of their first cell.
fn label_components(width: usize, height: usize, mask: &[bool]) -> Vec<u32> {
    let mut labels = vec![u32::MAX; mask.len()];
    let mut next = 0u32;
    let mut stack = Vec::new();
    for start in 0..mask.len() {
        if !mask[start] || labels[start] != u32::MAX {
            continue;
        }
        labels[start] = next;
        stack.push(start);
        while let Some(k) = stack.pop() {
            let (c, r) = (k % width, k / width);
            let mut visit = |n: usize| {
                if mask[n] && labels[n] == u32::MAX {
                    labels[n] = next;
                    stack.push(n);
                }
            };
            if c > 0 {
                visit(k - 1);
            }
            if c + 1 < width {
                visit(k + 1);
            }
            if r > 0 {
                visit(k - width);
            }
            if r + 1 < height {
                visit(k + width);
            }
        }
        next += 1;
    }
    labels
}

/// Follow the boundary from the top edge of cell `(c, r)` (going west,
/// in-band cells on the left) back to it; return the corners.
fn trace_ring(
    width: usize,
    m: &impl Fn(i64, i64) -> bool,
    seen_h: &mut [bool],
    seen_v: &mut [bool],
    c: usize,
    r: usize,
) -> Ring {
    let start = (c as i64 + 1, r as i64);
    let (mut i, mut j) = start;
    let mut d = W;
    let mut corners = Vec::new();
    loop {
        // Mark the edge leaving (i, j) in direction d, and move along it.
        match d {
            E => {
                seen_h[j as usize * width + i as usize] = true;
                i += 1;
            }
            W => {
                i -= 1;
                seen_h[j as usize * width + i as usize] = true;
            }
            N => {
                j -= 1;
                seen_v[j as usize * (width + 1) + i as usize] = true;
            }
            _ => {
                debug_assert_eq!(d, S);
                seen_v[j as usize * (width + 1) + i as usize] = true;
                j += 1;
            }
        }
        // The cells ahead-left and ahead-right of vertex (i, j).
        let (fl, fr) = match d {
            E => (m(i, j - 1), m(i, j)),
            N => (m(i - 1, j - 1), m(i, j - 1)),
            W => (m(i - 1, j), m(i - 1, j - 1)),
            _ => (m(i, j), m(i - 1, j)),
        };
        let nd = if !fl {
            (d + 1) % 4 // turn left, around the in-band cell
        } else if !fr {
            d
        } else {
            (d + 3) % 4 // turn right
        };
        if nd != d {
            corners.push([i as u32, j as u32]);
        }
        d = nd;
        if (i, j) == start && d == W {
            return corners;
        }
    }
}

/// Whether grid vertex `[i, j]` is a saddle: in-band cells only on one
/// diagonal.
fn is_saddle(m: &impl Fn(i64, i64) -> bool, [i, j]: [u32; 2]) -> bool {
    let (i, j) = (i as i64, j as i64);
    let (nw, ne, sw, se) = (m(i - 1, j - 1), m(i, j - 1), m(i - 1, j), m(i, j));
    nw == se && ne == sw && nw != ne
}

/// Split a ring at the saddle vertices it passes twice into simple loops.
fn split_at_pinches(corners: &[[u32; 2]], m: &impl Fn(i64, i64) -> bool) -> Vec<Vec<[u32; 2]>> {
    let mut out = Vec::new();
    let mut stack: Vec<[u32; 2]> = Vec::with_capacity(corners.len());
    let mut at: HashMap<[u32; 2], usize> = HashMap::new();
    for &p in corners {
        if !is_saddle(m, p) {
            stack.push(p);
            continue;
        }
        if let Some(&k) = at.get(&p) {
            // stack[k] == p: stack[k..] is a closed loop through p.
            let lp: Vec<[u32; 2]> = stack.drain(k..).collect();
            for q in &lp[1..] {
                at.remove(q);
            }
            out.push(lp);
        } else {
            at.insert(p, stack.len());
        }
        stack.push(p);
    }
    // What remains is the loop through the ring's first corner.
    if !stack.is_empty() {
        out.push(stack);
    }
    out
}

/// Twice the signed area of a ring in map orientation (x = i, y = −j):
/// positive for counter-clockwise.
fn area2(ring: &[[u32; 2]]) -> i64 {
    let n = ring.len();
    let mut s = 0i64;
    for k in 0..n {
        let [x0, y0] = ring[k];
        let [x1, y1] = ring[(k + 1) % n];
        // y = −j: x0·(−j1) − x1·(−j0)
        s += x1 as i64 * y0 as i64 - x0 as i64 * y1 as i64;
    }
    s
}

/// The midpoint of a ring's first edge, doubled (integer coordinates); it
/// lies on no other ring's edge.
fn edge_midpoint2(ring: &[[u32; 2]]) -> [i64; 2] {
    let a = ring[0];
    let b = ring[1 % ring.len()];
    [a[0] as i64 + b[0] as i64, a[1] as i64 + b[1] as i64]
}

/// Even-odd point-in-ring test for a doubled point not on the ring.
fn contains2(ring: &[[u32; 2]], [px, py]: [i64; 2]) -> bool {
    let n = ring.len();
    let mut inside = false;
    for k in 0..n {
        let (x0, y0) = (2 * ring[k][0] as i64, 2 * ring[k][1] as i64);
        let (x1, y1) = (
            2 * ring[(k + 1) % n][0] as i64,
            2 * ring[(k + 1) % n][1] as i64,
        );
        // Vertical edges only cross a horizontal ray.
        if x0 == x1 && x0 > px && (y0 > py) != (y1 > py) {
            inside = !inside;
        }
    }
    inside
}

/// A ring in lon/lat, closed, densified at multiples of `step` grid
/// vertices along each straight edge.
fn ring_lon_lat(grid: &UtmRaster, utm: &Utm, ring: &[[u32; 2]], step: u64) -> Vec<[f64; 2]> {
    let to_ll = |i: u64, j: u64| {
        let [x, y] = grid.vertex_m(i as usize, j as usize);
        let [lon, lat] = utm.inverse(x, y);
        [round7(lon), round7(lat)]
    };
    let mut out = Vec::with_capacity(ring.len() + 1);
    let n = ring.len();
    for k in 0..n {
        let [i0, j0] = ring[k].map(u64::from);
        let [i1, j1] = ring[(k + 1) % n].map(u64::from);
        out.push(to_ll(i0, j0));
        if i0 != i1 {
            let (lo, hi) = (i0.min(i1), i0.max(i1));
            let mids = (lo / step + 1) * step..hi;
            let mut ks: Vec<u64> = mids.step_by(step as usize).collect();
            if i1 < i0 {
                ks.reverse();
            }
            out.extend(ks.into_iter().map(|i| to_ll(i, j0)));
        } else {
            let (lo, hi) = (j0.min(j1), j0.max(j1));
            let mut ks: Vec<u64> = ((lo / step + 1) * step..hi)
                .step_by(step as usize)
                .collect();
            if j1 < j0 {
                ks.reverse();
            }
            out.extend(ks.into_iter().map(|j| to_ll(i0, j)));
        }
    }
    out.push(out[0]);
    out
}

/// Round to 7 decimals (about 1 cm), as the other GeoJSON outputs.
fn round7(v: f64) -> f64 {
    (v * 1e7).round() / 1e7
}

/// Area of the `true` cells on the ellipsoid, km² (see
/// [`BandSummary::area_km2`]).
fn ellipsoidal_area_km2(grid: &UtmRaster, utm: &Utm, mask: &[bool]) -> f64 {
    // UTM point scale: k = k0·(1 + u²/2R²), u the distance from the
    // central meridian on the ellipsoid; R² = ρν ≈ 6,371 km² in Vietnam's
    // latitudes is exact to 0.5%, hence k to a few 10⁻⁶ within a zone.
    const R2: f64 = 6_371_000.0 * 6_371_000.0;
    let tm = utm.transverse_mercator();
    let (k0, fe) = (tm.k0(), tm.false_origin_m()[0]);
    let per_cell: Vec<f64> = (0..grid.width)
        .map(|c| {
            let u = (grid.cell_centre_m(c, 0)[0] - fe) / k0;
            let k = k0 * (1.0 + u * u / (2.0 * R2));
            grid.cell_area_m2() / (k * k)
        })
        .collect();
    let mut cells_per_col = vec![0usize; grid.width];
    for row in mask.chunks(grid.width) {
        for (n, &b) in cells_per_col.iter_mut().zip(row) {
            *n += b as usize;
        }
    }
    cells_per_col
        .iter()
        .zip(&per_cell)
        .map(|(&n, &a)| n as f64 * a)
        .sum::<f64>()
        / 1e6
}

/// The polygons of `band` in WGS84 lon/lat, closed rings, exterior
/// counter-clockwise and holes clockwise, with `densify_m` as in
/// [`IsobandOptions`], and the band's summary.
pub fn band_polygons_lon_lat(
    grid: &UtmRaster,
    band: &Band,
    densify_m: f64,
) -> Result<(MultiPolygon<f64>, BandSummary)> {
    grid.validate()?;
    band.validate()?;
    let utm = grid.utm()?;
    if densify_m.is_nan() || densify_m <= 0.0 {
        return Err(Error::Output(format!(
            "densification length must be positive metres, not {densify_m}"
        )));
    }
    let step = if densify_m.is_finite() {
        ((densify_m / grid.cell_m).floor() as u64).max(1)
    } else {
        u64::MAX / 4
    };
    let mask = band_mask(grid, band);
    let cells = mask.iter().filter(|&&b| b).count();
    let area_km2 = ellipsoidal_area_km2(grid, &utm, &mask);
    let polys = mask_polygons(grid.width, grid.height, &mask);
    let mut vertices = 0;
    let mut holes = 0;
    let ls = |r: &[[u32; 2]], vertices: &mut usize| {
        let pts = ring_lon_lat(grid, &utm, r, step);
        *vertices += pts.len() - 1;
        LineString(pts.into_iter().map(|[x, y]| Coord { x, y }).collect())
    };
    let mp = MultiPolygon(
        polys
            .iter()
            .map(|p| {
                holes += p.holes.len();
                let ext = ls(&p.exterior, &mut vertices);
                let hs = p.holes.iter().map(|h| ls(h, &mut vertices)).collect();
                Polygon::new(ext, hs)
            })
            .collect(),
    );
    let summary = BandSummary {
        label: band.label.clone(),
        cells,
        area_km2,
        polygons: mp.0.len(),
        holes,
        vertices,
    };
    Ok((mp, summary))
}

/// Write the isobands of `grid` to `path` as a GeoJSON FeatureCollection
/// with [`IsobandOptions::default`]; see [`write_isobands_geojson_with`].
pub fn write_isobands_geojson(
    path: &Path,
    grid: &UtmRaster,
    bands: &[Band],
    properties: &Map<String, Value>,
    metadata: &[(String, String)],
) -> Result<Vec<BandSummary>> {
    write_isobands_geojson_with(
        path,
        grid,
        bands,
        properties,
        metadata,
        &IsobandOptions::default(),
    )
}

/// Write the isobands of `grid` to `path` (atomically) as an RFC 7946
/// GeoJSON FeatureCollection in WGS84 lon/lat:
///
/// - one feature per non-empty band, in the order of `bands`, whose
///   geometry is a `MultiPolygon` (one polygon per 4-connected group of
///   cells) and whose properties are, in this order: `band` (the label),
///   `min_dbm` and `max_dbm` (the bounds; for an open end, the lowest or
///   highest value among the band's cells, so that the fields are always
///   numbers: GDAL types a field that is null in every feature as String),
///   `cells`,
///   `area_km2` (on the ellipsoid, see [`BandSummary::area_km2`]), then
///   `properties` (e.g. technology, model) in their iteration order
///   (sorted by key for a `serde_json::Map`). A band without any cell
///   gets **no feature** (its summary says `cells: 0`).
/// - the collection's `name` is [`IsobandOptions::layer_name`], and
///   `metadata` is written as a foreign member object `"metadata"`
///   (provenance; GDAL ignores it, a JSON reader sees it).
///
/// Returns one summary per band, in the order of `bands`.
pub fn write_isobands_geojson_with(
    path: &Path,
    grid: &UtmRaster,
    bands: &[Band],
    properties: &Map<String, Value>,
    metadata: &[(String, String)],
    options: &IsobandOptions,
) -> Result<Vec<BandSummary>> {
    let ctx = |e: Error| match e {
        Error::Output(m) => Error::Output(format!("{}: {m}", path.display())),
        other => other,
    };
    for key in ["band", "min_dbm", "max_dbm", "cells", "area_km2"] {
        if properties.contains_key(key) {
            return Err(ctx(Error::Output(format!(
                "isoband property {key:?} is set by the writer and cannot be given as an \
                 extra property"
            ))));
        }
    }
    let results: Vec<(MultiPolygon<f64>, BandSummary)> = bands
        .par_iter()
        .map(|b| band_polygons_lon_lat(grid, b, options.densify_m))
        .collect::<Result<_>>()
        .map_err(ctx)?;

    let extra: String = properties
        .iter()
        .map(|(k, v)| format!(",{}:{}", Value::from(k.as_str()), v))
        .collect();
    let meta: Map<String, Value> = metadata
        .iter()
        .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
        .collect();
    // An open end is written as the extreme value inside the band.
    let bound = |band: &Band, v: f32| {
        let v = if v.is_finite() {
            v
        } else {
            let inside = grid.values.iter().copied().filter(|&x| band.contains(x));
            if v > 0.0 {
                inside.fold(f32::NEG_INFINITY, f32::max)
            } else {
                inside.fold(f32::INFINITY, f32::min)
            }
        };
        if v.is_finite() {
            Value::from(v as f64)
        } else {
            Value::Null
        }
    };
    write_atomic(path, |w| {
        write!(
            w,
            "{{\"type\":\"FeatureCollection\",\"name\":{}",
            Value::from(options.layer_name.as_str())
        )?;
        if !meta.is_empty() {
            write!(w, ",\"metadata\":{}", Value::Object(meta.clone()))?;
        }
        w.write_all(b",\"features\":[")?;
        let mut first = true;
        for ((mp, s), band) in results.iter().zip(bands) {
            if mp.0.is_empty() {
                continue;
            }
            if !first {
                w.write_all(b",")?;
            }
            first = false;
            write!(
                w,
                "\n{{\"type\":\"Feature\",\"properties\":{{\"band\":{},\"min_dbm\":{},\
                 \"max_dbm\":{},\"cells\":{},\"area_km2\":{}{}}},\
                 \"geometry\":{{\"type\":\"MultiPolygon\",\"coordinates\":[",
                Value::from(band.label.as_str()),
                bound(band, band.min),
                bound(band, band.max),
                s.cells,
                Value::from((s.area_km2 * 1e6).round() / 1e6),
                extra
            )?;
            for (pi, p) in mp.0.iter().enumerate() {
                if pi > 0 {
                    w.write_all(b",")?;
                }
                w.write_all(b"[")?;
                for (ri, r) in std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .enumerate()
                {
                    if ri > 0 {
                        w.write_all(b",")?;
                    }
                    w.write_all(b"[")?;
                    for (ci, c) in r.0.iter().enumerate() {
                        if ci > 0 {
                            w.write_all(b",")?;
                        }
                        write!(w, "[{},{}]", c.x, c.y)?;
                    }
                    w.write_all(b"]")?;
                }
                w.write_all(b"]")?;
            }
            w.write_all(b"]}}")?;
        }
        w.write_all(b"\n]}\n")
    })?;
    Ok(results.into_iter().map(|(_, s)| s).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, Contains, GeodesicArea, Point, Validation, Winding};

    /// A grid in UTM 48N with `f(col, row)` values.
    fn grid_from(w: usize, h: usize, cell: f64, f: impl Fn(usize, usize) -> f32) -> UtmRaster {
        let mut g = UtmRaster::new_nan(32648, 560_000.0, 1_010_000.0, cell, w, h).unwrap();
        for r in 0..h {
            for c in 0..w {
                g.set(c, r, f(c, r));
            }
        }
        g
    }

    fn mask_grid(w: usize, h: usize, mask: &[bool]) -> UtmRaster {
        grid_from(w, h, 100.0, |c, r| if mask[r * w + c] { 1.0 } else { 0.0 })
    }

    /// The checks every band's polygons must pass: valid, area = cells ×
    /// cell area, a cell centre is inside iff its cell is in the band,
    /// exteriors counter-clockwise and holes clockwise, no collinear
    /// vertices, each polygon's cells 4-connected.
    fn check(grid: &UtmRaster, band: &Band) -> MultiPolygon<f64> {
        let mp = band_polygons_m(grid, band).unwrap();
        if let Err(e) = mp.check_validation() {
            panic!("invalid: {e}\n{mp:?}");
        }
        let cells = grid.values.iter().filter(|&&v| band.contains(v)).count();
        let area: f64 = mp.unsigned_area();
        assert!(
            (area - cells as f64 * grid.cell_area_m2()).abs() < 1e-6 * area.max(1.0),
            "area {area} for {cells} cells"
        );
        for p in &mp.0 {
            assert!(p.exterior().is_ccw(), "exterior must be CCW");
            for h in p.interiors() {
                assert!(h.is_cw(), "holes must be CW");
            }
            for r in std::iter::once(p.exterior()).chain(p.interiors()) {
                let pts = &r.0[..r.0.len() - 1];
                let n = pts.len();
                for k in 0..n {
                    let (a, b, c) = (pts[(k + n - 1) % n], pts[k], pts[(k + 1) % n]);
                    let cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
                    assert!(cross != 0.0, "collinear vertex {b:?}");
                }
            }
        }
        let mut owner = vec![usize::MAX; grid.values.len()];
        for r in 0..grid.height {
            for c in 0..grid.width {
                let [x, y] = grid.cell_centre_m(c, r);
                let inside: Vec<usize> = (0..mp.0.len())
                    .filter(|&k| mp.0[k].contains(&Point::new(x, y)))
                    .collect();
                let want = band.contains(grid.get(c, r));
                assert_eq!(!inside.is_empty(), want, "cell ({c}, {r})");
                assert!(inside.len() <= 1);
                if want {
                    owner[r * grid.width + c] = inside[0];
                }
            }
        }
        // Each polygon's cells form one 4-connected group (its interior is
        // connected) and each group is one polygon.
        let mask: Vec<bool> = owner.iter().map(|&o| o != usize::MAX).collect();
        let labels = label_components(grid.width, grid.height, &mask);
        let mut map: HashMap<u32, usize> = HashMap::new();
        for (k, &l) in labels.iter().enumerate() {
            if l != u32::MAX {
                assert_eq!(*map.entry(l).or_insert(owner[k]), owner[k]);
            }
        }
        assert_eq!(map.len(), mp.0.len());
        mp
    }

    #[test]
    fn disc_area_and_membership() {
        // A disc of radius 2.3 km of strong signal on a 100 m grid.
        let (w, h) = (80, 70);
        let g = grid_from(w, h, 100.0, |c, r| {
            let (dx, dy) = (c as f32 - 40.0, r as f32 - 33.0);
            if (dx * dx + dy * dy).sqrt() < 23.0 {
                -80.0
            } else {
                -115.0
            }
        });
        let good = Band::at_least("good", -95.0);
        let mp = check(&g, &good);
        assert_eq!(mp.0.len(), 1);
        assert!(mp.0[0].interiors().is_empty());
        let cells = g.values.iter().filter(|&&v| v >= -95.0).count();
        assert!((cells as f64 - std::f64::consts::PI * 23.0 * 23.0).abs() < 60.0);
        // The centre of the disc is inside; a corner of the grid is not.
        let [x, y] = g.cell_centre_m(40, 33);
        assert!(mp.contains(&Point::new(x, y)));
        let [x, y] = g.cell_centre_m(0, 0);
        assert!(!mp.contains(&Point::new(x, y)));
        // The same in lon/lat.
        let (ll, s) = band_polygons_lon_lat(&g, &good, 5_000.0).unwrap();
        assert_eq!((s.cells, s.polygons, s.holes), (cells, 1, 0));
        assert!(ll.is_valid());
        // The ellipsoidal area agrees with the geodesic area of the
        // polygons; the plane area (cells × 0.01 km²) is 0.08% smaller
        // near the central meridian (k0 = 0.9996).
        let geodesic_km2 = ll.geodesic_area_unsigned() / 1e6;
        assert!(
            ((s.area_km2 - geodesic_km2) / geodesic_km2).abs() < 2e-5,
            "{s:?} {geodesic_km2}"
        );
        let plane_km2 = cells as f64 * 0.01;
        assert!((s.area_km2 / plane_km2 - 1.0 / (0.9996f64 * 0.9996)).abs() < 2e-4);
        let utm = g.utm().unwrap();
        let [x, y] = g.cell_centre_m(40, 33);
        let [lon, lat] = utm.inverse(x, y);
        assert!(ll.contains(&Point::new(lon, lat)));
        assert!(ll.0[0].exterior().is_ccw());
        // Vertex count: one corner per stair step, no collinear points.
        assert_eq!(s.vertices, ll.0[0].exterior().0.len() - 1);
        assert!(s.vertices < 8 * 23 + 8, "{}", s.vertices);
    }

    #[test]
    fn annulus_has_a_hole_and_nested_bands() {
        let g = grid_from(60, 60, 50.0, |c, r| {
            let d = ((c as f32 - 30.0).powi(2) + (r as f32 - 30.0).powi(2)).sqrt();
            if d < 10.0 {
                -120.0 // dead spot in the middle (e.g. a hill shadow)
            } else if d < 25.0 {
                -85.0
            } else {
                -105.0
            }
        });
        let good = check(&g, &Band::at_least("good", -95.0));
        assert_eq!(good.0.len(), 1);
        assert_eq!(good.0[0].interiors().len(), 1);
        let [x, y] = g.cell_centre_m(30, 30);
        assert!(!good.contains(&Point::new(x, y)), "the hole is not covered");
        let [x, y] = g.cell_centre_m(30, 12);
        assert!(good.contains(&Point::new(x, y)));
        // "covered" [-110, ∞) is everything but the dead spot: a polygon
        // with the same hole.
        let covered = check(&g, &Band::at_least("covered", -110.0));
        assert_eq!(covered.0.len(), 1);
        assert_eq!(covered.0[0].interiors().len(), 1);
        assert_eq!(covered.0[0].interiors()[0], good.0[0].interiors()[0]);
        // A partition: the band [-110, -95) is the outer ring region.
        let fair = check(&g, &Band::new("fair", -110.0, -95.0));
        assert_eq!(fair.0.len(), 1);
        assert_eq!(fair.0[0].interiors().len(), 1);
        // Nothing at -60 dBm or better.
        assert!(check(&g, &Band::at_least("excellent", -60.0)).0.is_empty());
    }

    #[test]
    fn diagonal_touches_make_valid_polygons() {
        // Checkerboard: every cell its own polygon, touching at corners.
        let (w, h) = (6, 5);
        let mask: Vec<bool> = (0..w * h).map(|k| (k % w + k / w) % 2 == 0).collect();
        let mp = check(&mask_grid(w, h, &mask), &Band::at_least("x", 0.5));
        assert_eq!(mp.0.len(), 15);
        // A ring of cells closed only by a corner touch: its notch becomes
        // a hole touching the exterior at one point.
        #[rustfmt::skip]
        let mask = [
            0, 0, 0, 0, 0,
            0, 0, 1, 1, 0,
            0, 1, 0, 1, 0,
            0, 1, 1, 1, 0,
            0, 0, 0, 0, 0,
        ].map(|v| v == 1);
        let mp = check(&mask_grid(5, 5, &mask), &Band::at_least("x", 0.5));
        assert_eq!(mp.0.len(), 1);
        assert_eq!(mp.0[0].interiors().len(), 1);
        // The complement: the outside and the centre cell touch at a
        // corner, two polygons.
        let inv = mask.map(|v| !v);
        let mp = check(&mask_grid(5, 5, &inv), &Band::at_least("x", 0.5));
        assert_eq!(mp.0.len(), 2);
        // Two holes touching at a corner.
        #[rustfmt::skip]
        let mask = [
            1, 1, 1, 1,
            1, 0, 1, 1,
            1, 1, 0, 1,
            1, 1, 1, 1,
        ].map(|v| v == 1);
        let mp = check(&mask_grid(4, 4, &mask), &Band::at_least("x", 0.5));
        assert_eq!(mp.0.len(), 1);
        assert_eq!(mp.0[0].interiors().len(), 2);
    }

    #[test]
    fn random_masks_brute_force() {
        // Deterministic LCG; many small grids with every density, which
        // exercise saddles, pinches, nested holes and islands in holes.
        let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut rnd = || {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 33) as u32
        };
        for case in 0..400 {
            let w = 1 + (rnd() % 12) as usize;
            let h = 1 + (rnd() % 10) as usize;
            let p = (case % 9 + 1) as u32; // density p/10
            let mask: Vec<bool> = (0..w * h).map(|_| rnd() % 10 < p).collect();
            check(&mask_grid(w, h, &mask), &Band::at_least("x", 0.5));
        }
    }

    #[test]
    fn ring_helpers() {
        // A 4 × 3 rectangle, counter-clockwise on the map (j grows south).
        let ccw = [[0, 3], [4, 3], [4, 0], [0, 0]];
        assert_eq!(area2(&ccw), 24);
        let mut cw = ccw;
        cw.reverse();
        assert_eq!(area2(&cw), -24);
        // Doubled points: (1, 1) inside, (9, 1) and (1, 7) outside.
        assert!(contains2(&ccw, [1, 1]));
        assert!(contains2(&ccw, [7, 5]));
        assert!(!contains2(&ccw, [9, 1]));
        assert!(!contains2(&ccw, [1, 7]));
        assert_eq!(edge_midpoint2(&ccw), [4, 6]);
    }

    #[test]
    fn nan_is_in_no_band_and_edges_are_grid_edges() {
        let g = grid_from(4, 3, 100.0, |c, _| if c == 0 { f32::NAN } else { -90.0 });
        let everything = Band::new("all", f32::NEG_INFINITY, f32::INFINITY);
        let mp = check(&g, &everything);
        assert_eq!(mp.0.len(), 1);
        // A rectangle: exactly four corners, on the grid edges.
        let ext = &mp.0[0].exterior().0;
        assert_eq!(ext.len(), 5);
        let xs: Vec<f64> = ext.iter().map(|c| c.x).collect();
        let ys: Vec<f64> = ext.iter().map(|c| c.y).collect();
        assert_eq!(xs.iter().cloned().fold(f64::MAX, f64::min), 560_100.0);
        assert_eq!(xs.iter().cloned().fold(f64::MIN, f64::max), 560_400.0);
        assert_eq!(ys.iter().cloned().fold(f64::MAX, f64::min), 1_009_700.0);
        assert_eq!(ys.iter().cloned().fold(f64::MIN, f64::max), 1_010_000.0);
    }

    #[test]
    fn densification_puts_shared_vertices_on_the_grid() {
        // 300 columns of 100 m = 30 km; densify every 5 km = 50 cells.
        let g = grid_from(300, 4, 100.0, |c, r| {
            if r < 2 || c >= 120 {
                -80.0
            } else {
                -100.0
            }
        });
        let (a, sa) = band_polygons_lon_lat(&g, &Band::at_least("a", -90.0), 5_000.0).unwrap();
        let (b, _) = band_polygons_lon_lat(&g, &Band::new("b", -100.0, -90.0), 5_000.0).unwrap();
        assert!(a.is_valid() && b.is_valid());
        // The top edge (300 cells) gets vertices at columns 50, 100, ..., 250.
        let utm = g.utm().unwrap();
        let top: Vec<[f64; 2]> = (1..6)
            .map(|k| {
                let [x, y] = g.vertex_m(50 * k, 0);
                let [lon, lat] = utm.inverse(x, y);
                [round7(lon), round7(lat)]
            })
            .collect();
        let has = |mp: &MultiPolygon<f64>, p: [f64; 2]| {
            mp.0.iter()
                .any(|q| q.exterior().0.iter().any(|c| c.x == p[0] && c.y == p[1]))
        };
        assert!(top.iter().all(|&p| has(&a, p)));
        // Band b shares the edge row 2, columns 0–120 with band a: the
        // densified vertices at columns 50 and 100 are in both.
        for col in [50, 100] {
            let [x, y] = g.vertex_m(col, 2);
            let [lon, lat] = utm.inverse(x, y);
            let p = [round7(lon), round7(lat)];
            assert!(has(&a, p) && has(&b, p), "column {col}");
        }
        let (_, plain) =
            band_polygons_lon_lat(&g, &Band::at_least("a", -90.0), f64::INFINITY).unwrap();
        assert_eq!(plain.vertices, 6);
        assert!(sa.vertices > plain.vertices);
        assert!(band_polygons_lon_lat(&g, &Band::at_least("a", -90.0), 0.0).is_err());
    }

    #[test]
    fn writes_rfc7946_geojson() {
        let g = grid_from(50, 40, 100.0, |c, r| {
            let d = ((c as f32 - 20.0).powi(2) + (r as f32 - 20.0).powi(2)).sqrt();
            if c == 49 {
                f32::NAN
            } else {
                -70.0 - 2.0 * d
            }
        });
        let bands = [
            Band::at_least("covered", -110.0),
            Band::at_least("good", -95.0),
            Band::at_least("excellent", -40.0),
        ];
        let mut props = Map::new();
        props.insert("technology".into(), Value::from("4G"));
        props.insert("model".into(), Value::from("TR 38.901 UMa"));
        let meta = vec![("scenario".to_string(), "demo".to_string())];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("coverage.geojson");
        let sums = write_isobands_geojson(&path, &g, &bands, &props, &meta).unwrap();
        assert_eq!(sums.len(), 3);
        assert_eq!(sums[2].cells, 0);
        assert_eq!(sums[2].polygons, 0);
        let text = std::fs::read_to_string(&path).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["type"], "FeatureCollection");
        assert_eq!(v["name"], "coverage");
        assert_eq!(v["metadata"]["scenario"], "demo");
        let feats = v["features"].as_array().unwrap();
        assert_eq!(feats.len(), 2, "the empty band has no feature");
        let keys: Vec<&str> = feats[0]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys.len(), 7);
        // The open upper end is the band's highest value, a number.
        let top = g
            .values
            .iter()
            .copied()
            .filter(|v| *v >= -110.0)
            .fold(f32::MIN, f32::max);
        assert!(text.contains(&format!(
            "\"properties\":{{\"band\":\"covered\",\"min_dbm\":-110.0,\"max_dbm\":{},",
            Value::from(top as f64)
        )));
        // Extra properties follow, in the map's order (sorted by key).
        assert!(text.contains(",\"model\":\"TR 38.901 UMa\",\"technology\":\"4G\"}"));
        assert_eq!(feats[1]["properties"]["band"], "good");
        assert_eq!(feats[1]["properties"]["cells"], sums[1].cells);
        // Parse back with the geojson crate and check the geometry.
        let fc: geojson::FeatureCollection = text.parse().unwrap();
        for (f, s) in fc.features.iter().zip(&sums) {
            let value = &f.geometry.as_ref().unwrap().value;
            let geom = geo::Geometry::<f64>::try_from(value).unwrap();
            let geo::Geometry::MultiPolygon(mp) = geom else {
                panic!("not a MultiPolygon")
            };
            assert!(mp.is_valid());
            assert_eq!(mp.0.len(), s.polygons);
            for p in &mp.0 {
                assert!(p.exterior().is_ccw());
                assert!(p.interiors().iter().all(|h| h.is_cw()));
                for c in &p.exterior().0 {
                    assert_eq!(round7(c.x), c.x);
                    assert!((104.0..106.0).contains(&c.x) && (9.0..9.3).contains(&c.y));
                }
            }
        }
        // Reserved property names are refused.
        let mut bad = Map::new();
        bad.insert("band".into(), Value::from(1));
        assert!(write_isobands_geojson(&path, &g, &bands, &bad, &[]).is_err());
        assert!(
            write_isobands_geojson(&path, &g, &[Band::new("x", 1.0, 1.0)], &props, &[]).is_err()
        );
    }
}
