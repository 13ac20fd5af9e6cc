//! GeoParquet 1.1 output (<https://geoparquet.org/releases/v1.1.0/>) for
//! DuckDB, GeoPandas, Apache Sedona and GDAL ≥ 3.8 at national scale:
//! `communes.parquet` and `households.parquet` when `[outputs] geoparquet
//! = true`.
//!
//! Each file is one Parquet table written by polars (Zstd, column
//! statistics on): the attribute columns of the matching CSV, the geometry
//! as ISO WKB in a `geometry` column (lon/lat, so no `crs` member: the
//! spec's default is OGC:CRS84), and a `bbox` struct column
//! (`xmin, ymin, xmax, ymax`) declared as the geometry's *covering*, so
//! that readers can skip row groups by their bbox statistics without
//! decoding WKB. The `geo` key of the file metadata carries the
//! GeoParquet metadata (version, primary column, encoding, geometry types,
//! bbox, covering). Households are written in Hilbert-curve order of their
//! coordinates, so that each row group covers a compact area and the
//! covering statistics are selective; their `id` column keeps the link to
//! `households.csv`.

use std::path::Path;

use geo::{BoundingRect, Geometry};
use geozero::{CoordDimensions, GeomProcessor, GeozeroGeometry, ToWkb};
use polars::prelude::{
    BinaryChunked, CompatLevel, DataFrame, IdxCa, IntoColumn, IntoSeries, KeyValueMetadata,
    NamedFrom, ParquetCompression, ParquetWriter, SchemaExt, Series, StatisticsOptions,
    StructChunked,
};
use polars_parquet::write::{schema_to_metadata_key, KeyValue};
use serde_json::json;

use crate::input::Areas;
use crate::output::atomic::write_atomic;
use crate::{Error, Result};

/// Rows per row group: small enough that a row group of Hilbert-ordered
/// households covers a few km², large enough for good compression.
const ROW_GROUP_ROWS: usize = 64 * 1024;

/// A point as a geozero geometry (what the WKB writer consumes; also the
/// reference writer in the `.fgb` tests).
pub(crate) struct Point(pub f64, pub f64);

impl GeozeroGeometry for Point {
    fn process_geom<P: GeomProcessor>(&self, p: &mut P) -> geozero::error::Result<()> {
        p.point_begin(0)?;
        p.xy(self.0, self.1, 0)?;
        p.point_end(0)
    }
}

/// Bounding box `[xmin, ymin, xmax, ymax]`.
type Bbox = [f64; 4];

fn parquet_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Output(format!("{}: writing GeoParquet: {e}", path.display()))
}

/// Write the communes (`table`, one row per area, in the order of `areas`)
/// with their boundaries as a GeoParquet file at `path` (atomically).
pub fn write_areas_geoparquet(path: &Path, table: &DataFrame, areas: &Areas) -> Result<()> {
    let err = |e: &dyn std::fmt::Display| parquet_error(path, e);
    let n = areas.items.len();
    let (mut wkb, mut boxes, mut types) =
        (Vec::with_capacity(n), Vec::with_capacity(n), Vec::new());
    for mp in areas.items.iter().map(|a| &a.geometry) {
        // A one-polygon area is written as a Polygon, as in communes.geojson.
        // geozero reads geo-types through `Geometry` only.
        let geometry = match mp.0.as_slice() {
            [one] => Geometry::Polygon(one.clone()),
            _ => Geometry::MultiPolygon(mp.clone()),
        };
        let bytes = geometry
            .to_wkb(CoordDimensions::xy())
            .map_err(|e| err(&e))?;
        let kind = if mp.0.len() == 1 {
            "Polygon"
        } else {
            "MultiPolygon"
        };
        if !types.contains(&kind) {
            types.push(kind);
        }
        wkb.push(bytes);
        boxes.push(mp.bounding_rect().map_or([f64::NAN; 4], |r| {
            [r.min().x, r.min().y, r.max().x, r.max().y]
        }));
    }
    types.sort_unstable();
    write_geoparquet(path, table.clone(), &wkb, &boxes, &types)
}

