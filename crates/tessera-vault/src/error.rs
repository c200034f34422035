use std::path::PathBuf;

/// Everything that can go wrong with a vault.
///
/// Crypto failures stay opaque on purpose: a wrong passphrase and a damaged key slot give the
/// same [`VaultError::WrongPassphrase`], and a record that fails authentication says only which
/// record it was, never why.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    #[error("wrong passphrase, or the vault header has been damaged")]
    WrongPassphrase,
    #[error("the vault is locked: unlock it first")]
    VaultLocked,
    #[error(
        "the vault at {0} is in use by another Tessera process (the app or the CLI); close it and try again"
    )]
    VaultInUse(PathBuf),
    #[error("no vault at {0}")]
    VaultNotFound(PathBuf),
    #[error("a vault already exists at {0}")]
    VaultExists(PathBuf),
    #[error("the vault is damaged: {0}")]
    CorruptVault(String),
    #[error("record {0} failed its integrity check; it may have been tampered with")]
    CorruptRecord(String),
    #[error(
        "the vault's contents do not match its own integrity record: {0}. Tessera will not use \
         data it cannot trust; restore the vault folder from a backup"
    )]
    Tampered(String),
    #[error(
        "this vault is older than the one this computer last opened: changes {}..{anchor_generation} \
         are missing (an older copy of the vault folder or of vault.db was put back). Restore the \
         newest copy, or, if you put this copy back on purpose, accept the restore",
        vault_generation.saturating_add(1)
    )]
    RolledBack {
        vault_generation: u64,
        anchor_generation: u64,
    },
    #[error(
        "this vault is not the one this computer last opened at change {generation}: another copy \
         of it was put in its place. Restore the newest copy, or, if you put this copy back on \
         purpose, accept the restore"
    )]
    Diverged { generation: u64 },
    #[error(
        "this computer's record of the vault ({}) is damaged, so an older copy of the vault could \
         not be recognised. If nothing else is wrong, accept the vault as it is to replace the record",
        .0.display()
    )]
    AnchorDamaged(PathBuf),
    #[error("this vault uses {0}, which this version of Tessera does not support; upgrade Tessera")]
    UnsupportedFormat(String),
    #[error(
        "this backup uses {0}, which this version of Tessera does not support; upgrade Tessera"
    )]
    UnsupportedBackup(String),
    #[error("this backup cannot be used: {0}. Nothing was restored; try another backup")]
    BackupDamaged(String),
    #[error("key-derivation parameters refused: {0}")]
    KdfParamsRejected(String),
    #[error("passphrase too weak: {0}")]
    WeakPassphrase(String),
    #[error("invalid input: {0}")]
    InvalidInput(String),
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Database(rusqlite::Error),
    /// No space left where Tessera was writing (see [`crate::files::diagnose_storage`]).
    #[error("the disk holding {} is full: free some space on it and try again", .0.display())]
    DiskFull(PathBuf),
    /// The place Tessera was writing to cannot be written.
    #[error(
        "{} is on a read-only disk or in a read-only folder: make it writable, or choose \
         another place, and try again",
        .0.display()
    )]
    ReadOnly(PathBuf),
    #[error("the system random number generator failed")]
    Random,
}

