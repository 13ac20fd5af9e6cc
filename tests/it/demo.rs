//! The README's first command on the committed demo province: every output
//! is written and well-formed.

use std::path::Path;

use assert_cmd::Command;

#[test]
fn demo_run_writes_every_output() {
    let out = tempfile::tempdir().unwrap();
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo.toml");
    let run = Command::cargo_bin("phusong")
        .unwrap()
        .args(["run"])
        .arg(&demo)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("Fibre available to households with demand"),
        "{stderr}"
    );
    // A quiet console: at most 20 lines, the data problems one line per
    // kind with the exact count (300 households outside every commune, not
    // the 50 listed), every one of them in problems.csv.
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(lines.len() <= 20, "{} lines:\n{stderr}", lines.len());
    let outside: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("[outside-communes]"))
        .collect();
    assert_eq!(outside.len(), 1, "{stderr}");
    assert!(
        outside[0].starts_with("warning: 300 households in no commune"),
        "{stderr}"
    );
    let problems = std::fs::read_to_string(out.path().join("problems.csv")).unwrap();
    let rows: Vec<&str> = problems.lines().collect();
    assert_eq!(rows[0], "severity,kind,file,location,message");
    assert_eq!(
        rows[1..]
            .iter()
            .filter(|r| r.starts_with("warning,outside-communes,"))
            .count(),
        300
    );
    // summary.md is for people: no problem flood, no JSON.
    let md = std::fs::read_to_string(out.path().join("summary.md")).unwrap();
    assert_eq!(md.matches("[outside-communes]").count(), 1, "{md}");
    assert!(
        !md.contains("```json") && !md.contains("\"site_defaults\""),
        "{md}"
    );
    assert!(md.contains("| 4G: cell-edge reliability | 90% |"), "{md}");
    let files = [
        "communes.geojson",
        "communes.csv",
        "parents.csv",
        "province.csv",
        "households.csv",
        "summary.json",
        "summary.md",
        "problems.csv",
        "report.html",
        "rsrp_4g.tif",
        "rsrp_5g.tif",
        "coverage_4g.geojson",
        "coverage_5g.geojson",
    ];
    for f in files {
        assert!(out.path().join(f).is_file(), "{f} missing");
    }

    // summary.json: the province and the targets.
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap())
            .unwrap();
    assert_eq!(s["province_figures"]["households_total"], 300_000);
    assert_eq!(s["province_figures"]["unassigned"], 300);
    assert_eq!(s["province_figures"]["communes"], 100);
    let targets = s["targets"].as_array().unwrap();
    assert!(
        targets.iter().any(|t| t["met"] == false),
        "the demo baseline must show gaps"
    );
    assert_eq!(s["parameters"]["mobile"]["4G"]["model"], "link-budget");

    // communes.geojson: RFC 7946 (parses, counter-clockwise exteriors, at
    // most 7 decimals) with the table's figures as properties in order.
    let text = std::fs::read_to_string(out.path().join("communes.geojson")).unwrap();
    let gj: geojson::GeoJson = text.parse().unwrap();
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        panic!("not a FeatureCollection")
    };
    assert_eq!(fc.features.len(), 100);
    for f in &fc.features {
        let g = f.geometry.as_ref().unwrap();
        let rings: Vec<&Vec<geojson::Position>> = match &g.value {
            geojson::GeometryValue::Polygon { coordinates } => vec![&coordinates[0]],
            geojson::GeometryValue::MultiPolygon { coordinates } => {
                coordinates.iter().map(|p| &p[0]).collect()
            }
            _ => panic!("unexpected geometry"),
        };
        for ring in rings {
            let area2: f64 = ring
                .windows(2)
                .map(|w| {
                    w[0].as_slice()[0] * w[1].as_slice()[1]
                        - w[1].as_slice()[0] * w[0].as_slice()[1]
                })
                .sum();
            assert!(area2 > 0.0, "exterior ring must be counter-clockwise");
        }
        assert!(f.property("fibre_share").is_some() && f.property("covered_4g").is_some());
    }
    let first_props = text.find("\"properties\":{\"code\":").is_some();
    assert!(first_props, "properties start with the code");
    let max_decimals = text
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|tok| tok.split_once('.').map(|(_, d)| d.len()))
        .max()
        .unwrap();
    assert!(max_decimals <= 7, "{max_decimals} decimals");

    // report.html: in a real browser.
    crate::report_html::check_report_in_chromium(
        &out.path().join("report.html"),
        100,
        "Cà Mau (synthetic demo)",
    );
    if let Some(keep) = std::env::var_os("PHUSONG_KEEP_REPORT") {
        for f in ["report.html", "report.png", "report-phone.png"] {
            let _ = std::fs::copy(out.path().join(f), Path::new(&keep).join(f));
        }
    }

    // GeoTIFF: little-endian TIFF magic.
    let tif = std::fs::read(out.path().join("rsrp_4g.tif")).unwrap();
    assert_eq!(&tif[..4], b"II*\0");
}
