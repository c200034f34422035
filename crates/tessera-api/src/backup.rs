//! Backups as the faces call them (`docs/backup-format.md`): written from the open vault,
//! verified and restored with the activity ledger checked too, and a restore recorded in the
//! restored vault's ledger.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Serialize;
use tessera_exchange::ledger::{self, Event, LedgerEvent};
use tessera_vault::backup::{self, BackupKey, Manifest, Passphrases};
use tessera_vault::{Passphrase, Vault, VaultError};
use ts_rs::TS;

use crate::{ApiError, ContinuousInstant, Session, VaultState};

/// What a backup holds, as its manifest says (checked when it was read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BackupView {
    /// The backup file.
    pub file: String,
    /// When it was written (RFC 3339, UTC).
    pub created_at: String,
    /// The vault's count of committed changes in the backup.
    pub generation: u32,
    /// Entries it holds, of every kind.
    pub entries: u32,
    /// Whether it has a passphrase of its own (else the vault's of the day it was made).
    pub own_passphrase: bool,
}

/// A backup chosen for a restore, as the first-run screen shows it before asking its
/// passphrase. Its path stays in the session: the webview never gets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BackupChoice {
    /// The file's name, without its folder.
    pub name: String,
    /// Whether it has a passphrase of its own: then the vault's (of the day the backup was
    /// made) is asked too.
    pub own_passphrase: bool,
}

/// A restore done: what the backup held, and the restored vault, now open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RestoredBackup {
    pub backup: BackupView,
    pub state: VaultState,
}

fn view(file: &Path, manifest: &Manifest, own_passphrase: bool) -> BackupView {
    BackupView {
        file: file.display().to_string(),
        created_at: crate::exchange::time(manifest.created_at),
        generation: crate::profile::count(manifest.generation),
        entries: crate::profile::count(manifest.entries),
        own_passphrase,
    }
}

/// The ledger of the copy must verify too: a backup whose history was edited is refused.
fn ledger_verifies(vault: &Vault) -> tessera_vault::Result<()> {
    ledger::verify(vault).map(|_| ()).map_err(|problem| {
        VaultError::BackupDamaged(tessera_text::text!(
            "api-backup-ledger-broken",
            problem = problem.to_string()
        ))
    })
}

/// Whether the backup at `path` has a passphrase of its own (age's scrypt stanza): read from
/// its first lines, without any key.
pub fn has_own_passphrase(path: &Path) -> bool {
    use std::io::BufRead as _;
    std::fs::File::open(path)
        .map(std::io::BufReader::new)
        .ok()
        .and_then(|r| r.lines().nth(1))
        .and_then(Result::ok)
        // not words: age's file format
        .is_some_and(|line| line.starts_with("-> scrypt "))
}

/// Checks the backup at `path` whole, without restoring it (no vault needed): it is opened in
/// a private temporary folder and every part checked as a restore would.
pub fn verify_backup(
    path: &Path,
    passphrase: &Passphrase,
    vault_passphrase: Option<&Passphrase>,
) -> Result<BackupView, ApiError> {
    let manifest = backup::verify(
        path,
        &Passphrases {
            backup: passphrase,
            vault: vault_passphrase,
        },
        &ledger_verifies,
    )?;
    Ok(view(path, &manifest, has_own_passphrase(path)))
}

impl Session {
    /// Writes a backup of the open vault to `out` (atomically), under the vault's passphrase
    /// or under `own_passphrase`.
    pub fn backup(
        &self,
        out: &Path,
        own_passphrase: Option<&Passphrase>,
        now: Timestamp,
    ) -> Result<BackupView, ApiError> {
        let key = match own_passphrase {
            Some(p) => {
                p.check_new()?;
                BackupKey::Passphrase(p)
            }
            None => BackupKey::Vault,
        };
        let manifest = self.vault()?.write_backup(out, &key, now.as_second())?;
        Ok(view(out, &manifest, own_passphrase.is_some()))
    }

