//! Backups: the whole vault in one file, encrypted and authenticated, written from a consistent
//! snapshot while the vault is open. The format is documented in `docs/backup-format.md`.
//!
//! A backup is an [age](https://age-encryption.org/v1) file (the `age` crate: its header, its
//! STREAM payload encryption) whose payload is a tar archive of `manifest.json`,
//! `vault.header` and `vault.db`. Its file key is wrapped in one of two ways:
//! - under the vault's own passphrase (the default): a `tessera-vault` stanza carrying the
//!   vault's header, so that the passphrase, through the header's Argon2id parameters, opens the
//!   data key, from which the backup key is derived. Writing one needs only the unlocked vault,
//!   which is what lets the app write automatic backups;
//! - under a separate backup passphrase: age's own `scrypt` stanza, so any age tool opens it.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use age::secrecy::{ExposeSecret as _, SecretString};
use age_core::format::{FileKey, Stanza};
use ring::digest;
use ring::rand::SystemRandom;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::envelope::{aead_open, aead_seal};
use crate::header::{HEADER_LEN, Header};
use crate::kdf::hkdf_expand;
use crate::secret::{KeyBytes, random_array};
use crate::vault::{
    DATABASE_FILE, HEADER_FILE, create_private_file, restrict_new_folder, sync_dir, unwrap_data_key,
};
use crate::{IoAction, Passphrase, Result, Vault, VaultError, hex};

/// What `manifest.json` says a backup is.
pub const FORMAT: &str = "tessera-backup";
/// The backup format's version; readers refuse versions they do not know.
pub const VERSION: u32 = 1;
/// The age stanza of a backup under the vault's own passphrase.
pub const VAULT_STANZA: &str = "tessera-vault";
const MANIFEST_FILE: &str = "manifest.json";
const BACKUP_KEY_INFO: &[u8] = b"tessera v1 backup key";
const FILE_KEY_AAD: &[u8] = b"tessera backup file key v1";
/// A manifest is a few hundred bytes.
const MAX_MANIFEST_BYTES: u64 = 64 * 1024;
/// age's file keys are 16 bytes.
const FILE_KEY_BYTES: usize = 16;
/// Wrapped file key: 12-byte nonce, 16 bytes sealed with a 16-byte tag.
const WRAPPED_LEN: usize = 12 + FILE_KEY_BYTES + 16;
/// scrypt's cost (log2 N) for a backup passphrase: 2^18 takes 256 MiB and a fraction of a
/// second, fixed so that every machine reads what any other wrote.
const SCRYPT_WORK_FACTOR: u8 = 18;
/// The most a backup file may ask of scrypt when read (2^20: 1 GiB, about a second); a file
/// asking for more is refused before any work.
const MAX_SCRYPT_WORK_FACTOR: u8 = 20;

/// `manifest.json`: what the backup holds, checked before anything is restored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`].
    pub v: u32,
    /// When the backup was written, Unix seconds.
    pub created_at: i64,
    /// The vault's id, 32 hex digits.
    pub vault_id: String,
    /// The vault's generation (its count of committed changes) in the snapshot.
    pub generation: u64,
    /// How many entries the snapshot holds.
    pub entries: u64,
    /// Length and SHA-256 (hex) of `vault.db`.
    pub database_bytes: u64,
    pub database_sha256: String,
}

/// Which passphrase a backup is written under.
pub enum BackupKey<'a> {
    /// The vault's own: the backup opens with the passphrase the vault had when it was made.
    Vault,
    /// A passphrase of its own (any age tool opens the file with it).
    Passphrase(&'a Passphrase),
}

fn damaged(what: impl std::fmt::Display) -> VaultError {
    VaultError::BackupDamaged(what.to_string())
}

/// The key that wraps a backup's file key, from the data key of the vault whose header the
/// backup carries.
fn backup_key(data_key: &KeyBytes, vault_id: &[u8; 16]) -> KeyBytes {
    hkdf_expand(data_key.expose(), vault_id, BACKUP_KEY_INFO)
}

