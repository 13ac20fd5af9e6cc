//! Reading GeoJSON layers with errors that name the file and the feature.

use std::path::Path;

use geojson::{Feature, GeoJson, GeometryValue, Position};

use crate::input::table::read_to_string;
use crate::{Error, Result};

/// Parse `path` as a GeoJSON FeatureCollection (gzip allowed) and return
/// its features. A bare Feature or Geometry is accepted as a collection of
/// one. An empty collection is an error: a layer with nothing in it is
/// almost always a wrong file or a failed export.
pub fn read_features(path: &Path) -> Result<Vec<Feature>> {
    let text = read_to_string(path)?;
    let gj: GeoJson = text.parse().map_err(|e: geojson::Error| {
        Error::input(
            path,
            "",
            format!("not valid GeoJSON ({e}); check that the file is a GeoJSON FeatureCollection"),
        )
    })?;
    let features = match gj {
        GeoJson::FeatureCollection(fc) => fc.features,
        GeoJson::Feature(f) => vec![f],
        GeoJson::Geometry(g) => vec![Feature {
            geometry: Some(g),
            ..Default::default()
        }],
    };
    if features.is_empty() {
        return Err(Error::input(
            path,
            "",
            "the FeatureCollection is empty; expected at least one feature",
        ));
    }
    Ok(features)
}

/// A feature's property as text (strings as they are, numbers printed),
/// `None` when absent or null.
pub fn property_text(f: &Feature, name: &str) -> Option<String> {
    match f.property(name)? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

/// The feature's `id` member as text, if any.
pub fn feature_id(f: &Feature) -> Option<String> {
    match &f.id {
        Some(geojson::feature::Id::String(s)) => Some(s.clone()),
        Some(geojson::feature::Id::Number(n)) => Some(n.to_string()),
        None => None,
    }
}

/// "feature 3" (1-based, as a person counts) for error messages.
pub fn feature_location(index: usize) -> String {
    format!("feature {}", index + 1)
}

/// A position as checked lon/lat.
pub fn lon_lat(path: &Path, location: &str, p: &Position) -> Result<[f64; 2]> {
    let s = p.as_slice();
    if s.len() < 2 {
        return Err(Error::input(
            path,
            location,
            "a position has fewer than 2 numbers",
        ));
    }
    let (lon, lat) = (s[0], s[1]);
    crate::input::table::check_lon_lat(path, location, lon, lat)?;
    Ok([lon, lat])
}

/// The GeoJSON type name of a geometry, for messages.
pub fn type_name(g: &GeometryValue) -> &'static str {
    match g {
        GeometryValue::Point { .. } => "Point",
        GeometryValue::MultiPoint { .. } => "MultiPoint",
        GeometryValue::LineString { .. } => "LineString",
        GeometryValue::MultiLineString { .. } => "MultiLineString",
        GeometryValue::Polygon { .. } => "Polygon",
        GeometryValue::MultiPolygon { .. } => "MultiPolygon",
        GeometryValue::GeometryCollection { .. } => "GeometryCollection",
    }
}
