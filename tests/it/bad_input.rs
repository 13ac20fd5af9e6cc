//! Bad input gives a one-line error naming the file and the row or feature,
//! exit code 1, and never a panic.

use assert_cmd::Command;

use crate::common::*;

fn good_case() -> Case {
    Case::new(
        &areas_geojson(&[area(
            "A",
            vec![(105.0, 9.0), (105.01, 9.0), (105.01, 9.01), (105.0, 9.01)],
        )]),
        &households_csv(&[("h1".into(), 105.005, 9.005, true)]),
        &fibre_geojson(&[vec![(105.0, 9.0), (105.01, 9.0)]], &[]),
        &sites_csv(&[("S1".into(), 105.005, 9.005, "4G", 3000.0)]),
        "",
    )
}

/// Run `phusong run` on the case and return stderr, asserting exit code 1,
/// a single error line, and no panic.
fn fails(case: &Case) -> String {
    let out = Command::cargo_bin("phusong")
        .unwrap()
        .args(["--quiet", "run"])
        .arg(case.scenario_path())
        .arg("--out")
        .arg(case.path("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    stderr
}

#[test]
fn good_case_runs_and_writes_outputs() {
    let case = good_case();
    Command::cargo_bin("phusong")
        .unwrap()
        .args(["--quiet", "run"])
        .arg(case.scenario_path())
        .arg("--out")
        .arg(case.path("out"))
        .assert()
        .success();
    for f in [
        "communes.geojson",
        "communes.csv",
        "households.csv",
        "summary.json",
        "summary.md",
        "province.csv",
    ] {
        assert!(case.path("out").join(f).is_file(), "{f}");
    }
}

#[test]
fn missing_file() {
    let case = good_case();
    std::fs::remove_file(case.path("sites.csv")).unwrap();
    let e = fails(&case);
    assert!(e.contains("sites.csv") && e.contains("No such file"), "{e}");
}

#[test]
fn csv_without_lat() {
    let case = good_case();
    std::fs::write(case.path("households.csv"), "id,lon,latitud\nh1,105,9\n").unwrap();
    let e = fails(&case);
    assert!(e.contains("households.csv: line 1: no `lat` column"), "{e}");
}

#[test]
fn non_numeric_coordinate() {
    let case = good_case();
    std::fs::write(
        case.path("households.csv"),
        "id,lon,lat\nh1,105,9\nh2,105.1,nine\n",
    )
    .unwrap();
    let e = fails(&case);
    assert!(
        e.contains("households.csv: line 3: `lat` is not a number: \"nine\""),
        "{e}"
    );
}

#[test]
fn latitude_of_200() {
    let case = good_case();
    std::fs::write(case.path("sites.csv"), "id,lon,lat,tech\nS1,105,200,4G\n").unwrap();
    let e = fails(&case);
    assert!(
        e.contains("sites.csv: line 2: latitude 200 is outside [-90, 90]"),
        "{e}"
    );
}

#[test]
fn unclosed_ring() {
    let case = good_case();
    std::fs::write(
        case.path("areas.geojson"),
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"A"},"geometry":{"type":"Polygon","coordinates":[[[105,9],[105.01,9],[105.01,9.01],[105,9.01]]]}}]}"#,
    )
    .unwrap();
    let e = fails(&case);
    assert!(
        e.contains("areas.geojson: feature 1 (code A): the exterior ring is not closed"),
        "{e}"
    );
}

#[test]
fn empty_feature_collection() {
    let case = good_case();
    std::fs::write(
        case.path("fibre.geojson"),
        r#"{"type":"FeatureCollection","features":[]}"#,
    )
    .unwrap();
    let e = fails(&case);
    assert!(
        e.contains("fibre.geojson: the FeatureCollection is empty"),
        "{e}"
    );
}

#[test]
fn broken_scenario_and_failed_run_keep_earlier_outputs() {
    let case = good_case();
    let out = case.path("out");
    Command::cargo_bin("phusong")
        .unwrap()
        .args(["--quiet", "run"])
        .arg(case.scenario_path())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let before = std::fs::read(out.join("communes.csv")).unwrap();
    std::fs::write(case.path("households.csv"), "id,lon,lat\nh1,105,x\n").unwrap();
    fails(&case);
    assert_eq!(std::fs::read(out.join("communes.csv")).unwrap(), before);
    std::fs::write(case.scenario_path(), "name = \"x\"\n[layers]\nareas = 3\n").unwrap();
    let e = fails(&case);
    assert!(e.contains("scenario.toml"), "{e}");
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let out = Command::cargo_bin("phusong")
        .unwrap()
        .arg("frobnicate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
