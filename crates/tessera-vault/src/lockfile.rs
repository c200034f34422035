//! One process at a time: an OS advisory lock on `vault.lock`, held while the vault is open.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;
use std::time::Duration;

use crate::{IoAction, Result, VaultError};

/// Holds the lock until dropped (the OS releases it when the file is closed, also on crash).
pub(crate) struct VaultLock {
    _file: File,
}

// A lock held by someone else is waited for, half a second (`BUSY_TRIES` of `BUSY_RETRY`,
// counted, not read off the clock: the core never reads it), before the vault is said to be in
// use.
//
// The lock belongs to the open file, and a process that starts a program (the app opening a
// mail client, a test starting `xdotool`) copies every open file into the child for the
// moment before the program replaces it: a lock just released by closing the file can be held
// that long by the child's copy. Another Tessera holding the vault holds it for longer.
const BUSY_RETRY: Duration = Duration::from_millis(10);
const BUSY_TRIES: u32 = 50;
#[cfg(test)]
const BUSY_WAIT: Duration = Duration::from_millis(10 * BUSY_TRIES as u64);

impl VaultLock {
    pub(crate) fn acquire(dir: &Path, lock_path: &Path) -> Result<VaultLock> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(lock_path)
            .map_err(|e| VaultError::io(IoAction::Open, lock_path, e))?;
        let mut tries = 0;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(VaultLock { _file: file }),
                Err(TryLockError::WouldBlock) if tries < BUSY_TRIES => {
                    tries += 1;
                    std::thread::sleep(BUSY_RETRY);
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(VaultError::VaultInUse(dir.to_path_buf()));
                }
                Err(TryLockError::Error(e)) => {
                    return Err(VaultError::io(IoAction::Lock, lock_path, e));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn held(path: &Path) -> File {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .unwrap();
        file.try_lock().unwrap();
        file
    }

    /// A lock released a moment later (a started program's copy of the file, gone when the
    /// program starts) is waited for; one held on is "in use".
    #[test]
    #[allow(clippy::disallowed_methods, reason = "timing a real lock")]
    fn a_lock_released_within_a_moment_is_waited_for_and_one_held_is_in_use() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("vault.lock");
        let other = held(&path);
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            drop(other);
        });
        assert!(VaultLock::acquire(tmp.path(), &path).is_ok());
        release.join().unwrap();

        let _kept = VaultLock::acquire(tmp.path(), &path).unwrap();
        let start = Instant::now();
        assert!(matches!(
            VaultLock::acquire(tmp.path(), &path),
            Err(VaultError::VaultInUse(_))
        ));
        assert!(start.elapsed() >= BUSY_WAIT);
    }
}
