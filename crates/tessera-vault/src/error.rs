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
    #[error("this vault uses {0}, which this version of Tessera does not support; upgrade Tessera")]
    UnsupportedFormat(String),
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
    Database(#[from] rusqlite::Error),
    #[error("the system random number generator failed")]
    Random,
}

/// Stable, machine-readable error codes. These cross IPC and appear in `--json` output; the UI
/// and scripts switch on them, so existing codes never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    WrongPassphrase,
    VaultLocked,
    VaultInUse,
    VaultNotFound,
    VaultExists,
    CorruptVault,
    CorruptRecord,
    UnsupportedFormat,
    KdfParamsRejected,
    WeakPassphrase,
    InvalidInput,
    Io,
    Database,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::WrongPassphrase => "wrong_passphrase",
            ErrorCode::VaultLocked => "vault_locked",
            ErrorCode::VaultInUse => "vault_in_use",
            ErrorCode::VaultNotFound => "vault_not_found",
            ErrorCode::VaultExists => "vault_exists",
            ErrorCode::CorruptVault => "corrupt_vault",
            ErrorCode::CorruptRecord => "corrupt_record",
            ErrorCode::UnsupportedFormat => "unsupported_format",
            ErrorCode::KdfParamsRejected => "kdf_params_rejected",
            ErrorCode::WeakPassphrase => "weak_passphrase",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Io => "io",
            ErrorCode::Database => "database",
            ErrorCode::Internal => "internal",
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
            VaultError::UnsupportedFormat(_) => ErrorCode::UnsupportedFormat,
            VaultError::KdfParamsRejected(_) => ErrorCode::KdfParamsRejected,
            VaultError::WeakPassphrase(_) => ErrorCode::WeakPassphrase,
            VaultError::InvalidInput(_) => ErrorCode::InvalidInput,
            VaultError::Io { .. } => ErrorCode::Io,
            VaultError::Database(_) => ErrorCode::Database,
            VaultError::Random => ErrorCode::Internal,
        }
    }

    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        VaultError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
