//! Reading a single-band GeoTIFF (a population grid such as WorldPop's
//! 100 m `ppp` rasters or GHSL's) with the pure-Rust `tiff` crate, no GDAL.
//!
//! Supported: strips and tiles; no compression, Deflate (8 and 32946) and
//! LZW, with or without a predictor; 8–64-bit unsigned and signed integers
//! and 32/64-bit floats; one sample per pixel; GDAL's `GDAL_NODATA` tag
//! (42113) and NaN as no-data. The georeferencing is read from
//! `ModelPixelScaleTag` (33550) + `ModelTiepointTag` (33922) or a
//! north-up `ModelTransformationTag` (34264), and the CRS from the GeoKey
//! directory (34735): `GeographicTypeGeoKey` (2048, e.g. 4326) or
//! `ProjectedCSTypeGeoKey` (3072, e.g. 32648 = WGS 84 / UTM 48N), as
//! specified by OGC GeoTIFF 1.1 (OGC 19-008r4). `PixelIsPoint` rasters are
//! shifted by half a cell, as GDAL does.
//!
//! Anything else (several bands, a rotated transform, a user-defined CRS)
//! is refused with one line saying which layout it is.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use tiff::decoder::{Decoder, DecodingResult, Limits};
use tiff::tags::Tag;
use tiff::ColorType;

use crate::crs::Crs;
use crate::{Error, Result};

/// A north-up grid read from a GeoTIFF. Cell `(col, row)` covers
/// `x0 + col·dx .. x0 + (col+1)·dx` and `y0 − (row+1)·dy .. y0 − row·dy`
/// in the grid's CRS (row 0 is the northern edge).
#[derive(Debug, Clone)]
pub struct GeoGrid {
    /// Columns.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// Western edge of column 0, in the CRS's units.
    pub x0: f64,
    /// Northern edge of row 0.
    pub y0: f64,
    /// Cell width (positive).
    pub dx: f64,
    /// Cell height (positive; rows go south).
    pub dy: f64,
    /// The grid's CRS.
    pub crs: Crs,
    /// Row-major values; no-data cells are NaN.
    pub values: Vec<f32>,
}

impl GeoGrid {
    /// The value of cell `(col, row)` (NaN for no data).
    pub fn get(&self, col: usize, row: usize) -> f32 {
        self.values[row * self.width + col]
    }

    /// The corners `[x_min, y_min, x_max, y_max]` of cell `(col, row)` in
    /// the grid's CRS.
    pub fn cell_box(&self, col: usize, row: usize) -> [f64; 4] {
        let x = self.x0 + col as f64 * self.dx;
        let y = self.y0 - (row + 1) as f64 * self.dy;
        [x, y, x + self.dx, y + self.dy]
    }

    /// The whole grid's extent `[x_min, y_min, x_max, y_max]`.
    pub fn extent(&self) -> [f64; 4] {
        [
            self.x0,
            self.y0 - self.height as f64 * self.dy,
            self.x0 + self.width as f64 * self.dx,
            self.y0,
        ]
    }

    /// The cell holding the point `(x, y)` of the grid's CRS, if any.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let c = ((x - self.x0) / self.dx).floor();
        let r = ((self.y0 - y) / self.dy).floor();
        (c >= 0.0 && r >= 0.0 && (c as usize) < self.width && (r as usize) < self.height)
            .then_some((c as usize, r as usize))
    }
}