/// Wraps the file key for the vault's header: stanza body = header || nonce || sealed key.
struct VaultRecipient<'a> {
    header: &'a Header,
    key: &'a KeyBytes,
}

impl age::Recipient for VaultRecipient<'_> {
    fn wrap_file_key(
        &self,
        file_key: &FileKey,
    ) -> std::result::Result<(Vec<Stanza>, HashSet<String>), age::EncryptError> {
        let nonce: [u8; 12] = random_array(&SystemRandom::new())
            .map_err(|e| age::EncryptError::Io(std::io::Error::other(e.to_string())))?;
        let mut body = self.header.to_bytes().to_vec();
        body.extend_from_slice(&nonce);
        body.extend_from_slice(&aead_seal(
            self.key,
            nonce,
            FILE_KEY_AAD,
            file_key.expose_secret(),
        ));
        let stanza = Stanza {
            tag: VAULT_STANZA.to_owned(),
            args: vec![VERSION.to_string()],
            body,
        };
        // A label of its own: never mixed with other recipients' stanzas.
        Ok((vec![stanza], HashSet::from([VAULT_STANZA.to_owned()])))
    }
}

/// Opens a `tessera-vault` stanza with the passphrase; remembers why it could not.
struct VaultIdentity<'a> {
    passphrase: &'a Passphrase,
    failure: RefCell<Option<VaultError>>,
    header: RefCell<Option<Header>>,
}

impl VaultIdentity<'_> {
    fn unwrap(&self, stanza: &Stanza) -> Result<FileKey> {
        if stanza.args != [VERSION.to_string()] {
            return Err(VaultError::UnsupportedBackup(tessera_text::text!(
                "error-vault-unsupported-backup-key",
                version = stanza.args.join(" "),
                known = VERSION.to_string(),
            )));
        }
        if stanza.body.len() != HEADER_LEN + WRAPPED_LEN {
            return Err(damaged(tessera_text::text!(
                "error-vault-backup-key-length"
            )));
        }
        let (header_bytes, wrapped) = stanza.body.split_at(HEADER_LEN);
        // Bounds-checks the Argon2id parameters before any work.
        let header = Header::parse(header_bytes)?;
        let data_key = unwrap_data_key(&header, self.passphrase)?;
        let key = backup_key(&data_key, &header.vault_id);
        let (nonce, sealed) = wrapped.split_at(12);
        let nonce: [u8; 12] = nonce
            .try_into()
            .map_err(|_| damaged(tessera_text::text!("error-vault-backup-key")))?;
        let file_key = aead_open(&key, nonce, FILE_KEY_AAD, sealed)
            .ok_or_else(|| damaged(tessera_text::text!("error-vault-backup-key-wrong-vault")))?;
        let file_key: [u8; FILE_KEY_BYTES] = file_key
            .as_slice()
            .try_into()
            .map_err(|_| damaged(tessera_text::text!("error-vault-backup-key")))?;
        *self.header.borrow_mut() = Some(header);
        Ok(FileKey::new(Box::new(file_key)))
    }
}

impl age::Identity for VaultIdentity<'_> {
    fn unwrap_stanza(
        &self,
        stanza: &Stanza,
    ) -> Option<std::result::Result<FileKey, age::DecryptError>> {
        if stanza.tag != VAULT_STANZA {
            return None;
        }
        Some(self.unwrap(stanza).map_err(|e| {
            *self.failure.borrow_mut() = Some(e);
            age::DecryptError::DecryptionFailed
        }))
    }
}

