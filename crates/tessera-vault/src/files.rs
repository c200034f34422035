//! Writing files so that a crash leaves either the old file or the complete new one.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use crate::{Result, VaultError};

/// Writes `bytes` to a temporary file beside `path` (mode 0600), syncs it, renames it over
/// `path` and syncs the folder. Readers see the old file or the whole new one, never a part.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically_with(path, |file| file.write_all(bytes))
}

/// Like [`write_file_atomically`], with the content written by `write` into the temporary file
/// (for content streamed rather than held whole). If `write` fails, nothing replaces `path`
/// and the temporary file is removed.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| VaultError::io("cannot write", path, e);
    // A fresh, unpredictable name created exclusively (O_EXCL, mode 0600): a file or link
    // planted beside the destination is never followed or reused.
    let mut tmp = tempfile::Builder::new()
        .prefix(".tessera-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    write(tmp.as_file_mut()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    #[cfg(unix)]
    File::open(dir).and_then(|d| d.sync_all()).map_err(fail)?;
    Ok(())
}

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
}
