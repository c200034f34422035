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
    #[command(about = tessera_text::text!("cli-help-backup-auto"))]
    Auto {
        #[arg(help = tessera_text::text!("cli-help-backup-auto-folder"))]
        #[arg(long, value_name = "DIR", conflicts_with = "off")]
        folder: Option<PathBuf>,
        #[arg(help = tessera_text::text!("cli-help-backup-auto-keep"))]
        #[arg(long, value_name = "N", requires = "folder")]
        keep: Option<u32>,
        #[arg(help = tessera_text::text!("cli-help-backup-auto-off"))]
        #[arg(long)]
        off: bool,
    },
    #[command(about = tessera_text::text!("cli-help-backup-verify"))]
    Verify {
        file: PathBuf,
        #[command(flatten)]
        own: OwnPassphrase,
    },
}

/// A backup passphrase of its own, instead of the vault's.
#[derive(Args)]
pub struct OwnPassphrase {
    #[arg(help = tessera_text::text!("cli-help-backup-passphrase-file"))]
    #[arg(long, value_name = "FILE")]
    pub backup_passphrase_file: Option<PathBuf>,
}

impl OwnPassphrase {
    fn read(self, confirm: bool) -> Result<Passphrase, ApiError> {
        read_passphrase(
            &PassphraseSource::new(self.backup_passphrase_file, "TESSERA_BACKUP_PASSPHRASE"),
            &tessera_text::text!("cli-prompt-backup-passphrase"),
            confirm,
        )
    }
}

fn describe(b: &BackupView) {
    outln!(
        "{}",
        tessera_text::text!("cli-backup-file", file = b.file.clone())
    );
    outln!(
        "{}",
        tessera_text::text!("cli-backup-made", at = b.created_at.clone())
    );
    outln!(
        "{}",
        tessera_text::text!(
            "cli-backup-holds",
            entries = b.entries.to_string(),
            generation = b.generation.to_string()
        )
    );
    outln!(
        "{}",
        if b.own_passphrase {
            tessera_text::text!("cli-backup-opens-with-own")
        } else {
            tessera_text::text!("cli-backup-opens-with-vault")
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
        "{}",
        tessera_text::text!("cli-backup-written", path = out.display().to_string())
    );
    report(json, &written);
    Ok(())
}

/// `tessera backup auto ...` on an unlocked session.
pub fn auto(
    session: &mut Session,
    folder: Option<&Path>,
    keep: Option<u32>,
    off: bool,
    json: bool,
) -> Result<(), ApiError> {
    let choice = if off || folder.is_some() {
        session.set_auto_backup(
            folder,
            keep.unwrap_or(tessera_api::auto_backup::DEFAULT_KEEP),
        )?
    } else {
        session.auto_backup()?
    };
    if json {
        print_json(&choice);
    } else {
        match choice.folder.as_deref() {
            Some(f) => {
                outln!(
                    "{}",
                    tessera_text::text!(
                        "cli-auto-backup-on",
                        folder = f,
                        keep = choice.keep.to_string()
                    )
                );
                match &choice.last_backup {
                    Some(at) => outln!(
                        "{}",
                        tessera_text::text!("cli-auto-backup-newest", at = at.clone())
                    ),
                    None => outln!("{}", tessera_text::text!("cli-auto-backup-none-yet")),
                }
            }
            None => outln!("{}", tessera_text::text!("cli-auto-backup-off")),
        }
    }
    Ok(())
}

/// After a command on an unlocked vault: the automatic backup, when one is due. A failure is
/// reported and does not fail the command, which has already done its work.
pub fn after_command(session: &mut Session) {
    match session.auto_backup_if_due(Timestamp::now(), 0) {
        Ok(Some(written)) => errln!(
            "{}",
            tessera_text::text!("cli-auto-backup-written", file = written.file)
        ),
        Ok(None) => {}
        Err(e) => errln!(
            "{}",
            tessera_text::text!("cli-auto-backup-failed", reason = e.to_string())
        ),
    }
}

/// The passphrases a backup needs: its own (when it has one) and the vault's.
fn passphrases(
    file: &Path,
    own: OwnPassphrase,
    vault: &PassphraseSource,
) -> Result<(Passphrase, Option<Passphrase>), ApiError> {
    let vault_passphrase = || {
        read_passphrase(
            vault,
            &tessera_text::text!("cli-prompt-backup-vault-passphrase"),
            false,
        )
    };
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
    errln!("{}", tessera_text::text!("cli-backup-verified"));
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
        "{}",
        tessera_text::text!("cli-restored", path = session.dir().display().to_string())
    );
    report(json, &restored);
    Ok(())
}
