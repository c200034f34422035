use std::path::PathBuf;

/// Everything that can go wrong with a vault.
///
/// Crypto failures stay opaque on purpose: a wrong passphrase and a damaged key slot give the
/// same [`VaultError::WrongPassphrase`], and a record that fails authentication says only which
/// record it was, never why.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    #[error("{}", tessera_text::text!("error-vault-wrong-passphrase"))]
    WrongPassphrase,
    #[error("{}", tessera_text::text!("error-vault-locked"))]
    VaultLocked,
    #[error("{}", tessera_text::text!("error-vault-in-use", path = .0.display().to_string()))]
    VaultInUse(PathBuf),
    #[error("{}", tessera_text::text!("error-vault-not-found", path = .0.display().to_string()))]
    VaultNotFound(PathBuf),
    #[error("{}", tessera_text::text!("error-vault-exists", path = .0.display().to_string()))]
    VaultExists(PathBuf),
    #[error("{}", tessera_text::text!("error-vault-corrupt", reason = .0.clone()))]
    CorruptVault(String),
    #[error("{}", tessera_text::text!("error-vault-corrupt-record", record = .0.clone()))]
    CorruptRecord(String),
    #[error("{}", tessera_text::text!("error-vault-tampered", reason = .0.clone()))]
    Tampered(String),
    #[error(
        "{}",
        tessera_text::text!(
            "error-vault-rolled-back",
            first = vault_generation.saturating_add(1).to_string(),
            last = anchor_generation.to_string(),
        )
    )]
    RolledBack {
        vault_generation: u64,
        anchor_generation: u64,
    },
    #[error("{}", tessera_text::text!("error-vault-diverged", generation = generation.to_string()))]
    Diverged { generation: u64 },
    #[error("{}", tessera_text::text!("error-vault-anchor-damaged", path = .0.display().to_string()))]
    AnchorDamaged(PathBuf),
    #[error("{}", tessera_text::text!("error-vault-unsupported-format", what = .0.clone()))]
    UnsupportedFormat(String),
    #[error("{}", tessera_text::text!("error-vault-unsupported-backup", what = .0.clone()))]
    UnsupportedBackup(String),
    #[error("{}", tessera_text::text!("error-vault-backup-damaged", reason = .0.clone()))]
    BackupDamaged(String),
    #[error("{}", tessera_text::text!("error-vault-kdf-rejected", reason = .0.clone()))]
    KdfParamsRejected(String),
    #[error("{}", tessera_text::text!("error-vault-weak-passphrase", reason = .0.clone()))]
    WeakPassphrase(String),
    #[error("{}", tessera_text::text!("error-vault-invalid-input", reason = .0.clone()))]
    InvalidInput(String),
    #[error("{}", action.message(path, source))]
    Io {
        action: IoAction,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", tessera_text::text!("error-vault-database", reason = .0.to_string()))]
    Database(rusqlite::Error),
    /// No space left where Tessera was writing (see [`crate::files::diagnose_storage`]).
    #[error("{}", tessera_text::text!("error-vault-disk-full", path = .0.display().to_string()))]
    DiskFull(PathBuf),
    /// The place Tessera was writing to cannot be written.
    #[error("{}", tessera_text::text!("error-vault-read-only", path = .0.display().to_string()))]
    ReadOnly(PathBuf),
    #[error("{}", tessera_text::text!("error-vault-random"))]
    Random,
}

/// What Tessera was doing with a file when the system refused: each is a whole sentence of
/// the catalogue with the path and the system's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IoAction {
    Read,
    Create,
    CreateFolderIn,
    Write,
    WriteIn,
    Replace,
    MoveRestoredTo,
    Remove,
    Restrict,
    Open,
    Lock,
    Sync,
}

impl IoAction {
    fn message(self, path: &std::path::Path, source: &std::io::Error) -> String {
        let path = path.display().to_string();
        let source = source.to_string();
        match self {
            IoAction::Read => {
                tessera_text::text!("error-vault-cannot-read", path = path, source = source)
            }
            IoAction::Create => {
                tessera_text::text!("error-vault-cannot-create", path = path, source = source)
            }
            IoAction::CreateFolderIn => {
                tessera_text::text!(
                    "error-vault-cannot-create-folder-in",
                    path = path,
                    source = source
                )
            }
            IoAction::Write => {
                tessera_text::text!("error-vault-cannot-write", path = path, source = source)
            }
            IoAction::WriteIn => {
                tessera_text::text!("error-vault-cannot-write-in", path = path, source = source)
            }
            IoAction::Replace => {
                tessera_text::text!("error-vault-cannot-replace", path = path, source = source)
            }
            IoAction::MoveRestoredTo => {
                tessera_text::text!(
                    "error-vault-cannot-move-restored",
                    path = path,
                    source = source
                )
            }
            IoAction::Remove => {
                tessera_text::text!("error-vault-cannot-remove", path = path, source = source)
            }
            IoAction::Restrict => {
                tessera_text::text!("error-vault-cannot-restrict", path = path, source = source)
            }
            IoAction::Open => {
                tessera_text::text!("error-vault-cannot-open", path = path, source = source)
            }
            IoAction::Lock => {
                tessera_text::text!("error-vault-cannot-lock", path = path, source = source)
            }
            IoAction::Sync => {
                tessera_text::text!("error-vault-cannot-sync", path = path, source = source)
            }
        }
    }
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
            | rusqlite::Error::FromSqlConversionFailure(..) => {
                VaultError::Tampered(tessera_text::text!("error-vault-tampered-column"))
            }
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

    pub(crate) fn io(action: IoAction, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
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
