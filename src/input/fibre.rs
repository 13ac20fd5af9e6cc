//! The fibre network: GeoJSON LineString / MultiLineString features (cables)
//! and Point / MultiPoint features (distribution points: splitters,
//! cabinets).

use std::path::Path;

use geojson::GeometryValue;

use crate::crs::Crs;
use crate::input::geojson_read::{
    feature_id, feature_location, lon_lat, property_text, read_feature_layer, type_name,
};
use crate::input::layer::{
    parse_status, resolve_crs, LayerMeta, Problems, Read, ReadOptions, Source, Status,
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
    /// Existing or planned, per feature (the `status` property; default
    /// existing), aligned with `feature_ids`.
    pub status: Vec<Status>,
}

impl Fibre {
    /// Number of elements (segments + points).
    pub fn element_count(&self) -> usize {
        self.segments.len() + self.points.len()
    }

    /// Append the features of `other` (their elements re-indexed).
    pub fn append(&mut self, other: Fibre) {
        let offset = self.feature_ids.len() as u32;
        self.feature_ids.extend(other.feature_ids);
        self.status.extend(other.status);
        self.segments.extend(
            other
                .segments
                .into_iter()
                .map(|(a, b, f)| (a, b, f + offset)),
        );
        self.points
            .extend(other.points.into_iter().map(|(p, f)| (p, f + offset)));
    }

    /// Keep the features `k` for which `keep(k)` is true, with their
    /// elements, in order (elements re-indexed).
    pub fn retain_features(&mut self, keep: impl Fn(usize) -> bool) {
        let n = self.feature_ids.len();
        let mut new_index = vec![u32::MAX; n];
        let mut next = 0u32;
        for (k, slot) in new_index.iter_mut().enumerate() {
            if keep(k) {
                *slot = next;
                next += 1;
            }
        }
        let mut k = 0;
        self.feature_ids.retain(|_| {
            k += 1;
            new_index[k - 1] != u32::MAX
        });
        let mut k = 0;
        self.status.retain(|_| {
            k += 1;
            new_index[k - 1] != u32::MAX
        });
        self.segments.retain_mut(|(_, _, f)| {
            *f = new_index[*f as usize];
            *f != u32::MAX
        });
        self.points.retain_mut(|(_, f)| {
            *f = new_index[*f as usize];
            *f != u32::MAX
        });
    }
}

/// Read the fibre network from a GeoJSON file or Shapefile.
pub fn read_fibre(path: &Path) -> Result<Fibre> {
    read_fibre_with(path, &ReadOptions::default()).map(|r| r.data)
}

/// Read the fibre network with the scenario's options (CRS, lenient
/// collection of bad features). `meta.sources` has one entry per kept
/// feature, aligned with `feature_ids`.
pub fn read_fibre_with(path: &Path, opts: &ReadOptions) -> Result<Read<Fibre>> {
    let layer = read_feature_layer(path)?;
    let (crs, crs_source) = resolve_crs(path, opts.crs.as_ref(), layer.declared_crs)?;
    let mut problems = Problems::new(opts.lenient);
    let mut fibre = Fibre::default();
    let mut sources = crate::input::Sources::default();
    for (i, f) in layer.features.iter().enumerate() {
        let loc = feature_location(i);
        let idx = u32::try_from(fibre.feature_ids.len())
            .map_err(|_| Error::unreadable_layer(path, &loc, "too many features"))?;
        let element = read_element(path, &crs, &loc, f, idx).and_then(|e| {
            let status = parse_status(path, &loc, property_text(f, "status").as_deref())?;
            Ok((e, status))
        });
        if let Some(((segments, points), status)) = problems.keep(element)? {
            fibre.feature_ids.push(
                property_text(f, "id")
                    .or_else(|| feature_id(f))
                    .unwrap_or_else(|| (i + 1).to_string()),
            );
            fibre.status.push(status);
            fibre.segments.extend(segments);
            fibre.points.extend(points);
            sources.push(Source::Feature(i + 1));
        }
    }
    Ok(Read {
        data: fibre,
        meta: LayerMeta {
            path: path.to_path_buf(),
            crs,
            crs_source,
            sources,
        },
        problems: problems.items,
    })
}

type Segments = Vec<([f64; 2], [f64; 2], u32)>;
type Points = Vec<([f64; 2], u32)>;

fn read_element(
    path: &Path,
    crs: &Crs,
    loc: &str,
    f: &geojson::Feature,
    idx: u32,
) -> Result<(Segments, Points)> {
    let Some(geom) = f.geometry.as_ref() else {
        return Err(Error::invalid_value(
            path,
            loc,
            "the feature has no geometry",
        ));
    };
    let mut segments = Vec::new();
    let mut points = Vec::new();
    let mut add_line = |line: &[geojson::Position]| -> Result<()> {
        if line.len() < 2 {
            return Err(Error::invalid_value(
                path,
                loc,
                "a LineString needs at least 2 positions",
            ));
        }
        let mut prev = lon_lat(path, crs, loc, &line[0])?;
        for p in &line[1..] {
            let q = lon_lat(path, crs, loc, p)?;
            segments.push((prev, q, idx));
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
            points.push((lon_lat(path, crs, loc, coordinates)?, idx))
        }
        GeometryValue::MultiPoint { coordinates } => {
            for p in coordinates {
                points.push((lon_lat(path, crs, loc, p)?, idx));
            }
        }
        other => {
            return Err(Error::wrong_geometry_type(
                path,
                loc,
                format!(
                    "a {} is not a fibre element; expected LineString/MultiLineString \
                     (cables) or Point/MultiPoint (distribution points)",
                    type_name(other)
                ),
            ))
        }
    }
    Ok((segments, points))
}
