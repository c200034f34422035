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
    /// The rows of the vault are not the ones its integrity record describes.
    VaultTampered,
    /// The vault is older than (or diverged from) what this computer last saw.
    VaultRolledBack,
    KdfParamsRejected,
    WeakPassphrase,
    InvalidInput,
    /// Something the caller had to supply is absent (a passphrase, a file).
    MissingInput,
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

    Io,
    Database,
    Internal,
}

impl ApiErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ApiErrorCode::WrongPassphrase => "wrong_passphrase",
            ApiErrorCode::VaultLocked => "vault_locked",
            ApiErrorCode::VaultInUse => "vault_in_use",
            ApiErrorCode::VaultNotFound => "vault_not_found",
            ApiErrorCode::VaultExists => "vault_exists",
            ApiErrorCode::CorruptVault => "corrupt_vault",
            ApiErrorCode::CorruptRecord => "corrupt_record",
            ApiErrorCode::UnsupportedFormat => "unsupported_format",
            ApiErrorCode::VaultTampered => "vault_tampered",
            ApiErrorCode::VaultRolledBack => "vault_rolled_back",
            ApiErrorCode::KdfParamsRejected => "kdf_params_rejected",
            ApiErrorCode::WeakPassphrase => "weak_passphrase",
            ApiErrorCode::InvalidInput => "invalid_input",
            ApiErrorCode::MissingInput => "missing_input",
            ApiErrorCode::UnknownField => "unknown_field",
            ApiErrorCode::InvalidValue => "invalid_value",
            ApiErrorCode::NotFound => "not_found",
            ApiErrorCode::InvalidBrand => "invalid_brand",
            ApiErrorCode::UnknownBrand => "unknown_brand",
            ApiErrorCode::BrandExists => "brand_exists",
            ApiErrorCode::InvalidForm => "invalid_form",
            ApiErrorCode::FormUnavailable => "form_unavailable",
            ApiErrorCode::ConfirmationRequired => "confirmation_required",
            ApiErrorCode::TokenTooLarge => "token_too_large",
            ApiErrorCode::MalformedToken => "malformed_token",
            ApiErrorCode::TokenTooDeep => "token_too_deep",
            ApiErrorCode::BadAlgorithm => "bad_algorithm",
            ApiErrorCode::WrongType => "wrong_type",
            ApiErrorCode::BadKey => "bad_key",
            ApiErrorCode::BadSignature => "bad_signature",
            ApiErrorCode::TokenExpired => "token_expired",
            ApiErrorCode::TokenNotYetValid => "token_not_yet_valid",
            ApiErrorCode::WrongAudience => "wrong_audience",
            ApiErrorCode::InvalidClaims => "invalid_claims",
            ApiErrorCode::Replayed => "replayed",
            ApiErrorCode::KeyChanged => "key_changed",
            ApiErrorCode::AlreadyDone => "already_done",
            ApiErrorCode::MissingValue => "missing_value",
            ApiErrorCode::ReceiptMismatch => "receipt_mismatch",
            ApiErrorCode::LedgerBroken => "ledger_broken",
            ApiErrorCode::Io => "io",
            ApiErrorCode::Database => "database",
            ApiErrorCode::Internal => "internal",
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
            ErrorCode::VaultTampered => ApiErrorCode::VaultTampered,
            ErrorCode::VaultRolledBack => ApiErrorCode::VaultRolledBack,
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

    pub fn missing_input(message: impl Into<String>) -> Self {
        Self::new(ApiErrorCode::MissingInput, message)
    }
}

impl From<VaultError> for ApiError {
    fn from(e: VaultError) -> Self {
        ApiError::new(e.code().into(), e.to_string())
    }
}

impl From<tessera_profile::ProfileError> for ApiError {
    fn from(e: tessera_profile::ProfileError) -> Self {
        use tessera_profile::ProfileError as P;
        let code = match &e {
            P::Vault(inner) => inner.code().into(),
            P::UnknownField(_) => ApiErrorCode::UnknownField,
            P::InvalidValue { .. } | P::NotMultiple { .. } => ApiErrorCode::InvalidValue,
            P::NoSuchValue { .. } => ApiErrorCode::NotFound,
            P::InvalidBrand { .. } => ApiErrorCode::InvalidBrand,
            P::UnknownBrand(_) => ApiErrorCode::UnknownBrand,
            P::BrandExists(_) => ApiErrorCode::BrandExists,
            P::FormNotOffered { .. } | P::UnknownForm(_) => ApiErrorCode::InvalidForm,
            P::FormUnavailable { .. } => ApiErrorCode::FormUnavailable,
            P::ConfirmationRequired { .. } => ApiErrorCode::ConfirmationRequired,
            P::InvalidInput(_) => ApiErrorCode::InvalidInput,
            P::CorruptStoredRecord(_) => ApiErrorCode::CorruptRecord,
            _ => ApiErrorCode::Internal,
        };
        ApiError::new(code, e.to_string())
    }
}

