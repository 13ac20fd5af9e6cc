//! Reading GeoJSON layers with errors that name the file and the feature:
//! FeatureCollections (with the legacy `crs` member of the 2008 GeoJSON
//! spec, as QGIS and GDAL still write it), GeoJSON text sequences (RFC 8142,
//! and newline-delimited GeoJSON), and Shapefiles through
//! [`crate::input::shapefile`], whose features are given the same shape.

use std::path::Path;

use geojson::{Feature, GeoJson, GeometryValue, Position};

use crate::crs::Crs;
use crate::input::layer::to_lon_lat;
use crate::input::table::read_to_string;
use crate::{Error, Result};

pub use crate::input::feature_layer::FeatureLayer;

/// True when `path` names a Shapefile (`.shp`).
pub fn is_shapefile(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("shp"))
}

/// Read a feature layer: a Shapefile when the name ends in `.shp`, else
/// GeoJSON (a FeatureCollection, a Feature, a Geometry, or a sequence of
/// Features one per line, RFC 8142 record separators allowed; gzip
/// allowed). An empty layer is an error.
pub fn read_feature_layer(path: &Path) -> Result<FeatureLayer> {
    if is_shapefile(path) {
        return crate::input::shapefile::read_shapefile(path);
    }
    let text = read_to_string(path)?;
    let (features, declared_crs) = match text.parse::<GeoJson>() {
        Ok(gj) => match gj {
            GeoJson::FeatureCollection(fc) => {
                let crs = match fc.foreign_members.as_ref().and_then(|m| m.get("crs")) {
                    Some(v) => Some(crs_member(path, v)?),
                    None => None,
                };
                (fc.features, crs)
            }
            GeoJson::Feature(f) => (vec![f], None),
            GeoJson::Geometry(g) => (
                vec![Feature {
                    geometry: Some(g),
                    ..Default::default()
                }],
                None,
            ),
        },
        Err(e) => match read_sequence(path, &text)? {
            Some(features) => (features, None),
            None => {
                return Err(Error::unreadable_layer(
                    path,
                    "",
                    format!(
                    "not valid GeoJSON ({e}); check that the file is a GeoJSON FeatureCollection"
                ),
                ))
            }
        },
    };
    if features.is_empty() {
        return Err(Error::unreadable_layer(
            path,
            "",
            "the FeatureCollection is empty; expected at least one feature",
        ));
    }
    Ok(FeatureLayer {
        features,
        declared_crs,
    })
}

/// A GeoJSON text sequence: one Feature per line (or per RFC 8142 record
/// separator `\x1e`). `None` when the text does not look like one.
fn read_sequence(path: &Path, text: &str) -> Result<Option<Vec<Feature>>> {
    let records: Vec<(usize, &str)> = text
        .split(['\n', '\x1e'])
        .enumerate()
        .map(|(i, r)| (i, r.trim()))
        .filter(|(_, r)| !r.is_empty())
        .collect();
    let has_rs = text.contains('\x1e');
    if records.is_empty()
        || (records.len() < 2 && !has_rs)
        || !records.iter().all(|(_, r)| r.starts_with('{'))
    {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(records.len());
    for (n, (i, r)) in records.iter().enumerate() {
        let loc = if has_rs {
            format!("record {}", n + 1)
        } else {
            format!("line {}", i + 1)
        };
        match r.parse::<GeoJson>() {
            Ok(GeoJson::Feature(f)) => out.push(f),
            Ok(GeoJson::Geometry(g)) => out.push(Feature {
                geometry: Some(g),
                ..Default::default()
            }),
            Ok(GeoJson::FeatureCollection(fc)) => out.extend(fc.features),
            Err(e) => {
                return Err(Error::unreadable_layer(
                    path,
                    loc,
                    format!("not a valid GeoJSON Feature in the sequence ({e})"),
                ))
            }
        }
    }
    Ok(Some(out))
}

/// The legacy `crs` member: `{"type":"name","properties":{"name":
/// "urn:ogc:def:crs:EPSG::3405"}}` or `{"type":"EPSG","properties":{"code":3405}}`.
fn crs_member(path: &Path, v: &serde_json::Value) -> Result<Crs> {
    let props = v.get("properties");
    let text = props
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .map(String::from)
        .or_else(|| {
            props
                .and_then(|p| p.get("code"))
                .map(|c| format!("EPSG:{}", c.to_string().trim_matches('"')))
        })
        .ok_or_else(|| {
            Error::unreadable_layer(
                path,
                "",
                "the `crs` member has no properties.name; write it as \
                 {\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::32648\"}} or remove it",
            )
        })?;
    Crs::parse(&text).map_err(|e| Error::unreadable_layer(path, "the `crs` member", e))
}

/// Parse `path` as a feature layer (see [`read_feature_layer`]) and return
/// its features, ignoring any declared CRS. An empty collection is an
/// error: a layer with nothing in it is almost always a wrong file or a
/// failed export.
pub fn read_features(path: &Path) -> Result<Vec<Feature>> {
    read_feature_layer(path).map(|l| l.features)
}

/// A feature's property `name`: the key as written, else, for a name with
/// letters beyond ASCII, the one key equal to it in Unicode NFC ignoring
/// case (a decomposed `Mã`, as some Mac tools write keys, is `mã`).
/// ASCII names match exactly, as they always did.
pub fn property<'a>(f: &'a Feature, name: &str) -> Option<&'a serde_json::Value> {
    use unicode_normalization::UnicodeNormalization;
    if let Some(v) = f.property(name) {
        return Some(v);
    }
    // NFC changes no ASCII text: an ASCII name has no other form.
    if name.is_ascii() {
        return None;
    }
    let key = |k: &str| k.nfc().collect::<String>().to_lowercase();
    let want = key(name);
    let props = f.properties.as_ref()?;
    let mut found = props
        .iter()
        .filter(|(k, _)| !k.is_ascii() && key(k) == want);
    match (found.next(), found.next()) {
        (Some((_, v)), None) => Some(v),
        _ => None,
    }
}

