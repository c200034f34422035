//! Creating, unlocking and using a vault.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use ring::rand::SystemRandom;
use rusqlite::{Connection, OptionalExtension, params};
use zeroize::Zeroizing;

use crate::envelope::{self, CellId, aead_open, aead_seal};
use crate::header::{FORMAT_VERSION, HEADER_LEN, Header};
use crate::kdf::{KdfParams, derive_kek, hkdf_expand};
use crate::lockfile::VaultLock;
use crate::secret::{KeyBytes, Passphrase, random_array};
use crate::store::open_database;
use crate::{Result, VaultError};

/// The files of one vault directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultLayout {
    pub dir: PathBuf,
}

impl VaultLayout {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        VaultLayout { dir: dir.into() }
    }
    pub fn header_path(&self) -> PathBuf {
        self.dir.join("vault.header")
    }
    pub fn database_path(&self) -> PathBuf {
        self.dir.join("vault.db")
    }
    pub fn lock_path(&self) -> PathBuf {
        self.dir.join("vault.lock")
    }
    /// Whether a vault has been created here (its header exists).
    pub fn exists(&self) -> bool {
        self.header_path().exists()
    }
}

/// What a code-defined kind of entry is called in the `entry` table. Kinds are constants in
/// Tessera's code, never text a person typed, so they may be stored in plaintext.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryKind(&'static str);

impl EntryKind {
    pub const fn new(name: &'static str) -> Self {
        EntryKind(name)
    }
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId(pub i64);

/// Non-secret facts about a vault, readable without the passphrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultInfo {
    pub dir: PathBuf,
    pub header_version: u16,
    pub schema_version: u32,
    pub vault_id: String,
    pub kdf: KdfParams,
    /// Number of entries per kind, sorted by kind.
    pub entry_counts: Vec<(String, u64)>,
    pub in_use: bool,
}

const KEY_CHECK: &[u8] = b"tessera key check v1";
const RECORD_KEY_INFO: &[u8] = b"tessera v1 record key";
const META_CELL: CellId<'static> = CellId {
    table: "vault_meta",
    row: 1,
    kind: "meta",
    column: "key_check",
    version: 1,
};

/// An unlocked vault. Dropping it (or calling [`Vault::lock`]) wipes the keys, closes the
/// database and releases the process lock, in that order.
pub struct Vault {
    data_key: KeyBytes,
    record_key: KeyBytes,
    conn: Connection,
    // Declared after `conn`: the database is closed before another process may take the lock.
    _lock: VaultLock,
    layout: VaultLayout,
    header: Header,
    rng: SystemRandom,
}

impl Vault {
    /// Creates a vault in `dir` (made if missing, mode 0700). Fails if one exists.
    pub fn create(dir: &Path, passphrase: &Passphrase, kdf: KdfParams) -> Result<Vault> {
        let layout = VaultLayout::new(dir);
        passphrase.check_new()?;
        kdf.validate()?;
        create_private_dir(dir)?;
        let lock = VaultLock::acquire(dir, &layout.lock_path())?;
        if layout.exists() {
            return Err(VaultError::VaultExists(dir.to_path_buf()));
        }
        if layout.database_path().exists() {
            return Err(VaultError::CorruptVault(format!(
                "{} exists without vault.header: an earlier setup was interrupted or the header \
                 was lost. Restore vault.header from a backup, or move the folder aside to start over",
                layout.database_path().display()
            )));
        }
        let rng = SystemRandom::new();
        let data_key = KeyBytes::random(&rng)?;
        let header = wrap_data_key(&rng, passphrase, kdf, random_array(&rng)?, &data_key)?;
        let record_key = hkdf_expand(data_key.expose(), &header.vault_id, RECORD_KEY_INFO);

        let result = (|| {
            let conn = open_database(&layout.database_path(), true)?;
            let check = envelope::seal(&rng, &record_key, &META_CELL, KEY_CHECK)?;
            conn.execute(
                "INSERT INTO vault_meta (id, vault_id, key_check) VALUES (1, ?1, ?2)",
                params![&header.vault_id[..], check],
            )?;
            write_header_atomically(&layout, &header)?;
            Ok(conn)
        })();
        let conn = match result {
            Ok(conn) => conn,
            Err(e) => {
                // All or nothing: no half-made vault is left behind.
                for path in [layout.database_path(), layout.header_path()] {
                    let _ = fs::remove_file(&path);
                    let _ = fs::remove_file(path.with_extension("db-wal"));
                    let _ = fs::remove_file(path.with_extension("db-shm"));
                }
                return Err(e);
            }
        };
        Ok(Vault {
            data_key,
            record_key,
            conn,
            _lock: lock,
            layout,
            header,
            rng,
        })
    }