impl ApiErrorCode {
    /// The code with this stable name, if any.
    pub fn from_name(name: &str) -> Option<ApiErrorCode> {
        ALL_CODES.iter().copied().find(|c| c.as_str() == name)
    }
}

const ALL_CODES: &[ApiErrorCode] = &[
    ApiErrorCode::WrongPassphrase,
    ApiErrorCode::VaultLocked,
    ApiErrorCode::VaultInUse,
    ApiErrorCode::VaultNotFound,
    ApiErrorCode::VaultExists,
    ApiErrorCode::CorruptVault,
    ApiErrorCode::CorruptRecord,
    ApiErrorCode::UnsupportedFormat,
    ApiErrorCode::VaultTampered,
    ApiErrorCode::VaultRolledBack,
    ApiErrorCode::KdfParamsRejected,
    ApiErrorCode::WeakPassphrase,
    ApiErrorCode::InvalidInput,
    ApiErrorCode::MissingInput,
    ApiErrorCode::UnknownField,
    ApiErrorCode::InvalidValue,
    ApiErrorCode::NotFound,
    ApiErrorCode::InvalidBrand,
    ApiErrorCode::UnknownBrand,
    ApiErrorCode::BrandExists,
    ApiErrorCode::InvalidForm,
    ApiErrorCode::FormUnavailable,
    ApiErrorCode::ConfirmationRequired,
    ApiErrorCode::TokenTooLarge,
    ApiErrorCode::MalformedToken,
    ApiErrorCode::TokenTooDeep,
    ApiErrorCode::BadAlgorithm,
    ApiErrorCode::WrongType,
    ApiErrorCode::BadKey,
    ApiErrorCode::BadSignature,
    ApiErrorCode::TokenExpired,
    ApiErrorCode::TokenNotYetValid,
    ApiErrorCode::WrongAudience,
    ApiErrorCode::InvalidClaims,
    ApiErrorCode::Replayed,
    ApiErrorCode::KeyChanged,
    ApiErrorCode::AlreadyDone,
    ApiErrorCode::MissingValue,
    ApiErrorCode::ReceiptMismatch,
    ApiErrorCode::LedgerBroken,
    ApiErrorCode::Io,
    ApiErrorCode::Database,
    ApiErrorCode::Internal,
];

impl From<tessera_exchange::person::ExchangeError> for ApiError {
    fn from(e: tessera_exchange::person::ExchangeError) -> Self {
        use tessera_exchange::person::ExchangeError as X;
        match e {
            X::Profile(p) => p.into(),
            X::Vault(v) => v.into(),
            other => {
                let code = ApiErrorCode::from_name(other.code()).unwrap_or(ApiErrorCode::Internal);
                ApiError::new(code, other.to_string())
            }
        }
    }
}

impl From<tessera_exchange::jws::JwsError> for ApiError {
    fn from(e: tessera_exchange::jws::JwsError) -> Self {
        let code = ApiErrorCode::from_name(e.code()).unwrap_or(ApiErrorCode::Internal);
        ApiError::new(code, e.to_string())
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

    const VAULT_CODES: [ErrorCode; 16] = [
        ErrorCode::WrongPassphrase,
        ErrorCode::VaultLocked,
        ErrorCode::VaultInUse,
        ErrorCode::VaultNotFound,
        ErrorCode::VaultExists,
        ErrorCode::CorruptVault,
        ErrorCode::CorruptRecord,
        ErrorCode::UnsupportedFormat,
        ErrorCode::VaultTampered,
        ErrorCode::VaultRolledBack,
        ErrorCode::KdfParamsRejected,
        ErrorCode::WeakPassphrase,
        ErrorCode::InvalidInput,
        ErrorCode::Io,
        ErrorCode::Database,
        ErrorCode::Internal,
    ];

    #[test]
    fn every_code_round_trips_through_its_name() {
        for code in ALL_CODES {
            assert_eq!(ApiErrorCode::from_name(code.as_str()), Some(*code));
        }
        assert_eq!(ApiErrorCode::from_name("no_such_code"), None);
    }

    #[test]
    fn vault_codes_keep_their_strings_across_the_boundary() {
        for code in VAULT_CODES {
            assert_eq!(ApiErrorCode::from(code).as_str(), code.as_str());
        }
    }

    #[test]
    fn codes_serialize_as_their_stable_strings() {
        for code in ALL_CODES {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::String(code.as_str().into())
            );
        }
    }
}
