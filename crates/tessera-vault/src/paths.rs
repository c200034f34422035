//! Where the vault lives. App and CLI resolve it the same way:
//! `--vault DIR`, else `$TESSERA_HOME`, else `<platform data dir>/<APP_IDENTIFIER>`.

use std::path::PathBuf;

/// The desktop app's bundle identifier; the default vault folder is named after it so that the
/// app's own data folder and the CLI's are the same.
pub const APP_IDENTIFIER: &str = "org.tessera.vault";
pub const HOME_ENV: &str = "TESSERA_HOME";
/// Overrides where this computer keeps its per-vault state (the rollback anchors).
pub const STATE_ENV: &str = "TESSERA_STATE_DIR";

/// Resolves the vault directory. `explicit` is the `--vault` flag, `env_home` the value of
/// `TESSERA_HOME` (passed in so tests and callers control the environment).
pub fn resolve_vault_dir(explicit: Option<PathBuf>, env_home: Option<PathBuf>) -> Option<PathBuf> {
    explicit
        .or(env_home.filter(|p| !p.as_os_str().is_empty()))
        .or_else(default_vault_dir)
}

/// `<platform data dir>/org.tessera.vault`, e.g. `~/.local/share/org.tessera.vault` on Linux.
pub fn default_vault_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|b| b.data_dir().join(APP_IDENTIFIER))
}

/// The person's home folder, where a folder chooser starts when nothing better is known.
pub fn home_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf())
}

/// Where this computer's rollback anchors live: `$TESSERA_STATE_DIR/anchors` when set, else
/// the platform state folder (`$XDG_STATE_HOME` or `~/.local/state` on Linux; the local,
/// non-roaming data folder elsewhere) plus `org.tessera.vault/anchors`. Never inside a vault
/// folder, so that a synced or restored vault folder cannot bring its own anchor back.
pub fn resolve_anchor_dir(env_state: Option<PathBuf>) -> Option<crate::AnchorDir> {
    env_state
        .filter(|p| !p.as_os_str().is_empty())
        .or_else(|| {
            directories::BaseDirs::new().map(|b| match b.state_dir() {
                Some(state) => state.join(APP_IDENTIFIER),
                // No state folder outside Linux. The local data folder may be the very folder
                // the vault lives in (macOS), so the anchors get a name of their own there.
                None => b.data_local_dir().join(STATE_FOLDER_NAME),
            })
        })
        .map(|dir| crate::AnchorDir(dir.join("anchors")))
}

/// The state folder's name where the platform has no state folder of its own.
const STATE_FOLDER_NAME: &str = "org.tessera.state";

/// Whether `anchors` can do its job for a vault in `vault_dir`: a state folder inside the
/// vault folder travels with it (a synced or restored folder brings its own record back).
pub fn anchors_outside(anchors: &crate::AnchorDir, vault_dir: &std::path::Path) -> bool {
    let canonical =
        |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    !canonical(&anchors.0).starts_with(canonical(vault_dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_env_beats_default() {
        let flag = Some(PathBuf::from("/a"));
        let env = Some(PathBuf::from("/b"));
        assert_eq!(resolve_vault_dir(flag, env.clone()), Some("/a".into()));
        assert_eq!(resolve_vault_dir(None, env), Some("/b".into()));
        assert_eq!(
            resolve_vault_dir(None, Some(PathBuf::new())),
            default_vault_dir()
        );
        assert!(default_vault_dir().unwrap().ends_with(APP_IDENTIFIER));
    }

    #[test]
    fn anchors_live_outside_the_default_vault_folder() {
        let env = Some(PathBuf::from("/s"));
        assert_eq!(
            resolve_anchor_dir(env).unwrap().0,
            PathBuf::from("/s/anchors")
        );
        let default = resolve_anchor_dir(None).unwrap();
        assert!(
            anchors_outside(&default, &default_vault_dir().unwrap()),
            "{default:?}"
        );
        assert!(!anchors_outside(
            &crate::AnchorDir("/v/anchors".into()),
            std::path::Path::new("/v")
        ));
        // Where the platform has no state folder, the fallback is named apart from the vault.
        assert_ne!(STATE_FOLDER_NAME, APP_IDENTIFIER);
    }
}