impl Vault {
    /// A consistent copy of the database as bytes: SQLite's online backup API into memory,
    /// then serialized. Taken inside one read, so a write committed meanwhile is either all in
    /// the copy or not at all.
    fn snapshot_database(&self) -> Result<Zeroizing<Vec<u8>>> {
        let mut copy = rusqlite::Connection::open_in_memory()?;
        {
            let backup = rusqlite::backup::Backup::new(self.connection(), &mut copy)?;
            backup.run_to_completion(256, std::time::Duration::ZERO, None)?;
        }
        let data = copy.serialize(rusqlite::MAIN_DB)?;
        Ok(Zeroizing::new(data.to_vec()))
    }

    /// Writes a backup of the whole vault to `out` (atomically: a crash leaves the previous
    /// file at `out` or the complete new one). `created_at` is now, in Unix seconds.
    pub fn write_backup(
        &self,
        out: &Path,
        key: &BackupKey<'_>,
        created_at: i64,
    ) -> Result<Manifest> {
        let database = self.snapshot_database()?;
        let info = self.info()?;
        let header = self.header().to_bytes();
        let manifest = Manifest {
            format: FORMAT.to_owned(),
            v: VERSION,
            created_at,
            vault_id: hex(&self.header().vault_id),
            generation: self.generation(),
            entries: info.entry_counts.iter().map(|(_, n)| *n).sum(),
            database_bytes: database.len() as u64,
            database_sha256: hex(digest::digest(&digest::SHA256, &database).as_ref()),
        };
        let manifest_json = serde_json::to_vec_pretty(&manifest).expect("serializes");

        let vault_key;
        let recipient_vault;
        let recipient_scrypt;
        let recipient: &dyn age::Recipient = match key {
            BackupKey::Vault => {
                vault_key = backup_key(self.data_key(), &self.header().vault_id);
                recipient_vault = VaultRecipient {
                    header: self.header(),
                    key: &vault_key,
                };
                &recipient_vault
            }
            BackupKey::Passphrase(passphrase) => {
                let mut scrypt =
                    age::scrypt::Recipient::new(SecretString::from(passphrase.expose().to_owned()));
                scrypt.set_work_factor(SCRYPT_WORK_FACTOR);
                recipient_scrypt = scrypt;
                &recipient_scrypt
            }
        };
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(recipient)).map_err(|e| {
                VaultError::InvalidInput(tessera_text::text!(
                    "error-vault-cannot-encrypt-backup",
                    reason = e.to_string()
                ))
            })?;

        let write = |out: &mut KeepsError<'_>| -> std::io::Result<()> {
            let mut sealed = encryptor.wrap_output(out)?;
            {
                let mut archive = tar::Builder::new(&mut sealed);
                for (name, bytes) in [
                    (MANIFEST_FILE, manifest_json.as_slice()),
                    (HEADER_FILE, header.as_slice()),
                    (DATABASE_FILE, database.as_slice()),
                ] {
                    let mut entry = tar::Header::new_ustar();
                    entry.set_size(bytes.len() as u64);
                    entry.set_mode(0o600);
                    entry.set_mtime(0);
                    entry.set_entry_type(tar::EntryType::Regular);
                    archive.append_data(&mut entry, name, bytes)?;
                }
                archive.finish()?;
            }
            sealed.finish()?;
            Ok(())
        };
        crate::files::write_atomically_with(out, |file| {
            let mut out = KeepsError { file, error: None };
            let written = write(&mut out);
            written.map_err(|e| out.error.map_or(e, std::io::Error::from_raw_os_error))
        })?;
        Ok(manifest)
    }
}

/// The backup file, keeping the operating system's error of a failed write: age turns an error
/// while it writes its header into text, and a full disk would then not be named as such.
struct KeepsError<'a> {
    file: &'a mut fs::File,
    error: Option<i32>,
}

impl std::io::Write for KeepsError<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file
            .write(buf)
            .inspect_err(|e| self.error = e.raw_os_error())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file
            .flush()
            .inspect_err(|e| self.error = e.raw_os_error())
    }
}

