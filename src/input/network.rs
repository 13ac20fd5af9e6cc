//! The road and canal network layer: GeoJSON or Shapefile LineString /
//! MultiLineString features, each with a kind (`[network] kind_field`)
//! that must have a cost factor (`[network.cost_factor]`).

use std::path::Path;

use geojson::GeometryValue;

use crate::config::NetworkParams;
use crate::crs::Crs;
use crate::input::geojson_read::{
    feature_location, lon_lat, property_text, read_feature_layer, type_name,
};
use crate::input::layer::resolve_crs;
use crate::{Error, Result};

/// The network's lines in lon/lat, with their kinds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NetworkLines {
    /// Each line: its vertices (lon/lat) and the index of its kind in `kinds`.
    pub lines: Vec<(Vec<[f64; 2]>, u16)>,
    /// The kinds met, in order of first appearance.
    pub kinds: Vec<String>,
}

/// Whether `path` names an OpenStreetMap PBF file (`.osm.pbf` or `.pbf`).
pub fn is_osm_pbf(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pbf"))
}

/// The network a run computes with: the scenario's `[layers] network`
/// under `[fibre] distance = "network"`, else none (`plan fibre` reads its
/// network itself, [`read_scenario_network`]).
pub fn read_run_network(scenario: &crate::config::Scenario) -> Result<Option<NetworkLines>> {
    match scenario.fibre.distance {
        crate::config::FibreDistance::Network => read_scenario_network(scenario),
        crate::config::FibreDistance::Straight => Ok(None),
    }
}

/// Read the scenario's `[layers] network` (with `[crs] network`); `None`
/// without one.
pub fn read_scenario_network(scenario: &crate::config::Scenario) -> Result<Option<NetworkLines>> {
    let Some(path) = &scenario.layers.network else {
        return Ok(None);
    };
    let crs = match &scenario.crs.network {
        Some(t) => Some(
            Crs::parse(t)
                .map_err(|e| Error::config("crs.network", format!("[crs] network: {e}")))?,
        ),
        None => None,
    };
    read_network(path, crs.as_ref(), &scenario.network).map(Some)
}

/// Read the network layer `path` (CRS from `crs`, else the file, else WGS
/// 84; an `.osm.pbf` file is read by [`crate::input::osm_pbf`]). Every feature must be a line of a known kind; a layer without any
/// line is an error.
pub fn read_network(
    path: &Path,
    crs: Option<&Crs>,
    params: &NetworkParams,
) -> Result<NetworkLines> {
    if is_osm_pbf(path) {
        let mut out = NetworkLines::default();
        for (pts, kind) in crate::input::osm_pbf::read_osm_pbf(path, params)? {
            let k = match out.kinds.iter().position(|x| *x == kind) {
                Some(k) => k,
                None => {
                    out.kinds.push(kind);
                    out.kinds.len() - 1
                }
            } as u16;
            out.lines.push((pts, k));
        }
        return Ok(out);
    }
    let layer = read_feature_layer(path)?;
    let (crs, _) = resolve_crs(path, crs, layer.declared_crs)?;
    let mut out = NetworkLines::default();
    for (i, f) in layer.features.iter().enumerate() {
        let loc = feature_location(i);
        let kind = property_text(f, &params.kind_field)
            .map(|k| k.trim().to_lowercase())
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| "road".to_string());
        if !params.cost_factor.contains_key(&kind) {
            let known: Vec<&str> = params.cost_factor.keys().map(String::as_str).collect();
            return Err(Error::invalid_value(
                path,
                &loc,
                format!(
                    "`{}` is {kind:?}, a kind without a cost factor (known: {}); \
                     add it to the scenario's [network.cost_factor] table",
                    params.kind_field,
                    known.join(", ")
                ),
            ));
        }
        let k = match out.kinds.iter().position(|x| *x == kind) {
            Some(k) => k,
            None => {
                out.kinds.push(kind);
                out.kinds.len() - 1
            }
        } as u16;
        let Some(geom) = f.geometry.as_ref() else {
            return Err(Error::invalid_value(
                path,
                &loc,
                "the feature has no geometry",
            ));
        };
        let parts: Vec<&Vec<geojson::Position>> = match &geom.value {
            GeometryValue::LineString { coordinates } => vec![coordinates],
            GeometryValue::MultiLineString { coordinates } => coordinates.iter().collect(),
            other => {
                return Err(Error::invalid_value(
                    path,
                    &loc,
                    format!(
                        "a {} is not a road or canal; the network layer holds \
                         LineString/MultiLineString features",
                        type_name(other)
                    ),
                ))
            }
        };
        for part in parts {
            let pts = part
                .iter()
                .map(|p| lon_lat(path, &crs, &loc, p))
                .collect::<Result<Vec<_>>>()?;
            if pts.len() >= 2 {
                out.lines.push((pts, k));
            }
        }
    }
    if out.lines.is_empty() {
        return Err(Error::invalid_value(
            path,
            "",
            "the network layer has no line with two or more positions; \
             give roads and canals as LineString features",
        ));
    }
    Ok(out)
}
