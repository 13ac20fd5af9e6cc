//! The run's network as map layers, in WGS84 whatever the inputs' CRS:
//! `fibre.geojson` (one MultiLineString per cable feature, with `id` and
//! `status`), `fibre_points.geojson` (distribution points, when there are
//! any) and `sites.geojson` (one Point per site row, i.e. per sector, with
//! `id`, `tech`, `status`, `operator`, `azimuth_deg`, `height_m`,
//! `band_mhz`). Written so that the run's folder holds every layer of its
//! QGIS project.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::input::{Fibre, Sites, Status};
use crate::output::geojson::write_collection;
use crate::Result;

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
    let rows: Vec<Value> = (0..sites.len())
        .map(|i| {
            let s = &sites.sector[i];
            json!({"type": "Feature", "properties": {
                "id": sites.ids[i], "tech": sites.tech[i].label(), "status": status(sites.status[i]),
                "operator": sites.operator[i], "azimuth_deg": s.azimuth_deg,
                "height_m": s.height_m, "band_mhz": s.freq_mhz, "radius_m": sites.radius_m[i],
            }, "geometry": {"type": "Point", "coordinates": pt([sites.lon[i], sites.lat[i]])}})
        })
        .collect();
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
}