/// Decrypts the backup at `path` with `passphrase` (the vault's, or the backup's own) and
/// writes its `vault.header` and `vault.db` into `into`, an empty folder, checking each part
/// against the manifest. Nothing else from the archive is written.
pub fn extract(path: &Path, passphrase: &Passphrase, into: &Path) -> Result<Manifest> {
    let file = fs::File::open(path).map_err(|e| VaultError::io(IoAction::Read, path, e))?;
    let decryptor = age::Decryptor::new_buffered(std::io::BufReader::new(file))
        .map_err(|e| not_a_backup(path, &e))?;
    let vault_identity = VaultIdentity {
        passphrase,
        failure: RefCell::new(None),
        header: RefCell::new(None),
    };
    // Made only for a backup with a passphrase of its own: age times a run of scrypt to make
    // one, which the usual backup (under the vault's key) has no use for.
    let scrypt_identity;
    let by_scrypt = decryptor.is_scrypt();
    let identity: &dyn age::Identity = if by_scrypt {
        let mut identity =
            age::scrypt::Identity::new(SecretString::from(passphrase.expose().to_owned()));
        identity.set_max_work_factor(MAX_SCRYPT_WORK_FACTOR);
        scrypt_identity = identity;
        &scrypt_identity
    } else {
        &vault_identity
    };
    let reader = decryptor
        .decrypt(std::iter::once(identity))
        .map_err(|e| match vault_identity.failure.borrow_mut().take() {
            Some(failure) => failure,
            None => match e {
                age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys
                    if by_scrypt =>
                {
                    VaultError::WrongPassphrase
                }
                age::DecryptError::ExcessiveWork { .. } => {
                    damaged(tessera_text::text!("error-vault-backup-excessive-work"))
                }
                age::DecryptError::NoMatchingKeys => {
                    damaged(tessera_text::text!("error-vault-backup-foreign-age"))
                }
                other => damaged(other),
            },
        })?;
    let stanza_header = vault_identity.header.borrow().clone();
    read_archive(reader, stanza_header.as_ref(), into)
}

/// The file is not an age file Tessera can read: not a backup, or damaged where age's own
/// header is (age says which it thinks, but a damaged header and a foreign file look alike).
fn not_a_backup(path: &Path, e: &age::DecryptError) -> VaultError {
    damaged(tessera_text::text!(
        "error-vault-backup-not-a-backup",
        path = path.display().to_string(),
        reason = e.to_string(),
    ))
}

