//! Whole-folder atomic outputs: every command that writes a folder (`run`,
//! `compare`, `gaps`, `plan sites`, `plan fibre`, `map`, `synth`) writes
//! into a fresh staging folder beside its target and swaps it in with one
//! rename when — and only when — everything was written. A reader sees the
//! previous outputs or the new ones, never a mix; a failed, killed or
//! out-of-space run leaves the previous folder byte-identical and no
//! partial folder; files the new run does not produce cannot survive.
//!
//! The steps of [`replace`]:
//! 1. Remove what killed runs left beside the target (see *Crashes* below).
//! 2. Create the staging folder `.<name>.phusong-<pid>-<random>` in the
//!    target's parent (same file system, so the final rename is atomic),
//!    with the target's permissions (0755 for a new folder).
//! 3. Hard-link into it (copy where links are refused) the entries of the
//!    current target that the command does not own ([`Product::owns`]):
//!    `run` keeps the `plan-sites/`, `plan-fibre/` and `gaps.*` that other
//!    commands wrote into its folder; `gaps`, `map` and `synth` keep
//!    everything but their own files. Every writer replaces files by
//!    renaming a new file over them ([`super::atomic`]), never in place,
//!    so a linked file of the previous folder is never modified.
//! 4. Let the command write everything into the staging folder, write the
//!    marker `.phusong` (the command that owns the folder; `gaps`, `map`
//!    and `synth` keep the marker they find and write none), and fsync
//!    every file and folder of it.
//! 5. Swap: on Linux and macOS one `renameat2(RENAME_EXCHANGE)` /
//!    `renamex_np(RENAME_SWAP)` exchanges the staging folder and the target
//!    (a new target is a plain rename); the parent folder is fsynced.
//! 6. Remove the previous folder (now under the staging name). The
//!    previous outputs are **not kept**: one output folder per target, no
//!    `.previous` copies to fill the disk at national scale.
//!
//! **Crashes.** A run killed before step 5 leaves the target untouched and
//! a staging folder; one killed between 5 and 6 leaves the new target and
//! the old folder under the staging name. Either leftover is removed by
//! the next command writing to that target (a leftover whose process is
//! still alive is left alone). On a file system that cannot exchange two
//! folders, step 5 is two renames (target → `.<name>.phusong-…-old`, then
//! staging → target); a crash between them leaves no target, and the next
//! command renames the `-old` folder back first.
//!
//! **Safety.** The target is replaced as a whole, so it must be a phusong
//! folder: absent, empty, marked `.phusong` by this command, an output folder of an earlier version (it holds the command's
//! signature file, e.g. `summary.json`), or a folder of which the command
//! would drop nothing. Anything else (`--out ~/Documents`) is refused.
//! One command at a time per folder.
//!
//! ```
//! use phusong::output::folder::{replace, Product};
//! let parent = tempfile::tempdir().unwrap();
//! let out = parent.path().join("demo");
//! replace(&out, Product::Compare, |dir| {
//!     phusong::output::atomic::write_bytes_atomic(&dir.join("compare.md"), b"v1")
//! })
//! .unwrap();
//! // A failing second write leaves the first outputs as they were.
//! let failed: phusong::Result<()> = replace(&out, Product::Compare, |dir| {
//!     phusong::output::atomic::write_bytes_atomic(&dir.join("compare.md"), b"v2")?;
//!     Err(phusong::Error::Output("disk full".into()))
//! });
//! assert!(failed.is_err());
//! assert_eq!(std::fs::read(out.join("compare.md")).unwrap(), b"v1");
//! ```

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The marker file naming the command that owns a folder.
pub const MARKER: &str = ".phusong";

/// The files `phusong synth` writes (the same as `crate::synth::FILES`,
/// tested there; named here so that this module imports no command).
pub const SYNTH_FILES: [&str; 8] = [
    "communes.geojson",
    "districts.geojson",
    "households.csv.gz",
    "fibre.geojson",
    "sites.csv",
    "indicators.csv",
    "network.geojson",
    "scenario.toml",
];

/// The command writing a folder, which decides what of the current folder
/// it replaces and what it keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Product {
    /// `phusong run`: the whole folder except what `plan` and `gaps` wrote
    /// into it.
    Run,
    /// `phusong compare`: the whole folder.
    Compare,
    /// `phusong gaps`: `gaps.csv` and `gaps.md` (usually in a run's folder).
    Gaps,
    /// `phusong plan sites`: the whole folder.
    PlanSites,
    /// `phusong plan fibre`: the whole folder.
    PlanFibre,
    /// `phusong map`: `maps/` and `communes.qml` of a run's folder.
    Maps,
    /// `phusong synth`: its generated files ([`SYNTH_FILES`]).
    Synth,
}

