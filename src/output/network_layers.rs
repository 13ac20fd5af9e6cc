//! The run's network as map layers, in WGS84 whatever the inputs' CRS:
//! `fibre.geojson` (one MultiLineString per cable feature, with `id` and
//! `status`), `fibre_points.geojson` (distribution points, when there are
//! any) and `sites.geojson` (one Point per site row, i.e. per sector, with
//! `id`, `tech`, `status`, `operator`, `azimuth_deg`, `height_m`,
//! `band_mhz`). Written so that the run's folder holds every layer of its
//! QGIS project.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};

use crate::input::{Fibre, Sites, Status};
use crate::output::geojson::write_collection;
use crate::{Error, Result};

/// A GeoJSON point feature, its members in the order `serde_json::Value`
/// writes them (sorted), so that both ways give the same bytes.
#[derive(Serialize)]
struct PointFeature<P> {
    geometry: PointGeometry,
    properties: P,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct PointGeometry {
    coordinates: [f64; 2],
    #[serde(rename = "type")]
    kind: &'static str,
}

impl PointGeometry {
    fn new(p: [f64; 2]) -> Self {
        PointGeometry {
            coordinates: [round7(p[0]), round7(p[1])],
            kind: "Point",
        }
    }
}

/// The properties of a site row in `sites.geojson` (sorted keys).
#[derive(Serialize)]
struct SiteProperties<'a> {
    azimuth_deg: Option<f64>,
    band_mhz: Option<f64>,
    height_m: Option<f64>,
    id: &'a str,
    operator: Option<&'a str>,
    radius_m: Option<f64>,
    status: &'static str,
    tech: &'static str,
}

fn round7(v: f64) -> f64 {
    (v * 1e7).round() / 1e7
}

fn pt(p: [f64; 2]) -> Value {
    json!([round7(p[0]), round7(p[1])])
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Existing => "existing",
        Status::Planned => "planned",
    }
}

/// The cable features: per feature index, its polylines (consecutive
/// segments that share an end point are joined).
fn cable_lines(fibre: &Fibre) -> Vec<(u32, Vec<Vec<[f64; 2]>>)> {
    let mut out: Vec<(u32, Vec<Vec<[f64; 2]>>)> = Vec::new();
    for &(a, b, f) in &fibre.segments {
        match out.last_mut() {
            Some((lf, lines)) if *lf == f => match lines.last_mut() {
                Some(line) if line.last() == Some(&a) => line.push(b),
                _ => lines.push(vec![a, b]),
            },
            _ => out.push((f, vec![vec![a, b]])),
        }
    }
    out
}

fn fibre_props(fibre: &Fibre, f: u32) -> Value {
    let i = f as usize;
    json!({
        "id": fibre.feature_ids.get(i).cloned().unwrap_or_default(),
        "status": status(fibre.status.get(i).copied().unwrap_or_default()),
    })
}

