//! Area (commune) boundaries from a GeoJSON FeatureCollection of Polygon or
//! MultiPolygon features.

use std::collections::BTreeMap;
use std::path::Path;

use geo::{Coord, LineString, MultiPolygon, Polygon};
use geojson::{GeometryValue, Position};

use crate::config::AreaFields;
use crate::crs::Crs;
use crate::input::geojson_read::{
    feature_location, lon_lat, property_code, property_text, read_feature_layer, type_name,
};
use crate::input::layer::{resolve_crs, LayerMeta, Problems, Read, ReadOptions, Source};
use crate::{Error, Result};

/// One reporting area (a commune or ward), in WGS84 lon/lat.
#[derive(Debug, Clone)]
pub struct Area {
    /// Unique code.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Parent area (district), if configured.
    pub parent: Option<String>,
    /// Boundary, lon/lat degrees.
    pub geometry: MultiPolygon<f64>,
}

/// All areas of a run, sorted by id so that every result is independent of
/// the order of the features in the file.
#[derive(Debug, Clone)]
pub struct Areas {
    /// The areas, sorted by id.
    pub items: Vec<Area>,
}

impl Areas {
    /// Build from a list (sorted here; ids must be unique).
    pub fn new(mut items: Vec<Area>, path: &Path) -> Result<Self> {
        items.sort_by(|a, b| a.id.cmp(&b.id));
        for w in items.windows(2) {
            if w[0].id == w[1].id {
                return Err(Error::duplicate_id(
                    path,
                    "",
                    format!(
                        "the area id {:?} occurs more than once; each commune needs a unique code",
                        w[0].id
                    ),
                ));
            }
        }
        Ok(Areas { items })
    }

    /// The areas' geometries, in their order (e.g. for
    /// `index::AreaIndex::new`, whose area `i` is then `items[i]`).
    pub fn geometries(&self) -> impl Iterator<Item = &MultiPolygon<f64>> {
        self.items.iter().map(|a| &a.geometry)
    }

    /// Number of areas.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there are no areas.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Distinct parent names, sorted, with the indices of their areas.
    pub fn parents(&self) -> BTreeMap<String, Vec<usize>> {
        let mut m: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, a) in self.items.iter().enumerate() {
            if let Some(p) = &a.parent {
                m.entry(p.clone()).or_default().push(i);
            }
        }
        m
    }
}

/// Read areas from a GeoJSON file or Shapefile in WGS 84 (or with the
/// CRS the file declares).
pub fn read_areas(path: &Path, fields: &AreaFields) -> Result<Areas> {
    read_areas_with(path, fields, &ReadOptions::default()).map(|r| r.data)
}

/// Read areas with the scenario's options: the layer's CRS, and lenient
/// collection of bad features (which are then skipped; of two areas with
/// the same id the first in the file is kept).
pub fn read_areas_with(
    path: &Path,
    fields: &AreaFields,
    opts: &ReadOptions,
) -> Result<Read<Areas>> {
    let layer = read_feature_layer(path)?;
    let (crs, crs_source) = resolve_crs(path, opts.crs.as_ref(), layer.declared_crs)?;
    let mut problems = Problems::new(opts.lenient);
    let mut items: Vec<(Area, Source)> = Vec::with_capacity(layer.features.len());
    for (i, f) in layer.features.iter().enumerate() {
        if let Some(area) = problems.keep(read_area(path, &crs, fields, i, f))? {
            items.push((area, Source::Feature(i + 1)));
        }
    }
    // Keep the first of each id, in file order; the others are errors.
    let mut first: BTreeMap<String, Source> = BTreeMap::new();
    let mut kept = Vec::with_capacity(items.len());
    for (a, src) in items {
        match first.get(&a.id) {
            Some(prev) => {
                problems.keep::<()>(Err(Error::duplicate_id(
                    path,
                    format!("{src} ({} {})", fields.id_field, a.id),
                    format!(
                        "the area id {:?} occurs more than once (first at {prev}); each \
                         commune needs a unique code",
                        a.id
                    ),
                )))?;
            }
            None => {
                first.insert(a.id.clone(), src);
                kept.push((a, src));
            }
        }
    }
    items = kept;
    if items.is_empty() && problems.items.is_empty() {
        return Err(Error::unreadable_layer(
            path,
            "",
            "no usable area in the file",
        ));
    }
    items.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let sources = items.iter().map(|(_, s)| *s).collect();
    let areas = Areas::new(items.into_iter().map(|(a, _)| a).collect(), path)?;
    Ok(Read {
        data: areas,
        meta: LayerMeta {
            path: path.to_path_buf(),
            crs,
            crs_source,
            sources,
        },
        problems: problems.items,
    })
}

