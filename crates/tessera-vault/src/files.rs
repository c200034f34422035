//! Writing files so that a crash leaves either the old file or the complete new one.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use crate::{IoAction, Result, VaultError};

/// Writes `bytes` to a temporary file beside `path` (mode 0600), syncs it, renames it over
/// `path` and syncs the folder. Readers see the old file or the whole new one, never a part.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically_with(path, |file| file.write_all(bytes))
}

/// Like [`write_file_atomically`], with the content written by `write` into the temporary file
/// (for content streamed rather than held whole). If `write` fails, nothing replaces `path`
/// and the temporary file is removed.
///
/// The temporary file is locked while it is written, so that a writer killed midway (which
/// cannot remove its own) leaves a file that [`remove_stale_temporaries`] recognizes; that
/// runs here first, so each write to a folder also clears what an earlier crash left there.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| VaultError::io(IoAction::Write, path, e);
    remove_stale_temporaries(dir);
    // A fresh, unpredictable name created exclusively (O_EXCL, mode 0600): a file or link
    // planted beside the destination is never followed or reused.
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.as_file().try_lock().map_err(|e| fail(e.into()))?;
    write(tmp.as_file_mut()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    #[cfg(unix)]
    File::open(dir).and_then(|d| d.sync_all()).map_err(fail)?;
    Ok(())
}

const TEMP_PREFIX: &str = ".tessera-";
const TEMP_SUFFIX: &str = ".tmp";
/// The prefix of the folders a restore or a check of a backup unpacks into.
pub(crate) const STAGING_PREFIX: &str = ".tessera-restore-";

/// A temporary folder that a crash may leave behind: locked while in use (the lock is on the
/// folder itself, so it holds across the rename that puts a restored vault in place), and
/// removed on drop unless kept.
pub(crate) struct StagingDir {
    dir: Option<tempfile::TempDir>,
    _lock: File,
}

impl StagingDir {
    pub(crate) fn new_in(parent: &Path) -> std::io::Result<StagingDir> {
        remove_stale_temporaries(parent);
        let dir = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .tempdir_in(parent)?;
        let lock = File::open(dir.path())?;
        lock.try_lock()?;
        Ok(StagingDir {
            dir: Some(dir),
            _lock: lock,
        })
    }
    pub(crate) fn path(&self) -> &Path {
        self.dir.as_ref().expect("present until kept").path()
    }
    /// Stops the folder from being removed on drop; the lock holds until `self` is dropped.
    pub(crate) fn keep(&mut self) -> std::path::PathBuf {
        self.dir.take().expect("kept once").keep()
    }
}

/// Removes what a killed writer left in `dir`: temporary files of [`write_atomically_with`]
/// and staging folders of a restore, each only when no live process holds its lock (a write
/// or restore under way in another process is left alone). Best effort: a leftover that
/// cannot be removed now is tried again at the next write or open; nothing here fails.
pub fn remove_stale_temporaries(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        let path = entry.path();
        let stale = |p: &Path| File::open(p).is_ok_and(|f| f.try_lock().is_ok());
        let done = if meta.is_file() && name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
        {
            stale(&path) && std::fs::remove_file(&path).is_ok()
        } else if meta.is_dir() && name.starts_with(STAGING_PREFIX) {
            stale(&path) && std::fs::remove_dir_all(&path).is_ok()
        } else {
            false
        };
        removed += usize::from(done);
    }
    removed
}

/// Whether a file can be written in `dir` now (a probe, removed at once): for a folder
/// chosen for later writes, so that a read-only or full one is refused when it is chosen.
pub fn check_writable(dir: &Path) -> Result<()> {
    tempfile::tempfile_in(dir)
        .map(drop)
        .map_err(|e| VaultError::io(IoAction::WriteIn, dir, e))
}