/// Read a single-band GeoTIFF. Errors name the file and say which layout
/// or tag is missing or unsupported.
///
/// ```no_run
/// let grid = phusong::input::geotiff::read_geotiff("vnm_ppp_2020.tif".as_ref())?;
/// println!("{} × {} cells in {}", grid.width, grid.height, grid.crs);
/// # Ok::<(), phusong::Error>(())
/// ```
pub fn read_geotiff(path: &Path) -> Result<GeoGrid> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let bad = |m: String| Error::unreadable_layer(path, "", m);
    let tiff_err = |e: tiff::TiffError| bad(describe(&e));
    let mut limits = Limits::default();
    limits.decoding_buffer_size = 8 << 30;
    limits.intermediate_buffer_size = 1 << 30;
    limits.ifd_value_size = 64 << 20;
    let mut dec = Decoder::new(BufReader::new(file))
        .map_err(tiff_err)?
        .with_limits(limits);
    let (w, h) = dec.dimensions().map_err(tiff_err)?;
    match dec.colortype().map_err(tiff_err)? {
        ColorType::Gray(_) => {}
        other => {
            return Err(bad(format!(
                "unsupported GeoTIFF layout: {other:?} pixels; expected one band (a \
                 single-band population grid; extract one band with `gdal_translate -b 1`)"
            )))
        }
    }
    let (x0, y0, dx, dy, pixel_is_point) = georeferencing(path, &mut dec)?;
    let crs = grid_crs(path, &mut dec)?;
    let nodata = match dec.find_tag(Tag::GdalNodata).map_err(tiff_err)? {
        Some(v) => {
            let text = v.into_string().map_err(tiff_err)?;
            let t = text.trim_end_matches('\0').trim();
            Some(t.parse::<f64>().map_err(|_| {
                bad(format!(
                    "the GDAL_NODATA tag {t:?} is not a number; rewrite the file with \
                     `gdal_translate -a_nodata VALUE`"
                ))
            })?)
        }
        None => None,
    };
    let image = dec.read_image().map_err(tiff_err)?;
    let mut values = to_f32(image);
    if values.len() != w as usize * h as usize {
        return Err(bad(format!(
            "unsupported GeoTIFF layout: {} samples for {w} × {h} cells (several samples per \
             pixel?); expected one band",
            values.len()
        )));
    }
    if let Some(nd) = nodata {
        let nd32 = nd as f32;
        for v in &mut values {
            if *v == nd32 || f64::from(*v) == nd {
                *v = f32::NAN;
            }
        }
    }
    let (x0, y0) = if pixel_is_point {
        (x0 - dx / 2.0, y0 + dy / 2.0)
    } else {
        (x0, y0)
    };
    Ok(GeoGrid {
        width: w as usize,
        height: h as usize,
        x0,
        y0,
        dx,
        dy,
        crs,
        values,
    })
}

fn describe(e: &tiff::TiffError) -> String {
    match e {
        tiff::TiffError::UnsupportedError(u) => format!(
            "unsupported GeoTIFF layout: {u}; rewrite it with `gdal_translate -co COMPRESS=DEFLATE`"
        ),
        tiff::TiffError::FormatError(f) => format!("not a readable TIFF file: {f}"),
        tiff::TiffError::IoError(io) => format!("cannot read the TIFF file: {io}"),
        other => format!("cannot read the TIFF file: {other}"),
    }
}

fn to_f32(image: DecodingResult) -> Vec<f32> {
    match image {
        DecodingResult::U8(v) => v.into_iter().map(f32::from).collect(),
        DecodingResult::U16(v) => v.into_iter().map(f32::from).collect(),
        DecodingResult::U32(v) => v.into_iter().map(|x| x as f32).collect(),
        DecodingResult::U64(v) => v.into_iter().map(|x| x as f32).collect(),
        DecodingResult::I8(v) => v.into_iter().map(f32::from).collect(),
        DecodingResult::I16(v) => v.into_iter().map(f32::from).collect(),
        DecodingResult::I32(v) => v.into_iter().map(|x| x as f32).collect(),
        DecodingResult::I64(v) => v.into_iter().map(|x| x as f32).collect(),
        DecodingResult::F16(v) => v.into_iter().map(f32::from).collect(),
        DecodingResult::F32(v) => v,
        DecodingResult::F64(v) => v.into_iter().map(|x| x as f32).collect(),
    }
}

type Georef = (f64, f64, f64, f64, bool);

