//! The one pipeline: the library's path gives what the CLI gives, and
//! `phusong map` reads the layers as `run` read them.

use std::fmt::Write as _;

use assert_cmd::Command;
use phusong::config::Scenario;
use phusong::crs::Crs;
use phusong::pipeline::{self, NoProgress, Options};
use serde_json::Value;

use crate::crs_formats::{province, wgs84_case};

/// summary.json without what differs between two runs of the same
/// scenario (the clock and the stage timings).
fn stable_summary(dir: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(dir.join("summary.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    let o = v.as_object_mut().unwrap();
    assert!(o.remove("run_at").is_some(), "summary.json has run_at");
    assert!(
        o.remove("timings_s").is_some(),
        "summary.json has timings_s"
    );
    v
}

#[test]
fn library_path_writes_the_summary_the_cli_writes() {
    let case = wgs84_case(&province());
    let cli_out = case.path("cli-out");
    Command::cargo_bin("phusong")
        .unwrap()
        .args(["-q", "run"])
        .arg(case.scenario_path())
        .arg("--out")
        .arg(&cli_out)
        .assert()
        .success();
    // The example of lib.rs.
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let result = pipeline::run(&scenario, &Options::default(), &NoProgress).unwrap();
    let lib_out = case.path("lib-out");
    pipeline::write(&result, &lib_out, &NoProgress).unwrap();
    let (cli, lib) = (stable_summary(&cli_out), stable_summary(&lib_out));
    assert_eq!(cli, lib);
    // The data problems (households outside every commune) are in both.
    let warnings = cli["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("[outside-communes]")),
        "{warnings:?}"
    );
    assert!(cli["scenario_file"]
        .as_str()
        .unwrap()
        .ends_with("scenario.toml"));
}

#[test]
fn every_command_refuses_data_errors_as_run_does() {
    let p = province();
    let case = wgs84_case(&p);
    // A duplicate household id: an error of the checks, not of the reader.
    let mut hh = std::fs::read_to_string(case.path("households.csv")).unwrap();
    let first = hh.lines().nth(1).unwrap().to_string();
    let _ = writeln!(hh, "{first}");
    std::fs::write(case.path("households.csv"), hh).unwrap();
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let e = pipeline::run(&scenario, &Options::default(), &NoProgress)
        .err()
        .expect("a duplicate id is refused");
    assert!(e.to_string().contains("[duplicate-id]"), "{e}");
    let allowed = Options {
        allow_invalid: true,
    };
    assert!(pipeline::run(&scenario, &allowed, &NoProgress).is_ok());
    for args in [
        vec!["gaps".to_string()],
        vec!["plan".into(), "fibre".into()],
    ] {
        let out = Command::cargo_bin("phusong")
            .unwrap()
            .arg("-q")
            .args(&args)
            .arg(case.scenario_path())
            .arg("--out")
            .arg(case.path("out"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("[duplicate-id]"), "{args:?}: {err}");
    }
}

/// `phusong map` of a scenario whose sites CSV is in UTM metres draws the
/// sites where the run computed them (it once re-read them as degrees).
#[test]
fn map_draws_utm_sites_where_run_computed_them() {
    let p = province();
    let case = wgs84_case(&p);
    let utm = Crs::parse("EPSG:32648").unwrap();
    let mut sites = String::from("ma_tram,dong_m,bac_m,cong_nghe,radius_m\n");
    for (id, x, y, t, r) in &p.sites {
        let [e, n] = utm.from_wgs84(*x, *y).unwrap();
        let _ = writeln!(sites, "{id},{e:.3},{n:.3},{t},{r}");
    }
    std::fs::write(case.path("sites.csv"), sites).unwrap();
    let toml = std::fs::read_to_string(case.scenario_path()).unwrap()
        + "[crs]\nsites = \"EPSG:32648\"\n[columns.sites]\nid = \"ma_tram\"\nlon = \"dong_m\"\n\
           lat = \"bac_m\"\ntech = \"cong_nghe\"\n";
    std::fs::write(case.scenario_path(), toml).unwrap();
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let run = pipeline::run(&scenario, &Options::default(), &NoProgress).unwrap();
    let out = case.path("out");
    pipeline::write(&run, &out, &NoProgress).unwrap();
    let from_run = phusong::output::maps::MapData::from_run(&run).unwrap();
    let remapped = pipeline::remap(&out, &NoProgress).unwrap();
    assert!(!from_run.sites.is_empty());
    assert_eq!(from_run.sites.len(), remapped.data.sites.len());
    for (a, b) in from_run.sites.iter().zip(&remapped.data.sites) {
        assert_eq!(a.id, b.id);
        let d = (a.at.x() - b.at.x()).hypot(a.at.y() - b.at.y());
        assert!(d < 1e-6, "site {} moved by {d} m", a.id);
    }
    // And the sites are where the households are: inside the communes' box.
    let xs: Vec<f64> = from_run
        .communes
        .iter()
        .flat_map(|c| {
            c.geometry
                .0
                .iter()
                .flat_map(|p| p.exterior().0.iter().map(|c| c.x))
        })
        .collect();
    let (lo, hi) = xs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &x| {
            (l.min(x), h.max(x))
        });
    for s in &remapped.data.sites {
        assert!(
            s.at.x() > lo - 10_000.0 && s.at.x() < hi + 10_000.0,
            "{}",
            s.id
        );
    }
}
