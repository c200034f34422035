use tessera_vault::{ErrorCode, VaultError};

/// What can go wrong with the profile, brands and rules. Every message says what was wrong
/// and what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    #[error(
        "unknown field {0:?}: see `docs/fields.md` for the catalogue, or use custom.NAME for your own"
    )]
    UnknownField(String),
    #[error("invalid value for {field}: {reason}")]
    InvalidValue { field: String, reason: String },
    #[error("{field} takes one value, which has no label")]
    NotMultiple { field: String },
    #[error("no value of {field}{}", label.as_ref().map(|l| format!(" labelled {l:?}")).unwrap_or_default())]
    NoSuchValue {
        field: String,
        label: Option<String>,
    },
    #[error("invalid brand identifier {input:?}: {reason}")]
    InvalidBrand { input: String, reason: String },
    #[error("unknown brand {0}: add it first")]
    UnknownBrand(String),
    #[error("brand {0} already exists")]
    BrandExists(String),
    #[error("form {form:?} is not offered for {field}; offered: {offered}")]
    FormNotOffered {
        field: String,
        form: String,
        offered: String,
    },
    #[error("unknown form {0:?}")]
    UnknownForm(String),
    #[error("cannot disclose {field} as {form}: {reason}")]
    FormUnavailable {
        field: String,
        form: String,
        reason: String,
    },
    #[error(
        "{field} is {category_label}, a special category of personal data: allowing a brand to see it needs your explicit confirmation (confirm category {category})"
    )]
    ConfirmationRequired {
        field: String,
        category: &'static str,
        category_label: String,
    },
    #[error("{0}")]
    InvalidInput(String),
    #[error("the stored profile record {0} is not in a format this Tessera understands")]
    CorruptStoredRecord(String),
    #[error(transparent)]
    Vault(#[from] VaultError),
}

/// Stable codes (see `tessera-api` for how they cross IPC).
impl ProfileError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ProfileError::UnknownField(_) => ErrorCode::UnknownField,
            ProfileError::InvalidValue { .. } | ProfileError::NotMultiple { .. } => {
                ErrorCode::InvalidValue
            }
            ProfileError::NoSuchValue { .. } => ErrorCode::NotFound,
            ProfileError::InvalidBrand { .. } => ErrorCode::InvalidBrand,
            ProfileError::UnknownBrand(_) => ErrorCode::UnknownBrand,
            ProfileError::BrandExists(_) => ErrorCode::BrandExists,
            ProfileError::FormNotOffered { .. } | ProfileError::UnknownForm(_) => {
                ErrorCode::InvalidForm
            }
            ProfileError::FormUnavailable { .. } => ErrorCode::FormUnavailable,
            ProfileError::ConfirmationRequired { .. } => ErrorCode::ConfirmationRequired,
            ProfileError::InvalidInput(_) => ErrorCode::InvalidInput,
            ProfileError::CorruptStoredRecord(_) => ErrorCode::CorruptRecord,
            ProfileError::Vault(e) => e.code(),
        }
    }
}

pub type Result<T, E = ProfileError> = std::result::Result<T, E>;