/// Every stable, machine-readable error code of Tessera, for every crate: the one list. Codes
/// cross IPC and appear in `--json` output as their snake_case names (`wrong_passphrase`); the
/// UI and scripts switch on them, so a code never changes meaning once released. Each crate's
/// error type returns one of these from `code()`; the TypeScript union (`ApiErrorCode`), the
/// CLI's exit codes and the README's table are derived from or checked against this enum.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ApiErrorCode"))]
pub enum ErrorCode {
    // The vault.
    WrongPassphrase,
    VaultLocked,
    VaultInUse,
    VaultNotFound,
    VaultExists,
    CorruptVault,
    CorruptRecord,
    UnsupportedFormat,
    /// The rows of the vault are not the ones its integrity record describes.
    VaultTampered,
    /// The vault is older than (or diverged from) what this computer last saw.
    VaultRolledBack,
    /// A backup file is damaged, or not a Tessera backup.
    BackupDamaged,
    KdfParamsRejected,
    WeakPassphrase,
    InvalidInput,
    /// Something the caller had to supply is absent (a passphrase, a file).
    MissingInput,
    // The profile and rules.
    UnknownField,
    InvalidValue,
    NotFound,
    InvalidBrand,
    UnknownBrand,
    BrandExists,
    InvalidForm,
    FormUnavailable,
    /// A sensitive field needs the person's explicit confirmation of its category.
    ConfirmationRequired,
    // Tokens and the exchange.
    TokenTooLarge,
    MalformedToken,
    TokenTooDeep,
    BadAlgorithm,
    WrongType,
    BadKey,
    BadSignature,
    TokenExpired,
    TokenNotYetValid,
    WrongAudience,
    InvalidClaims,
    Replayed,
    KeyChanged,
    AlreadyDone,
    MissingValue,
    ReceiptMismatch,
    LedgerBroken,
    // The machine.
    Io,
    Database,
    /// No space left on the disk Tessera was writing to.
    DiskFull,
    /// The disk or folder Tessera was writing to is read-only.
    ReadOnly,
    Internal,
}

impl ErrorCode {
    /// The stable name: `wrong_passphrase`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The code with this stable name, if any.
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        name.parse().ok()
    }

    /// Every code, in declaration order.
    pub fn all() -> impl Iterator<Item = ErrorCode> {
        <ErrorCode as strum::IntoEnumIterator>::iter()
    }
}

/// A value of the wrong type or out of range in `vault.db` was not written by Tessera (its
/// columns are STRICT and its code writes only valid values): the database has been edited.
impl From<rusqlite::Error> for VaultError {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::FromSqlConversionFailure(..) => VaultError::Tampered(
                "a column of vault.db holds a value Tessera never writes there".into(),
            ),
            e => VaultError::Database(e),
        }
    }
}

impl VaultError {
    pub fn code(&self) -> ErrorCode {
        match self {
            VaultError::WrongPassphrase => ErrorCode::WrongPassphrase,
            VaultError::VaultLocked => ErrorCode::VaultLocked,
            VaultError::VaultInUse(_) => ErrorCode::VaultInUse,
            VaultError::VaultNotFound(_) => ErrorCode::VaultNotFound,
            VaultError::VaultExists(_) => ErrorCode::VaultExists,
            VaultError::CorruptVault(_) => ErrorCode::CorruptVault,
            VaultError::CorruptRecord(_) => ErrorCode::CorruptRecord,
            VaultError::UnsupportedFormat(_) | VaultError::UnsupportedBackup(_) => {
                ErrorCode::UnsupportedFormat
            }
            VaultError::BackupDamaged(_) => ErrorCode::BackupDamaged,
            VaultError::Tampered(_) => ErrorCode::VaultTampered,
            VaultError::RolledBack { .. }
            | VaultError::Diverged { .. }
            | VaultError::AnchorDamaged(_) => ErrorCode::VaultRolledBack,
            VaultError::KdfParamsRejected(_) => ErrorCode::KdfParamsRejected,
            VaultError::WeakPassphrase(_) => ErrorCode::WeakPassphrase,
            VaultError::InvalidInput(_) => ErrorCode::InvalidInput,
            VaultError::Io { .. } => ErrorCode::Io,
            VaultError::Database(_) => ErrorCode::Database,
            VaultError::DiskFull(_) => ErrorCode::DiskFull,
            VaultError::ReadOnly(_) => ErrorCode::ReadOnly,
            VaultError::Random => ErrorCode::Internal,
        }
    }

    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        let path = path.into();
        match source.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                VaultError::DiskFull(path)
            }
            std::io::ErrorKind::ReadOnlyFilesystem => VaultError::ReadOnly(path),
            _ => VaultError::Io {
                action,
                path,
                source,
            },
        }
    }
}