/// Write `table` (with `lon` and `lat` columns) as a GeoParquet point file
/// at `path` (atomically), rows in Hilbert order of their coordinates.
pub fn write_points_geoparquet(path: &Path, table: &DataFrame) -> Result<()> {
    let err = |e: &dyn std::fmt::Display| parquet_error(path, e);
    let coord = |c: &str| -> Result<Vec<f64>> {
        table
            .column(c)
            .and_then(|s| s.f64().map(|a| a.into_no_null_iter().collect()))
            .map_err(|e| err(&e))
    };
    let (lon, lat) = (coord("lon")?, coord("lat")?);
    let order = hilbert_order(&lon, &lat);
    let idx = IdxCa::from_vec("".into(), order.iter().map(|&i| i as _).collect());
    let sorted = table.take(&idx).map_err(|e| err(&e))?;
    let mut wkb = Vec::with_capacity(order.len());
    let mut boxes = Vec::with_capacity(order.len());
    for &i in &order {
        let (x, y) = (lon[i], lat[i]);
        wkb.push(
            Point(x, y)
                .to_wkb(CoordDimensions::xy())
                .map_err(|e| err(&e))?,
        );
        boxes.push([x, y, x, y]);
    }
    write_geoparquet(path, sorted, &wkb, &boxes, &["Point"])
}

/// The row order along a Hilbert curve over the points' bounding box
/// (order 16: 65,536 cells a side); ties keep the input order, so the
/// order depends only on the coordinates.
fn hilbert_order(lon: &[f64], lat: &[f64]) -> Vec<usize> {
    let fold = |f: fn(f64, f64) -> f64, v: &[f64], init: f64| v.iter().copied().fold(init, f);
    let (x0, x1) = (
        fold(f64::min, lon, f64::INFINITY),
        fold(f64::max, lon, -f64::INFINITY),
    );
    let (y0, y1) = (
        fold(f64::min, lat, f64::INFINITY),
        fold(f64::max, lat, -f64::INFINITY),
    );
    let side = f64::from(u16::MAX);
    let scale = |v: f64, lo: f64, hi: f64| -> u32 {
        if hi > lo {
            ((v - lo) / (hi - lo) * side).round() as u32
        } else {
            0
        }
    };
    let keys: Vec<u64> = lon
        .iter()
        .zip(lat)
        .map(|(&x, &y)| hilbert_index(scale(x, x0, x1), scale(y, y0, y1)))
        .collect();
    let mut order: Vec<usize> = (0..lon.len()).collect();
    order.sort_by_key(|&i| (keys[i], i));
    order
}

