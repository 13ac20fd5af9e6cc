//! Whole-folder atomic outputs, through the binary on the demo: a run
//! killed (SIGKILL) at any moment, or stopped by a full disk, leaves the
//! previous outputs byte-identical and no partial folder; the next run
//! cleans what the killed one left. See `src/output/folder.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_phusong"))
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo.toml")
}

/// Every file under `dir` (relative path → bytes), hidden ones included.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, d: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

/// Whether two folders hold the same complete run: the same files, and
/// the same tables (`*.csv`, `communes.geojson`; the two scenarios differ
/// in each). Other files carry the time of the run (GeoTIFF and coverage
/// metadata, timings), so a mix shows in the file set or the tables.
fn same_run(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> bool {
    let table = |k: &str| k.ends_with(".csv") || k == "communes.geojson";
    a.keys().eq(b.keys())
        && a.iter()
            .filter(|(k, _)| table(k))
            .all(|(k, v)| b.get(k) == Some(v))
}

/// The entries of `dir` beside the output folder (leftovers show here).
fn siblings(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn run(scenario: &Path, out: &Path) -> std::process::Output {
    Command::new(bin())
        .args(["--quiet", "run"])
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// A second scenario whose outputs differ from the demo's in every table.
fn wider_drop(dir: &Path) -> PathBuf {
    let p = dir.join("wider.toml");
    let base = toml::Value::String(demo().display().to_string());
    std::fs::write(
        &p,
        format!("base = {base}\nname = \"demo\"\n\n[fibre]\ndrop_m = 400.0\n"),
    )
    .unwrap();
    p
}

#[test]
fn killed_or_out_of_space_runs_leave_the_previous_outputs_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let parent = tmp.path().join("outputs");
    std::fs::create_dir(&parent).unwrap();
    let out = parent.join("demo");
    let scenarios = [demo(), wider_drop(tmp.path())];
    // The complete outputs of each scenario, and the time a run spends
    // before it writes (staging appears) and writing.
    let o = run(&scenarios[1], &tmp.path().join("ref-wider"));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&scenarios[0], &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let refs = [snapshot(&out), snapshot(&tmp.path().join("ref-wider"))];
    assert!(
        !same_run(&refs[0], &refs[1]),
        "the two scenarios must differ"
    );
    let write_s: f64 = serde_json::from_slice::<serde_json::Value>(&refs[0]["summary.json"])
        .unwrap()["timings_s"]["write"]
        .as_f64()
        .unwrap();

    // Kill (SIGKILL) the other scenario's run before it writes, then at
    // spread moments while it writes.
    let mut killed_while_writing = 0;
    let fractions = [-1.0, 0.0, 0.1, 0.3, 0.5, 0.7, 0.9];
    for (i, f) in fractions.iter().enumerate() {
        let before = snapshot(&out);
        let which = if same_run(&before, &refs[0]) { 1 } else { 0 };
        let mut child = Command::new(bin())
            .args(["--quiet", "run"])
            .arg(&scenarios[which])
            .arg("--out")
            .arg(&out)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        if *f < 0.0 {
            std::thread::sleep(Duration::from_millis(300));
        } else {
            // Wait for the staging folder, then for the fraction of the
            // write time.
            let staging = format!(".demo.phusong-{}-", child.id());
            while !siblings(&parent).iter().any(|n| n.starts_with(&staging))
                && child.try_wait().unwrap().is_none()
            {
                assert!(start.elapsed() < Duration::from_secs(600));
                std::thread::sleep(Duration::from_millis(5));
            }
            std::thread::sleep(Duration::from_secs_f64(f * write_s));
        }
        let running = child.try_wait().unwrap().is_none();
        child.kill().unwrap();
        child.wait().unwrap();
        let after = snapshot(&out);
        let whole_old = after == before;
        let whole_new = same_run(&after, &refs[which]);
        assert!(
            whole_old || whole_new,
            "kill {i} ({f} of the write): the folder is a mix: {:?}",
            after.keys().collect::<Vec<_>>()
        );
        if running && *f >= 0.0 && whole_old {
            killed_while_writing += 1;
        }
    }
    assert!(
        killed_while_writing >= 3,
        "only {killed_while_writing} kills hit the writing"
    );

    // The next complete run removes what the killed ones left.
    let which = if same_run(&snapshot(&out), &refs[0]) {
        1
    } else {
        0
    };
    let o = run(&scenarios[which], &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(same_run(&snapshot(&out), &refs[which]));
    assert_eq!(siblings(&parent), ["demo"]);

    // A disk that fills up: files may grow to 2 MB only (RLIMIT_FSIZE,
    // with SIGXFSZ ignored, so a write fails with EFBIG as on a full
    // disk); households.csv (21 MB) cannot be written, nor some maps.
    let before = snapshot(&out);
    let which = 1 - which;
    let o = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 4096; exec \"$0\" --quiet run \"$1\" --out \"$2\"")
        .arg(bin())
        .arg(&scenarios[which])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // The files are written in parallel: whichever outgrows the limit
    // first is named (households.csv, a map, …), as "file too large".
    assert!(
        err.starts_with("error: ") && err.contains("(os error 27)"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert_eq!(snapshot(&out), before, "the previous outputs are intact");
    assert_eq!(siblings(&parent), ["demo"], "no partial folder");
    // Into a new folder: nothing at all.
    let o = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 4096; exec \"$0\" --quiet run \"$1\" --out \"$2\"")
        .arg(bin())
        .arg(&scenarios[which])
        .arg(parent.join("new"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(siblings(&parent), ["demo"], "no partial folder");

    out_of_space_on_a_real_file_system(&out, &scenarios[which]);
}

/// Bytes of the files under `dir`.
fn bytes_under(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            if meta.is_dir() {
                bytes_under(&e.path())
            } else {
                meta.len()
            }
        })
        .sum()
}

/// A real ENOSPC: a tmpfs one and a half times the size of one run holds
/// the previous run but not a second beside it. Needs root (mount);
/// skipped with a message otherwise.
fn out_of_space_on_a_real_file_system(previous: &Path, scenario: &Path) {
    let mnt = tempfile::tempdir().unwrap();
    let size_kib = bytes_under(previous) * 3 / 2 / 1024 + 1024;
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size_kib}k"), "tmpfs"])
        .arg(mnt.path())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("SKIPPED the tmpfs part: cannot mount a tmpfs here (not root?)");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(mnt.path());
    let out = mnt.path().join("demo");
    let copied = Command::new("cp")
        .arg("-a")
        .arg(previous)
        .arg(&out)
        .status()
        .unwrap();
    assert!(copied.success());
    let before = snapshot(&out);
    let o = run(scenario, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(snapshot(&out), before, "the previous outputs are intact");
    assert_eq!(siblings(mnt.path()), ["demo"], "no partial folder");
}
