//! The real clients: the demo's `run`, `plan sites`, `plan fibre` and
//! `compare` outputs opened in headless QGIS (every `.qgs`, by
//! `tests/qgis/check_projects.py`) and in GDAL (`ogrinfo` / `gdalinfo` on
//! every GIS file). When QGIS or GDAL is missing these tests fail under
//! `CI=true` (`.ci/run` installs them from Debian) and are skipped with a
//! message otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Debian's Python, which has the QGIS bindings (not a pyenv one);
/// `PHUSONG_QGIS_PYTHON` overrides it.
fn qgis_python() -> String {
    std::env::var("PHUSONG_QGIS_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into())
}

/// Whether `cmd args` runs and succeeds; else fail under CI, skip
/// otherwise (with `what` in the message).
fn require(test: &str, what: &str, cmd: &str, args: &[&str]) -> bool {
    let ok = Command::new(cmd)
        .args(args)
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{test}: {what} is missing, and CI must run this test (.ci/run installs it)");
    }
    eprintln!("SKIPPED {test}: {what} is missing (apt-get install {what})");
    false
}

fn phusong(args: &[&std::ffi::OsStr]) {
    let out = assert_cmd::Command::cargo_bin("phusong")
        .unwrap()
        .arg("-q")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "phusong {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The demo's outputs: `run/`, `plan-sites/`, `plan-fibre/`, `compare/`
/// (computed once for the tests of this file).
fn demo_outputs() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo.toml");
        let d = dir.path();
        let o = |s: &str| d.join(s).into_os_string();
        phusong(&[
            "run".as_ref(),
            demo.as_os_str(),
            "--out".as_ref(),
            &o("run"),
        ]);
        phusong(&[
            "plan".as_ref(),
            "sites".as_ref(),
            demo.as_os_str(),
            "--target".as_ref(),
            "--out".as_ref(),
            &o("plan-sites"),
        ]);
        phusong(&[
            "plan".as_ref(),
            "fibre".as_ref(),
            demo.as_os_str(),
            "--out".as_ref(),
            &o("plan-fibre"),
        ]);
        phusong(&[
            "compare".as_ref(),
            demo.as_os_str(),
            &d.join("plan-fibre/scenario.toml").into_os_string(),
            "--out".as_ref(),
            &o("compare"),
        ]);
        dir
    })
    .path()
}

fn files_with(dir: &Path, ext: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_with(&p, ext));
        } else if p.extension().is_some_and(|x| ext.iter().any(|e| x == *e)) {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn every_project_opens_complete_in_headless_qgis() {
    let test = "every_project_opens_complete_in_headless_qgis";
    let py = qgis_python();
    if !require(
        test,
        "python3-qgis qgis-providers",
        &py,
        &["-c", "import qgis.core"],
    ) {
        return;
    }
    let dir = demo_outputs();
    let projects = files_with(dir, &["qgs"]);
    let folders: Vec<String> = projects
        .iter()
        .map(|p| {
            let f = p.parent().unwrap().file_name().unwrap();
            f.to_string_lossy().into_owned()
        })
        .collect();
    assert_eq!(folders, ["compare", "plan-fibre", "plan-sites", "run"]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/qgis/check_projects.py");
    let out = Command::new(&py)
        .arg(&script)
        .args(&projects)
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("4 of 4 projects open complete"), "{stdout}");
    // The run's project lists every layer of the issue, in order.
    let run = stdout.lines().find(|l| l.contains("/run/")).unwrap();
    let order = [
        "Cell sites",
        "Households",
        "Fibre network",
        "4G coverage",
        "4G best-server RSRP",
        "5G best-server RSRP",
        "Communes missing a target",
        "Communes not reached by fibre",
        "Communes — fibre share",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|n| run.find(n).unwrap_or_else(|| panic!("{n} not in {run}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{run}");
}

/// `ogrinfo` reads every vector file and `gdalinfo` every raster; the
/// CSV sidecars make numbers and flags typed.
#[test]
fn gdal_opens_every_output_file() {
    let test = "gdal_opens_every_output_file";
    if !require(test, "gdal-bin", "ogrinfo", &["--version"]) {
        return;
    }
    let dir = demo_outputs();
    let vectors = files_with(dir, &["geojson", "csv", "fgb", "parquet"]);
    let rasters = files_with(dir, &["tif", "png"]);
    assert!(
        vectors.len() >= 20 && rasters.len() >= 8,
        "{vectors:?} {rasters:?}"
    );
    for v in &vectors {
        let out = Command::new("ogrinfo")
            .args(["-ro", "-so", "-al"])
            .arg(v)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains("Feature Count:"),
            "ogrinfo {}: {text}{}",
            v.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for r in &rasters {
        let out = Command::new("gdalinfo").arg(r).output().unwrap();
        assert!(
            out.status.success(),
            "gdalinfo {}: {}",
            r.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let info = |f: &str| {
        let out = Command::new("ogrinfo")
            .args(["-ro", "-so", "-al"])
            .arg(dir.join(f))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let communes = info("run/communes.csv");
    assert!(communes.contains("fibre_share: Real"), "{communes}");
    assert!(communes.contains("households: Integer64"), "{communes}");
    assert!(
        communes.contains("fibre_target_met: Integer(Boolean)"),
        "{communes}"
    );
    let coverage = info("run/coverage_4g.geojson");
    assert!(coverage.contains("Layer name: coverage_4g"), "{coverage}");
    assert!(coverage.contains("max_dbm: Real"), "{coverage}");
    let tif = Command::new("gdalinfo")
        .args(["-stats"])
        .arg(dir.join("run/rsrp_4g.tif"))
        .output()
        .unwrap();
    let tif = String::from_utf8_lossy(&tif.stdout);
    assert!(
        tif.contains("EPSG\",32648") || tif.contains("UTM zone 48N"),
        "{tif}"
    );
}
