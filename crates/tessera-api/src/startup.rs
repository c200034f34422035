//! What both faces do before they open a session: find the vault folder and this computer's
//! rollback anchors the same way, and exit with the same codes when they cannot start.

use std::ffi::OsString;
use std::path::PathBuf;

use tessera_vault::{AnchorDir, paths};

use crate::ApiError;

/// Process exit codes, documented in the README. Scripts rely on them: never renumber. 141 (a
/// closed output pipe) is the CLI's `output::CLOSED_PIPE`.
pub mod exit {
    pub const INTERNAL: u8 = 1;
    // 2 is clap's usage error.
    pub const BAD_DATA: u8 = 3;
    pub const MISSING_INPUT: u8 = 4;
    pub const WRONG_PASSPHRASE: u8 = 5;
    pub const VAULT_BUSY: u8 = 6;
    pub const IO: u8 = 7;
    pub const INTEGRITY: u8 = 8;
}

/// Where a session's vault and this computer's anchors are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locations {
    pub vault: PathBuf,
    pub anchors: Option<AnchorDir>,
}

impl Locations {
    /// From a face's `--vault` and state-folder flags, else `$TESSERA_HOME` and
    /// `$TESSERA_STATE_DIR`, else the platform's folders (see [`tessera_vault::paths`]).
    pub fn resolve(vault: Option<PathBuf>, state_dir: Option<PathBuf>) -> Result<Self, ApiError> {
        Self::resolve_with(vault, state_dir, |name| std::env::var_os(name))
    }

    /// [`Locations::resolve`] with the environment given (`env` reads a variable).
    pub fn resolve_with(
        vault: Option<PathBuf>,
        state_dir: Option<PathBuf>,
        env: impl Fn(&str) -> Option<OsString>,
    ) -> Result<Self, ApiError> {
        let vault = paths::resolve_vault_dir(vault, env(paths::HOME_ENV).map(Into::into))
            .ok_or_else(|| ApiError::missing_input(tessera_text::text!("api-no-home-folder")))?;
        let anchors =
            paths::resolve_anchor_dir(state_dir.or_else(|| env(paths::STATE_ENV).map(Into::into)));
        Ok(Locations { vault, anchors })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_the_environment() {
        let env = |name: &str| match name {
            paths::HOME_ENV => Some("/env/home".into()),
            paths::STATE_ENV => Some("/env/state".into()),
            _ => None,
        };
        let from_env = Locations::resolve_with(None, None, env).unwrap();
        assert_eq!(from_env.vault, PathBuf::from("/env/home"));
        assert_eq!(
            from_env.anchors,
            Some(AnchorDir(PathBuf::from("/env/state/anchors")))
        );
        let flags = Locations::resolve_with(Some("/v".into()), Some("/s".into()), env).unwrap();
        assert_eq!(flags.vault, PathBuf::from("/v"));
        assert_eq!(flags.anchors, Some(AnchorDir(PathBuf::from("/s/anchors"))));
    }
}
