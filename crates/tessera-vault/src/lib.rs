//! Tessera's encrypted vault.
//!
//! A vault is a directory holding three files:
//! - `vault.header`: the versioned, authenticated header with the passphrase key slot
//!   (Argon2id parameters, salt, and the wrapped data key); see [`header`].
//! - `vault.db`: one SQLite database (WAL, `synchronous=FULL`) whose personal values are all
//!   sealed with the data key, each bound to its row identity; see [`envelope`] and [`store`].
//! - `vault.lock`: an empty file locked by whichever process has the vault open.
//!
//! The layout and byte formats are documented in `docs/vault-format.md`.
//!
//! This crate never imports `tauri` and never reads the clock: callers pass time in.
#![forbid(unsafe_code)]

pub mod anchor;
pub mod backup;
pub mod envelope;
mod error;
pub mod files;
pub mod header;
pub mod index;
pub mod integrity;
pub mod kdf;
mod locked;
mod lockfile;
pub mod paths;
pub mod secret;
pub mod store;
pub mod strength;
mod vault;

pub use anchor::AnchorDir;
pub use error::{ErrorCode, IoAction, VaultError};
pub use kdf::KdfParams;
pub use secret::Passphrase;
pub use vault::{
    AnchorPresence, AnchorReport, EntryId, EntryKind, OpenOptions, Vault, VaultCheck, VaultInfo,
    VaultLayout,
};

pub type Result<T, E = VaultError> = std::result::Result<T, E>;

/// Bytes as lowercase hex digits (vault ids, hashes in manifests and anchors).
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