impl Product {
    /// The name written in the marker (the command).
    pub fn name(self) -> &'static str {
        match self {
            Product::Run => "run",
            Product::Compare => "compare",
            Product::Gaps => "gaps",
            Product::PlanSites => "plan sites",
            Product::PlanFibre => "plan fibre",
            Product::Maps => "map",
            Product::Synth => "synth",
        }
    }

    /// Whether the top-level entry `name` of the folder is this command's:
    /// replaced (dropped unless written again), not carried over.
    pub fn owns(self, name: &str) -> bool {
        match self {
            Product::Run => !matches!(name, "plan-sites" | "plan-fibre" | "gaps.csv" | "gaps.md"),
            Product::Compare | Product::PlanSites | Product::PlanFibre => true,
            Product::Gaps => matches!(name, "gaps.csv" | "gaps.md"),
            Product::Maps => matches!(name, "maps" | "communes.qml"),
            Product::Synth => SYNTH_FILES.contains(&name),
        }
    }

    /// Whether the command writes into other commands' folders (and so
    /// keeps their marker).
    fn guest(self) -> bool {
        matches!(self, Product::Gaps | Product::Maps | Product::Synth)
    }

    /// A file that an output folder of this command written by an earlier
    /// version (without marker) holds.
    fn signature(self) -> &'static str {
        match self {
            Product::Run | Product::Maps => "summary.json",
            Product::Compare => "compare.md",
            Product::Gaps => "gaps.md",
            Product::PlanSites => "chosen_sites.csv",
            Product::PlanFibre => "extensions.csv",
            Product::Synth => "communes.geojson",
        }
    }
}

/// Write a folder atomically: `fill` writes the outputs into the staging
/// folder it is given, and `target` is replaced by it only when `fill`
/// succeeded (see the module documentation). On error the target is as it
/// was and the staging folder is removed.
pub fn replace<T>(
    target: &Path,
    product: Product,
    fill: impl FnOnce(&Path) -> Result<T>,
) -> Result<T> {
    let target = resolve(target)?;
    let (parent, name) = split(&target)?;
    fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    recover(&parent, &name, &target)?;
    let existing = entries(&target)?;
    ensure_replaceable(&target, product, existing.as_deref())?;
    let staging = Staging::create(&parent, &name, &target)?;
    carry_over(&target, staging.path(), product, existing.as_deref())?;
    // The files are synced in the background as they are written, and all
    // of them again (waiting) by `sync_tree` before the swap.
    let background = super::atomic::BackgroundSync::start(staging.path());
    let value = fill(staging.path()).map_err(|e| in_target(e, staging.path(), &target))?;
    if !product.guest() {
        let marker = format!("{}\n", product.name());
        super::atomic::write_bytes_atomic(&staging.path().join(MARKER), marker.as_bytes())?;
    }
    drop(background);
    sync_tree(staging.path())?;
    staging.swap_into(&target, existing.is_some())?;
    Ok(value)
}

/// Whether [`replace`] may replace `target` for `product`: the same
/// refusal, before a long computation rather than after it.
pub fn ensure_writable(target: &Path, product: Product) -> Result<()> {
    let target = resolve(target)?;
    split(&target)?;
    let existing = entries(&target)?;
    ensure_replaceable(&target, product, existing.as_deref())
}

/// `paths` under `staging` as they are under `target` after the swap.
pub fn rebase(paths: Vec<PathBuf>, staging: &Path, target: &Path) -> Vec<PathBuf> {
    paths
        .into_iter()
        .map(|p| match p.strip_prefix(staging) {
            Ok(rel) => target.join(rel),
            Err(_) => p,
        })
        .collect()
}

/// An error naming a file of the staging folder names it in the target.
fn in_target(e: Error, staging: &Path, target: &Path) -> Error {
    match e {
        Error::Io { path, source } => match path.strip_prefix(staging) {
            Ok(rel) => Error::io(target.join(rel), source),
            Err(_) => Error::Io { path, source },
        },
        other => other,
    }
}

