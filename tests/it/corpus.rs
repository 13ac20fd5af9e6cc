//! The bad-input corpus (`tests/corpus/`), through the binary.
//!
//! `tests/corpus/base/` is a clean two-commune province; each folder in
//! `tests/corpus/cases/` replaces some of its files and says in
//! `expect.txt` the exit code of `phusong check` (`exit 1`) and lines that
//! must appear in its output (or, starting with `!`, must not). For every case: no panic, the expected exit
//! code and messages, every finding names a file of the case and (for row
//! and feature problems) the line or feature; `phusong run` refuses the
//! errors with one line, and with `--allow-invalid` does not panic either.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Copy the base and the case's files into a temporary folder.
fn lay_out(case: Option<&Path>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut sources = vec![corpus().join("base")];
    sources.extend(case.map(Path::to_path_buf));
    for src in sources {
        for e in std::fs::read_dir(src).unwrap() {
            let e = e.unwrap();
            if e.file_name() != "expect.txt" {
                std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
            }
        }
    }
    dir
}

fn phusong(args: &[&str], dir: &Path) -> (Option<i32>, String, String) {
    let out = Command::cargo_bin("phusong")
        .unwrap()
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn clean_base_has_no_problems() {
    let dir = lay_out(None);
    let (code, out, err) = phusong(&["check", "scenario.toml"], dir.path());
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("no problems found"), "{out}");
    assert!(
        out.contains("areas       areas.geojson: 2 items, CRS EPSG:4326 (assumed)"),
        "{out}"
    );
}

#[test]
fn every_case_reports_its_problem_with_a_location() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "{cases:?}");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let expect = std::fs::read_to_string(case.join("expect.txt")).unwrap();
        let mut lines = expect.lines();
        let exit: i32 = lines
            .next()
            .and_then(|l| l.strip_prefix("exit "))
            .and_then(|c| c.parse().ok())
            .expect("expect.txt starts with `exit N`");
        let dir = lay_out(Some(case));
        let (code, out, err) = phusong(&["check", "scenario.toml"], dir.path());
        let all = format!("{out}{err}");
        if all.contains("panicked") || code != Some(exit) {
            failures.push(format!("{name}: exit {code:?}, expected {exit}:\n{all}"));
            continue;
        }
        for want in lines.filter(|l| !l.is_empty()) {
            if let Some(absent) = want.strip_prefix('!') {
                if out.contains(absent) {
                    failures.push(format!("{name}: {absent:?} should not be in:\n{out}"));
                }
            } else if !out.contains(want) {
                failures.push(format!("{name}: missing {want:?} in:\n{out}"));
            }
        }
        // Every finding names a file of the case; row problems their place.
        for l in out
            .lines()
            .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
        {
            let names_file = [
                "areas.geojson",
                "households.csv",
                "households.geojson",
                "fibre.geojson",
                "sites.csv",
                "no-such-sites.csv",
                "indicators.csv",
                "scenario.toml",
            ]
            .iter()
            .any(|f| l.contains(&format!("{f}: ")));
            if !names_file {
                failures.push(format!("{name}: no file named in {l:?}"));
            }
        }
        // `run` refuses errors with one line, and never panics.
        if exit == 1 {
            let (code, _, err) = phusong(
                &["--quiet", "run", "scenario.toml", "--out", "out"],
                dir.path(),
            );
            if code != Some(1) || err.trim_end().lines().count() != 1 || !err.starts_with("error: ")
            {
                failures.push(format!("{name}: run gave {code:?}: {err}"));
            }
            let (code, _, err) = phusong(
                &[
                    "--quiet",
                    "run",
                    "scenario.toml",
                    "--out",
                    "out",
                    "--allow-invalid",
                ],
                dir.path(),
            );
            if err.contains("panicked") || !matches!(code, Some(0) | Some(1)) {
                failures.push(format!("{name}: run --allow-invalid gave {code:?}: {err}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn check_json_lists_findings() {
    let dir = lay_out(Some(&corpus().join("cases/overlapping-communes")));
    let (code, out, _) = phusong(&["check", "--json", "scenario.toml"], dir.path());
    assert_eq!(code, Some(1));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["findings"][0]["kind"], "overlap");
    assert_eq!(v["findings"][0]["severity"], "error");
    assert_eq!(v["findings"][0]["location"], "feature 1 (id A)");
}

#[test]
fn severities_are_configurable() {
    let dir = lay_out(Some(&corpus().join("cases/overlapping-communes")));
    let toml = std::fs::read_to_string(dir.path().join("scenario.toml")).unwrap();
    std::fs::write(
        dir.path().join("scenario.toml"),
        format!("{toml}[check.severity]\noverlap = \"warning\"\n"),
    )
    .unwrap();
    let (code, out, _) = phusong(&["check", "scenario.toml"], dir.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("warning: areas.geojson: feature 1 (id A): overlaps"),
        "{out}"
    );
    // A warning does not stop a run.
    let (code, _, err) = phusong(
        &["--quiet", "run", "scenario.toml", "--out", "out"],
        dir.path(),
    );
    assert_eq!(code, Some(0), "{err}");
}

/// Under `--allow-invalid` a repeated household id is dropped (the first
/// row kept) and counted as a problem, so every household counts once.
#[test]
fn duplicate_household_ids_are_dropped_under_allow_invalid() {
    let dir = lay_out(Some(&corpus().join("cases/duplicate-household-id")));
    let (code, _, err) = phusong(
        &[
            "--quiet",
            "run",
            "scenario.toml",
            "--out",
            "out",
            "--allow-invalid",
        ],
        dir.path(),
    );
    assert_eq!(code, Some(0), "{err}");
    let out = dir.path().join("out");
    let households = std::fs::read_to_string(out.join("households.csv")).unwrap();
    let rows: Vec<&str> = households.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{households}");
    // The first h1 (line 2, commune A) is kept, not the repeat (line 4, B).
    assert!(rows[0].starts_with("h1,105.002"), "{households}");
    assert!(rows[1].starts_with("h2,"), "{households}");
    let communes = std::fs::read_to_string(out.join("communes.csv")).unwrap();
    let counts: Vec<&str> = communes
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    assert_eq!(counts, ["2", "0"], "{communes}");
    let problems = std::fs::read_to_string(out.join("problems.csv")).unwrap();
    assert!(
        problems.contains(
            "line 4 (id h1),\"the household id \"\"h1\"\" occurs more than once (first at line 2)"
        ),
        "{problems}"
    );
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(summary.contains("1 duplicate ids"), "{summary}");
}