/// Names the problem behind a database error met while writing in `dir`: SQLite reports a full
/// disk as "database or disk is full" only sometimes (a failed write of its shared-memory or
/// WAL file is a bare "disk I/O error"), and a read-only one as several codes, so the folder
/// itself is asked. Any other error is returned as it is.
pub fn diagnose_storage(dir: &Path, err: VaultError) -> VaultError {
    use rusqlite::ErrorCode as C;
    let VaultError::Database(db) = &err else {
        return err;
    };
    let code = db.sqlite_error_code();
    match code {
        Some(C::DiskFull) => return VaultError::DiskFull(dir.to_path_buf()),
        Some(C::ReadOnly) => return VaultError::ReadOnly(dir.to_path_buf()),
        Some(C::SystemIoFailure | C::CannotOpen) => {}
        _ => return err,
    }
    #[cfg(not(unix))]
    return err;
    #[cfg(unix)]
    match rustix::fs::statvfs(dir) {
        Ok(fs) if fs.f_flag.contains(rustix::fs::StatVfsMountFlags::RDONLY) => {
            VaultError::ReadOnly(dir.to_path_buf())
        }
        // Less than what one more transaction of Tessera's could need.
        Ok(fs) if fs.f_bavail.saturating_mul(fs.f_frsize) < NEARLY_FULL_BYTES => {
            VaultError::DiskFull(dir.to_path_buf())
        }
        _ => err,
    }
}

const NEARLY_FULL_BYTES: u64 = 1 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_files_and_cleans_up_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.vcf");
        write_file_atomically(&path, b"one").unwrap();
        write_file_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let missing = dir.path().join("no-such-dir").join("x");
        let err = write_file_atomically(&missing, b"x").unwrap_err();
        assert_eq!(err.code().as_str(), "io");
        assert!(err.to_string().contains("no-such-dir"), "{err}");
    }

    /// Regression: a writer killed between creating its temporary file and renaming it left a
    /// hidden `.tessera-*.tmp` (a part of a grant, a header) in the folder for good.
    #[test]
    fn leftovers_of_a_killed_writer_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".tessera-abc123.tmp");
        std::fs::write(&stale, b"part of a grant").unwrap();
        let live = dir.path().join(".tessera-live.tmp");
        let held = File::create(&live).unwrap();
        held.try_lock().unwrap();
        let stale_dir = dir.path().join(".tessera-restore-old");
        std::fs::create_dir(&stale_dir).unwrap();
        std::fs::write(stale_dir.join("vault.db"), b"x").unwrap();
        let staging = StagingDir::new_in(dir.path()).unwrap();
        // `new_in` cleared the stale ones already; put them back to count them here.
        std::fs::write(&stale, b"part of a grant").unwrap();
        std::fs::create_dir(&stale_dir).unwrap();
        let mine = dir.path().join("grant.jwt");
        std::fs::write(&mine, b"the person's own file").unwrap();
        let lookalike = dir.path().join(".tessera-notes");
        std::fs::write(&lookalike, b"not ours").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&mine, dir.path().join(".tessera-link.tmp")).unwrap();

        assert_eq!(remove_stale_temporaries(dir.path()), 2);
        assert!(!stale.exists() && !stale_dir.exists());
        assert!(live.exists(), "a write under way is left alone");
        assert!(staging.path().exists(), "a restore under way is left alone");
        assert!(mine.exists() && lookalike.exists());
        #[cfg(unix)]
        assert!(
            dir.path()
                .join(".tessera-link.tmp")
                .symlink_metadata()
                .is_ok()
        );

        drop(held);
        drop(staging);
        assert_eq!(remove_stale_temporaries(dir.path()), 1, "the released file");
        assert_eq!(remove_stale_temporaries(&dir.path().join("missing")), 0);
    }

    #[test]
    fn each_write_clears_what_an_earlier_crash_left_in_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".tessera-killed.tmp");
        std::fs::write(&stale, b"half").unwrap();
        write_file_atomically(&dir.path().join("out"), b"whole").unwrap();
        assert!(!stale.exists());
    }
}
