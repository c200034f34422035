//! One process at a time: an OS advisory lock on `vault.lock`, held while the vault is open.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use crate::{Result, VaultError};

/// Holds the lock until dropped (the OS releases it when the file is closed, also on crash).
pub(crate) struct VaultLock {
    _file: File,
}

impl VaultLock {
    pub(crate) fn acquire(dir: &Path, lock_path: &Path) -> Result<VaultLock> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(lock_path)
            .map_err(|e| VaultError::io("cannot open", lock_path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(VaultLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(VaultError::VaultInUse(dir.to_path_buf())),
            Err(TryLockError::Error(e)) => Err(VaultError::io("cannot lock", lock_path, e)),
        }
    }
}
