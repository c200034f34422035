//! Automatic backups: into a folder the person chose, after changes (once they have settled), at
//! most once a day, keeping the newest few. The faces call [`Session::auto_backup_if_due`]: the
//! app every second from its idle-lock task, the CLI after each command. Nothing is sent
//! anywhere: the person may put the folder under a sync tool they already use.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::backup::BackupView;
use crate::{ApiError, Session};

/// How many backups are kept unless the person says otherwise.
pub const DEFAULT_KEEP: u32 = 10;
/// The most backups the person may ask to keep.
pub const MAX_KEEP: u32 = 1000;
/// At most one automatic backup per this many seconds.
pub const MIN_INTERVAL_SECONDS: i64 = 24 * 3600;
/// The app waits until the vault has not changed for this long (a burst of changes gives one
/// backup, of all of them).
pub const QUIET_SECONDS: i64 = 60;

const FOLDER_SETTING: &str = "backup_folder";
const KEEP_SETTING: &str = "backup_keep";
const PREFIX: &str = "tessera-";
const SUFFIX: &str = ".tessera";

/// After a failed automatic backup, the next try waits this long (a full disk is not hammered
/// every second); choosing a folder again tries at once.
pub const RETRY_SECONDS: i64 = 600;

/// The person's choice, as the faces show and set it, with how it is going.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AutoBackup {
    /// The folder backups go to; null when automatic backups are off.
    pub folder: Option<String>,
    /// How many of this vault's backups the folder keeps (the oldest are deleted).
    pub keep: u32,
    /// When the newest of this vault's backups in the folder was written (RFC 3339), if any.
    pub last_backup: Option<String>,
    /// Why the last automatic backup of this session failed, until one succeeds.
    pub problem: Option<String>,
}

/// One of this vault's automatic backups, known by its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub created_at: i64,
    pub generation: u64,
}

/// `tessera-<vault id, 8 hex>-<Unix seconds>-g<generation>.tessera`: the name says whose, when
/// and at which change, so that nothing needs decrypting to decide whether a backup is due.
fn file_name(vault_id: &str, created_at: i64, generation: u64) -> String {
    let short = vault_id.get(..8).unwrap_or(vault_id);
    format!("{PREFIX}{short}-{created_at}-g{generation}{SUFFIX}")
}

fn parse_name(vault_id: &str, name: &str) -> Option<Found> {
    let short = vault_id.get(..8).unwrap_or(vault_id);
    let rest = name
        .strip_prefix(PREFIX)?
        .strip_prefix(short)?
        .strip_prefix('-')?
        .strip_suffix(SUFFIX)?;
    let (created, generation) = rest.split_once("-g")?;
    Some(Found {
        created_at: created.parse().ok()?,
        generation: generation.parse().ok()?,
    })
}

/// This vault's automatic backups in `folder`, newest first, with their paths.
fn list(folder: &Path, vault_id: &str) -> Vec<(PathBuf, Found)> {
    let mut found: Vec<(PathBuf, Found)> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            parse_name(vault_id, &name).map(|f| (e.path(), f))
        })
        .collect();
    found.sort_by_key(|(_, f)| std::cmp::Reverse((f.created_at, f.generation)));
    found
}

/// Whether a backup is due: the vault changed since the newest backup, that backup is at least
/// [`MIN_INTERVAL_SECONDS`] old, and the last change is at least `quiet` seconds old.
pub(crate) fn due(
    newest: Option<Found>,
    generation: u64,
    changed_at: i64,
    now: i64,
    quiet: i64,
) -> bool {
    let settled = now.saturating_sub(changed_at) >= quiet;
    match newest {
        None => settled,
        Some(last) => {
            generation > last.generation
                && now.saturating_sub(last.created_at) >= MIN_INTERVAL_SECONDS
                && settled
        }
    }
}

