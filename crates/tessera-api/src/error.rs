use serde::Serialize;
use tessera_vault::{ErrorCode, VaultError};
use ts_rs::TS;

/// Stable error codes crossing IPC and `--json`. The UI switches on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ApiErrorCode {
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

impl ApiErrorCode {
    pub fn as_str(self) -> &'static str {
        self.vault_code().as_str()
    }

    fn vault_code(self) -> ErrorCode {
        match self {
            ApiErrorCode::WrongPassphrase => ErrorCode::WrongPassphrase,
            ApiErrorCode::VaultLocked => ErrorCode::VaultLocked,
            ApiErrorCode::VaultInUse => ErrorCode::VaultInUse,
            ApiErrorCode::VaultNotFound => ErrorCode::VaultNotFound,
            ApiErrorCode::VaultExists => ErrorCode::VaultExists,
            ApiErrorCode::CorruptVault => ErrorCode::CorruptVault,
            ApiErrorCode::CorruptRecord => ErrorCode::CorruptRecord,
            ApiErrorCode::UnsupportedFormat => ErrorCode::UnsupportedFormat,
            ApiErrorCode::KdfParamsRejected => ErrorCode::KdfParamsRejected,
            ApiErrorCode::WeakPassphrase => ErrorCode::WeakPassphrase,
            ApiErrorCode::InvalidInput => ErrorCode::InvalidInput,
            ApiErrorCode::Io => ErrorCode::Io,
            ApiErrorCode::Database => ErrorCode::Database,
            ApiErrorCode::Internal => ErrorCode::Internal,
        }
    }
}

impl From<ErrorCode> for ApiErrorCode {
    fn from(code: ErrorCode) -> Self {
        match code {
            ErrorCode::WrongPassphrase => ApiErrorCode::WrongPassphrase,
            ErrorCode::VaultLocked => ApiErrorCode::VaultLocked,
            ErrorCode::VaultInUse => ApiErrorCode::VaultInUse,
            ErrorCode::VaultNotFound => ApiErrorCode::VaultNotFound,
            ErrorCode::VaultExists => ApiErrorCode::VaultExists,
            ErrorCode::CorruptVault => ApiErrorCode::CorruptVault,
            ErrorCode::CorruptRecord => ApiErrorCode::CorruptRecord,
            ErrorCode::UnsupportedFormat => ApiErrorCode::UnsupportedFormat,
            ErrorCode::KdfParamsRejected => ApiErrorCode::KdfParamsRejected,
            ErrorCode::WeakPassphrase => ApiErrorCode::WeakPassphrase,
            ErrorCode::InvalidInput => ApiErrorCode::InvalidInput,
            ErrorCode::Io => ApiErrorCode::Io,
            ErrorCode::Database => ApiErrorCode::Database,
            ErrorCode::Internal => ApiErrorCode::Internal,
        }
    }
}

/// An error as the UI and scripts see it: a stable code and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApiError {
    pub code: ApiErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ApiErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ApiErrorCode::InvalidInput, message)
    }
}

impl From<VaultError> for ApiError {
    fn from(e: VaultError) -> Self {
        ApiError::new(e.code().into(), e.to_string())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_stable_strings() {
        for code in [
            ApiErrorCode::WrongPassphrase,
            ApiErrorCode::VaultLocked,
            ApiErrorCode::VaultInUse,
            ApiErrorCode::CorruptVault,
            ApiErrorCode::KdfParamsRejected,
            ApiErrorCode::InvalidInput,
        ] {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::String(code.as_str().into())
            );
        }
    }
}