/// Distance along the Hilbert curve of order 16 of cell `(x, y)`, both in
/// `0..65536` (the classic rotate-and-flip construction).
fn hilbert_index(mut x: u32, mut y: u32) -> u64 {
    const N: u32 = 1 << 16;
    let mut d: u64 = 0;
    let mut s = N / 2;
    while s > 0 {
        let rx = u32::from(x & s > 0);
        let ry = u32::from(y & s > 0);
        d += u64::from(s) * u64::from(s) * u64::from((3 * rx) ^ ry);
        if ry == 0 {
            if rx == 1 {
                x = N - 1 - x;
                y = N - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s /= 2;
    }
    d
}

/// The GeoParquet 1.1 `geo` metadata of a file whose geometries have the
/// bounding boxes `boxes` and the (sorted) WKB types `types`.
fn geo_metadata(boxes: &[Bbox], types: &[&str]) -> serde_json::Value {
    let mut all = [f64::INFINITY, f64::INFINITY, -f64::INFINITY, -f64::INFINITY];
    for b in boxes.iter().filter(|b| b.iter().all(|v| v.is_finite())) {
        all = [
            all[0].min(b[0]),
            all[1].min(b[1]),
            all[2].max(b[2]),
            all[3].max(b[3]),
        ];
    }
    let mut column = json!({
        "encoding": "WKB",
        "geometry_types": types,
        "covering": {"bbox": {
            "xmin": ["bbox", "xmin"], "ymin": ["bbox", "ymin"],
            "xmax": ["bbox", "xmax"], "ymax": ["bbox", "ymax"],
        }},
    });
    if all.iter().all(|v| v.is_finite()) {
        column["bbox"] = json!(all);
    }
    json!({
        "version": "1.1.0",
        "primary_column": "geometry",
        "columns": {"geometry": column},
    })
}

/// Append the `geometry` (WKB) and `bbox` columns to `table` and write it
/// with the `geo` metadata.
fn write_geoparquet(
    path: &Path,
    mut table: DataFrame,
    wkb: &[Vec<u8>],
    boxes: &[Bbox],
    types: &[&str],
) -> Result<()> {
    let err = |e: &dyn std::fmt::Display| parquet_error(path, e);
    let n = wkb.len();
    let slices: Vec<&[u8]> = wkb.iter().map(Vec::as_slice).collect();
    let geometry = BinaryChunked::new("geometry".into(), &slices).into_series();
    let part = |name: &str, k: usize| {
        Series::new(
            name.into(),
            boxes.iter().map(|b| b[k]).collect::<Vec<f64>>(),
        )
    };
    let fields = [
        part("xmin", 0),
        part("ymin", 1),
        part("xmax", 2),
        part("ymax", 3),
    ];
    let bbox = StructChunked::from_series("bbox".into(), n, fields.iter())
        .map_err(|e| err(&e))?
        .into_series();
    for s in [geometry, bbox] {
        table.with_column(s.into_column()).map_err(|e| err(&e))?;
    }
    // polars declares its own string and binary *view* types in the Arrow
    // schema it embeds, which pyarrow reads but cannot filter on; the
    // oldest compatibility level declares the classic large types for the
    // same Parquet data. Given an `ARROW:schema` key, polars keeps ours.
    let arrow = schema_to_metadata_key(&table.schema().to_arrow(CompatLevel::oldest()));
    let geo = KeyValue {
        key: "geo".into(),
        value: Some(geo_metadata(boxes, types).to_string()),
    };
    let metadata = KeyValueMetadata::Static(vec![arrow, geo]);
    write_atomic(path, |w| {
        ParquetWriter::new(w)
            .with_compression(ParquetCompression::Zstd(None))
            .with_statistics(StatisticsOptions::default())
            .with_row_group_size(Some(ROW_GROUP_ROWS))
            .with_key_value_metadata(Some(metadata.clone()))
            .finish(&mut table)
            .map(|_| ())
            .map_err(|e| std::io::Error::other(e.to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hilbert_index_visits_the_order_one_curve_in_order() {
        // The order-16 curve restricted to the four quadrants' corners
        // follows the order-1 pattern (0,0) → (0,1) → (1,1) → (1,0).
        let h = 1u32 << 15;
        let q = |x, y| hilbert_index(x, y) / (u64::from(h) * u64::from(h));
        assert_eq!([q(0, 0), q(0, h), q(h, h), q(h, 0)], [0, 1, 2, 3]);
    }

    #[test]
    fn hilbert_index_is_a_bijection_on_a_small_grid_of_neighbours() {
        // Consecutive indices are neighbouring cells (a Hilbert curve's
        // defining property), checked on the first 4096 cells.
        let mut cells: Vec<(u64, u32, u32)> = (0..64)
            .flat_map(|x| (0..64).map(move |y| (hilbert_index(x, y), x, y)))
            .collect();
        cells.sort_unstable();
        for (k, w) in cells.windows(2).enumerate() {
            assert_eq!(w[0].0, k as u64);
            let step = w[0].1.abs_diff(w[1].1) + w[0].2.abs_diff(w[1].2);
            assert_eq!(step, 1, "{:?} → {:?}", w[0], w[1]);
        }
    }

    #[test]
    fn metadata_declares_version_covering_and_bbox() {
        let m = geo_metadata(&[[1.0, 2.0, 3.0, 4.0], [0.0, 5.0, 0.5, 6.0]], &["Point"]);
        assert_eq!(m["version"], "1.1.0");
        assert_eq!(m["primary_column"], "geometry");
        let g = &m["columns"]["geometry"];
        assert_eq!(g["encoding"], "WKB");
        assert_eq!(g["bbox"], json!([0.0, 2.0, 3.0, 6.0]));
        assert_eq!(g["covering"]["bbox"]["xmax"], json!(["bbox", "xmax"]));
        assert!(g.get("crs").is_none(), "lon/lat: the default OGC:CRS84");
    }
}