/// Reads the archive's three parts, in order, into `into`.
fn read_archive(
    reader: impl Read,
    stanza_header: Option<&Header>,
    into: &Path,
) -> Result<Manifest> {
    let mut archive = tar::Archive::new(reader);
    let mut entries = archive.entries().map_err(damaged)?;
    let mut next = |expected: &str| -> Result<tar::Entry<'_, _>> {
        let entry = entries
            .next()
            .ok_or_else(|| {
                damaged(tessera_text::text!(
                    "error-vault-backup-ends-early",
                    part = expected.to_owned()
                ))
            })?
            .map_err(damaged)?;
        let name = entry
            .path()
            .map_err(damaged)?
            .to_string_lossy()
            .into_owned();
        if name != expected || entry.header().entry_type() != tar::EntryType::Regular {
            return Err(damaged(tessera_text::text!(
                "error-vault-backup-unexpected-part",
                name = format!("{name:?}"),
                part = expected.to_owned(),
            )));
        }
        Ok(entry)
    };

    let mut manifest_json = Vec::new();
    next(MANIFEST_FILE)?
        .take(MAX_MANIFEST_BYTES + 1)
        .read_to_end(&mut manifest_json)
        .map_err(damaged)?;
    if manifest_json.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(damaged(tessera_text::text!(
            "error-vault-backup-manifest-too-large"
        )));
    }
    let format: serde_json::Value = serde_json::from_slice(&manifest_json).map_err(|e| {
        damaged(tessera_text::text!(
            "error-vault-backup-manifest-not-json",
            reason = e.to_string()
        ))
    })?;
    if format.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(damaged(tessera_text::text!(
            "error-vault-backup-manifest-foreign"
        )));
    }
    match format.get("v").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            return Err(VaultError::UnsupportedBackup(tessera_text::text!(
                "error-vault-unsupported-backup-format",
                version = v.to_string(),
                known = VERSION.to_string(),
            )));
        }
        None => {
            return Err(damaged(tessera_text::text!(
                "error-vault-backup-manifest-no-version"
            )));
        }
    }
    let manifest: Manifest = serde_json::from_value(format).map_err(|e| {
        damaged(tessera_text::text!(
            "error-vault-backup-manifest-invalid",
            reason = e.to_string()
        ))
    })?;

    let mut header_bytes = Vec::new();
    next(HEADER_FILE)?
        .take(HEADER_LEN as u64 + 1)
        .read_to_end(&mut header_bytes)
        .map_err(damaged)?;
    let header = Header::parse(&header_bytes)?;
    if header_bytes.len() != HEADER_LEN || hex(&header.vault_id) != manifest.vault_id {
        return Err(damaged(tessera_text::text!(
            "error-vault-backup-header-mismatch"
        )));
    }
    if stanza_header.is_some_and(|h| *h != header) {
        return Err(damaged(tessera_text::text!(
            "error-vault-backup-header-not-the-key-s"
        )));
    }

    let database_path = into.join(DATABASE_FILE);
    let mut database = create_private_file(&database_path)?;
    let mut hasher = digest::Context::new(&digest::SHA256);
    let mut written = 0u64;
    let mut entry = next(DATABASE_FILE)?;
    let mut buf = Zeroizing::new(vec![0u8; 64 * 1024]);
    loop {
        let n = entry.read(&mut buf).map_err(damaged)?;
        if n == 0 {
            break;
        }
        written += n as u64;
        if written > manifest.database_bytes {
            return Err(damaged(tessera_text::text!(
                "error-vault-backup-database-too-long"
            )));
        }
        hasher.update(&buf[..n]);
        database
            .write_all(&buf[..n])
            .map_err(|e| VaultError::io(IoAction::Write, &database_path, e))?;
    }
    drop(entry);
    if written != manifest.database_bytes
        || hex(hasher.finish().as_ref()) != manifest.database_sha256
    {
        return Err(damaged(tessera_text::text!(
            "error-vault-backup-database-mismatch"
        )));
    }
    if entries.next().is_some() {
        return Err(damaged(tessera_text::text!("error-vault-backup-extra")));
    }
    database
        .sync_all()
        .map_err(|e| VaultError::io(IoAction::Write, &database_path, e))?;
    let header_path = into.join(HEADER_FILE);
    let mut file = create_private_file(&header_path)?;
    file.write_all(&header_bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| VaultError::io(IoAction::Write, &header_path, e))?;
    sync_dir(into)?;
    Ok(manifest)
}

/// The passphrases a backup is read with: the one that opens the file, and the vault's own
/// when the backup has a passphrase of its own (otherwise they are the same).
pub struct Passphrases<'a> {
    pub backup: &'a Passphrase,
    pub vault: Option<&'a Passphrase>,
}

/// A check of the opened copy beyond the vault's own (the API layer verifies the activity
/// ledger, which this crate does not know).
pub type Check<'a> = &'a dyn Fn(&Vault) -> Result<()>;

/// No check beyond the vault's own.
pub fn vault_checks_only(_: &Vault) -> Result<()> {
    Ok(())
}

impl Passphrases<'_> {
    fn vault(&self) -> &Passphrase {
        self.vault.unwrap_or(self.backup)
    }
}

