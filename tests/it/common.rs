//! Helpers: write small layers to a temporary folder and run them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use phusong::config::Scenario;
use phusong::engine::{NoProgress, RunResult};
use phusong::pipeline::{self, Options};

/// A polygon ring as lon/lat pairs (closed by the helper).
pub type Ring = Vec<(f64, f64)>;

/// An area for a test layer: code, exterior + holes, or several polygons.
pub struct TestArea {
    pub code: String,
    pub parent: Option<String>,
    pub polygons: Vec<Vec<Ring>>,
}

pub fn area(code: &str, exterior: Ring) -> TestArea {
    TestArea {
        code: code.into(),
        parent: None,
        polygons: vec![vec![exterior]],
    }
}

fn ring_json(r: &Ring) -> String {
    let mut pts: Vec<String> = r.iter().map(|(x, y)| format!("[{x},{y}]")).collect();
    pts.push(pts[0].clone());
    format!("[{}]", pts.join(","))
}

pub fn areas_geojson(areas: &[TestArea]) -> String {
    let feats: Vec<String> = areas
        .iter()
        .map(|a| {
            let polys: Vec<String> = a
                .polygons
                .iter()
                .map(|rings| format!("[{}]", rings.iter().map(ring_json).collect::<Vec<_>>().join(",")))
                .collect();
            let parent = a
                .parent
                .as_ref()
                .map(|p| format!(",\"district\":\"{p}\""))
                .unwrap_or_default();
            format!(
                "{{\"type\":\"Feature\",\"properties\":{{\"code\":\"{}\",\"name\":\"Xã {}\"{parent}}},\"geometry\":{{\"type\":\"MultiPolygon\",\"coordinates\":[{}]}}}}",
                a.code,
                a.code,
                polys.join(",")
            )
        })
        .collect();
    format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[{}]}}",
        feats.join(",\n")
    )
}

pub fn fibre_geojson(lines: &[Vec<(f64, f64)>], points: &[(f64, f64)]) -> String {
    let mut feats: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let c: Vec<String> = l.iter().map(|(x, y)| format!("[{x},{y}]")).collect();
            format!(
                "{{\"type\":\"Feature\",\"properties\":{{\"id\":\"L{i}\"}},\"geometry\":{{\"type\":\"LineString\",\"coordinates\":[{}]}}}}",
                c.join(",")
            )
        })
        .collect();
    for (i, (x, y)) in points.iter().enumerate() {
        feats.push(format!(
            "{{\"type\":\"Feature\",\"properties\":{{\"id\":\"P{i}\"}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{x},{y}]}}}}"
        ));
    }
    format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[{}]}}",
        feats.join(",\n")
    )
}

/// Households: (id, lon, lat, demand).
pub fn households_csv(rows: &[(String, f64, f64, bool)]) -> String {
    let mut s = String::from("id,lon,lat,demand\n");
    for (id, x, y, d) in rows {
        let _ = writeln!(s, "{id},{x},{y},{}", *d as u8);
    }
    s
}

/// Sites: (id, lon, lat, tech, radius_m).
pub fn sites_csv(rows: &[(String, f64, f64, &str, f64)]) -> String {
    let mut s = String::from("id,lon,lat,tech,radius_m\n");
    for (id, x, y, t, r) in rows {
        let _ = writeln!(s, "{id},{x},{y},{t},{r}");
    }
    s
}

/// A folder holding the four layers and a scenario.
pub struct Case {
    pub dir: tempfile::TempDir,
}

impl Case {
    pub fn new(areas: &str, households: &str, fibre: &str, sites: &str, extra_toml: &str) -> Case {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::write(p.join("areas.geojson"), areas).unwrap();
        std::fs::write(p.join("households.csv"), households).unwrap();
        std::fs::write(p.join("fibre.geojson"), fibre).unwrap();
        std::fs::write(p.join("sites.csv"), sites).unwrap();
        let toml = format!(
            "name = \"test\"\n{extra_toml}\n[layers]\nareas = \"areas.geojson\"\nhouseholds = \"households.csv\"\nfibre = \"fibre.geojson\"\nsites = \"sites.csv\"\n"
        );
        std::fs::write(p.join("scenario.toml"), toml).unwrap();
        Case { dir }
    }

    pub fn scenario_path(&self) -> PathBuf {
        self.dir.path().join("scenario.toml")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn run(&self) -> RunResult {
        let s = Scenario::load(&self.scenario_path()).unwrap();
        pipeline::run(&s, &Options::default(), &NoProgress).unwrap()
    }
}

/// `rel` inside the shared folder beside the repository (`../shared`),
/// when present. When it is absent the test is skipped with a message,
/// except under `CI=true`, where CI has the shared folder and its absence
/// is a failure (a test that passes by skipping proves nothing).
pub fn shared_path(test: &str, rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if p.exists() {
        return Some(p);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{test}: {} is absent, and CI must run this test",
            p.display()
        );
    }
    eprintln!("SKIPPED {test}: {} is absent", p.display());
    None
}

/// Commune code of each household, by household id.
pub fn assignment(r: &RunResult) -> std::collections::BTreeMap<String, String> {
    let hh = &r.inputs.households;
    (0..hh.len())
        .map(|i| {
            let a = r.households.area[i];
            let code = if a == phusong::engine::UNASSIGNED {
                String::new()
            } else {
                r.inputs.areas.items[a as usize].id.clone()
            };
            (hh.ids.get(i).to_string(), code)
        })
        .collect()
}