    /// Unlocks the vault in `dir`. A wrong passphrase reads `vault.header` and nothing else:
    /// no vault file is opened for writing until the data key has been unwrapped.
    pub fn unlock(dir: &Path, passphrase: &Passphrase) -> Result<Vault> {
        let layout = VaultLayout::new(dir);
        if !layout.exists() {
            return Err(VaultError::VaultNotFound(dir.to_path_buf()));
        }
        let lock = VaultLock::acquire(dir, &layout.lock_path())?;
        let header = read_header(&layout)?;
        let kek = derive_kek(passphrase, &header.kdf, &header.salt, &header.vault_id)?;
        let data_key = aead_open(
            &kek,
            header.wrap_nonce,
            &header.authenticated_bytes(),
            &header.wrapped_key,
        )
        .and_then(|bytes| KeyBytes::from_slice(&bytes))
        .ok_or(VaultError::WrongPassphrase)?;
        drop(kek);
        let record_key = hkdf_expand(data_key.expose(), &header.vault_id, RECORD_KEY_INFO);

        let conn = open_database(&layout.database_path(), false)?;
        let meta: Option<(Vec<u8>, Vec<u8>)> = conn
            .query_row(
                "SELECT vault_id, key_check FROM vault_meta WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((vault_id, check)) = meta else {
            return Err(VaultError::CorruptVault(
                "vault.db has no vault metadata (truncated or replaced?); restore it from a backup"
                    .into(),
            ));
        };
        let matches = vault_id == header.vault_id
            && envelope::open(&record_key, &META_CELL, &check)
                .is_ok_and(|plain| plain.as_slice() == KEY_CHECK);
        if !matches {
            return Err(VaultError::CorruptVault(
                "vault.db and vault.header belong to different vaults".into(),
            ));
        }
        Ok(Vault {
            data_key,
            record_key,
            conn,
            _lock: lock,
            layout,
            header,
            rng: SystemRandom::new(),
        })
    }

    /// Reads the header and counts without the passphrase.
    pub fn inspect(dir: &Path) -> Result<VaultInfo> {
        let layout = VaultLayout::new(dir);
        if !layout.exists() {
            return Err(VaultError::VaultNotFound(dir.to_path_buf()));
        }
        let in_use = match VaultLock::acquire(dir, &layout.lock_path()) {
            Ok(_released_at_end_of_scope) => false,
            Err(VaultError::VaultInUse(_)) => true,
            Err(e) => return Err(e),
        };
        let header = read_header(&layout)?;
        let db = layout.database_path();
        if !db.exists() {
            return Err(VaultError::CorruptVault(format!(
                "{} is missing",
                db.display()
            )));
        }
        // Read-only queries on a plain connection: no migration runs without the lock.
        let conn = Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        conn.busy_timeout(std::time::Duration::from_secs(2))?;
        let schema: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let counts = if schema >= 1 {
            entry_counts(&conn)?
        } else {
            Vec::new()
        };
        Ok(info_from(&layout, &header, schema, counts, in_use))
    }

    pub fn info(&self) -> Result<VaultInfo> {
        let schema: u32 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(info_from(
            &self.layout,
            &self.header,
            schema,
            entry_counts(&self.conn)?,
            true,
        ))
    }

    pub fn layout(&self) -> &VaultLayout {
        &self.layout
    }

