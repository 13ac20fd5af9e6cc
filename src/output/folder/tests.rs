use std::collections::BTreeMap;

use super::*;
use crate::output::atomic::{write_atomic, write_bytes_atomic};

/// Every file under `dir` (relative path → bytes), hidden ones included.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, d: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The entries of `dir` (names only).
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn write_run(dir: &Path, files: &[(&str, &str)]) -> Result<()> {
    for (name, content) in files {
        write_bytes_atomic(&dir.join(name), content.as_bytes())?;
    }
    Ok(())
}

#[test]
fn a_new_folder_appears_whole_with_its_marker() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("demo");
    replace(&out, Product::Run, |d| {
        write_run(d, &[("summary.json", "{}"), ("maps/fibre.png", "png")])
    })
    .unwrap();
    assert_eq!(names(&out), [".phusong", "maps", "summary.json"]);
    assert_eq!(fs::read_to_string(out.join(MARKER)).unwrap(), "run\n");
    // Nothing else beside it.
    assert_eq!(names(parent.path()), ["demo"]);
}

#[test]
fn a_failed_write_leaves_the_previous_folder_byte_identical() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("demo");
    replace(&out, Product::Run, |d| {
        write_run(d, &[("summary.json", "old"), ("communes.csv", "a,b\n")])
    })
    .unwrap();
    let before = snapshot(&out);
    // The writer fails half-way, as on a full disk.
    let err = replace(&out, Product::Run, |d| {
        write_run(d, &[("communes.csv", "new")])?;
        write_atomic(&d.join("households.csv"), |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::from_raw_os_error(28)) // ENOSPC
        })
    })
    .unwrap_err();
    assert!(err.to_string().contains("households.csv"), "{err}");
    assert_eq!(snapshot(&out), before);
    assert_eq!(names(parent.path()), ["demo"], "no staging folder is left");
}

#[test]
fn stale_files_do_not_survive_but_other_commands_outputs_do() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("demo");
    replace(&out, Product::Run, |d| {
        write_run(
            d,
            &[
                ("summary.json", "1"),
                ("rsrp_5g.tif", "x"),
                ("maps/ranked_missing.png", "y"),
            ],
        )
    })
    .unwrap();
    replace(&out.join("plan-sites"), Product::PlanSites, |d| {
        write_run(d, &[("chosen_sites.csv", "p")])
    })
    .unwrap();
    replace(&out, Product::Gaps, |d| write_run(d, &[("gaps.md", "g")])).unwrap();
    // The gaps keep the run's marker and files.
    assert_eq!(fs::read_to_string(out.join(MARKER)).unwrap(), "run\n");
    assert!(out.join("rsrp_5g.tif").exists());
    replace(&out, Product::Run, |d| {
        write_run(d, &[("summary.json", "2"), ("maps/fibre.png", "f")])
    })
    .unwrap();
    let s = snapshot(&out);
    let files: Vec<&str> = s.keys().map(String::as_str).collect();
    assert_eq!(
        files,
        [
            ".phusong",
            "gaps.md",
            "maps/fibre.png",
            "plan-sites/.phusong",
            "plan-sites/chosen_sites.csv",
            "summary.json"
        ]
    );
    assert_eq!(s["summary.json"], b"2");
}

#[test]
fn kept_files_are_linked_and_never_modified_through_the_link() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("demo");
    replace(&out, Product::Run, |d| {
        write_run(d, &[("summary.json", "run"), ("communes.csv", "c")])
    })
    .unwrap();
    // A reader holding the previous communes.csv (the same inode).
    let held = parent.path().join("held.csv");
    fs::hard_link(out.join("communes.csv"), &held).unwrap();
    // `map` keeps communes.csv (linked) even when a writer rewrites it.
    replace(&out, Product::Maps, |d| {
        write_run(d, &[("maps/fibre.png", "2"), ("communes.csv", "changed")])
    })
    .unwrap();
    assert_eq!(
        fs::read_to_string(out.join("communes.csv")).unwrap(),
        "changed"
    );
    assert_eq!(
        fs::read_to_string(&held).unwrap(),
        "c",
        "the previous file was not modified"
    );
    assert_eq!(fs::read_to_string(out.join("summary.json")).unwrap(), "run");
}

