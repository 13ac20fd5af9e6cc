//! The fibre network: GeoJSON LineString / MultiLineString features (cables)
//! and Point / MultiPoint features (distribution points: splitters,
//! cabinets).

use std::path::Path;

use geojson::GeometryValue;

use crate::input::geojson_read::{
    feature_id, feature_location, lon_lat, property_text, read_features, type_name,
};
use crate::{Error, Result};

/// The fibre network in lon/lat: cable segments and distribution points,
/// each tagged with the index of the feature it came from.
#[derive(Debug, Clone, Default)]
pub struct Fibre {
    /// Feature ids (the `id` property, else the feature id, else its number).
    pub feature_ids: Vec<String>,
    /// Cable segments `[lon, lat]` → `[lon, lat]` with their feature index.
    pub segments: Vec<([f64; 2], [f64; 2], u32)>,
    /// Distribution points with their feature index.
    pub points: Vec<([f64; 2], u32)>,
}

impl Fibre {
    /// Number of elements (segments + points).
    pub fn element_count(&self) -> usize {
        self.segments.len() + self.points.len()
    }
}

/// Read the fibre network from a GeoJSON file.
pub fn read_fibre(path: &Path) -> Result<Fibre> {
    let features = read_features(path)?;
    let mut fibre = Fibre::default();
    for (i, f) in features.iter().enumerate() {
        let loc = feature_location(i);
        let idx = u32::try_from(i).map_err(|_| Error::input(path, &loc, "too many features"))?;
        fibre.feature_ids.push(
            property_text(f, "id")
                .or_else(|| feature_id(f))
                .unwrap_or_else(|| (i + 1).to_string()),
        );
        let Some(geom) = f.geometry.as_ref() else {
            return Err(Error::input(path, &loc, "the feature has no geometry"));
        };
        let mut add_line = |line: &[geojson::Position]| -> Result<()> {
            if line.len() < 2 {
                return Err(Error::input(
                    path,
                    &loc,
                    "a LineString needs at least 2 positions",
                ));
            }
            let mut prev = lon_lat(path, &loc, &line[0])?;
            for p in &line[1..] {
                let q = lon_lat(path, &loc, p)?;
                fibre.segments.push((prev, q, idx));
                prev = q;
            }
            Ok(())
        };
        match &geom.value {
            GeometryValue::LineString { coordinates } => add_line(coordinates)?,
            GeometryValue::MultiLineString { coordinates } => {
                for l in coordinates {
                    add_line(l)?;
                }
            }
            GeometryValue::Point { coordinates } => {
                fibre.points.push((lon_lat(path, &loc, coordinates)?, idx))
            }
            GeometryValue::MultiPoint { coordinates } => {
                for p in coordinates {
                    fibre.points.push((lon_lat(path, &loc, p)?, idx));
                }
            }
            other => {
                return Err(Error::input(
                    path,
                    &loc,
                    format!(
                        "a {} is not a fibre element; expected LineString/MultiLineString \
                         (cables) or Point/MultiPoint (distribution points)",
                        type_name(other)
                    ),
                ))
            }
        }
    }
    Ok(fibre)
}