    /// Checks a passphrase against this open vault's key slot, without touching any file or
    /// the process lock. The same opaque error as unlocking when it does not match.
    pub fn verify_passphrase(&self, passphrase: &Passphrase) -> Result<()> {
        let header = read_header(&self.layout)?;
        let kek = derive_kek(passphrase, &header.kdf, &header.salt, &header.vault_id)?;
        aead_open(
            &kek,
            header.wrap_nonce,
            &header.authenticated_bytes(),
            &header.wrapped_key,
        )
        .filter(|key| key.as_slice() == self.data_key.expose())
        .map(|_| ())
        .ok_or(VaultError::WrongPassphrase)
    }

    /// Rewraps the data key under a new passphrase (and, optionally, new KDF parameters).
    /// Only `vault.header` changes, by an atomic rename: after a crash exactly one of the two
    /// passphrases works.
    pub fn change_passphrase(&mut self, new: &Passphrase, kdf: KdfParams) -> Result<()> {
        new.check_new()?;
        kdf.validate()?;
        let header = wrap_data_key(&self.rng, new, kdf, self.header.vault_id, &self.data_key)?;
        write_header_atomically(&self.layout, &header)?;
        self.header = header;
        Ok(())
    }

    /// A 32-byte secret derived from the data key for one purpose (`context`), e.g. the seed of
    /// the signing key Tessera uses with one brand. Deterministic: the same vault and context
    /// always give the same seed, so nothing more needs storing.
    pub fn derive_seed(&self, context: &[u8]) -> Zeroizing<[u8; 32]> {
        let key = hkdf_expand(self.data_key.expose(), &self.header.vault_id, context);
        Zeroizing::new(*key.expose())
    }

    /// Locks the vault: wipes the keys, closes the database, releases the process lock.
    pub fn lock(self) {
        drop(self);
    }

    /// Runs `work` so that either all of its writes land or none do. Entry writes inside it
    /// nest as savepoints; an error from `work` rolls every one of them back.
    pub fn atomically<T, E: From<VaultError>>(
        &mut self,
        work: impl FnOnce(&mut Vault) -> Result<T, E>,
    ) -> Result<T, E> {
        self.conn
            .execute_batch("SAVEPOINT atomically")
            .map_err(VaultError::from)?;
        match work(self) {
            Ok(value) => {
                self.conn
                    .execute_batch("RELEASE atomically")
                    .map_err(VaultError::from)?;
                Ok(value)
            }
            Err(e) => {
                // Best effort: if even the rollback fails, the connection is unusable and
                // the next statement reports it.
                let _ = self
                    .conn
                    .execute_batch("ROLLBACK TO atomically; RELEASE atomically");
                Err(e)
            }
        }
    }

    // --- entries ---