/// The folder to replace: a symbolic link is followed (its target folder is
/// replaced, the link kept), `.` and `..` are resolved.
fn resolve(target: &Path) -> Result<PathBuf> {
    if let Ok(real) = fs::canonicalize(target) {
        if !real.is_dir() {
            return Err(Error::Output(format!(
                "{}: not a folder; give an output folder",
                target.display()
            )));
        }
        return Ok(real);
    }
    let abs = std::path::absolute(target).map_err(|e| Error::io(target, e))?;
    // A new folder: resolve its parent when that exists.
    match (abs.parent(), abs.file_name()) {
        (Some(p), Some(n)) => match fs::canonicalize(p) {
            Ok(rp) => Ok(rp.join(n)),
            Err(_) => Ok(abs.clone()),
        },
        _ => Ok(abs),
    }
}

fn split(target: &Path) -> Result<(PathBuf, String)> {
    match (target.parent(), target.file_name().and_then(OsStr::to_str)) {
        (Some(p), Some(n)) => Ok((p.to_path_buf(), n.to_string())),
        _ => Err(Error::Output(format!(
            "{}: cannot be replaced as an output folder; give a folder below it",
            target.display()
        ))),
    }
}

/// The names of the entries of `dir`, `None` when it does not exist.
fn entries(dir: &Path) -> Result<Option<Vec<String>>> {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut names = Vec::new();
    for e in rd {
        let e = e.map_err(|e| Error::io(dir, e))?;
        names.push(e.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(Some(names))
}

/// Refuse to replace a folder that is not this command's (see the module
/// documentation, *Safety*).
fn ensure_replaceable(target: &Path, product: Product, existing: Option<&[String]>) -> Result<()> {
    let Some(names) = existing else {
        return Ok(());
    };
    let owner = fs::read_to_string(target.join(MARKER))
        .ok()
        .map(|s| s.trim().to_string());
    let ok = match &owner {
        Some(o) => product.guest() || o == product.name(),
        None => {
            names.iter().any(|n| n == product.signature())
                || !names.iter().any(|n| product.owns(n) && n != MARKER)
        }
    };
    if ok {
        return Ok(());
    }
    let whose = match owner {
        Some(o) => format!("holds the outputs of `phusong {o}`"),
        None => "was not written by phusong".to_string(),
    };
    Err(Error::Output(format!(
        "{}: this folder {whose}, and `phusong {}` replaces its output folder as a whole; \
         choose a new or empty folder (--out), or remove this one",
        target.display(),
        product.name()
    )))
}

/// Link the entries of `target` that `product` does not own into
/// `staging` (the marker too, for a command writing into another's
/// folder).
fn carry_over(
    target: &Path,
    staging: &Path,
    product: Product,
    existing: Option<&[String]>,
) -> Result<()> {
    for name in existing.unwrap_or_default() {
        if name == MARKER && !product.guest() {
            continue;
        }
        if name.starts_with('.') && name.contains(".phusong-") {
            continue; // a staging folder of a nested output, or a temporary file
        }
        if name == MARKER || !product.owns(name) {
            link_tree(&target.join(name), &staging.join(name))?;
        }
    }
    Ok(())
}

/// Recreate `from` at `to`: folders as new folders, files as hard links
/// (a copy where the file system refuses links), symbolic links as links.
fn link_tree(from: &Path, to: &Path) -> Result<()> {
    let meta = fs::symlink_metadata(from).map_err(|e| Error::io(from, e))?;
    if meta.file_type().is_symlink() {
        let dest = fs::read_link(from).map_err(|e| Error::io(from, e))?;
        return symlink(&dest, to).map_err(|e| Error::io(to, e));
    }
    if meta.is_dir() {
        fs::create_dir(to).map_err(|e| Error::io(to, e))?;
        fs::set_permissions(to, meta.permissions()).map_err(|e| Error::io(to, e))?;
        for e in fs::read_dir(from).map_err(|e| Error::io(from, e))? {
            let e = e.map_err(|e| Error::io(from, e))?;
            link_tree(&e.path(), &to.join(e.file_name()))?;
        }
        return Ok(());
    }
    if fs::hard_link(from, to).is_err() {
        fs::copy(from, to).map_err(|e| Error::io(to, e))?;
    }
    Ok(())
}

#[cfg(unix)]
fn symlink(dest: &Path, at: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(dest, at)
}

#[cfg(not(unix))]
fn symlink(dest: &Path, at: &Path) -> std::io::Result<()> {
    fs::copy(dest, at).map(|_| ())
}

/// fsync every file and folder under `dir`, folders after their content.
fn sync_tree(dir: &Path) -> Result<()> {
    for e in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let e = e.map_err(|e| Error::io(dir, e))?;
        let t = e.file_type().map_err(|err| Error::io(e.path(), err))?;
        if t.is_dir() {
            sync_tree(&e.path())?;
        } else if t.is_file() {
            sync_path(&e.path())?;
        }
    }
    sync_path(dir)
}

fn sync_path(p: &Path) -> Result<()> {
    let f = fs::File::open(p).map_err(|e| Error::io(p, e))?;
    match f.sync_all() {
        Ok(()) => Ok(()),
        // Some file systems cannot fsync a folder; the data is synced.
        Err(_) if p.is_dir() => Ok(()),
        Err(e) => Err(Error::io(p, e)),
    }
}

/// The prefix of the staging and old folders of `name`.
fn prefix(name: &str) -> String {
    format!(".{name}.phusong-")
}

/// Clean what killed runs left beside the target: a `-old` folder is
/// renamed back when the target is missing (a crash between the two
/// renames of the fallback swap), every other leftover is removed. A
/// leftover of a process still alive is left alone.
fn recover(parent: &Path, name: &str, target: &Path) -> Result<()> {
    let prefix = prefix(name);
    let Ok(rd) = fs::read_dir(parent) else {
        return Ok(());
    };
    let mut leftovers: Vec<PathBuf> = Vec::new();
    for e in rd.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = n.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| p != std::process::id() && alive(p)) {
            continue;
        }
        leftovers.push(e.path());
    }
    leftovers.sort();
    for p in leftovers {
        let old = p.to_string_lossy().ends_with("-old");
        if old && !target.exists() {
            fs::rename(&p, target).map_err(|e| Error::io(&p, e))?;
        } else {
            fs::remove_dir_all(&p).map_err(|e| Error::io(&p, e))?;
        }
    }
    Ok(())
}