/// Origin, cell size and PixelIsPoint from the model tags.
fn georeferencing<R: std::io::Read + std::io::Seek>(
    path: &Path,
    dec: &mut Decoder<R>,
) -> Result<Georef> {
    let bad = |m: &str| Error::unreadable_layer(path, "", m.to_string());
    let not_geo = || {
        bad(
            "the TIFF is not georeferenced (no ModelPixelScale + ModelTiepoint or \
             ModelTransformation tag); export it as a GeoTIFF (e.g. `gdal_translate -of GTiff`)",
        )
    };
    let f64s = |dec: &mut Decoder<R>, tag: Tag| -> Result<Option<Vec<f64>>> {
        match dec.find_tag(tag) {
            Ok(Some(v)) => v.into_f64_vec().map(Some).map_err(|_| not_geo()),
            Ok(None) => Ok(None),
            Err(e) => Err(Error::unreadable_layer(path, "", describe(&e))),
        }
    };
    let keys = geokeys(path, dec)?;
    let pixel_is_point = keys.iter().any(|k| k[0] == 1025 && k[3] == 2);
    let scale = f64s(dec, Tag::ModelPixelScaleTag)?;
    let tie = f64s(dec, Tag::ModelTiepointTag)?;
    let (x0, y0, dx, dy) = match (scale, tie) {
        (Some(s), Some(t)) if s.len() >= 2 && t.len() >= 6 => {
            // Tiepoint (i, j, k, x, y, z): raster point (i, j) is at (x, y).
            (t[3] - t[0] * s[0], t[4] + t[1] * s[1], s[0], s[1])
        }
        _ => match f64s(dec, Tag::ModelTransformationTag)? {
            Some(m) if m.len() >= 16 => {
                if m[1] != 0.0 || m[4] != 0.0 {
                    return Err(bad(
                        "unsupported GeoTIFF layout: a rotated or sheared transformation \
                         (ModelTransformation); warp it north-up with `gdalwarp`",
                    ));
                }
                (m[3], m[7], m[0], -m[5])
            }
            _ => return Err(not_geo()),
        },
    };
    if !(dx.is_finite() && dy.is_finite() && dx > 0.0 && dy > 0.0) {
        return Err(bad(
            "unsupported GeoTIFF layout: the cell size is not positive (a south-up or \
             flipped grid); warp it north-up with `gdalwarp`",
        ));
    }
    Ok((x0, y0, dx, dy, pixel_is_point))
}

/// The GeoKey directory as `[key, location, count, value]` entries.
fn geokeys<R: std::io::Read + std::io::Seek>(
    path: &Path,
    dec: &mut Decoder<R>,
) -> Result<Vec<[u16; 4]>> {
    let raw = match dec.find_tag(Tag::GeoKeyDirectoryTag) {
        Ok(Some(v)) => v.into_u16_vec().unwrap_or_default(),
        Ok(None) => Vec::new(),
        Err(e) => return Err(Error::unreadable_layer(path, "", describe(&e))),
    };
    Ok(raw
        .get(4..)
        .unwrap_or(&[])
        .chunks_exact(4)
        .map(|c| [c[0], c[1], c[2], c[3]])
        .collect())
}

/// The CRS from the GeoKeys: projected (3072) or geographic (2048) EPSG code.
fn grid_crs<R: std::io::Read + std::io::Seek>(path: &Path, dec: &mut Decoder<R>) -> Result<Crs> {
    let keys = geokeys(path, dec)?;
    let bad = |m: String| Error::unreadable_layer(path, "", m);
    if keys.is_empty() {
        return Err(bad(
            "the TIFF is not georeferenced: it has no GeoKey directory (no CRS); assign one with \
             `gdal_translate -a_srs EPSG:4326`"
                .into(),
        ));
    }
    let key = |id: u16| keys.iter().find(|k| k[0] == id && k[1] == 0).map(|k| k[3]);
    let code = match (key(3072), key(2048), key(2050)) {
        (Some(p), _, _) if p != 32767 => u32::from(p),
        (None, Some(g), _) if g != 32767 => u32::from(g),
        // A user-defined geographic CRS on the WGS 84 datum.
        (None, _, Some(6326)) => 4326,
        _ => {
            return Err(bad(
                "unsupported GeoTIFF CRS: a user-defined CRS (no EPSG code in \
                 ProjectedCSTypeGeoKey or GeographicTypeGeoKey); reproject it with \
                 `gdalwarp -t_srs EPSG:4326`"
                    .into(),
            ))
        }
    };
    Crs::from_epsg(code).map_err(|e| bad(format!("unsupported GeoTIFF CRS EPSG:{code}: {e}")))
}

#[cfg(test)]
pub(crate) mod tests;