/// What the session remembers between ticks: the generation it last saw and since when, and
/// the generation it knows a backup of (then, until the vault changes, a tick reads nothing:
/// no setting, no folder). Choosing a folder is a change, so it is never stale.
#[derive(Debug, Clone, Default)]
pub(crate) struct Watch {
    seen: Option<(u64, i64)>,
    backed_up: Option<u64>,
    /// When the last try failed (Unix seconds), and the failure's message.
    failed: Option<(i64, String)>,
}

impl Session {
    /// The person's automatic-backup choice.
    pub fn auto_backup(&self) -> Result<AutoBackup, ApiError> {
        let mut choice = self.auto_backup_choice()?;
        if let Some(folder) = &choice.folder {
            let newest = list(Path::new(folder), &self.vault()?.id_hex());
            choice.last_backup = newest
                .first()
                .map(|(_, f)| crate::exchange::time(f.created_at));
        }
        Ok(choice)
    }

    /// The stored choice and the last failure, without looking into the folder.
    fn auto_backup_choice(&self) -> Result<AutoBackup, ApiError> {
        let vault = self.vault()?;
        Ok(AutoBackup {
            // Turned off is stored as an empty folder.
            folder: vault.setting(FOLDER_SETTING)?.filter(|f| !f.is_empty()),
            keep: vault
                .setting(KEEP_SETTING)?
                .and_then(|k| k.parse().ok())
                .filter(|k| (1..=MAX_KEEP).contains(k))
                .unwrap_or(DEFAULT_KEEP),
            last_backup: None,
            problem: self.watch.failed.as_ref().map(|(_, m)| m.clone()),
        })
    }

    /// Turns automatic backups on (into `folder`, an existing folder outside the vault folder)
    /// or off (`None`), keeping the newest `keep`.
    pub fn set_auto_backup(
        &mut self,
        folder: Option<&Path>,
        keep: u32,
    ) -> Result<AutoBackup, ApiError> {
        if !(1..=MAX_KEEP).contains(&keep) {
            return Err(ApiError::invalid_input(tessera_text::text!(
                "api-auto-backup-keep",
                max = MAX_KEEP.to_string(),
                keep = keep.to_string()
            )));
        }
        let folder = match folder {
            None => None,
            Some(folder) => {
                let folder = folder.canonicalize().map_err(|e| {
                    ApiError::missing_input(tessera_text::text!(
                        "api-auto-backup-folder-unusable",
                        path = folder.display().to_string(),
                        reason = e.to_string()
                    ))
                })?;
                if !folder.is_dir() {
                    return Err(ApiError::invalid_input(tessera_text::text!(
                        "api-not-a-folder",
                        path = folder.display().to_string()
                    )));
                }
                let vault_dir = self
                    .layout
                    .dir
                    .canonicalize()
                    .unwrap_or_else(|_| self.layout.dir.clone());
                if folder.starts_with(&vault_dir) {
                    return Err(ApiError::invalid_input(tessera_text::text!(
                        "api-auto-backup-inside-vault"
                    )));
                }
                // Said now, not at the first backup, when nobody is looking: a folder Tessera
                // cannot write in (read-only, full) is refused with what is wrong with it.
                tessera_vault::files::check_writable(&folder)?;
                Some(folder.display().to_string())
            }
        };
        let vault = self.vault_mut()?;
        match &folder {
            Some(f) => vault.set_setting(FOLDER_SETTING, f)?,
            None => vault.set_setting(FOLDER_SETTING, "")?,
        }
        vault.set_setting(KEEP_SETTING, &keep.to_string())?;
        self.watch.failed = None;
        self.auto_backup()
    }

