//! FlatGeobuf output (<https://flatgeobuf.org>, via the `flatgeobuf`
//! crate): a point layer from a table with `lon` and `lat` columns, in
//! WGS84 (EPSG:4326), with a packed Hilbert R-tree spatial index so that
//! QGIS and GDAL draw and query millions of points fast. The other
//! columns become typed fields (booleans, integers, reals, strings; empty
//! cells are null).

use std::path::Path;

use flatgeobuf::{ColumnType, FgbCrs, FgbWriter, FgbWriterOptions, GeometryType};
use geozero::{ColumnValue, GeomProcessor, GeozeroGeometry, PropertyProcessor};
use polars::prelude::{AnyValue, DataFrame, DataType};

use crate::output::atomic::write_atomic;
use crate::{Error, Result};

/// A point as a geozero geometry (what the FlatGeobuf writer consumes).
struct Point(f64, f64);

impl GeozeroGeometry for Point {
    fn process_geom<P: GeomProcessor>(&self, p: &mut P) -> geozero::error::Result<()> {
        p.point_begin(0)?;
        p.xy(self.0, self.1, 0)?;
        p.point_end(0)
    }
}

fn column_type(t: &DataType) -> ColumnType {
    match t {
        DataType::Boolean => ColumnType::Bool,
        DataType::Int8 | DataType::Int16 | DataType::Int32 => ColumnType::Int,
        DataType::UInt8 | DataType::UInt16 | DataType::UInt32 => ColumnType::UInt,
        DataType::Int64 => ColumnType::Long,
        DataType::UInt64 => ColumnType::ULong,
        DataType::Float32 | DataType::Float64 => ColumnType::Double,
        _ => ColumnType::String,
    }
}

fn value(v: &AnyValue<'_>) -> Option<ColumnValue<'static>> {
    Some(match *v {
        AnyValue::Boolean(b) => ColumnValue::Bool(b),
        AnyValue::Int8(x) => ColumnValue::Int(x.into()),
        AnyValue::Int16(x) => ColumnValue::Int(x.into()),
        AnyValue::Int32(x) => ColumnValue::Int(x),
        AnyValue::UInt8(x) => ColumnValue::UInt(x.into()),
        AnyValue::UInt16(x) => ColumnValue::UInt(x.into()),
        AnyValue::UInt32(x) => ColumnValue::UInt(x),
        AnyValue::Int64(x) => ColumnValue::Long(x),
        AnyValue::UInt64(x) => ColumnValue::ULong(x),
        AnyValue::Float32(x) if x.is_finite() => ColumnValue::Double(x.into()),
        AnyValue::Float64(x) if x.is_finite() => ColumnValue::Double(x),
        _ => return None,
    })
}

fn fgb_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Output(format!("{}: writing FlatGeobuf: {e}", path.display()))
}

/// Write `table` as a FlatGeobuf point layer named `name` at `path`
/// (atomically): the geometry from the `lon` and `lat` columns, every
/// other column a field of the matching type.
pub fn write_points_fgb(path: &Path, name: &str, table: &DataFrame) -> Result<()> {
    let err = |e: &dyn std::fmt::Display| fgb_error(path, e);
    let coord = |c: &str| -> Result<Vec<f64>> {
        let col = table
            .column(c)
            .and_then(|s| s.f64().map(|a| a.into_no_null_iter().collect()))
            .map_err(|e| err(&e))?;
        Ok(col)
    };
    let (lon, lat) = (coord("lon")?, coord("lat")?);
    let fields: Vec<_> = table
        .columns()
        .iter()
        .filter(|c| c.name() != "lon" && c.name() != "lat")
        .collect();
    let options = FgbWriterOptions {
        write_index: true,
        crs: FgbCrs {
            code: 4326,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut fgb =
        FgbWriter::create_with_options(name, GeometryType::Point, options).map_err(|e| err(&e))?;
    for c in &fields {
        fgb.add_column(c.name(), column_type(c.dtype()), |_, col| {
            col.nullable = true;
        });
    }
    for (i, (&x, &y)) in lon.iter().zip(&lat).enumerate() {
        let cells: Vec<AnyValue<'_>> = fields
            .iter()
            .map(|c| c.get(i))
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| err(&e))?;
        fgb.add_feature_geom(Point(x, y), |feat| {
            for (k, (c, v)) in fields.iter().zip(&cells).enumerate() {
                let text;
                let cv = match v {
                    AnyValue::String(s) => ColumnValue::String(s),
                    AnyValue::StringOwned(s) => {
                        text = s.to_string();
                        ColumnValue::String(&text)
                    }
                    other => match value(other) {
                        Some(cv) => cv,
                        None => continue,
                    },
                };
                // Writing into an in-memory buffer cannot fail.
                let _ = feat.property(k, c.name(), &cv);
            }
        })
        .map_err(|e| err(&e))?;
    }
    write_atomic(path, |w| {
        fgb.write(w)
            .map_err(|e| std::io::Error::other(e.to_string()))
    })
}
