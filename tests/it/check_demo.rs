//! Acceptance 2 of issue 6: `phusong check` on a corrupted copy of a
//! province (swapped coordinates in a few rows, two overlapping communes, a
//! duplicate id) reports each problem with its location; on the clean
//! province it reports none. Run on the six-commune fixture of
//! `crs_formats`, and on the demo in `data/` when its layers are there.

use std::path::Path;

use assert_cmd::Command;
use phusong::check::Kind;
use phusong::config::Scenario;

use crate::common::*;
use crate::crs_formats::{province, wgs84_case};

fn check(scenario: &Path) -> (Option<i32>, String) {
    let out = Command::cargo_bin("phusong")
        .unwrap()
        .args(["check"])
        .arg(scenario)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("panicked"), "{text}");
    (out.status.code(), text)
}

#[test]
fn clean_fixture_has_no_findings_but_its_two_outside_households() {
    let p = province();
    let case = wgs84_case(&p);
    let s = Scenario::load(&case.scenario_path()).unwrap();
    let r = phusong::pipeline::load(&s).unwrap().report().clone();
    let kinds: Vec<Kind> = r.findings.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, vec![Kind::OutsideCommunes; 2], "{:#?}", r.findings);
    assert!(!r.has_errors());
}

#[test]
fn corrupted_fixture_reports_each_problem_with_its_location() {
    let mut p = province();
    // Swapped coordinates in rows 11, 12 and 13 of the CSV (households 9–11).
    for i in 9..12 {
        let h = &mut p.households[i];
        (h.1, h.2) = (h.2, h.1);
    }
    // Commune 32001 moved 0.01° west: it overlaps 32000 by a third
    // (0.01° × 0.03° ≈ 1099 m × 3318 m ≈ 364.7 ha).
    for pt in &mut p.areas[1].2 {
        pt.0 -= 0.01;
    }
    // A duplicate commune code.
    p.areas[4].0 = "32003".into();
    let case = wgs84_case(&p);
    let (code, out) = check(&case.scenario_path());
    assert_eq!(code, Some(1), "{out}");
    for want in [
        "households.csv: line 11: latitude 105.1013 is outside [-90, 90]; the values look like lat and lon swapped",
        "households.csv: line 12: latitude 105.1014 is outside",
        "households.csv: line 13: latitude 105.1015 is outside",
        "areas.geojson: feature 1 (id 32000): overlaps feature 2 (id 32001) by 364.68 ha",
        "areas.geojson: feature 5 (code 32003): the area id \"32003\" occurs more than once (first at feature 4)",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
}

/// The demo scenario (its layers are committed in `data/`).
fn demo() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo.toml");
    Scenario::load(&path).expect("the demo scenario in data/ loads")
}

#[test]
fn demo_is_clean_and_a_corrupted_copy_is_not() {
    let s = demo();
    let clean = phusong::pipeline::load(&s).unwrap().report().clone();
    assert!(
        !clean.has_errors(),
        "the demo has errors: {:#?}",
        clean.errors().collect::<Vec<_>>()
    );
    // Corrupt a copy: swap lon/lat in households rows 2–4, copy feature 1's
    // geometry onto feature 2 (full overlap), give feature 4 feature 3's id.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let hh = phusong::input::table::read_to_string(&s.layers.households).unwrap();
    assert!(
        !phusong::input::households::is_feature_file(&s.layers.households),
        "the demo households are CSV"
    );
    let t = phusong::input::table::Table::open(&s.layers.households).unwrap();
    let lon = t.find(phusong::input::table::LON_ALIASES).unwrap();
    let lat = t.find(phusong::input::table::LAT_ALIASES).unwrap();
    let mut lines: Vec<String> = hh.lines().map(String::from).collect();
    let delim = if lines[0].contains(';') { ';' } else { ',' };
    for line in lines.iter_mut().skip(1).take(3) {
        let mut cells: Vec<&str> = line.split(delim).collect();
        cells.swap(lon, lat);
        *line = cells.join(&delim.to_string());
    }
    std::fs::write(d.join("households.csv"), lines.join("\n") + "\n").unwrap();
    let text = phusong::input::table::read_to_string(&s.layers.areas).unwrap();
    let mut areas: serde_json::Value = serde_json::from_str(&text).unwrap();
    let feats = areas["features"].as_array_mut().unwrap();
    feats[1]["geometry"] = feats[0]["geometry"].clone();
    let id = feats[2]["properties"][&s.areas.id_field].clone();
    feats[3]["properties"][&s.areas.id_field] = id;
    std::fs::write(d.join("areas.geojson"), areas.to_string()).unwrap();
    let (fibre, sites) = (s.layers.fibre.unwrap(), s.layers.sites.unwrap());
    std::fs::copy(&fibre, d.join("fibre.geojson")).unwrap();
    let sites_name = sites.file_name().unwrap();
    std::fs::copy(&sites, d.join(sites_name)).unwrap();
    let toml =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo.toml"))
            .unwrap();
    let mut scenario = String::new();
    let mut in_layers = false;
    for l in toml.lines() {
        if l.trim_start().starts_with('[') {
            in_layers = l.trim() == "[layers]";
        }
        if in_layers && !l.trim_start().starts_with('[') {
            continue;
        }
        scenario.push_str(l);
        scenario.push('\n');
        if in_layers {
            scenario.push_str(&format!(
                "areas = \"areas.geojson\"\nhouseholds = \"households.csv\"\nfibre = \"fibre.geojson\"\nsites = \"{}\"\n",
                sites_name.to_string_lossy()
            ));
        }
    }
    std::fs::write(d.join("demo.toml"), scenario).unwrap();
    let (code, out) = check(&d.join("demo.toml"));
    assert_eq!(code, Some(1), "{out}");
    for want in [
        "households.csv: line 2",
        "households.csv: line 3",
        "households.csv: line 4",
        "areas.geojson: feature 1 (id",
        "[overlap]",
        "areas.geojson: feature 4 (",
        "occurs more than once (first at feature 3)",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
}

/// The real Cà Mau wards of 2025 (`../shared/data/vn2025-camau-wards`,
/// see its SOURCE.md): valid, no overlaps or gaps above 100 m² (measured:
/// the whole check takes about 1.5 s for 64 wards and 224k vertices).
#[test]
fn real_ca_mau_wards_are_clean() {
    let Some(wards) = shared_path(
        "real_ca_mau_wards_are_clean",
        "data/vn2025-camau-wards/ca_mau_wards_2025.geojson",
    ) else {
        return;
    };
    let case = Case::new(
        "{}",
        &households_csv(&[("h1".into(), 105.15, 9.18, true)]),
        &fibre_geojson(&[vec![(105.15, 9.18), (105.16, 9.18)]], &[]),
        &sites_csv(&[("S1".into(), 105.15, 9.18, "4G", 3000.0)]),
        "[areas]\nid_field = \"ward_code\"\n",
    );
    let toml = std::fs::read_to_string(case.scenario_path())
        .unwrap()
        .replace(
            "areas = \"areas.geojson\"",
            &format!("areas = {:?}", wards.display().to_string()),
        );
    std::fs::write(case.scenario_path(), toml).unwrap();
    let s = Scenario::load(&case.scenario_path()).unwrap();
    let r = phusong::pipeline::load(&s).unwrap().report().clone();
    assert_eq!(r.layers[0].items, Some(64));
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}
