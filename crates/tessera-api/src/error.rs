use serde::Serialize;
use tessera_vault::VaultError;
use ts_rs::TS;

/// The stable error codes crossing IPC and `--json`: Tessera's one list, defined at the bottom
/// of the stack (`tessera_vault::ErrorCode`) and returned directly by every crate's errors.
/// The UI switches on these, never on messages.
pub use tessera_vault::ErrorCode as ApiErrorCode;

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

    /// Something Tessera itself got wrong, not the person's input.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ApiErrorCode::Internal, message)
    }
}

impl From<VaultError> for ApiError {
    fn from(e: VaultError) -> Self {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<tessera_profile::ProfileError> for ApiError {
    fn from(e: tessera_profile::ProfileError) -> Self {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<tessera_exchange::person::ExchangeError> for ApiError {
    fn from(e: tessera_exchange::person::ExchangeError) -> Self {
        ApiError::new(e.code(), e.to_string())
    }
}

impl From<tessera_exchange::jws::JwsError> for ApiError {
    fn from(e: tessera_exchange::jws::JwsError) -> Self {
        ApiError::new(e.code(), e.to_string())
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
    fn every_code_round_trips_through_its_name() {
        for code in ApiErrorCode::all() {
            assert_eq!(ApiErrorCode::from_name(code.as_str()), Some(code));
        }
        assert_eq!(ApiErrorCode::from_name("no_such_code"), None);
        // Each name once (the README's table, checked by the CLI's tests, lists every one).
        let mut names: Vec<&str> = ApiErrorCode::all().map(ApiErrorCode::as_str).collect();
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all);
    }

    #[test]
    fn codes_serialize_as_their_stable_strings() {
        for code in ApiErrorCode::all() {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::String(code.as_str().into())
            );
        }
        // The names are documented and scripts rely on them: spot-check the spelling rule.
        assert_eq!(
            ApiErrorCode::KdfParamsRejected.as_str(),
            "kdf_params_rejected"
        );
        assert_eq!(
            ApiErrorCode::TokenNotYetValid.as_str(),
            "token_not_yet_valid"
        );
        assert_eq!(ApiErrorCode::Io.as_str(), "io");
    }
}