/// Restores the backup at `path` into the folder `target`, which must not exist or be empty:
/// the backup is extracted beside it, opened and checked whole (every record opens, the rows are
/// the ones its integrity record describes, SQLite's own check passes, and it is the vault the
/// manifest describes), and only then moved into place. A damaged or foreign backup, or a wrong
/// passphrase, leaves `target` as it was.
///
/// The restored vault opens with the passphrase the vault had when the backup was made.
pub fn restore(
    path: &Path,
    passphrases: &Passphrases<'_>,
    target: &Path,
    check: Check<'_>,
) -> Result<Manifest> {
    restore_then(path, passphrases, target, check, &|_, _| Ok(()))
}

/// The last change to a restored copy before it is moved into place (the API layer records
/// the restore in the activity ledger), made with no rollback record: this computer's record
/// moves only when the vault is opened where it is restored.
pub type Finish<'a> = &'a dyn Fn(&mut Vault, &Manifest) -> Result<()>;

/// [`restore`], with `finish` run on the checked copy before it is moved into place: a process
/// killed at any moment leaves either no vault at `target` or one that holds that change
/// (recording the restore after the move left a window in which a kill kept a restored vault
/// whose ledger did not say so).
pub fn restore_then(
    path: &Path,
    passphrases: &Passphrases<'_>,
    target: &Path,
    check: Check<'_>,
    finish: Finish<'_>,
) -> Result<Manifest> {
    let empty = match fs::read_dir(target) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(VaultError::io(IoAction::Read, target, e)),
    };
    if !empty {
        return Err(VaultError::InvalidInput(tessera_text::text!(
            "error-vault-restore-not-empty",
            path = target.display().to_string()
        )));
    }
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| VaultError::io(IoAction::Create, &parent, e))?;
    let mut staging = crate::files::StagingDir::new_in(&parent)
        .map_err(|e| VaultError::io(IoAction::CreateFolderIn, &parent, e))?;
    restrict_new_folder(staging.path())?;
    let (manifest, mut vault) = verify_into(path, passphrases, staging.path(), check)?;
    finish(&mut vault, &manifest)?;
    vault.lock();
    if target.exists() {
        fs::remove_dir(target).map_err(|e| VaultError::io(IoAction::Replace, target, e))?;
    }
    let staged = staging.keep();
    fs::rename(&staged, target).map_err(|e| {
        let _ = fs::remove_dir_all(&staged);
        VaultError::io(IoAction::MoveRestoredTo, target, e)
    })?;
    sync_dir(&parent)?;
    Ok(manifest)
}

/// Checks the backup at `path` whole without restoring it: it is extracted into a private
/// temporary folder, opened and checked as [`restore`] does, and the folder deleted.
pub fn verify(path: &Path, passphrases: &Passphrases<'_>, check: Check<'_>) -> Result<Manifest> {
    let temp = std::env::temp_dir();
    let scratch = crate::files::StagingDir::new_in(&temp)
        .map_err(|e| VaultError::io(IoAction::CreateFolderIn, &temp, e))?;
    restrict_new_folder(scratch.path())?;
    let (manifest, vault) = verify_into(path, passphrases, scratch.path(), check)?;
    vault.lock();
    Ok(manifest)
}

fn verify_into(
    path: &Path,
    passphrases: &Passphrases<'_>,
    dir: &Path,
    check: Check<'_>,
) -> Result<(Manifest, Vault)> {
    let manifest = extract(path, passphrases.backup, dir)?;
    // No rollback record: this copy is not the person's vault yet.
    let vault = Vault::unlock_with(dir, passphrases.vault(), &crate::OpenOptions::default())?;
    let found = vault.check()?;
    if vault.generation() != manifest.generation || found.entries != manifest.entries {
        return Err(damaged(tessera_text::text!(
            "error-vault-backup-count-mismatch",
            entries = found.entries.to_string(),
            generation = vault.generation().to_string(),
            listed = manifest.entries.to_string(),
            listed_generation = manifest.generation.to_string(),
        )));
    }
    check(&vault)?;
    Ok((manifest, vault))
}
