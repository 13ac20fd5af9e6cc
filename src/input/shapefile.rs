//! ESRI Shapefiles (`.shp` + `.shx` + `.dbf`, with `.prj` and `.cpg`),
//! read into GeoJSON features so that every layer reader accepts them.
//!
//! - Geometry: Point, MultiPoint, PolyLine, Polygon (and their M/Z forms;
//!   M and Z are dropped). Polygon rings are grouped into polygons by the
//!   `shapefile` crate (outer rings clockwise, holes counter-clockwise, as in
//!   the ESRI Shapefile Technical Description, 1998).
//! - Attributes: the `.dbf` fields become properties (text, numbers,
//!   booleans, dates as `YYYY-MM-DD`).
//! - Text encoding: from the `.cpg` file (`UTF-8`, `1258`/`windows-1258`
//!   for Vietnamese, or any WHATWG label such as `windows-1252`); without a
//!   `.cpg`, UTF-8 with invalid bytes replaced.
//! - CRS: from the `.prj` (see [`crate::crs::prj`]).

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use geojson::{Feature, Geometry, JsonObject, JsonValue};

use crate::crs::prj::crs_from_wkt;
use crate::input::geojson_read::FeatureLayer;
use crate::{Error, Result};

/// Read a Shapefile as features (1 per record, in file order) and the CRS
/// of its `.prj`.
pub fn read_shapefile(path: &Path) -> Result<FeatureLayer> {
    let shape_reader = shapefile::ShapeReader::from_path(path).map_err(|e| shp_error(path, e))?;
    let dbf_path = path.with_extension("dbf");
    let dbf = File::open(&dbf_path).map_err(|e| Error::io(&dbf_path, e))?;
    let mut builder = shapefile::dbase::ReaderBuilder::new();
    if let Some(enc) = cpg_encoding(path)? {
        builder = builder.with_encoding(enc);
    }
    let dbase_reader = builder
        .build(BufReader::new(dbf))
        .map_err(|e| Error::input(&dbf_path, "", format!("cannot read the .dbf: {e}")))?;
    let mut reader = shapefile::Reader::new(shape_reader, dbase_reader);
    let mut features = Vec::new();
    for (i, item) in reader.iter_shapes_and_records().enumerate() {
        let loc = format!("feature {}", i + 1);
        let (shape, record) = item.map_err(|e| {
            Error::input(
                path,
                &loc,
                format!("cannot read the shape or its record: {e}"),
            )
        })?;
        let geometry = match shape {
            shapefile::Shape::NullShape => None,
            other => {
                let g = geo::Geometry::<f64>::try_from(other)
                    .map_err(|e| Error::input(path, &loc, format!("unusable geometry: {e}")))?;
                Some(Geometry::from(&g))
            }
        };
        let mut properties = JsonObject::new();
        for (name, value) in record {
            properties.insert(name, field_json(value));
        }
        features.push(Feature {
            geometry,
            properties: Some(properties),
            ..Default::default()
        });
    }
    if features.is_empty() {
        return Err(Error::input(
            path,
            "",
            "the Shapefile has no features; expected at least one",
        ));
    }
    let prj = path.with_extension("prj");
    let declared_crs = if prj.exists() {
        let text = std::fs::read_to_string(&prj).map_err(|e| Error::io(&prj, e))?;
        Some(crs_from_wkt(&text).map_err(|e| Error::input(&prj, "", e))?)
    } else {
        None
    };
    Ok(FeatureLayer {
        features,
        declared_crs,
    })
}

fn shp_error(path: &Path, e: shapefile::Error) -> Error {
    match e {
        shapefile::Error::IoError(io) => Error::io(path, io),
        other => Error::input(path, "", format!("not a readable Shapefile: {other}")),
    }
}

/// The `.dbf` text encoding named by the `.cpg` file, if there is one.
fn cpg_encoding(path: &Path) -> Result<Option<shapefile::dbase::encoding::DynEncoding>> {
    let cpg = path.with_extension("cpg");
    if !cpg.exists() {
        return Ok(None);
    }
    let label = std::fs::read_to_string(&cpg).map_err(|e| Error::io(&cpg, e))?;
    let label = label.trim().trim_start_matches('\u{feff}');
    let upper = label.to_ascii_uppercase();
    let enc: &'static encoding_rs::Encoding = match upper.as_str() {
        "UTF-8" | "UTF8" | "65001" => encoding_rs::UTF_8,
        "1258" | "CP1258" | "ANSI 1258" | "WINDOWS-1258" => encoding_rs::WINDOWS_1258,
        "1252" | "CP1252" | "ANSI 1252" => encoding_rs::WINDOWS_1252,
        _ => match encoding_rs::Encoding::for_label(label.as_bytes()) {
            Some(e) => e,
            None => {
                return Err(Error::input(
                    &cpg,
                    "",
                    format!(
                        "unknown text encoding {label:?}; write UTF-8 or 1258 (Windows Vietnamese) \
                         in the .cpg file"
                    ),
                ))
            }
        },
    };
    Ok(Some(
        shapefile::dbase::encoding::EncodingRs::from(enc).into(),
    ))
}

fn field_json(v: shapefile::dbase::FieldValue) -> JsonValue {
    use shapefile::dbase::FieldValue as F;
    let num = |x: f64| {
        serde_json::Number::from_f64(x)
            .map(JsonValue::Number)
            .unwrap_or(JsonValue::Null)
    };
    match v {
        F::Character(Some(s)) => JsonValue::String(s.trim().to_string()),
        F::Memo(s) => JsonValue::String(s),
        F::Numeric(Some(x)) | F::Currency(x) | F::Double(x) => {
            if x.fract() == 0.0 && x.abs() < 1e15 {
                JsonValue::Number((x as i64).into())
            } else {
                num(x)
            }
        }
        F::Float(Some(x)) => num(f64::from(x)),
        F::Integer(i) => JsonValue::Number(i.into()),
        F::Logical(Some(b)) => JsonValue::Bool(b),
        F::Date(Some(d)) => {
            JsonValue::String(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
        }
        F::DateTime(dt) => {
            let d = dt.date();
            JsonValue::String(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
        }
        _ => JsonValue::Null,
    }
}
