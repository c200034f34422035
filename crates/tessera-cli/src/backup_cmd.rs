//! `tessera backup`, `tessera backup verify` and `tessera restore`: flags and printing; the
//! work is `tessera_api::backup`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use jiff::Timestamp;
use tessera_api::backup::{BackupView, has_own_passphrase, verify_backup};
use tessera_api::{ApiError, ContinuousInstant, Session};
use tessera_vault::Passphrase;

use crate::output::{errln, outln, print_json};
use crate::passphrase::{PassphraseSource, read_passphrase};

#[derive(Subcommand)]
pub enum BackupCommand {
    /// Check a backup whole without restoring it (its passphrase is needed)
    Verify {
        file: PathBuf,
        #[command(flatten)]
        own: OwnPassphrase,
    },
}

/// A backup passphrase of its own, instead of the vault's.
#[derive(Args)]
pub struct OwnPassphrase {
    /// Read the backup's own passphrase from FILE (else $TESSERA_BACKUP_PASSPHRASE, else a
    /// prompt); only for a backup written with --own-passphrase
    #[arg(long, value_name = "FILE")]
    pub backup_passphrase_file: Option<PathBuf>,
}

impl OwnPassphrase {
    fn read(self, confirm: bool) -> Result<Passphrase, ApiError> {
        read_passphrase(
            &PassphraseSource::new(self.backup_passphrase_file, "TESSERA_BACKUP_PASSPHRASE"),
            "Backup passphrase",
            confirm,
        )
    }
}

fn describe(b: &BackupView) {
    outln!("Backup:       {}", b.file);
    outln!("Made:         {}", b.created_at);
    outln!(
        "Holds:        {} entries, at change {}",
        b.entries,
        b.generation
    );
    outln!(
        "Opens with:   {}",
        if b.own_passphrase {
            "its own backup passphrase (the vault inside with the vault's passphrase of that day)"
        } else {
            "the vault's passphrase of the day it was made"
        }
    );
}

fn report(json: bool, b: &BackupView) {
    if json {
        print_json(b);
    } else {
        describe(b);
    }
}

/// `tessera backup --out FILE [--own-passphrase]` on an unlocked session.
pub fn write(
    session: &Session,
    out: &Path,
    own_passphrase: bool,
    own: OwnPassphrase,
    json: bool,
) -> Result<(), ApiError> {
    let own = own_passphrase.then(|| own.read(true)).transpose()?;
    let written = session.backup(out, own.as_ref(), Timestamp::now())?;
    errln!(
        "Wrote a backup of the whole vault to {}. Keep it somewhere else than this computer \
         (a synced folder, a USB drive); never sync the live vault folder itself.",
        out.display()
    );
    report(json, &written);
    Ok(())
}

/// The passphrases a backup needs: its own (when it has one) and the vault's.
fn passphrases(
    file: &Path,
    own: OwnPassphrase,
    vault: &PassphraseSource,
) -> Result<(Passphrase, Option<Passphrase>), ApiError> {
    let vault_passphrase =
        || read_passphrase(vault, "Vault passphrase (of the day of the backup)", false);
    if has_own_passphrase(file) {
        let backup = own.read(false)?;
        Ok((backup, Some(vault_passphrase()?)))
    } else {
        Ok((vault_passphrase()?, None))
    }
}

/// `tessera backup verify FILE`: needs no vault.
pub fn verify(
    file: &Path,
    own: OwnPassphrase,
    vault: &PassphraseSource,
    json: bool,
) -> Result<(), ApiError> {
    let (passphrase, vault_passphrase) = passphrases(file, own, vault)?;
    let checked = verify_backup(file, &passphrase, vault_passphrase.as_ref())?;
    errln!(
        "The backup is whole: every record opens, the activity ledger verifies, and it restores."
    );
    report(json, &checked);
    Ok(())
}

/// `tessera restore FILE`: into the session's vault folder, which must be new or empty.
pub fn restore(
    session: &mut Session,
    file: &Path,
    own: OwnPassphrase,
    vault: &PassphraseSource,
    accept_older: bool,
    json: bool,
) -> Result<(), ApiError> {
    let (passphrase, vault_passphrase) = passphrases(file, own, vault)?;
    let (restored, _) = session.restore(
        file,
        &passphrase,
        vault_passphrase.as_ref(),
        accept_older,
        Timestamp::now(),
        ContinuousInstant::now(),
    )?;
    session.lock();
    errln!(
        "Restored the vault into {}; the restore is recorded in its activity ledger. It opens \
         with the vault's passphrase of the day of the backup.",
        session.dir().display()
    );
    report(json, &restored);
    Ok(())
}