/// Whether process `pid` is running (Linux: it has a `/proc` entry;
/// elsewhere assumed alive, so leftovers are kept).
fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// The staging folder; removed on drop unless swapped in.
struct Staging {
    path: PathBuf,
    swapped: bool,
}

impl Staging {
    fn create(parent: &Path, name: &str, target: &Path) -> Result<Staging> {
        let mut b = tempfile::Builder::new();
        let start = format!("{}{}-", prefix(name), std::process::id());
        b.prefix(&start);
        let dir = b.tempdir_in(parent).map_err(|e| Error::io(parent, e))?;
        let path = dir.keep();
        let perms = match fs::metadata(target) {
            Ok(m) => Some(m.permissions()),
            Err(_) => default_permissions(),
        };
        let staging = Staging {
            path,
            swapped: false,
        };
        if let Some(p) = perms {
            fs::set_permissions(&staging.path, p).map_err(|e| Error::io(&staging.path, e))?;
        }
        Ok(staging)
    }

    fn path(&self) -> &Path {
        &self.path
    }

    /// Put the staging folder at `target`; the previous folder (when
    /// `existed`) is removed after the swap.
    fn swap_into(mut self, target: &Path, existed: bool) -> Result<()> {
        let parent = target.parent().unwrap_or(Path::new("."));
        if !existed {
            fs::rename(&self.path, target).map_err(|e| Error::io(target, e))?;
            self.swapped = true;
            return sync_path(parent);
        }
        let old = match exchange(&self.path, target) {
            Ok(()) => self.path.clone(),
            Err(_) => {
                // No exchange on this file system: two renames (see the
                // module documentation for the crash in between).
                let old = PathBuf::from(format!("{}-old", self.path.display()));
                fs::rename(target, &old).map_err(|e| Error::io(target, e))?;
                fail_point("between-renames");
                fs::rename(&self.path, target).map_err(|e| Error::io(target, e))?;
                old
            }
        };
        self.swapped = true;
        sync_path(parent)?;
        fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.swapped {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// Exchange two folders atomically.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    if force_fallback() {
        return Err(std::io::Error::other("exchange disabled"));
    }
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("no atomic folder exchange here"))
}

#[cfg(unix)]
fn default_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<fs::Permissions> {
    None
}

#[cfg(test)]
thread_local! {
    static FALLBACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static FAIL_AT: std::cell::Cell<Option<&'static str>> = const { std::cell::Cell::new(None) };
}

/// Tests force the two-rename swap (file systems without exchange).
fn force_fallback() -> bool {
    #[cfg(test)]
    return FALLBACK.with(|f| f.get());
    #[cfg(not(test))]
    false
}

/// Tests simulate a crash at a named point (a panic unwinds like a kill
/// stops: nothing after it runs, and the staging folder is kept as a
/// killed process would leave it).
fn fail_point(_at: &'static str) {
    #[cfg(test)]
    if FAIL_AT.with(|f| f.get()) == Some(_at) {
        panic!("simulated crash at {_at}");
    }
}

#[cfg(test)]
mod tests;
