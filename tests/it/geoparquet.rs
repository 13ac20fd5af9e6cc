//! GeoParquet output checked by the real clients: GeoPandas, pyarrow and
//! shapely (`tests/geoparquet/check_geoparquet.py`) read `communes.parquet`
//! and `households.parquet` of a demo run and compare them with the run's
//! GeoJSON and CSV files; a bbox read goes through the covering column.
//!
//! The Python environment: `PHUSONG_GEO_PYTHON`, else the virtualenv that
//! `.ci/run` creates (`/var/tmp/phusong-pyenv`, `pip install geopandas
//! pyarrow`). Missing: the test fails under `CI=true`, skips otherwise.

use std::path::Path;
use std::process::Command;

fn python() -> String {
    std::env::var("PHUSONG_GEO_PYTHON")
        .unwrap_or_else(|_| "/var/tmp/phusong-pyenv/bin/python".into())
}

#[test]
fn geoparquet_opens_in_geopandas_and_matches_the_run() {
    let py = python();
    let has = Command::new(&py)
        .args(["-c", "import geopandas, pyarrow, shapely"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{py}: geopandas/pyarrow missing, and CI must run this test (.ci/run installs them)");
        }
        eprintln!("SKIPPED geoparquet: {py} with geopandas and pyarrow is missing (see .ci/run)");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("geoparquet.toml");
    std::fs::write(
        &scenario,
        format!(
            "base = {:?}\nname = \"geoparquet\"\n[outputs]\ngeoparquet = true\nmaps = false\n",
            root.join("data/demo.toml")
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = assert_cmd::Command::cargo_bin("phusong")
        .unwrap()
        .args(["-q", "run"])
        .arg(&scenario)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let check = Command::new(&py)
        .arg(root.join("tests/geoparquet/check_geoparquet.py"))
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(text.starts_with("ok "), "{text}");
}
