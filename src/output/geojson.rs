//! GeoJSON output (RFC 7946): WGS84 lon/lat, exterior rings
//! counter-clockwise and holes clockwise, at most 7 decimals (about 1 cm),
//! properties taken from a result table.

use std::path::Path;

use geo::orient::{Direction, Orient};
use geo::MultiPolygon;
use polars::prelude::{AnyValue, DataFrame};
use rayon::prelude::*;
use serde_json::Value;

use crate::output::atomic::write_atomic;
use crate::{Error, Result};

/// Round to 7 decimals (RFC 7946 §11.2 recommends no more precision than
/// needed; 1e-7° is about 1 cm).
fn round7(v: f64) -> f64 {
    (v * 1e7).round() / 1e7
}

fn ring_json(ring: &geo::LineString<f64>) -> Value {
    Value::Array(
        ring.0
            .iter()
            .map(|c| Value::Array(vec![Value::from(round7(c.x)), Value::from(round7(c.y))]))
            .collect(),
    )
}

/// A MultiPolygon as a GeoJSON geometry object, oriented per RFC 7946 §3.1.6.
/// Single polygons are written as `Polygon`.
pub fn multipolygon_json(mp: &MultiPolygon<f64>) -> Value {
    let oriented = mp.orient(Direction::Default);
    let polys: Vec<Value> = oriented
        .0
        .iter()
        .map(|p| {
            let mut rings = vec![ring_json(p.exterior())];
            rings.extend(p.interiors().iter().map(ring_json));
            Value::Array(rings)
        })
        .collect();
    if polys.len() == 1 {
        serde_json::json!({"type": "Polygon", "coordinates": polys[0]})
    } else {
        serde_json::json!({"type": "MultiPolygon", "coordinates": polys})
    }
}

/// The JSON value of a table cell.
pub fn cell_json(v: AnyValue<'_>) -> Value {
    match v {
        AnyValue::Null => Value::Null,
        AnyValue::Boolean(b) => Value::Bool(b),
        AnyValue::String(s) => Value::String(s.to_string()),
        AnyValue::StringOwned(s) => Value::String(s.to_string()),
        AnyValue::UInt8(x) => Value::from(x),
        AnyValue::UInt16(x) => Value::from(x),
        AnyValue::UInt32(x) => Value::from(x),
        AnyValue::UInt64(x) => Value::from(x),
        AnyValue::Int8(x) => Value::from(x),
        AnyValue::Int16(x) => Value::from(x),
        AnyValue::Int32(x) => Value::from(x),
        AnyValue::Int64(x) => Value::from(x),
        AnyValue::Float32(x) => Value::from(x as f64),
        AnyValue::Float64(x) => {
            if x.is_finite() {
                Value::from(x)
            } else {
                Value::Null
            }
        }
        other => Value::String(other.to_string()),
    }
}

/// Row `i` of a table as a JSON object, keeping the table's column order
/// (so QGIS shows the fields in a meaningful order, not alphabetically).
pub fn row_properties(df: &DataFrame, i: usize) -> Result<String> {
    let mut out = String::from("{");
    for (k, col) in df.columns().iter().enumerate() {
        let v = col
            .get(i)
            .map_err(|e| Error::table(format!("reading row {i} of a result table"), e))?;
        if k > 0 {
            out.push(',');
        }
        out.push_str(&Value::from(col.name().as_str()).to_string());
        out.push(':');
        out.push_str(&cell_json(v).to_string());
    }
    out.push('}');
    Ok(out)
}

/// Write a FeatureCollection of `geometries[i]` with the properties of row
/// `i` of `table`. `name` becomes the layer name in QGIS.
pub fn write_features(
    path: &Path,
    name: &str,
    geometries: &[Value],
    table: &DataFrame,
) -> Result<()> {
    if geometries.len() != table.height() {
        return Err(Error::Output(format!(
            "{}: {} geometries for {} table rows",
            path.display(),
            geometries.len(),
            table.height()
        )));
    }
    // Serialised in parallel (a province's boundaries are megabytes of
    // coordinates), written in row order.
    let features = geometries
        .par_iter()
        .enumerate()
        .map(|(i, g)| {
            Ok(format!(
                "{{\"type\":\"Feature\",\"properties\":{},\"geometry\":{}}}",
                row_properties(table, i)?,
                g
            ))
        })
        .collect::<Result<Vec<String>>>()?;
    write_collection(path, name, &features)
}

/// Write a FeatureCollection named `name` (the layer name in QGIS) of
/// features already serialised as JSON, one per line.
pub fn write_collection<F: std::fmt::Display>(
    path: &Path,
    name: &str,
    features: &[F],
) -> Result<()> {
    write_atomic(path, |w| {
        write!(
            w,
            "{{\"type\":\"FeatureCollection\",\"name\":{},\"features\":[",
            Value::from(name)
        )?;
        for (i, f) in features.iter().enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            write!(w, "\n{f}")?;
        }
        w.write_all(b"\n]}\n")
    })
}

/// The areas' geometries as GeoJSON, in the order of `areas` (the row order
/// of the commune tables).
pub fn area_geometries(areas: &crate::input::Areas) -> Vec<Value> {
    areas
        .items
        .par_iter()
        .map(|a| multipolygon_json(&a.geometry))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn exterior_becomes_counter_clockwise_and_rounded() {
        // Given clockwise, written counter-clockwise.
        let cw = MultiPolygon(vec![
            polygon![(x: 0., y: 0.), (x: 0., y: 1.), (x: 1.123456789, y: 1.), (x: 1., y: 0.)],
        ]);
        let v = multipolygon_json(&cw);
        assert_eq!(v["type"], "Polygon");
        let ring = v["coordinates"][0].as_array().unwrap();
        let pts: Vec<(f64, f64)> = ring
            .iter()
            .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
            .collect();
        let area2: f64 = pts
            .windows(2)
            .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
            .sum();
        assert!(area2 > 0.0, "exterior must be counter-clockwise");
        assert!(pts.iter().any(|p| p.0 == 1.1234568));
        assert_eq!(pts.first(), pts.last());
    }
}
