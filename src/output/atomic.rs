//! Writing a file so that a failed run never leaves a half-written output or
//! destroys the previous one: write to a temporary file in the same folder,
//! flush and sync it, then rename it over the target.
//!
//! Inside a folder that is synced whole before it is published (the
//! staging folder of [`super::folder::replace`], registered with
//! [`BackgroundSync`]), a file's sync is started on a background thread
//! instead of being waited for: the disk writes while the other outputs
//! are computed, and the folder's own sync, which the publication waits
//! for, finds little left to do.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread::JoinHandle;

/// The folders whose files are synced in the background, with the
/// threads doing it.
static BACKGROUND: Mutex<Vec<(PathBuf, Vec<JoinHandle<()>>)>> = Mutex::new(Vec::new());

/// While this lives, files that [`write_atomic`] writes under its folder
/// are synced on background threads; the owner syncs the folder itself
/// before relying on the files being on disk ([`super::folder::replace`]).
/// Dropping it waits for those threads.
pub(crate) struct BackgroundSync {
    dir: PathBuf,
}

impl BackgroundSync {
    /// Register `dir`.
    pub(crate) fn start(dir: &Path) -> Self {
        let dir = dir.to_path_buf();
        if let Ok(mut b) = BACKGROUND.lock() {
            b.push((dir.clone(), Vec::new()));
        }
        BackgroundSync { dir }
    }

    /// Sync `file` (written under a registered folder) in the background;
    /// gives the file back when no registered folder holds `path`.
    fn hand_over(path: &Path, file: fs::File) -> Option<fs::File> {
        let Ok(mut b) = BACKGROUND.lock() else {
            return Some(file);
        };
        match b.iter_mut().find(|(d, _)| path.starts_with(d)) {
            Some((_, threads)) => {
                // An error is found again by the folder's own sync.
                threads.push(std::thread::spawn(move || drop(file.sync_all())));
                None
            }
            None => Some(file),
        }
    }
}

impl Drop for BackgroundSync {
    fn drop(&mut self) {
        let threads = match BACKGROUND.lock() {
            Ok(mut b) => match b.iter().position(|(d, _)| *d == self.dir) {
                Some(k) => b.swap_remove(k).1,
                None => Vec::new(),
            },
            Err(_) => Vec::new(),
        };
        for t in threads {
            let _ = t.join();
        }
    }
}

use crate::{Error, Result};

/// Write `path` atomically: `fill` writes the content into a buffered
/// temporary file next to `path`, which is renamed into place only when
/// `fill` succeeds. On any error the previous content of `path` is intact.
///
/// ```
/// use std::io::Write;
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("a.txt");
/// phusong::output::atomic::write_atomic(&path, |w| Ok(w.write_all(b"hello")?)).unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "hello");
/// ```
pub fn write_atomic<F>(path: &Path, fill: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> std::io::Result<()>,
{
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".phusong-").suffix(".tmp");
    // tempfile creates files readable by the owner only; outputs are meant
    // to be shared (QGIS projects, other users), so use the usual 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o644));
    }
    let tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    {
        let mut w = BufWriter::with_capacity(1 << 16, tmp.as_file());
        fill(&mut w).map_err(|e| Error::io(path, e))?;
        w.flush().map_err(|e| Error::io(path, e))?;
    }
    let file = tmp.as_file().try_clone().map_err(|e| Error::io(path, e))?;
    if let Some(file) = BackgroundSync::hand_over(path, file) {
        file.sync_all().map_err(|e| Error::io(path, e))?;
    }
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// Write bytes atomically (see [`write_atomic`]).
pub fn write_bytes_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic(path, |w| w.write_all(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn background_sync_only_under_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let (inside, outside) = (dir.path().join("staging"), dir.path().join("other"));
        let sync = BackgroundSync::start(&inside);
        write_bytes_atomic(&inside.join("maps/a.png"), b"a").unwrap();
        write_bytes_atomic(&outside.join("b.csv"), b"b").unwrap();
        let handed = BACKGROUND
            .lock()
            .unwrap()
            .iter()
            .find(|(d, _)| *d == inside)
            .map(|(_, t)| t.len());
        assert_eq!(handed, Some(1));
        drop(sync);
        assert!(BACKGROUND.lock().unwrap().iter().all(|(d, _)| *d != inside));
        assert_eq!(fs::read(inside.join("maps/a.png")).unwrap(), b"a");
        assert_eq!(fs::read(outside.join("b.csv")).unwrap(), b"b");
    }

    #[test]
    fn failed_write_keeps_previous_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_bytes_atomic(&path, b"old").unwrap();
        let err = write_atomic(&path, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        // No temporary file is left behind.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
