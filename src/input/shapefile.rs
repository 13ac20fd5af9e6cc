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
//!   `.cpg`, UTF-8 with invalid bytes replaced. Text is normalised to NFC:
//!   Windows-1258 stores most Vietnamese letters as a base letter plus a
//!   combining tone mark (NFD), which would otherwise not match the same
//!   name typed elsewhere.
//! - CRS: from the `.prj` (see [`crate::crs::prj`]).

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use geojson::{Feature, Geometry, JsonObject, JsonValue};
use unicode_normalization::UnicodeNormalization;

use crate::crs::prj::crs_from_wkt;
use crate::input::feature_layer::FeatureLayer;
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
    let dbase_reader = builder.build(BufReader::new(dbf)).map_err(|e| {
        Error::unreadable_layer(&dbf_path, "", format!("cannot read the .dbf: {e}"))
    })?;
    // Shapes and records are read in pairs, so a .dbf shorter than the
    // .shp would silently drop the last shapes.
    let records = dbase_reader.header().num_records as usize;
    if let Ok(shapes) = shape_reader.shape_count() {
        if shapes != records {
            return Err(Error::unreadable_layer(
                path,
                "",
                format!(
                    "the .shp has {shapes} shapes but the .dbf has {records} records; \
                     the files do not belong together: export the layer again"
                ),
            ));
        }
    }
    let mut reader = shapefile::Reader::new(shape_reader, dbase_reader);
    let mut features = Vec::new();
    for (i, item) in reader.iter_shapes_and_records().enumerate() {
        let loc = format!("feature {}", i + 1);
        let (shape, record) = item.map_err(|e| {
            Error::unreadable_layer(
                path,
                &loc,
                format!("cannot read the shape or its record: {e}"),
            )
        })?;
        let geometry = match shape {
            shapefile::Shape::NullShape => None,
            other => {
                let g = geo::Geometry::<f64>::try_from(other).map_err(|e| {
                    Error::unreadable_layer(path, &loc, format!("unusable geometry: {e}"))
                })?;
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
        return Err(Error::unreadable_layer(
            path,
            "",
            "the Shapefile has no features; expected at least one",
        ));
    }
    let prj = path.with_extension("prj");
    let declared_crs = if prj.exists() {
        let text = std::fs::read_to_string(&prj).map_err(|e| Error::io(&prj, e))?;
        Some(crs_from_wkt(&text).map_err(|e| Error::unreadable_layer(&prj, "", e))?)
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
        other => Error::unreadable_layer(path, "", format!("not a readable Shapefile: {other}")),
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
                return Err(Error::unreadable_layer(
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
        F::Character(Some(s)) => JsonValue::String(s.trim().nfc().collect()),
        F::Memo(s) => JsonValue::String(s.nfc().collect()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use shapefile::dbase::{self, TableWriterBuilder};
    use shapefile::{Point, Polygon, PolygonRing};

    /// A .dbf with fewer records than the .shp has shapes (files of two
    /// exports mixed up) is refused, not read as fewer communes.
    #[test]
    fn a_dbf_shorter_than_the_shapes_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        let write = |name: &str, n: usize| {
            let table =
                TableWriterBuilder::new().add_character_field("code".try_into().unwrap(), 10);
            let mut w = shapefile::Writer::from_path(d.path().join(name), table).unwrap();
            for k in 0..n {
                let mut rec = dbase::Record::default();
                rec.insert(
                    "code".into(),
                    dbase::FieldValue::Character(Some(format!("C{k}"))),
                );
                w.write_shape_and_record(&Point::new(105.0 + k as f64 * 0.01, 9.0), &rec)
                    .unwrap();
            }
        };
        write("a.shp", 3);
        write("b.shp", 1);
        std::fs::copy(d.path().join("b.dbf"), d.path().join("a.dbf")).unwrap();
        let e = read_shapefile(&d.path().join("a.shp"))
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.ends_with("a.shp: the .shp has 3 shapes but the .dbf has 1 records; the files do not belong together: export the layer again"),
            "{e}"
        );
    }

    /// A Windows-1258 `.dbf` (Vietnamese code page) with a `.cpg` saying
    /// so, and point shapes: names decode, points come out as features.
    #[test]
    fn reads_windows_1258_attributes_and_points() {
        let d = tempfile::tempdir().unwrap();
        let shp = d.path().join("xa.shp");
        let enc = dbase::encoding::EncodingRs::from(encoding_rs::WINDOWS_1258);
        let table = TableWriterBuilder::with_encoding(enc)
            .add_character_field("ten".try_into().unwrap(), 40)
            .add_numeric_field("dan_so".try_into().unwrap(), 10, 0);
        let mut w = shapefile::Writer::from_path(&shp, table).unwrap();
        let ring = vec![
            Point::new(105.0, 9.0),
            Point::new(105.0, 9.1),
            Point::new(105.1, 9.1),
            Point::new(105.0, 9.0),
        ];
        let mut rec = dbase::Record::default();
        // Windows-1258 has precomposed "â" and "à" but no "ã": that is
        // "a" + combining tilde (0xDE), as Vietnamese 1258 files store it.
        let nfd = "Xa\u{303} Tân Thành".to_string();
        rec.insert("ten".into(), dbase::FieldValue::Character(Some(nfd)));
        rec.insert("dan_so".into(), dbase::FieldValue::Numeric(Some(12345.0)));
        w.write_shape_and_record(&Polygon::new(PolygonRing::Outer(ring)), &rec)
            .unwrap();
        drop(w);
        std::fs::write(d.path().join("xa.cpg"), "1258").unwrap();
        let layer = read_shapefile(&shp).unwrap();
        assert!(layer.declared_crs.is_none());
        let f = &layer.features[0];
        assert_eq!(
            crate::input::geojson_read::property_text(f, "ten").as_deref(),
            Some("Xã Tân Thành")
        );
        assert_eq!(
            crate::input::geojson_read::property_text(f, "dan_so").as_deref(),
            Some("12345")
        );
        let areas = crate::input::read_areas(
            &shp,
            &crate::config::AreaFields {
                id_field: "dan_so".into(),
                name_field: "ten".into(),
                parent_field: None,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(areas.items[0].name, "Xã Tân Thành");

        // Points (households) with a .prj in UTM 48N.
        let shp = d.path().join("ho.shp");
        let table = TableWriterBuilder::new().add_character_field("id".try_into().unwrap(), 10);
        let mut w = shapefile::Writer::from_path(&shp, table).unwrap();
        let mut rec = dbase::Record::default();
        rec.insert("id".into(), dbase::FieldValue::Character(Some("h1".into())));
        w.write_shape_and_record(&Point::new(516742.693, 1014413.394), &rec)
            .unwrap();
        drop(w);
        std::fs::write(
            d.path().join("ho.prj"),
            r#"PROJCS["WGS_1984_UTM_Zone_48N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#,
        )
        .unwrap();
        let h = crate::input::read_households(&shp).unwrap();
        assert_eq!(h.ids.get(0), "h1");
        assert!((h.lon[0] - 105.1524).abs() < 1e-6 && (h.lat[0] - 9.1769).abs() < 1e-6);
    }
}
