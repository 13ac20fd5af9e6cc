//! `phusong run` writes the maps, charts and QGIS files; `phusong map`
//! redraws them from the outputs. Both run with an empty environment (no
//! HOME fonts, no fontconfig): the fonts are compiled into the binary.

use std::path::Path;

use assert_cmd::Command;

use crate::common::*;

/// Four communes in two districts, a fibre cable reaching three of them,
/// one 4G site.
fn small_case() -> Case {
    let sq = |code: &str, d: &str, x0: f64, y0: f64| TestArea {
        code: code.into(),
        parent: Some(d.into()),
        polygons: vec![vec![vec![
            (x0, y0),
            (x0 + 0.04, y0),
            (x0 + 0.04, y0 + 0.04),
            (x0, y0 + 0.04),
        ]]],
    };
    let areas = [
        sq("Đầm Dơi", "Huyện Đầm Dơi", 105.0, 9.0),
        sq("Thới Bình", "Huyện Đầm Dơi", 105.04, 9.0),
        sq("Tân Hưng", "Huyện Cái Nước", 105.0, 9.04),
        sq("Cà Mau", "Huyện Cái Nước", 105.04, 9.04),
    ];
    let mut hh = Vec::new();
    for i in 0..40 {
        let (x, y) = (
            105.005 + 0.002 * f64::from(i % 38),
            9.005 + 0.0019 * f64::from(i),
        );
        hh.push((format!("h{i}"), x, y, true));
    }
    Case::new(
        &areas_geojson(&areas),
        &households_csv(&hh),
        &fibre_geojson(&[vec![(105.0, 9.02), (105.08, 9.02), (105.06, 9.06)]], &[]),
        &sites_csv(&[("S1".into(), 105.03, 9.03, "4G", 3000.0)]),
        "province = \"Tỉnh Cà Mau thử\"\n[areas]\nparent_field = \"district\"\n",
    )
}

fn png_size(path: &Path) -> (u32, u32) {
    let b = std::fs::read(path).unwrap();
    assert_eq!(&b[..8], b"\x89PNG\r\n\x1a\n", "{}", path.display());
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (be(16), be(20))
}

fn phusong(home: &Path) -> Command {
    let mut c = Command::cargo_bin("phusong").unwrap();
    c.env_clear()
        .env("HOME", home)
        .env("FONTCONFIG_FILE", "/nonexistent/fonts.conf")
        .env("XDG_DATA_DIRS", "/nonexistent");
    c
}

#[test]
fn run_writes_maps_charts_and_qgis_files_and_map_redraws_them() {
    let case = small_case();
    let out = case.path("out");
    let home = case.path("home");
    std::fs::create_dir_all(&home).unwrap();
    phusong(&home)
        .args(["--quiet", "run"])
        .arg(case.scenario_path())
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let maps = out.join("maps");
    for stem in ["fibre", "4g", "gaps", "kpis", "ranked_missing"] {
        let png = maps.join(format!("{stem}.png"));
        let (w, h) = png_size(&png);
        assert!(w >= 2000 && h > 400, "{stem}: {w} × {h}");
        let svg = std::fs::read_to_string(maps.join(format!("{stem}.svg"))).unwrap();
        assert!(svg.contains("<title>Tỉnh Cà Mau thử — "), "{stem}");
    }
    let fibre = std::fs::read_to_string(maps.join("fibre.svg")).unwrap();
    assert!(fibre.contains(">Fibre available to households with</text>"));
    assert!(fibre.contains(">≥ 80%</text>"));
    assert!(fibre.contains(">Xã Đầm Dơi</text>") || fibre.contains(">Xã Thới Bình</text>"));
    let gaps = std::fs::read_to_string(maps.join("gaps.svg")).unwrap();
    assert!(gaps.contains("communes miss a target"));

    // The QML classes a field that communes.geojson has, and labels by one.
    let qml = std::fs::read_to_string(out.join("communes.qml")).unwrap();
    assert!(qml.contains("<qgis "));
    assert!(qml.contains("renderer-v2 type=\"graduatedSymbol\" attr=\"fibre_share\""));
    let gj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("communes.geojson")).unwrap())
            .unwrap();
    let props = &gj["features"][0]["properties"];
    assert!(props["fibre_share"].is_number());
    assert!(props["name"].is_string());
    let qgs = std::fs::read_to_string(out.join("phusong.qgs")).unwrap();
    assert!(qgs.contains("<datasource>./communes.geojson</datasource>"));

    // `phusong map` redraws from the outputs.
    std::fs::remove_dir_all(&maps).unwrap();
    phusong(&home)
        .args(["--quiet", "map"])
        .arg(&out)
        .assert()
        .success();
    let (w, _) = png_size(&maps.join("fibre.png"));
    assert!(w >= 2000);
    let again = std::fs::read_to_string(maps.join("fibre.svg")).unwrap();
    assert!(again.contains(">Fibre available to households with</text>"));
    assert!(again.contains("<title>Tỉnh Cà Mau thử — fibre"));
}

#[test]
fn map_without_a_run_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("phusong")
        .unwrap()
        .args(["--quiet", "map"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: ") && err.contains("summary.json"),
        "{err}"
    );
}