fn read_area(
    path: &Path,
    crs: &Crs,
    fields: &AreaFields,
    i: usize,
    f: &geojson::Feature,
) -> Result<Area> {
    let loc = feature_location(i);
    let id = property_code(f, &fields.id_field).map_err(|m| Error::invalid_value(path, &loc, m))?;
    let id = id.ok_or_else(|| {
        Error::invalid_value(
            path,
            &loc,
            format!(
                "no `{}` property (the area id); set `id_field` in the scenario's [areas] \
                 section to the property that holds the commune code",
                fields.id_field
            ),
        )
    })?;
    let loc = format!("{loc} ({} {id})", fields.id_field);
    let name = property_text(f, &fields.name_field).unwrap_or_else(|| id.clone());
    let parent = match &fields.parent_field {
        Some(pf) => Some(property_text(f, pf).ok_or_else(|| {
            Error::invalid_value(path, &loc, format!("no `{pf}` property (the parent area)"))
        })?),
        None => None,
    };
    let geom = f
        .geometry
        .as_ref()
        .ok_or_else(|| Error::invalid_value(path, &loc, "the feature has no geometry"))?;
    let geometry = match &geom.value {
        GeometryValue::Polygon { coordinates } => {
            MultiPolygon(vec![polygon(path, crs, &loc, coordinates)?])
        }
        GeometryValue::MultiPolygon { coordinates } => MultiPolygon(
            coordinates
                .iter()
                .map(|p| polygon(path, crs, &loc, p))
                .collect::<Result<_>>()?,
        ),
        other => {
            return Err(Error::wrong_geometry_type(
                path,
                &loc,
                format!(
                    "the geometry is a {}; a commune must be a Polygon or MultiPolygon: \
                     export the commune boundaries, not their outlines or centres",
                    type_name(other)
                ),
            ))
        }
    };
    if geometry.0.is_empty() {
        return Err(Error::invalid_polygon(
            path,
            &loc,
            "the MultiPolygon has no polygons",
        ));
    }
    Ok(Area {
        id,
        name,
        parent,
        geometry,
    })
}

fn polygon(path: &Path, crs: &Crs, loc: &str, rings: &[Vec<Position>]) -> Result<Polygon<f64>> {
    if rings.is_empty() {
        return Err(Error::invalid_polygon(path, loc, "a polygon has no rings"));
    }
    let mut out = Vec::with_capacity(rings.len());
    for (r, ring) in rings.iter().enumerate() {
        let which = if r == 0 {
            "the exterior ring".to_string()
        } else {
            format!("hole {r}")
        };
        if ring.len() < 4 {
            return Err(Error::invalid_polygon(
                path,
                loc,
                format!(
                    "{which} has {} positions; a closed ring needs at least 4 (first = last)",
                    ring.len()
                ),
            ));
        }
        let coords: Vec<Coord<f64>> = ring
            .iter()
            .map(|p| lon_lat(path, crs, loc, p).map(|[x, y]| Coord { x, y }))
            .collect::<Result<_>>()?;
        if coords.first() != coords.last() {
            return Err(Error::invalid_polygon(
                path,
                loc,
                format!(
                    "{which} is not closed: its first position {:?} differs from its last {:?}; \
                     repair the geometry (e.g. QGIS: Vector > Geometry Tools > Fix Geometries)",
                    (coords[0].x, coords[0].y),
                    (coords[coords.len() - 1].x, coords[coords.len() - 1].y)
                ),
            ));
        }
        out.push(LineString(coords));
    }
    let exterior = out.remove(0);
    Ok(Polygon::new(exterior, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &tempfile::TempDir, text: &str) -> std::path::PathBuf {
        let p = dir.path().join("areas.geojson");
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn reads_polygons_sorted_by_code() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            &d,
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"code":"B","name":"Xã Bê"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,0]]]}},
            {"type":"Feature","properties":{"code":"A"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}}]}"#,
        );
        let a = read_areas(&p, &AreaFields::default()).unwrap();
        assert_eq!(a.items[0].id, "A");
        assert_eq!(a.items[0].name, "A");
        assert_eq!(a.items[1].name, "Xã Bê");
    }

    #[test]
    fn unclosed_ring_is_an_error_naming_the_feature() {
        let d = tempfile::tempdir().unwrap();
        let p = write(
            &d,
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"code":"7"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}]}"#,
        );
        let e = read_areas(&p, &AreaFields::default())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("feature 1 (code 7)") && e.contains("not closed"),
            "{e}"
        );
    }

    #[test]
    fn empty_collection_and_duplicates_are_errors() {
        let d = tempfile::tempdir().unwrap();
        let p = write(&d, r#"{"type":"FeatureCollection","features":[]}"#);
        let e = read_areas(&p, &AreaFields::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("empty"), "{e}");
        let p = write(
            &d,
            r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"code":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
            {"type":"Feature","properties":{"code":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#,
        );
        let e = read_areas(&p, &AreaFields::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("more than once"), "{e}");
    }
}