/// Write `fibre.geojson` (when there are cables), `fibre_points.geojson`
/// (when there are distribution points) and `sites.geojson` (when there
/// are sites) into `dir`; returns the files written.
pub fn write_network_layers(fibre: &Fibre, sites: &Sites, dir: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let cables: Vec<Value> = cable_lines(fibre)
        .into_iter()
        .map(|(f, lines)| {
            let coords: Vec<Value> = lines
                .iter()
                .map(|l| Value::Array(l.iter().map(|p| pt(*p)).collect()))
                .collect();
            json!({"type": "Feature", "properties": fibre_props(fibre, f),
                   "geometry": {"type": "MultiLineString", "coordinates": coords}})
        })
        .collect();
    if !cables.is_empty() {
        let p = dir.join("fibre.geojson");
        write_collection(&p, "fibre", &cables)?;
        written.push(p);
    }
    let points: Vec<Value> = fibre
        .points
        .iter()
        .map(|&(p, f)| {
            json!({"type": "Feature", "properties": fibre_props(fibre, f),
                   "geometry": {"type": "Point", "coordinates": pt(p)}})
        })
        .collect();
    if !points.is_empty() {
        let p = dir.join("fibre_points.geojson");
        write_collection(&p, "fibre_points", &points)?;
        written.push(p);
    }
    // Serialised straight from the columns, in parallel (120,000 sites
    // as `Value` maps took 1.6 s), with the same bytes: keys in the sorted
    // order of `serde_json::Map`, non-finite numbers as null.
    let rows: Vec<String> = (0..sites.len())
        .into_par_iter()
        .with_min_len(1 << 10)
        .map(|i| {
            let s = &sites.sector[i];
            let f = PointFeature {
                geometry: PointGeometry::new([sites.lon[i], sites.lat[i]]),
                properties: SiteProperties {
                    azimuth_deg: s.azimuth_deg,
                    band_mhz: s.freq_mhz,
                    height_m: s.height_m,
                    id: &sites.ids[i],
                    operator: sites.operator[i].as_deref(),
                    radius_m: sites.radius_m[i],
                    status: status(sites.status[i]),
                    tech: sites.tech[i].label(),
                },
                kind: "Feature",
            };
            serde_json::to_string(&f).map_err(|e| Error::Output(format!("sites.geojson: {e}")))
        })
        .collect::<Result<_>>()?;
    if !rows.is_empty() {
        let p = dir.join("sites.geojson");
        write_collection(&p, "sites", &rows)?;
        written.push(p);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_of_a_feature_join_into_polylines() {
        let fibre = Fibre {
            feature_ids: vec!["a".into(), "b".into()],
            segments: vec![
                ([0.0, 0.0], [1.0, 0.0], 0),
                ([1.0, 0.0], [1.0, 1.0], 0),
                ([5.0, 5.0], [6.0, 5.0], 0),
                ([2.0, 2.0], [3.0, 3.0], 1),
            ],
            points: vec![([4.0, 4.0], 1)],
            status: vec![Status::Existing, Status::Planned],
        };
        let lines = cable_lines(&fibre);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].1.len(), 2, "a gap starts a new part");
        assert_eq!(lines[0].1[0], vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]]);
        let dir = tempfile::tempdir().unwrap();
        let files = write_network_layers(&fibre, &Sites::default(), dir.path()).unwrap();
        assert_eq!(files.len(), 2, "no sites, no sites.geojson");
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
        assert_eq!(v["features"][1]["properties"]["status"], "planned");
        assert_eq!(v["features"][0]["geometry"]["type"], "MultiLineString");
    }

    /// The typed serialisation gives the bytes of the `json!` maps it
    /// replaced (sorted keys, nulls for missing and non-finite numbers,
    /// escaped strings).
    #[test]
    fn site_features_equal_the_value_maps() {
        let cases = [
            (
                Some(120.0),
                Some(1800.0),
                Some(30.0),
                "a\"b\u{e1}",
                None,
                Some(4888.7),
            ),
            (None, None, None, "2", Some("Viettel"), None),
            (
                Some(f64::NAN),
                Some(3500.5),
                Some(0.1 + 0.2),
                "x",
                Some(""),
                Some(1e-7),
            ),
        ];
        for (az, band, h, id, op, r) in cases {
            let p = [105.123456789, -8.98765432101];
            let typed = serde_json::to_string(&PointFeature {
                geometry: PointGeometry::new(p),
                properties: SiteProperties {
                    azimuth_deg: az,
                    band_mhz: band,
                    height_m: h,
                    id,
                    operator: op,
                    radius_m: r,
                    status: "planned",
                    tech: "5G",
                },
                kind: "Feature",
            })
            .unwrap();
            let value = json!({"type": "Feature", "properties": {
                "id": id, "tech": "5G", "status": "planned",
                "operator": op, "azimuth_deg": az,
                "height_m": h, "band_mhz": band, "radius_m": r,
            }, "geometry": {"type": "Point", "coordinates": pt(p)}});
            assert_eq!(typed, value.to_string());
        }
    }
}