#[test]
fn a_folder_that_is_not_a_phusong_output_is_refused() {
    let parent = tempfile::tempdir().unwrap();
    let home = parent.path().join("Documents");
    fs::create_dir(&home).unwrap();
    fs::write(home.join("thesis.odt"), "years of work").unwrap();
    let err = replace(&home, Product::Run, |d| {
        write_run(d, &[("summary.json", "x")])
    })
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("was not written by phusong") && msg.contains("--out"),
        "{msg}"
    );
    assert_eq!(names(&home), ["thesis.odt"]);
    // A compare folder is not a run's either.
    let cmp = parent.path().join("cmp");
    replace(&cmp, Product::Compare, |d| {
        write_run(d, &[("compare.md", "c")])
    })
    .unwrap();
    let err = replace(&cmp, Product::Run, |d| {
        write_run(d, &[("summary.json", "x")])
    })
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("holds the outputs of `phusong compare`"),
        "{err}"
    );
    // An output folder of an earlier version (no marker) is replaced.
    let legacy = parent.path().join("legacy");
    fs::create_dir(&legacy).unwrap();
    fs::write(legacy.join("summary.json"), "{}").unwrap();
    fs::write(legacy.join("communes.csv"), "old").unwrap();
    replace(&legacy, Product::Run, |d| {
        write_run(d, &[("summary.json", "new")])
    })
    .unwrap();
    assert_eq!(names(&legacy), [".phusong", "summary.json"]);
    // A folder of which the command drops nothing: synth keeps the rest.
    fs::write(home.join("communes.geojson"), "old").unwrap();
    replace(&home, Product::Synth, |d| {
        write_run(d, &[("communes.geojson", "new")])
    })
    .unwrap();
    assert_eq!(
        fs::read_to_string(home.join("thesis.odt")).unwrap(),
        "years of work"
    );
    assert_eq!(
        fs::read_to_string(home.join("communes.geojson")).unwrap(),
        "new"
    );
}

#[test]
fn a_crash_between_the_two_renames_is_recovered_by_the_next_command() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("demo");
    replace(&out, Product::Run, |d| {
        write_run(d, &[("summary.json", "old")])
    })
    .unwrap();
    let before = snapshot(&out);
    FALLBACK.with(|f| f.set(true));
    FAIL_AT.with(|f| f.set(Some("between-renames")));
    let crashed = std::panic::catch_unwind(|| {
        let _ = replace(&out, Product::Run, |d| {
            write_run(d, &[("summary.json", "new")])
        });
    });
    FAIL_AT.with(|f| f.set(None));
    assert!(crashed.is_err());
    assert!(!out.exists(), "the crash left no target");
    // The next command puts the previous folder back before anything else.
    let err = replace(&out, Product::Run, |_| -> Result<()> {
        Err(Error::Output("stop".into()))
    });
    assert!(err.is_err());
    assert_eq!(snapshot(&out), before);
    assert_eq!(names(parent.path()), ["demo"]);
    // And the fallback swap works when nothing crashes.
    replace(&out, Product::Run, |d| {
        write_run(d, &[("summary.json", "new")])
    })
    .unwrap();
    FALLBACK.with(|f| f.set(false));
    assert_eq!(fs::read_to_string(out.join("summary.json")).unwrap(), "new");
    assert_eq!(names(parent.path()), ["demo"]);
}

#[test]
fn leftovers_of_a_killed_run_are_removed_by_the_next_one() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("demo");
    replace(&out, Product::Run, |d| {
        write_run(d, &[("summary.json", "old")])
    })
    .unwrap();
    // What a killed process (pid 0 is never a user process) leaves.
    let stale = parent.path().join(".demo.phusong-0-abc");
    fs::create_dir(&stale).unwrap();
    fs::write(stale.join("communes.csv"), "partial").unwrap();
    replace(&out, Product::Run, |d| {
        write_run(d, &[("summary.json", "new")])
    })
    .unwrap();
    assert_eq!(names(parent.path()), ["demo"]);
}

#[test]
fn a_symbolic_link_to_the_folder_is_kept_and_its_folder_replaced() {
    let parent = tempfile::tempdir().unwrap();
    let real = parent.path().join("real");
    replace(&real, Product::Run, |d| {
        write_run(d, &[("summary.json", "1")])
    })
    .unwrap();
    let link = parent.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    replace(&link, Product::Run, |d| {
        write_run(d, &[("summary.json", "2")])
    })
    .unwrap();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(real.join("summary.json")).unwrap(), "2");
}

#[test]
fn paths_are_rebased_onto_the_target() {
    let got = rebase(
        vec![
            PathBuf::from("/p/.x.phusong-1-a/maps/a.png"),
            PathBuf::from("/elsewhere"),
        ],
        Path::new("/p/.x.phusong-1-a"),
        Path::new("/p/x"),
    );
    assert_eq!(
        got,
        [
            PathBuf::from("/p/x/maps/a.png"),
            PathBuf::from("/elsewhere")
        ]
    );
}