    /// Writes an automatic backup when one is due (see [`due`]), then deletes this vault's
    /// oldest automatic backups beyond the number kept. `quiet`: how long the vault must have
    /// been unchanged (the app waits [`QUIET_SECONDS`]; the CLI, which runs one command, 0).
    /// Returns the backup written, if any.
    pub fn auto_backup_if_due(
        &mut self,
        now: Timestamp,
        quiet: i64,
    ) -> Result<Option<BackupView>, ApiError> {
        let Some(vault) = self.vault.as_ref() else {
            return Ok(None);
        };
        let generation = vault.generation();
        let at = now.as_second();
        let changed_at = match self.watch.seen {
            Some((seen, since)) if seen == generation => since,
            _ => {
                self.watch.seen = Some((generation, at));
                at
            }
        };
        if self.watch.backed_up == Some(generation) {
            return Ok(None);
        }
        if let Some((failed_at, _)) = &self.watch.failed
            && at.saturating_sub(*failed_at) < RETRY_SECONDS
        {
            return Ok(None);
        }
        let written = self.write_auto_backup(now, quiet, generation, changed_at);
        match &written {
            Ok(Some(_)) => self.watch.failed = None,
            Ok(None) => {}
            Err(e) => self.watch.failed = Some((at, e.message.clone())),
        }
        written
    }

    fn write_auto_backup(
        &mut self,
        now: Timestamp,
        quiet: i64,
        generation: u64,
        changed_at: i64,
    ) -> Result<Option<BackupView>, ApiError> {
        let at = now.as_second();
        let choice = self.auto_backup_choice()?;
        let Some(folder) = choice.folder else {
            return Ok(None);
        };
        let folder = PathBuf::from(folder);
        let vault_id = self.vault()?.id_hex();
        let existing = list(&folder, &vault_id);
        if existing
            .first()
            .is_some_and(|(_, f)| f.generation == generation)
        {
            self.watch.backed_up = Some(generation);
        }
        if !due(
            existing.first().map(|(_, f)| *f),
            generation,
            changed_at,
            at,
            quiet,
        ) {
            return Ok(None);
        }
        let out = folder.join(file_name(&vault_id, at, generation));
        let written = self.backup(&out, None, now)?;
        self.watch.backed_up = Some(generation);
        for (old, _) in list(&folder, &vault_id).iter().skip(choice.keep as usize) {
            // A backup that cannot be deleted stays; the next one tries again.
            let _ = std::fs::remove_file(old);
        }
        Ok(Some(written))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn names_say_whose_when_and_which_change() {
        let name = file_name(ID, 1_795_000_000, 42);
        assert_eq!(name, "tessera-01234567-1795000000-g42.tessera");
        assert_eq!(
            parse_name(ID, &name),
            Some(Found {
                created_at: 1_795_000_000,
                generation: 42
            })
        );
        for other in [
            "tessera-89abcdef-1795000000-g42.tessera",
            "tessera-01234567-1795000000-g42.tessera.tmp",
            "tessera-01234567-soon-g42.tessera",
            "notes.txt",
        ] {
            assert_eq!(parse_name(ID, other), None, "{other}");
        }
    }

    #[test]
    fn due_after_changes_once_they_settle_and_at_most_daily() {
        let day = MIN_INTERVAL_SECONDS;
        let last = Some(Found {
            created_at: 1_000,
            generation: 5,
        });
        // The first backup: as soon as things are quiet.
        assert!(due(None, 1, 0, 60, 60));
        assert!(!due(None, 1, 30, 60, 60));
        // Nothing changed: never.
        assert!(!due(last, 5, 0, 1_000 + 10 * day, 0));
        // Changed, but the last backup is less than a day old.
        assert!(!due(last, 6, 1_500, 1_000 + day - 1, 0));
        // Changed, a day later, settled.
        assert!(due(last, 6, 1_500, 1_000 + day, 0));
        // Changed a moment ago: wait for quiet.
        assert!(!due(last, 6, 1_000 + day - 10, 1_000 + day, 60));
        assert!(due(last, 6, 1_000 + day - 60, 1_000 + day, 60));
    }

    #[test]
    fn listing_keeps_only_this_vaults_backups_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "tessera-01234567-100-g1.tessera",
            "tessera-01234567-300-g3.tessera",
            "tessera-01234567-200-g2.tessera",
            "tessera-89abcdef-400-g9.tessera",
            "holiday.jpg",
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let found: Vec<i64> = list(dir.path(), ID)
            .into_iter()
            .map(|(_, f)| f.created_at)
            .collect();
        assert_eq!(found, [300, 200, 100]);
    }
}