    /// Restores the backup at `path` into this session's vault folder, which must not hold a
    /// vault (a new or empty folder), then opens it: `passphrase` opens the file, and the vault
    /// inside when `vault_passphrase` is not given. The restore is recorded in the restored
    /// vault's ledger.
    ///
    /// When this computer has seen newer changes to the vault than the backup holds (the vault
    /// still exists here, or was lost after those changes), the restore is undone and refused
    /// with `vault_rolled_back` unless `accept_older` says the person means it: then this
    /// computer's rollback record accepts the restored vault, and the ledger entry says which
    /// changes it lacks.
    pub fn restore(
        &mut self,
        path: &Path,
        passphrase: &Passphrase,
        vault_passphrase: Option<&Passphrase>,
        accept_older: bool,
        at: Timestamp,
        now: ContinuousInstant,
    ) -> Result<(BackupView, VaultState), ApiError> {
        if self.vault.is_some() {
            return Err(ApiError::invalid_input(tessera_text::text!(
                "api-restore-vault-open"
            )));
        }
        let dir = self.layout.dir.clone();
        let existed = dir.exists();
        let own = has_own_passphrase(path);
        // Recorded in the copy before it is moved into place: a restore killed at any moment
        // leaves no vault here, or one whose ledger says it was restored.
        let record = |vault: &mut Vault, manifest: &backup::Manifest| {
            let made = view(path, manifest, own);
            ledger::append(
                vault,
                at.as_second(),
                Event {
                    event: LedgerEvent::VaultRestored,
                    brand: None,
                    fields: vec![],
                    // not words: a ledger entry's detail is part of its hashed record, kept as written (docs/translating.md)
                    detail: format!(
                        "restored from a backup made at {} (change {})",
                        made.created_at, manifest.generation
                    ),
                },
            )
            .map(drop)
        };
        let manifest = backup::restore_then(
            path,
            &Passphrases {
                backup: passphrase,
                vault: vault_passphrase,
            },
            &dir,
            &ledger_verifies,
            &record,
        )?;
        let opened = Vault::unlock_with(
            &dir,
            vault_passphrase.unwrap_or(passphrase),
            &self.open_options(accept_older),
        );
        let mut vault = match opened {
            Ok(vault) => vault,
            Err(e) => {
                // The folder holds only what this restore put there: take it back out.
                let _ = std::fs::remove_dir_all(&dir);
                if existed {
                    let _ = std::fs::create_dir(&dir);
                }
                // The copy holds its `vault_restored` entry, one change past the backup: a
                // computer that saw exactly that change number saw a different, newer vault.
                return Err(match e {
                    VaultError::RolledBack {
                        anchor_generation, ..
                    }
                    | VaultError::Diverged {
                        generation: anchor_generation,
                    } => ApiError::new(
                        crate::ApiErrorCode::VaultRolledBack,
                        tessera_text::text!(
                            "api-restore-older-than-seen",
                            seen = anchor_generation.to_string(),
                            backup = manifest.generation.to_string()
                        ),
                    ),
                    other => other.into(),
                });
            }
        };
        // Which changes this computer saw that the backup lacks, as any accepted older copy.
        crate::session::record_accepted_restore(&mut vault, at)?;
        let backed_up = view(path, &manifest, own);
        let state = self.opened(vault, now)?;
        Ok((backed_up, state))
    }
}

/// The faces' steps around a backup chosen in a dialog (`desktop::pick_backup`): the file is
/// kept here between choosing it and entering its passphrase, and across a retry (a wrong
/// passphrase, or "restore anyway" after `vault_rolled_back`).
impl Session {
    /// The name a new backup is offered under: `tessera-backup-YYYY-MM-DD.tessera`, today in
    /// the person's time zone. Needs the vault open (a locked vault writes no backup).
    pub fn backup_file_name(&self, now: Timestamp) -> Result<String, ApiError> {
        let today = crate::profile::today(self.vault()?, now)?;
        Ok(format!("tessera-backup-{today}.tessera"))
    }

    /// Refuses (`vault_exists`) when this session's vault folder already holds a vault: a
    /// backup is restored only where nothing of the person's can be replaced.
    pub fn check_restore_target(&self) -> Result<(), ApiError> {
        if self.vault.is_some() || self.layout.exists() {
            return Err(ApiError::new(
                crate::ApiErrorCode::VaultExists,
                tessera_text::text!(
                    "api-restore-vault-exists",
                    path = self.layout.dir.display().to_string()
                ),
            ));
        }
        Ok(())
    }

    /// Keeps `path` as the backup to restore into this session's vault folder, which must not
    /// hold a vault yet. What the person is shown before the passphrase: its name, and whether
    /// it has a passphrase of its own.
    pub fn restore_choose(&mut self, path: PathBuf) -> Result<BackupChoice, ApiError> {
        self.check_restore_target()?;
        let file = crate::files::open(&path)?;
        let is_file = file.metadata().map(|m| m.is_file()).unwrap_or(false);
        if !is_file {
            return Err(ApiError::invalid_input(tessera_text::text!(
                "api-not-a-file",
                path = path.display().to_string()
            )));
        }
        let choice = BackupChoice {
            name: path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            own_passphrase: has_own_passphrase(&path),
        };
        self.chosen_backup = Some(path);
        Ok(choice)
    }

    /// Restores the backup kept by [`Session::restore_choose`], as [`Session::restore`] does:
    /// `passphrase` opens the file (the vault's, or the backup's own); `vault_passphrase` is
    /// the vault's, for a backup with a passphrase of its own only (without it, the backup's
    /// own opens the vault too). The file stays chosen until a restore succeeds.
    pub fn restore_chosen(
        &mut self,
        passphrase: &Passphrase,
        vault_passphrase: Option<&Passphrase>,
        accept_older: bool,
        at: Timestamp,
        now: ContinuousInstant,
    ) -> Result<RestoredBackup, ApiError> {
        let path = self.chosen_backup.clone().ok_or_else(|| {
            ApiError::missing_input(tessera_text::text!("api-restore-nothing-chosen"))
        })?;
        if vault_passphrase.is_some() && !has_own_passphrase(&path) {
            return Err(ApiError::invalid_input(tessera_text::text!(
                "api-restore-no-own-passphrase"
            )));
        }
        let (backup, state) =
            self.restore(&path, passphrase, vault_passphrase, accept_older, at, now)?;
        self.chosen_backup = None;
        Ok(RestoredBackup { backup, state })
    }
}