    fn cell(id: EntryId, kind: &str, version: u32) -> CellId<'_> {
        CellId {
            table: "entry",
            row: id.0,
            kind,
            column: "body",
            version,
        }
    }

    /// Seals `body` as a new entry of `kind`.
    pub fn insert_entry(&mut self, kind: EntryKind, body: &[u8]) -> Result<EntryId> {
        let tx = self.conn.savepoint()?;
        let id = EntryId(
            tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM entry", [], |r| {
                r.get(0)
            })?,
        );
        let sealed = envelope::seal(
            &self.rng,
            &self.record_key,
            &Self::cell(id, kind.0, 1),
            body,
        )?;
        tx.execute(
            "INSERT INTO entry (id, kind, version, body) VALUES (?1, ?2, 1, ?3)",
            params![id.0, kind.0, sealed],
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Replaces the body of an entry, bumping its version.
    pub fn update_entry(&mut self, id: EntryId, body: &[u8]) -> Result<()> {
        let tx = self.conn.savepoint()?;
        let (kind, version): (String, u32) = tx
            .query_row(
                "SELECT kind, version FROM entry WHERE id = ?1",
                [id.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| VaultError::InvalidInput(format!("no entry {}", id.0)))?;
        // The version is read from vault.db, which others may write: never trust it in arithmetic.
        let next = version.checked_add(1).ok_or_else(|| {
            VaultError::CorruptVault(format!("entry {} has an impossible version", id.0))
        })?;
        let sealed = envelope::seal(
            &self.rng,
            &self.record_key,
            &Self::cell(id, &kind, next),
            body,
        )?;
        tx.execute(
            "UPDATE entry SET version = ?2, body = ?3 WHERE id = ?1",
            params![id.0, next, sealed],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Opens one entry. Returns its kind and plaintext.
    pub fn read_entry(&self, id: EntryId) -> Result<(String, Zeroizing<Vec<u8>>)> {
        let (kind, version, body): (String, u32, Vec<u8>) = self
            .conn
            .query_row(
                "SELECT kind, version, body FROM entry WHERE id = ?1",
                [id.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or_else(|| VaultError::InvalidInput(format!("no entry {}", id.0)))?;
        let plain = envelope::open(&self.record_key, &Self::cell(id, &kind, version), &body)?;
        Ok((kind, plain))
    }

    /// Opens every entry of `kind`, in id order. Fails on the first entry that does not
    /// authenticate, naming it.
    pub fn list_entries(&self, kind: EntryKind) -> Result<Vec<(EntryId, Zeroizing<Vec<u8>>)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, version, body FROM entry WHERE kind = ?1 ORDER BY id")?;
        let rows = stmt.query_map([kind.0], |r| {
            Ok((
                EntryId(r.get(0)?),
                r.get::<_, u32>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, version, body) = row?;
            let plain = envelope::open(&self.record_key, &Self::cell(id, kind.0, version), &body)?;
            out.push((id, plain));
        }
        Ok(out)
    }

    pub fn delete_entry(&mut self, id: EntryId) -> Result<bool> {
        Ok(self
            .conn
            .execute("DELETE FROM entry WHERE id = ?1", [id.0])?
            == 1)
    }

    // --- settings (code-defined names, non-personal values) ---

    pub fn setting(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM setting WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&mut self, name: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO setting (name, value) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            [name, value],
        )?;
        Ok(())
    }
}

fn wrap_data_key(
    rng: &SystemRandom,
    passphrase: &Passphrase,
    kdf: KdfParams,
    vault_id: [u8; 16],
    data_key: &KeyBytes,
) -> Result<Header> {
    let mut header = Header {
        vault_id,
        kdf,
        salt: random_array(rng)?,
        wrap_nonce: random_array(rng)?,
        wrapped_key: [0; 48],
    };
    let kek = derive_kek(passphrase, &kdf, &header.salt, &header.vault_id)?;
    let wrapped = aead_seal(
        &kek,
        header.wrap_nonce,
        &header.authenticated_bytes(),
        data_key.expose(),
    );
    header.wrapped_key.copy_from_slice(&wrapped);
    Ok(header)
}

fn read_header(layout: &VaultLayout) -> Result<Header> {
    let path = layout.header_path();
    let file = File::open(&path).map_err(|e| VaultError::io("cannot read", &path, e))?;
    // Never read more than a header's worth plus one byte, whatever the file's size.
    let mut bytes = Vec::with_capacity(HEADER_LEN + 1);
    file.take(HEADER_LEN as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| VaultError::io("cannot read", &path, e))?;
    Header::parse(&bytes)
}

/// Replaces `vault.header` atomically: the header on disk is always the old one or the new one.
fn write_header_atomically(layout: &VaultLayout, header: &Header) -> Result<()> {
    crate::files::write_file_atomically(&layout.header_path(), &header.to_bytes())
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| VaultError::io("cannot create", dir, e))
}

fn entry_counts(conn: &Connection) -> Result<Vec<(String, u64)>> {
    let mut stmt = conn.prepare("SELECT kind, COUNT(*) FROM entry GROUP BY kind ORDER BY kind")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn info_from(
    layout: &VaultLayout,
    header: &Header,
    schema: u32,
    entry_counts: Vec<(String, u64)>,
    in_use: bool,
) -> VaultInfo {
    VaultInfo {
        dir: layout.dir.clone(),
        header_version: FORMAT_VERSION,
        schema_version: schema,
        vault_id: header.vault_id.iter().map(|b| format!("{b:02x}")).collect(),
        kdf: header.kdf,
        entry_counts,
        in_use,
    }
}