/// A feature's property as text (strings as they are, numbers printed),
/// `None` when absent or null.
pub fn property_text(f: &Feature, name: &str) -> Option<String> {
    match property(f, name)? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

/// A feature's property used as a code (a commune id): a non-empty string
/// or an integer, as text. `Ok(None)` when absent or null; an error text
/// for what cannot be a code — `true`, `{"a":1}`, `[1]`, `""` — and for a
/// fractional number such as `32002.0` (which would not match "32002").
pub fn property_code(f: &Feature, name: &str) -> std::result::Result<Option<String>, String> {
    use serde_json::Value;
    match property(f, name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.trim().to_string())),
        Some(Value::String(_)) => Err(format!("the `{name}` property is empty; give each commune its code")),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(n.to_string())),
        Some(Value::Number(n)) => Err(format!(
            "the `{name}` property is the number {n}, not a code; write codes as text (\"32002\") or integers"
        )),
        Some(other) => {
            let text = other.to_string();
            Err(format!(
                "the `{name}` property is {}, not a code; write codes as text or integers",
                crate::input::table::shorten(&text)
            ))
        }
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

/// A position in `crs`, converted to checked WGS 84 lon/lat.
pub fn lon_lat(path: &Path, crs: &Crs, location: &str, p: &Position) -> Result<[f64; 2]> {
    let s = p.as_slice();
    if s.len() < 2 {
        return Err(Error::invalid_value(
            path,
            location,
            "a position has fewer than 2 numbers",
        ));
    }
    to_lon_lat(path, crs, location, s[0], s[1])
}

/// The id and lon/lat of a Point feature (households, sites): the id from
/// `id_column` if mapped, else the usual id properties, else the feature
/// id, else the feature's number. `what` names the layer's items in the
/// error for a non-Point geometry ("a household must be a Point").
pub fn point_feature(
    path: &Path,
    crs: &Crs,
    id_column: Option<&str>,
    i: usize,
    f: &Feature,
    what: &str,
) -> Result<(String, [f64; 2])> {
    let loc = feature_location(i);
    let id = id_column
        .and_then(|c| property_text(f, c))
        .or_else(|| {
            crate::input::table::ID_ALIASES
                .iter()
                .find_map(|a| property_text(f, a))
        })
        .or_else(|| feature_id(f))
        .unwrap_or_else(|| (i + 1).to_string());
    let geom = f
        .geometry
        .as_ref()
        .ok_or_else(|| Error::invalid_value(path, &loc, "the feature has no geometry"))?;
    match &geom.value {
        GeometryValue::Point { coordinates } => Ok((id, lon_lat(path, crs, &loc, coordinates)?)),
        other => Err(Error::wrong_geometry_type(
            path,
            &loc,
            format!(
                "{what} must be a Point, found a {}; export one point per item",
                type_name(other)
            ),
        )),
    }
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
