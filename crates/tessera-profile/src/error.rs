use tessera_vault::{ErrorCode, VaultError};

/// What can go wrong with the profile, brands and rules. Every message says what was wrong
/// and what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    #[error("{}", tessera_text::text!("error-profile-unknown-field", field = format!("{:?}", .0)))]
    UnknownField(String),
    #[error("{}", tessera_text::text!("error-profile-invalid-value", field = field.clone(), reason = reason.clone()))]
    InvalidValue { field: String, reason: String },
    #[error("{}", tessera_text::text!("error-profile-not-multiple", field = field.clone()))]
    NotMultiple { field: String },
    #[error("{}", no_such_value(field, label.as_deref()))]
    NoSuchValue {
        field: String,
        label: Option<String>,
    },
    #[error("{}", tessera_text::text!("error-profile-invalid-brand", input = format!("{input:?}"), reason = reason.clone()))]
    InvalidBrand { input: String, reason: String },
    #[error("{}", tessera_text::text!("error-profile-unknown-brand", brand = .0.clone()))]
    UnknownBrand(String),
    #[error("{}", tessera_text::text!("error-profile-brand-exists", brand = .0.clone()))]
    BrandExists(String),
    #[error("{}", tessera_text::text!("error-profile-form-not-offered", form = format!("{form:?}"), field = field.clone(), offered = offered.clone()))]
    FormNotOffered {
        field: String,
        form: String,
        offered: String,
    },
    #[error("{}", tessera_text::text!("error-profile-unknown-form", form = format!("{:?}", .0)))]
    UnknownForm(String),
    #[error("{}", tessera_text::text!("error-profile-form-unavailable", field = field.clone(), form = form.clone(), reason = reason.clone()))]
    FormUnavailable {
        field: String,
        form: String,
        reason: String,
    },
    #[error("{}", tessera_text::text!("error-profile-confirmation-required", field = field.clone(), category_label = category_label.clone(), category = category.to_string()))]
    ConfirmationRequired {
        field: String,
        category: &'static str,
        category_label: String,
    },
    #[error("{0}")]
    InvalidInput(String),
    #[error("{}", tessera_text::text!("error-profile-corrupt-stored-record", record = .0.clone()))]
    CorruptStoredRecord(String),
    #[error(transparent)]
    Vault(#[from] VaultError),
}

/// The words of [`ProfileError::NoSuchValue`]: with its label when it has one.
fn no_such_value(field: &str, label: Option<&str>) -> String {
    match label {
        Some(label) => tessera_text::text!(
            "error-profile-no-such-labelled-value",
            field = field.to_owned(),
            label = format!("{label:?}")
        ),
        None => tessera_text::text!("error-profile-no-such-value", field = field.to_owned()),
    }
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
