//! Creating, unlocking and using a vault.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use ring::rand::SystemRandom;
use rusqlite::{Connection, OptionalExtension, params};
use zeroize::Zeroizing;

use crate::anchor::{self, Anchor, AnchorDir};
use crate::envelope::{self, CellId, aead_open, aead_seal};
use crate::header::{FORMAT_VERSION, HEADER_LEN, Header};
use crate::index::{KeysOf, KindIndex};
use crate::integrity::{self, ElementMac, IntegrityState, KindDigest};
use crate::kdf::{KdfParams, derive_kek, hkdf_expand};
use crate::lockfile::VaultLock;
use crate::secret::{KeyBytes, Passphrase, random_array};
use crate::store::open_database;
use crate::{IoAction, Result, VaultError};

/// The files of one vault directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultLayout {
    pub dir: PathBuf,
}

/// The names of a vault's two essential files.
pub(crate) const HEADER_FILE: &str = "vault.header";
pub(crate) const DATABASE_FILE: &str = "vault.db";

impl VaultLayout {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        VaultLayout { dir: dir.into() }
    }
    pub fn header_path(&self) -> PathBuf {
        self.dir.join(HEADER_FILE)
    }
    pub fn database_path(&self) -> PathBuf {
        self.dir.join(DATABASE_FILE)
    }
    pub fn lock_path(&self) -> PathBuf {
        self.dir.join("vault.lock")
    }
    /// The new header while a passphrase change is under way.
    pub fn header_next_path(&self) -> PathBuf {
        self.dir.join("vault.header.new")
    }
    /// Whether a vault has been created here (its header exists).
    pub fn exists(&self) -> bool {
        self.header_path().exists()
    }
}

/// What a code-defined kind of entry is called in the `entry` table. Kinds are constants in
/// Tessera's code, never text a person typed, so they may be stored in plaintext. A kind
/// made with [`EntryKind::indexed`] can also be looked up by key ([`Vault::find`]).
#[derive(Debug, Clone, Copy)]
pub struct EntryKind(&'static str, Option<KeysOf>);

impl EntryKind {
    pub const fn new(name: &'static str) -> Self {
        EntryKind(name, None)
    }
    /// A kind whose entries are found by the keys `keys_of` gives from each one's plaintext
    /// (see [`crate::index`]).
    pub const fn indexed(name: &'static str, keys_of: KeysOf) -> Self {
        EntryKind(name, Some(keys_of))
    }
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

/// Kinds are their names (how their entries are found is not part of what they are).
impl PartialEq for EntryKind {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for EntryKind {}

impl std::hash::Hash for EntryKind {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
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
    /// Another process (not this one) has the vault open.
    pub in_use: bool,
    pub anchor: AnchorPresence,
    /// A passphrase change was interrupted; the next unlock completes or undoes it.
    pub passphrase_change_pending: bool,
}

/// What [`Vault::check`] found: everything opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VaultCheck {
    /// Entries opened, of every kind.
    pub entries: u64,
}

/// Whether this computer keeps a rollback anchor for the vault (see [`crate::anchor`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorPresence {
    /// The caller keeps no anchors (tests, tools).
    NotKept,
    /// This computer has never opened this vault (or its record was removed): an older copy
    /// of the folder cannot be recognised here.
    Absent,
    Present(PathBuf),
}

/// How a vault is opened.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// Where rollback anchors live; `None` keeps none.
    pub anchors: Option<AnchorDir>,
    /// The person confirmed that an older copy was put back on purpose.
    pub accept_restore: bool,
}

/// What the rollback anchor said when the vault was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorReport {
    NotKept,
    /// No anchor yet on this computer; one is written now.
    FirstOpenHere,
    /// The vault is the state this computer last saw, or a newer one (changed elsewhere).
    Current,
    /// An older copy, accepted by the person: changes `missing_from..=missing_to` are gone.
    RestoreAccepted {
        missing_from: u64,
        missing_to: u64,
    },
    /// The anchor on this computer was damaged and has been replaced, as the person accepted.
    DamagedAnchorReplaced,
}

/// What `vault_meta.key_check` seals. A schema-1 vault sealed v1; from schema 2 it is v2,
/// which also says "this vault has an integrity record": nulling the integrity columns of a
/// schema-2 vault cannot pass it off as one still to be upgraded (the seal cannot be forged).
const KEY_CHECK_V1: &[u8] = b"tessera key check v1";
const KEY_CHECK: &[u8] = b"tessera key check v2";
const RECORD_KEY_INFO: &[u8] = b"tessera v1 record key";
const INTEGRITY_KEY_INFO: &[u8] = b"tessera v1 integrity key";
const ANCHOR_KEY_INFO: &[u8] = b"tessera v1 anchor key";
const SETTING_KIND: &str = "setting";

const fn meta_cell(column: &'static str) -> CellId<'static> {
    CellId {
        table: "vault_meta",
        row: 1,
        kind: "meta",
        column,
        version: 1,
    }
}
const META_CELL: CellId<'static> = meta_cell("key_check");
const IDENTITY_CELL: CellId<'static> = meta_cell("identity_seed");
const INTEGRITY_CELL: CellId<'static> = meta_cell("integrity");

/// Keys derived from one data key.
struct Keys {
    data: KeyBytes,
    record: KeyBytes,
    integrity: KeyBytes,
}

impl Keys {
    fn derive(data: KeyBytes, vault_id: &[u8; 16]) -> Keys {
        Keys {
            record: hkdf_expand(data.expose(), vault_id, RECORD_KEY_INFO),
            integrity: hkdf_expand(data.expose(), vault_id, INTEGRITY_KEY_INFO),
            data,
        }
    }
}

/// An unlocked vault. Dropping it (or calling [`Vault::lock`]) wipes the keys, closes the
/// database and releases the process lock, in that order.
pub struct Vault {
    keys: Keys,
    /// The root of secrets that must outlive a data-key rotation (brand signing keys, the
    /// anchor key). For vaults made before rotation existed it equals their first data key.
    identity_seed: KeyBytes,
    conn: Connection,
    // Declared after `conn`: the database is closed before another process may take the lock.
    _lock: VaultLock,
    layout: VaultLayout,
    header: Header,
    rng: SystemRandom,
    /// The committed integrity state plus this transaction's changes.
    state: IntegrityState,
    /// Whether `state` has changes not yet sealed into `vault_meta`.
    dirty: bool,
    /// Nesting depth of [`Vault::atomically`].
    depth: u32,
    /// Kinds whose rows were checked against `state` in this session.
    verified: RefCell<HashSet<String>>,
    /// The session's indexes of the kinds looked up by key so far ([`crate::index`]).
    indexes: RefCell<HashMap<String, KindIndex>>,
    anchors: Option<AnchorDir>,
    anchor_report: AnchorReport,
}

impl Vault {
    /// Creates a vault in `dir` (made if missing, mode 0700). Fails if one exists.
    pub fn create(dir: &Path, passphrase: &Passphrase, kdf: KdfParams) -> Result<Vault> {
        Self::create_with(dir, passphrase, kdf, &OpenOptions::default())
    }

    pub fn create_with(
        dir: &Path,
        passphrase: &Passphrase,
        kdf: KdfParams,
        options: &OpenOptions,
    ) -> Result<Vault> {
        Self::create_inner(dir, passphrase, kdf, options)
            .map_err(|e| crate::files::diagnose_storage(dir, e))
    }

    fn create_inner(
        dir: &Path,
        passphrase: &Passphrase,
        kdf: KdfParams,
        options: &OpenOptions,
    ) -> Result<Vault> {
        let layout = VaultLayout::new(dir);
        passphrase.check_new()?;
        kdf.validate()?;
        create_private_dir(dir)?;
        let lock = VaultLock::acquire(dir, &layout.lock_path())?;
        remove_crash_leftovers(&layout);
        if layout.exists() {
            return Err(VaultError::VaultExists(dir.to_path_buf()));
        }
        if layout.database_path().exists() && !holds_only_an_interrupted_setup(&layout) {
            return Err(VaultError::CorruptVault(tessera_text::text!(
                "error-vault-corrupt-interrupted-setup",
                path = layout.database_path().display().to_string()
            )));
        }
        let rng = SystemRandom::new();
        let data_key = KeyBytes::random(&rng)?;
        let header = wrap_data_key(&rng, passphrase, kdf, random_array(&rng)?, &data_key)?;
        let keys = Keys::derive(data_key, &header.vault_id);
        let identity_seed = KeyBytes::random(&rng)?;

        let result = (|| {
            create_private_file(&layout.database_path())?;
            let conn = open_database(&layout.database_path(), true)?;
            let check = envelope::seal(&rng, &keys.record, &META_CELL, KEY_CHECK)?;
            let seed = envelope::seal(&rng, &keys.record, &IDENTITY_CELL, identity_seed.expose())?;
            let state = IntegrityState {
                generation: 1,
                ..Default::default()
            };
            let sealed_state =
                envelope::seal(&rng, &keys.record, &INTEGRITY_CELL, &state.to_bytes())?;
            conn.execute_batch("BEGIN IMMEDIATE; DROP TABLE IF EXISTS setting;")?;
            conn.execute(
                "INSERT INTO vault_meta (id, vault_id, key_check, identity_seed, integrity, header_hash)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)",
                params![
                    &header.vault_id[..],
                    check,
                    seed,
                    sealed_state,
                    &header_hash(&header)[..]
                ],
            )?;
            if let Err(e) = conn.execute_batch("COMMIT") {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e.into());
            }
            write_header_atomically(&layout, &header)?;
            Ok((conn, state))
        })();
        let (conn, state) = match result {
            Ok(done) => done,
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
        restrict_folder(&layout)?;
        let mut vault = Vault {
            keys,
            identity_seed,
            conn,
            _lock: lock,
            layout,
            header,
            rng,
            state,
            dirty: false,
            depth: 0,
            verified: RefCell::new(HashSet::new()),
            indexes: RefCell::new(HashMap::new()),
            anchors: usable_anchors(options, dir),
            anchor_report: AnchorReport::NotKept,
        };
        vault.anchor_report = vault.check_anchor(options.accept_restore)?;
        Ok(vault)
    }

    /// Unlocks the vault in `dir` without a rollback anchor (tests and tools; the app and
    /// the CLI use [`Vault::unlock_with`]).
    pub fn unlock(dir: &Path, passphrase: &Passphrase) -> Result<Vault> {
        Self::unlock_with(dir, passphrase, &OpenOptions::default())
    }

    /// Unlocks the vault in `dir`. A wrong passphrase reads `vault.header` and nothing else
    /// (unless a passphrase change was interrupted, which is completed or undone first): no
    /// vault file is opened for writing until the data key has been unwrapped.
    ///
    /// Then checks the vault as a whole: its integrity record must open, and, when anchors
    /// are kept, the vault must not be older than the state this computer last saw.
    pub fn unlock_with(
        dir: &Path,
        passphrase: &Passphrase,
        options: &OpenOptions,
    ) -> Result<Vault> {
        Self::unlock_inner(dir, passphrase, options)
            .map_err(|e| crate::files::diagnose_storage(dir, e))
    }

    fn unlock_inner(dir: &Path, passphrase: &Passphrase, options: &OpenOptions) -> Result<Vault> {
        let layout = VaultLayout::new(dir);
        if !layout.exists() {
            return Err(VaultError::VaultNotFound(dir.to_path_buf()));
        }
        let lock = VaultLock::acquire(dir, &layout.lock_path())?;
        remove_crash_leftovers(&layout);
        let header = read_header(&layout)?;
        // A passphrase change interrupted between writing the new header and renaming it
        // leaves `vault.header.new`. Which of the two headers is live is decided by which one,
        // with this passphrase, opens the database's key check: never by anything plaintext.
        let next = read_next_header(&layout)?;
        let opened = match open_with(&layout, &header, passphrase) {
            Ok(found) => {
                if next.is_some() {
                    // The database is still sealed for the old header: the change never
                    // committed, so the new header is of no use.
                    let path = layout.header_next_path();
                    fs::remove_file(&path)
                        .map_err(|e| VaultError::io(IoAction::Remove, &path, e))?;
                    sync_dir(&layout.dir)?;
                }
                Ok((header, found))
            }
            Err(first) => match next {
                Some(next) => match open_with(&layout, &next, passphrase) {
                    Ok(found) => {
                        // The change committed: finish it.
                        fs::rename(layout.header_next_path(), layout.header_path()).map_err(
                            |e| VaultError::io(IoAction::Replace, layout.header_path(), e),
                        )?;
                        sync_dir(&layout.dir)?;
                        Ok((next, found))
                    }
                    Err(VaultError::CorruptVault(_)) | Err(VaultError::WrongPassphrase) => {
                        Err(VaultError::WrongPassphrase)
                    }
                    Err(e) => Err(e),
                },
                None => Err(first),
            },
        };
        let (header, (keys, conn, legacy, seed, integrity)) = opened?;
        restrict_folder(&layout)?;
        let mut vault = Vault {
            // Placeholder until the seed is read or, for a vault from before integrity, set.
            identity_seed: KeyBytes::from_slice(keys.data.expose()).expect("32 bytes"),
            keys,
            conn,
            _lock: lock,
            layout,
            header,
            rng: SystemRandom::new(),
            state: IntegrityState::default(),
            dirty: false,
            depth: 0,
            verified: RefCell::new(HashSet::new()),
            indexes: RefCell::new(HashMap::new()),
            anchors: usable_anchors(options, dir),
            anchor_report: AnchorReport::NotKept,
        };
        match (seed, integrity) {
            (Some(seed), Some(integrity)) if !legacy => {
                let seed = envelope::open(&vault.keys.record, &IDENTITY_CELL, &seed)?;
                vault.identity_seed = KeyBytes::from_slice(&seed)
                    .ok_or_else(|| VaultError::CorruptRecord(IDENTITY_CELL.describe()))?;
                let state = envelope::open(&vault.keys.record, &INTEGRITY_CELL, &integrity)?;
                vault.state = IntegrityState::parse(&state)?;
            }
            (None, None) if legacy => vault.upgrade_to_integrity(passphrase)?,
            _ => {
                return Err(VaultError::Tampered(tessera_text::text!(
                    "error-vault-tampered-missing-integrity"
                )));
            }
        }
        vault.anchor_report = vault.check_anchor(options.accept_restore)?;
        Ok(vault)
    }

    /// Reads the header and counts without the passphrase.
    pub fn inspect(dir: &Path) -> Result<VaultInfo> {
        Self::inspect_with(dir, None)
    }

    pub fn inspect_with(dir: &Path, anchors: Option<&AnchorDir>) -> Result<VaultInfo> {
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
            return Err(VaultError::CorruptVault(tessera_text::text!(
                "error-vault-corrupt-missing",
                path = db.display().to_string()
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
        let mut info = info_from(&layout, &header, schema, counts, in_use, anchors);
        info.passphrase_change_pending = layout.header_next_path().exists();
        Ok(info)
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
            // This process holds the lock; nobody else can have it open.
            false,
            self.anchors.as_ref(),
        ))
    }

    pub fn layout(&self) -> &VaultLayout {
        &self.layout
    }

    /// What the rollback anchor said when this vault was opened.
    pub fn anchor_report(&self) -> &AnchorReport {
        &self.anchor_report
    }

    /// The vault's id, 32 hex digits (as `VaultInfo::vault_id`, without counting entries).
    pub fn id_hex(&self) -> String {
        crate::hex(&self.header.vault_id)
    }

    /// The number of committed write transactions this vault has seen.
    pub fn generation(&self) -> u64 {
        self.state.generation
    }

    /// Checks a passphrase against this open vault's key slot, without touching any file or
    /// the process lock. The same opaque error as unlocking when it does not match.
    pub fn verify_passphrase(&self, passphrase: &Passphrase) -> Result<()> {
        let header = read_header(&self.layout)?;
        let key = unwrap_data_key(&header, passphrase)?;
        if key.expose() == self.keys.data.expose() {
            Ok(())
        } else {
            Err(VaultError::WrongPassphrase)
        }
    }

    /// Changes the passphrase and rotates the data key: every record is re-sealed under a
    /// fresh key in one transaction, so a copy of the old `vault.header` and the old
    /// passphrase open nothing written from now on. (Copies of the folder made before the
    /// change still open with the old passphrase.)
    ///
    /// Crash-safe in three steps: the new header is written beside the old one as
    /// `vault.header.new`; one transaction re-seals everything and records the new header's
    /// hash; the new header is renamed over the old. An interrupted change is completed or
    /// undone by the next unlock, according to which header the database records.
    pub fn change_passphrase(&mut self, new: &Passphrase, kdf: KdfParams) -> Result<()> {
        new.check_new()?;
        kdf.validate()?;
        if self.depth != 0 {
            return Err(VaultError::InvalidInput(tessera_text::text!(
                "error-vault-passphrase-busy"
            )));
        }
        self.rotate_data_key(new, kdf, |_| Ok(()))
    }

    /// Wraps a new data key under `passphrase` into `vault.header.new`, re-seals everything
    /// under it in one transaction (after `prepare` has run inside that transaction), then
    /// renames the new header over the old. The new keys are this vault's from the moment the
    /// transaction commits: if the rename fails, `vault.header.new` stays, and the next unlock
    /// finishes the change (its key is the one that opens the database).
    fn rotate_data_key(
        &mut self,
        passphrase: &Passphrase,
        kdf: KdfParams,
        prepare: impl FnOnce(&mut Vault) -> Result<()>,
    ) -> Result<()> {
        let vault_id = self.header.vault_id;
        let new_keys = Keys::derive(KeyBytes::random(&self.rng)?, &vault_id);
        let header = wrap_data_key(&self.rng, passphrase, kdf, vault_id, &new_keys.data)?;
        let next_path = self.layout.header_next_path();
        crate::files::write_file_atomically(&next_path, &header.to_bytes())?;

        let state = match self.reseal_everything(&new_keys, &header, prepare) {
            Ok(state) => state,
            Err(e) => {
                let _ = fs::remove_file(&next_path);
                return Err(e);
            }
        };
        self.keys = new_keys;
        self.header = header;
        self.state = state;
        self.dirty = false;
        self.verified.borrow_mut().clear();
        self.indexes.borrow_mut().clear();
        fs::rename(&next_path, self.layout.header_path())
            .map_err(|e| VaultError::io(IoAction::Replace, self.layout.header_path(), e))?;
        sync_dir(&self.layout.dir)?;
        self.refresh_anchor();
        Ok(())
    }

    /// One transaction: `prepare`, then every entry and every sealed meta column under `keys`,
    /// the integrity state recomputed under the new integrity key, the new header's hash.
    fn reseal_everything(
        &mut self,
        keys: &Keys,
        header: &Header,
        prepare: impl FnOnce(&mut Vault) -> Result<()>,
    ) -> Result<IntegrityState> {
        let mac = ElementMac::new(&keys.integrity);
        let saved = (self.state.clone(), self.dirty);
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let result = (|| {
            prepare(self)?;
            let mut state = IntegrityState {
                generation: self.state.generation.saturating_add(1),
                ..Default::default()
            };
            // Never re-seal (and so bless) a vault whose rows are not the recorded ones.
            let mut on_disk = IntegrityState::default();
            self.scan_all(&mut on_disk)?;
            for kind in on_disk.kinds.keys().chain(self.state.kinds.keys()) {
                self.compare_kind(kind, on_disk.kind(kind))?;
            }
            let mut after = 0i64;
            loop {
                let batch: Vec<(i64, String, u32, Vec<u8>)> = {
                    let mut stmt = self.conn.prepare_cached(
                        "SELECT id, kind, version, body FROM entry WHERE id > ?1 ORDER BY id LIMIT 512",
                    )?;
                    stmt.query_map([after], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?
                };
                let Some(last) = batch.last() else { break };
                after = last.0;
                for (id, kind, version, body) in batch {
                    check_kind_name(&kind)?;
                    let cell = Self::cell(EntryId(id), &kind, version);
                    let plain = envelope::open(&self.keys.record, &cell, &body)?;
                    let sealed = envelope::seal(&self.rng, &keys.record, &cell, &plain)?;
                    self.conn.execute(
                        "UPDATE entry SET body = ?2 WHERE id = ?1",
                        params![id, sealed],
                    )?;
                    state.add(&kind, &mac.element(id, &kind, version, &sealed));
                }
            }
            let check = envelope::seal(&self.rng, &keys.record, &META_CELL, KEY_CHECK)?;
            let seed = envelope::seal(
                &self.rng,
                &keys.record,
                &IDENTITY_CELL,
                self.identity_seed.expose(),
            )?;
            let sealed_state =
                envelope::seal(&self.rng, &keys.record, &INTEGRITY_CELL, &state.to_bytes())?;
            self.conn.execute(
                "UPDATE vault_meta SET key_check = ?1, identity_seed = ?2, integrity = ?3,
                 header_hash = ?4 WHERE id = 1",
                params![check, seed, sealed_state, &header_hash(header)[..]],
            )?;
            Ok(state)
        })();
        let committed = result.and_then(|state| {
            self.conn.execute_batch("COMMIT")?;
            Ok(state)
        });
        if committed.is_err() {
            let _ = self.conn.execute_batch("ROLLBACK");
            (self.state, self.dirty) = saved;
        }
        committed
    }

    /// Recomputes the digest of every kind from the rows on disk and compares with the
    /// state: used where a whole pass is needed anyway (rotation). `into` receives the
    /// recomputed state under the current key.
    fn scan_all(&self, into: &mut IntegrityState) -> Result<()> {
        let mac = ElementMac::new(&self.keys.integrity);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, kind, version, body FROM entry ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let kind: String = r.get(1)?;
            check_kind_name(&kind)?;
            let body: Vec<u8> = r.get(3)?;
            let element = mac.element(r.get(0)?, &kind, r.get(2)?, &body);
            into.add(&kind, &element);
        }
        Ok(())
    }

    /// A 32-byte secret derived from the vault's identity seed for one purpose (`context`),
    /// e.g. the seed of the signing key Tessera uses with one brand. Deterministic and stable
    /// across passphrase changes: the same vault and context always give the same seed.
    pub fn derive_seed(&self, context: &[u8]) -> Zeroizing<[u8; 32]> {
        let key = hkdf_expand(self.identity_seed.expose(), &self.header.vault_id, context);
        Zeroizing::new(*key.expose())
    }

    /// Locks the vault: wipes the keys, closes the database, releases the process lock.
    pub fn lock(self) {
        drop(self);
    }

    /// Runs `work` so that either all of its writes land or none do. Entry writes inside it
    /// nest as savepoints; an error from `work` rolls every one of them back. The outermost
    /// call seals the new integrity state in the same transaction and then moves the
    /// rollback anchor.
    pub fn atomically<T, E: From<VaultError>>(
        &mut self,
        work: impl FnOnce(&mut Vault) -> Result<T, E>,
    ) -> Result<T, E> {
        self.run_cached("SAVEPOINT atomically")
            .map_err(|e| self.storage_error(e.into()))?;
        let saved = (self.state.clone(), self.dirty);
        self.depth += 1;
        let mut result = work(self);
        self.depth -= 1;
        let outermost = self.depth == 0;
        if result.is_ok()
            && outermost
            && self.dirty
            && let Err(e) = self.persist_state()
        {
            result = Err(self.storage_error(e).into());
        }
        match result {
            Ok(value) => {
                if let Err(e) = self.run_cached("RELEASE atomically") {
                    self.abandon(saved);
                    return Err(self.storage_error(e.into()).into());
                }
                if outermost && self.dirty {
                    self.dirty = false;
                    self.refresh_anchor();
                }
                Ok(value)
            }
            Err(e) => {
                self.abandon(saved);
                Err(e)
            }
        }
    }

    /// A database error while writing, named for what it is when the folder is full or
    /// read-only.
    fn storage_error(&self, e: VaultError) -> VaultError {
        crate::files::diagnose_storage(&self.layout.dir, e)
    }

    /// A write of one row (`insert_raw`, `update_raw`, `delete_raw`): its own transaction when
    /// none is open; inside one, no savepoint of its own, since it changes the state and the
    /// index only once its one statement has succeeded (and SQLite undoes a failed statement),
    /// so the enclosing [`Vault::atomically`] has all there is to undo. Imports write thousands.
    fn one_write<T>(&mut self, work: impl FnOnce(&mut Vault) -> Result<T>) -> Result<T> {
        if self.depth > 0 {
            work(self)
        } else {
            self.atomically(work)
        }
    }

    /// Runs one statement without parameters, parsed once per connection: the savepoints every
    /// write goes through.
    fn run_cached(&self, sql: &str) -> rusqlite::Result<()> {
        self.conn.prepare_cached(sql)?.execute([])?;
        Ok(())
    }

    fn abandon(&mut self, saved: (IntegrityState, bool)) {
        // Best effort: if even the rollback fails, the connection is unusable and the next
        // statement reports it.
        let _ = self
            .conn
            .execute_batch("ROLLBACK TO atomically; RELEASE atomically");
        (self.state, self.dirty) = saved;
        // The indexes followed the writes just undone: the next lookup rebuilds them.
        self.indexes.borrow_mut().clear();
    }

    /// Seals the state with the next generation into `vault_meta` (inside the transaction).
    fn persist_state(&mut self) -> Result<()> {
        let mut next = self.state.clone();
        next.generation = next.generation.saturating_add(1);
        let sealed = envelope::seal(
            &self.rng,
            &self.keys.record,
            &INTEGRITY_CELL,
            &next.to_bytes(),
        )?;
        self.conn
            .prepare_cached("UPDATE vault_meta SET integrity = ?1 WHERE id = 1")?
            .execute([sealed])?;
        self.state = next;
        Ok(())
    }

    // --- the rollback anchor ---

    fn anchor_key(&self) -> KeyBytes {
        hkdf_expand(
            self.identity_seed.expose(),
            &self.header.vault_id,
            ANCHOR_KEY_INFO,
        )
    }

    fn current_anchor(&self) -> Anchor {
        Anchor {
            generation: self.state.generation,
            state: integrity::state_fingerprint(&self.state),
        }
    }

    fn check_anchor(&mut self, accept_restore: bool) -> Result<AnchorReport> {
        let Some(anchors) = self.anchors.clone() else {
            return Ok(AnchorReport::NotKept);
        };
        let id = self.header.vault_id;
        let key = self.anchor_key();
        let here = self.current_anchor();
        let mut unchanged = false;
        // A state folder that cannot be read (not a folder, no permission) keeps no record,
        // like one that was deleted: the vault opens, and `status` shows no record here.
        let Ok(found) = anchors.read(&id, &key) else {
            return Ok(AnchorReport::NotKept);
        };
        let report = match found {
            anchor::Found::Missing => AnchorReport::FirstOpenHere,
            anchor::Found::Unreadable if accept_restore => AnchorReport::DamagedAnchorReplaced,
            anchor::Found::Unreadable => {
                return Err(VaultError::AnchorDamaged(anchors.path_for(&id)));
            }
            anchor::Found::Valid(seen) => {
                unchanged = seen == here;
                if seen.generation < here.generation || unchanged {
                    AnchorReport::Current
                } else if accept_restore {
                    AnchorReport::RestoreAccepted {
                        missing_from: here.generation.saturating_add(1).min(seen.generation),
                        missing_to: seen.generation,
                    }
                } else if seen.generation == here.generation {
                    return Err(VaultError::Diverged {
                        generation: here.generation,
                    });
                } else {
                    return Err(VaultError::RolledBack {
                        vault_generation: here.generation,
                        anchor_generation: seen.generation,
                    });
                }
            }
        };
        // An accepted restore moves the anchor only with the next committed write, the one
        // that records the acceptance (`tessera-api` appends it to the ledger): if that write
        // fails, the next unlock asks again instead of opening silently. An anchor that cannot
        // be written (a read-only state folder) does not keep the person out of their vault;
        // `status` then shows no record here.
        let accepted = matches!(
            report,
            AnchorReport::RestoreAccepted { .. } | AnchorReport::DamagedAnchorReplaced
        );
        if !unchanged && !accepted {
            let _ = anchors.write(&id, &key, here);
        }
        Ok(report)
    }

    /// Moves the anchor to the state just committed. The commit has landed whatever happens
    /// here; an anchor that cannot be written only means a rollback to this very state may go
    /// unnoticed, so it is not an error for the write that just succeeded.
    fn refresh_anchor(&mut self) {
        let Some(anchors) = &self.anchors else { return };
        let _ = anchors.write(
            &self.header.vault_id,
            &self.anchor_key(),
            self.current_anchor(),
        );
    }

    /// Brings a vault made before whole-vault integrity (schema 1) up to date. The
    /// identity seed becomes the data key it was derived from (so brand keys stay the same),
    /// plaintext settings become sealed entries, the integrity state is computed from the
    /// rows as they are (trusted once, as the vault was before), and the data key is rotated
    /// under the same passphrase, all in one transaction: no sealed value of the schema-1
    /// vault (its v1 key check above all) opens afterwards, so an old blob put back cannot
    /// make an upgraded vault pass for one still to upgrade.
    fn upgrade_to_integrity(&mut self, passphrase: &Passphrase) -> Result<()> {
        let kdf = self.header.kdf;
        self.rotate_data_key(passphrase, kdf, |vault| {
            vault.identity_seed = KeyBytes::from_slice(vault.keys.data.expose()).expect("32 bytes");
            let has_settings: bool = vault.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'setting')",
                [],
                |r| r.get(0),
            )?;
            let settings: Vec<(String, String)> = if has_settings {
                let mut stmt = vault
                    .conn
                    .prepare("SELECT name, value FROM setting ORDER BY name")?;
                stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?
            } else {
                Vec::new()
            };
            vault.conn.execute_batch("DROP TABLE IF EXISTS setting")?;
            for (name, value) in settings {
                vault.insert_raw(SETTING_KIND, &setting_body(&name, &value))?;
            }
            let mut state = IntegrityState::default();
            vault.scan_all(&mut state)?;
            vault.state = state;
            Ok(())
        })
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
        self.one_write(|v| v.insert_raw(kind.0, body))
    }

    fn insert_raw(&mut self, kind: &str, body: &[u8]) -> Result<EntryId> {
        let id = EntryId(
            self.conn
                .prepare_cached("SELECT COALESCE(MAX(id), 0) + 1 FROM entry")?
                .query_row([], |r| r.get(0))?,
        );
        let sealed = envelope::seal(&self.rng, &self.keys.record, &Self::cell(id, kind, 1), body)?;
        self.conn
            .prepare_cached("INSERT INTO entry (id, kind, version, body) VALUES (?1, ?2, 1, ?3)")?
            .execute(params![id.0, kind, sealed])?;
        let element = ElementMac::new(&self.keys.integrity).element(id.0, kind, 1, &sealed);
        self.state.add(kind, &element);
        self.dirty = true;
        if let Some(index) = self.indexes.get_mut().get_mut(kind) {
            index.put(id, body);
        }
        Ok(id)
    }

    /// The stored kind, version and body of one row, as they are on disk.
    fn stored_row(&self, id: EntryId) -> Result<Option<(String, u32, Vec<u8>)>> {
        let row: Option<(String, u32, Vec<u8>)> = self
            .conn
            .prepare_cached("SELECT kind, version, body FROM entry WHERE id = ?1")?
            .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if let Some((kind, ..)) = &row {
            check_kind_name(kind)?;
        }
        Ok(row)
    }

    /// Replaces the body of an entry, bumping its version.
    pub fn update_entry(&mut self, id: EntryId, body: &[u8]) -> Result<()> {
        self.one_write(|v| v.update_raw(id, body))
    }

    fn update_raw(&mut self, id: EntryId, body: &[u8]) -> Result<()> {
        let (kind, version, old) = self.stored_row(id)?.ok_or_else(|| {
            VaultError::InvalidInput(tessera_text::text!(
                "error-vault-no-entry",
                id = id.0.to_string()
            ))
        })?;
        let next = version.checked_add(1).ok_or_else(|| {
            VaultError::Tampered(tessera_text::text!(
                "error-vault-tampered-impossible-version",
                id = id.0.to_string()
            ))
        })?;
        let sealed = envelope::seal(
            &self.rng,
            &self.keys.record,
            &Self::cell(id, &kind, next),
            body,
        )?;
        self.conn
            .prepare_cached("UPDATE entry SET version = ?2, body = ?3 WHERE id = ?1")?
            .execute(params![id.0, next, sealed])?;
        let mac = ElementMac::new(&self.keys.integrity);
        self.state
            .remove(&kind, &mac.element(id.0, &kind, version, &old));
        self.state
            .add(&kind, &mac.element(id.0, &kind, next, &sealed));
        self.dirty = true;
        if let Some(index) = self.indexes.get_mut().get_mut(&kind) {
            index.put(id, body);
        }
        Ok(())
    }

    /// Opens one entry. Returns its kind and plaintext. The entry's kind is checked as a
    /// whole once per session (see [`Vault::list_entries`]).
    pub fn read_entry(&self, id: EntryId) -> Result<(String, Zeroizing<Vec<u8>>)> {
        let (kind, version, body) = self.stored_row(id)?.ok_or_else(|| {
            VaultError::InvalidInput(tessera_text::text!(
                "error-vault-no-entry",
                id = id.0.to_string()
            ))
        })?;
        let plain = envelope::open(&self.keys.record, &Self::cell(id, &kind, version), &body)?;
        if !self.verified.borrow().contains(&kind) {
            self.verify_kind(&kind)?;
        }
        Ok((kind, plain))
    }

    /// Checks the rows of one kind against the integrity state without opening them.
    fn verify_kind(&self, kind: &str) -> Result<()> {
        let mac = ElementMac::new(&self.keys.integrity);
        let mut found = KindDigest::default();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, version, body FROM entry WHERE kind = ?1")?;
        let mut rows = stmt.query([kind])?;
        while let Some(r) = rows.next()? {
            let body: Vec<u8> = r.get(2)?;
            found.add(&mac.element(r.get(0)?, kind, r.get(1)?, &body));
        }
        self.compare_kind(kind, found)
    }

    fn compare_kind(&self, kind: &str, found: KindDigest) -> Result<()> {
        let expected = self.state.kind(kind);
        if found == expected {
            self.verified.borrow_mut().insert(kind.to_owned());
            return Ok(());
        }
        Err(VaultError::Tampered(if found.rows != expected.rows {
            tessera_text::text!(
                "error-vault-tampered-count",
                found = found.rows.to_string(),
                kind = kind.to_owned(),
                expected = expected.rows.to_string(),
            )
        } else {
            tessera_text::text!("error-vault-tampered-replaced", kind = kind.to_owned())
        }))
    }

    /// Opens every entry of `kind`, in id order, and checks that they are exactly the entries
    /// the vault recorded: none deleted, added, duplicated or rolled back. Fails on the first
    /// entry that does not authenticate, naming it, and returns nothing when the set is wrong.
    pub fn list_entries(&self, kind: EntryKind) -> Result<Vec<(EntryId, Zeroizing<Vec<u8>>)>> {
        self.list_kind(kind.0)
    }

    fn list_kind(&self, kind: &str) -> Result<Vec<(EntryId, Zeroizing<Vec<u8>>)>> {
        let mut out = Vec::new();
        self.scan_kind(kind, |id, plain| out.push((id, plain)))?;
        Ok(out)
    }

    /// Opens every entry of `kind` in id order, handing each to `each` as it is opened (one
    /// plaintext in memory at a time, for the caller to keep or drop), then checks the set as
    /// [`Vault::list_entries`] does: on an error, what `each` was given must be discarded.
    fn scan_kind(
        &self,
        kind: &str,
        mut each: impl FnMut(EntryId, Zeroizing<Vec<u8>>),
    ) -> Result<()> {
        let mac = ElementMac::new(&self.keys.integrity);
        let mut found = KindDigest::default();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, version, body FROM entry WHERE kind = ?1 ORDER BY id")?;
        let rows = stmt.query_map([kind], |r| {
            Ok((
                EntryId(r.get(0)?),
                r.get::<_, u32>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })?;
        for row in rows {
            let (id, version, body) = row?;
            found.add(&mac.element(id.0, kind, version, &body));
            let plain = envelope::open(&self.keys.record, &Self::cell(id, kind, version), &body)?;
            each(id, plain);
        }
        self.compare_kind(kind, found)
    }

    /// Opens at most `limit` entries of `kind`, newest (highest id) first, below `before` when
    /// given: a page, in time proportional to the page. Each entry authenticates at its place,
    /// but **the kind's set is not checked** (that would read every row): the caller must prove
    /// the page is complete and current another way, as the ledger does with its hash chain
    /// from its sealed head (`tessera_exchange::ledger::page`). Every other reader uses
    /// [`Vault::list_entries`].
    pub fn newest_entries(
        &self,
        kind: EntryKind,
        before: Option<EntryId>,
        limit: usize,
    ) -> Result<Vec<(EntryId, Zeroizing<Vec<u8>>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, version, body FROM entry WHERE kind = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
        )?;
        let below = before.map_or(i64::MAX, |b| b.0);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(rusqlite::params![kind.0, below, limit], |r| {
            Ok((
                EntryId(r.get(0)?),
                r.get::<_, u32>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, version, body) = row?;
            let plain = envelope::open(&self.keys.record, &Self::cell(id, kind.0, version), &body)?;
            out.push((id, plain));
        }
        Ok(out)
    }

    /// Opens the entry of `kind` at `position` in id order (0: the oldest), if there is one: in
    /// time proportional to the position in SQLite's index, opening that entry only. As with
    /// [`Vault::newest_entries`], the entry authenticates at its place but **the kind's set is
    /// not checked**: the caller proves it is the entry it wants (the ledger: an entry of
    /// this vault with the `seq` asked for, of which there is only ever one).
    pub fn entry_at(
        &self,
        kind: EntryKind,
        position: u64,
    ) -> Result<Option<(EntryId, Zeroizing<Vec<u8>>)>> {
        let position = i64::try_from(position).unwrap_or(i64::MAX);
        let row: Option<(i64, u32, Vec<u8>)> = self
            .conn
            .prepare_cached(
                "SELECT id, version, body FROM entry WHERE kind = ?1 ORDER BY id LIMIT 1 OFFSET ?2",
            )?
            .query_row(rusqlite::params![kind.0, position], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let Some((id, version, body)) = row else {
            return Ok(None);
        };
        let id = EntryId(id);
        let plain = envelope::open(&self.keys.record, &Self::cell(id, kind.0, version), &body)?;
        Ok(Some((id, plain)))
    }

    /// Opens the entries of `kind` that have `key` (see [`crate::index`]), in id order. The
    /// first lookup of a kind in the session reads the whole kind once, checked as
    /// [`Vault::list_entries`] checks it; later ones open just the entries found.
    pub fn find(&self, kind: EntryKind, key: &str) -> Result<Vec<(EntryId, Zeroizing<Vec<u8>>)>> {
        let ids = self.find_ids(kind, key)?;
        self.open_entries(kind, &ids)
    }

    /// The ids of the entries of `kind` that have `key`, in id order, opening none (once the
    /// kind's index is built).
    pub fn find_ids(&self, kind: EntryKind, key: &str) -> Result<Vec<EntryId>> {
        self.with_index(kind, |index| index.ids(key))
    }

    /// Every key of `kind` that starts with `prefix`, in key order, each with the ids of its
    /// entries: a sorted list without opening an entry (once the kind's index is built).
    pub fn keys_with_prefix(
        &self,
        kind: EntryKind,
        prefix: &str,
    ) -> Result<Vec<(String, Vec<EntryId>)>> {
        self.with_index(kind, |index| index.with_prefix(prefix))
    }

    /// The ids of every entry of `kind`, in id order (the order they were written), opening
    /// none (once the kind's index is built): what a list pages through.
    pub fn entry_ids(&self, kind: EntryKind) -> Result<Vec<EntryId>> {
        self.with_index(kind, KindIndex::entries)
    }

    /// How many entries of `kind` the vault holds, from its integrity record (no row read).
    pub fn count(&self, kind: EntryKind) -> u64 {
        self.state.kind(kind.0).rows
    }

    /// Opens the entries `ids` of `kind`, in the order given: each must exist and be of `kind`.
    /// The kind's set is checked once per session, as [`Vault::read_entry`] does.
    pub fn open_entries(
        &self,
        kind: EntryKind,
        ids: &[EntryId],
    ) -> Result<Vec<(EntryId, Zeroizing<Vec<u8>>)>> {
        if !self.verified.borrow().contains(kind.0) {
            self.verify_kind(kind.0)?;
        }
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            let (found, plain) = self.read_entry(id)?;
            if found != kind.0 {
                return Err(VaultError::Tampered(tessera_text::text!(
                    "error-vault-tampered-moved",
                    id = id.0.to_string(),
                    kind = kind.0
                )));
            }
            out.push((id, plain));
        }
        Ok(out)
    }

    fn with_index<T>(&self, kind: EntryKind, read: impl FnOnce(&KindIndex) -> T) -> Result<T> {
        let Some(keys_of) = kind.1 else {
            return Err(VaultError::InvalidInput(tessera_text::text!(
                "error-vault-not-indexed",
                kind = kind.0
            )));
        };
        if let Some(index) = self.indexes.borrow().get(kind.0) {
            return Ok(read(index));
        }
        // Built as the kind is read, one plaintext at a time: a kind of tens of thousands of
        // entries never sits in memory whole. Kept only if the whole kind checks out.
        let mut index = KindIndex::new(keys_of);
        self.scan_kind(kind.0, |id, plain| index.put(id, &plain))?;
        let out = read(&index);
        self.indexes.borrow_mut().insert(kind.0.to_owned(), index);
        Ok(out)
    }

    /// Checks the whole vault: SQLite's own integrity check, and every entry of every kind
    /// opened and compared with the integrity record (none missing, added or changed).
    pub fn check(&self) -> Result<VaultCheck> {
        let verdict: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if verdict != "ok" {
            return Err(VaultError::CorruptVault(tessera_text::text!(
                "error-vault-corrupt-sqlite-check",
                verdict = verdict
            )));
        }
        let mut kinds: Vec<String> = entry_counts(&self.conn)?
            .into_iter()
            .map(|(kind, _)| kind)
            .collect();
        kinds.extend(self.state.kinds().map(str::to_owned));
        kinds.sort();
        kinds.dedup();
        let mut entries = 0u64;
        for kind in &kinds {
            entries += self.list_kind(kind)?.len() as u64;
        }
        Ok(VaultCheck { entries })
    }

    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn header(&self) -> &Header {
        &self.header
    }

    pub(crate) fn data_key(&self) -> &KeyBytes {
        &self.keys.data
    }

    pub fn delete_entry(&mut self, id: EntryId) -> Result<bool> {
        self.one_write(|v| v.delete_raw(id))
    }

    fn delete_raw(&mut self, id: EntryId) -> Result<bool> {
        let Some((kind, version, old)) = self.stored_row(id)? else {
            return Ok(false);
        };
        self.conn
            .prepare_cached("DELETE FROM entry WHERE id = ?1")?
            .execute([id.0])?;
        let element = ElementMac::new(&self.keys.integrity).element(id.0, &kind, version, &old);
        self.state.remove(&kind, &element);
        self.dirty = true;
        if let Some(index) = self.indexes.get_mut().get_mut(&kind) {
            index.remove(id);
        }
        Ok(true)
    }

    // --- settings (code-defined names, non-personal values), sealed like everything else ---

    pub fn setting(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .list_kind(SETTING_KIND)?
            .into_iter()
            .find_map(|(_, body)| {
                let (n, value) = parse_setting(&body)?;
                (n == name).then(|| value.to_owned())
            }))
    }

    /// Removes a setting; whether there was one.
    pub fn remove_setting(&mut self, name: &str) -> Result<bool> {
        let existing = self
            .list_kind(SETTING_KIND)?
            .into_iter()
            .find(|(_, body)| parse_setting(body).is_some_and(|(n, _)| n == name))
            .map(|(id, _)| id);
        match existing {
            Some(id) => self.atomically(|v| v.delete_raw(id)),
            None => Ok(false),
        }
    }

    pub fn set_setting(&mut self, name: &str, value: &str) -> Result<()> {
        if name.contains('\0') {
            return Err(VaultError::InvalidInput(tessera_text::text!(
                "error-vault-setting-nul"
            )));
        }
        let existing = self
            .list_kind(SETTING_KIND)?
            .into_iter()
            .find(|(_, body)| parse_setting(body).is_some_and(|(n, _)| n == name))
            .map(|(id, _)| id);
        let body = setting_body(name, value);
        self.atomically(|v| match existing {
            Some(id) => v.update_raw(id, &body),
            None => v.insert_raw(SETTING_KIND, &body).map(|_| ()),
        })
    }
}

/// The anchors' folder, unless it lies inside the vault folder, where it would travel with
/// the vault and prove nothing (then no anchor is kept, and `status` says so).
fn usable_anchors(options: &OpenOptions, vault_dir: &Path) -> Option<AnchorDir> {
    options
        .anchors
        .clone()
        .filter(|a| crate::paths::anchors_outside(a, vault_dir))
}

/// Kinds are short code constants; a kind read from disk that could not be one was not
/// written by Tessera.
fn check_kind_name(kind: &str) -> Result<()> {
    if kind.is_empty()
        || kind.len() > 64
        || !kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
    {
        return Err(VaultError::Tampered(tessera_text::text!(
            "error-vault-tampered-kind"
        )));
    }
    Ok(())
}

/// A setting's sealed body: `name NUL value`.
fn setting_body(name: &str, value: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len() + 1 + value.len());
    out.extend_from_slice(name.as_bytes());
    out.push(0);
    out.extend_from_slice(value.as_bytes());
    out
}

fn parse_setting(body: &[u8]) -> Option<(&str, &str)> {
    let text = std::str::from_utf8(body).ok()?;
    text.split_once('\0')
}

/// SHA-256 of the header bytes: which key slot the database is sealed for.
fn header_hash(header: &Header) -> [u8; 32] {
    let digest = ring::digest::digest(&ring::digest::SHA256, &header.to_bytes());
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

/// What opening the database with one header gave: its keys, the connection, whether it is a
/// schema-1 vault, and the sealed identity seed and integrity state (absent before schema 2).
type Opened = (Keys, Connection, bool, Option<Vec<u8>>, Option<Vec<u8>>);

/// `header`'s data key, unwrapped with `passphrase` through the header's Argon2id parameters;
/// `wrong_passphrase` when it does not open (a wrong passphrase, or a damaged key slot).
pub(crate) fn unwrap_data_key(header: &Header, passphrase: &Passphrase) -> Result<KeyBytes> {
    let kek = derive_kek(passphrase, &header.kdf, &header.salt, &header.vault_id)?;
    aead_open(
        &kek,
        header.wrap_nonce,
        &header.authenticated_bytes(),
        &header.wrapped_key,
    )
    .and_then(|bytes| KeyBytes::from_slice(&bytes))
    .ok_or(VaultError::WrongPassphrase)
}

/// Unwraps `header`'s data key with `passphrase` and opens the database with it: the key check
/// must open and the vault ids must agree.
/// Removes what a process killed while writing this vault left behind: temporary files in
/// its folder and a restore's staging folder beside it (see
/// [`crate::files::remove_stale_temporaries`]). Called with the vault's lock held.
fn remove_crash_leftovers(layout: &VaultLayout) {
    crate::files::remove_stale_temporaries(&layout.dir);
    if let Some(parent) = layout.dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        crate::files::remove_stale_temporaries(parent);
    }
}

/// Whether the `vault.db` found without a header is what a setup killed before writing the
/// header leaves: a database with no entry in it (its data key was only ever in the missing
/// header, so nothing in it could be read anyway). Such a file is removed; anything else is
/// kept for the person to look at.
fn holds_only_an_interrupted_setup(layout: &VaultLayout) -> bool {
    let path = layout.database_path();
    let empty = rusqlite::Connection::open_with_flags(
        &path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .and_then(|conn| {
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'entry'",
            [],
            |r| r.get(0),
        )?;
        if tables == 0 {
            return Ok(true);
        }
        conn.query_row("SELECT count(*) FROM entry", [], |r| r.get::<_, i64>(0))
            .map(|n| n == 0)
    })
    .unwrap_or(false);
    if !empty {
        return false;
    }
    for p in [
        path.clone(),
        path.with_extension("db-wal"),
        path.with_extension("db-shm"),
    ] {
        if let Err(e) = fs::remove_file(&p)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            return false;
        }
    }
    true
}

fn open_with(layout: &VaultLayout, header: &Header, passphrase: &Passphrase) -> Result<Opened> {
    let data_key = unwrap_data_key(header, passphrase)?;
    let keys = Keys::derive(data_key, &header.vault_id);

    let conn = open_database(&layout.database_path(), false)?;
    type MetaRow = (Vec<u8>, Vec<u8>, Option<Vec<u8>>, Option<Vec<u8>>);
    let meta: Option<MetaRow> = conn
        .query_row(
            "SELECT vault_id, key_check, identity_seed, integrity FROM vault_meta WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((vault_id, check, seed, integrity)) = meta else {
        return Err(VaultError::CorruptVault(tessera_text::text!(
            "error-vault-corrupt-no-metadata"
        )));
    };
    let check = envelope::open(&keys.record, &META_CELL, &check).ok();
    let legacy = check.as_deref().is_some_and(|c| c == KEY_CHECK_V1);
    let matches =
        vault_id == header.vault_id && check.as_deref().is_some_and(|c| c == KEY_CHECK || legacy);
    if !matches {
        return Err(VaultError::CorruptVault(tessera_text::text!(
            "error-vault-corrupt-mismatched-files"
        )));
    }
    Ok((keys, conn, legacy, seed, integrity))
}

/// The header a passphrase change left beside the live one, if any. One that does not parse
/// was never completely written (it is written atomically), so it is ignored.
fn read_next_header(layout: &VaultLayout) -> Result<Option<Header>> {
    match read_header_at(&layout.header_next_path()) {
        Ok(header) => Ok(Some(header)),
        Err(VaultError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Ok(None)
        }
        Err(e @ VaultError::Io { .. }) => Err(e),
        Err(_) => Ok(None),
    }
}

pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| VaultError::io(IoAction::Sync, dir, e))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
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
    read_header_at(&layout.header_path())
}

fn read_header_at(path: &Path) -> Result<Header> {
    let file = File::open(path).map_err(|e| VaultError::io(IoAction::Read, path, e))?;
    // Never read more than a header's worth plus one byte, whatever the file's size.
    let mut bytes = Vec::with_capacity(HEADER_LEN + 1);
    file.take(HEADER_LEN as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| VaultError::io(IoAction::Read, path, e))?;
    Header::parse(&bytes)
}

/// Replaces `vault.header` atomically: the header on disk is always the old one or the new one.
fn write_header_atomically(layout: &VaultLayout, header: &Header) -> Result<()> {
    crate::files::write_file_atomically(&layout.header_path(), &header.to_bytes())
}

fn create_private_dir(dir: &Path) -> Result<()> {
    anchor::create_private_dir_all(dir)
}

/// Creates a file that must not exist yet, readable by its owner only (0600): so that SQLite
/// (which gives its WAL and shared-memory files the database file's mode) never makes a
/// world-readable file here, and a restored vault's files are private from their first byte.
pub(crate) fn create_private_file(path: &Path) -> Result<File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .map_err(|e| VaultError::io(IoAction::Create, path, e))
}

/// A folder about to hold a vault, made its owner's only (0700).
pub(crate) fn restrict_new_folder(dir: &Path) -> Result<()> {
    restrict_folder(&VaultLayout::new(dir))
}

/// The vault folder is its owner's only (0700) and so is every file in it (0600), whatever
/// the umask, the folder's earlier mode, or a copy that came back with other modes.
fn restrict_folder(layout: &VaultLayout) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let set = |path: &Path, mode: u32| -> Result<()> {
            match fs::symlink_metadata(path) {
                Ok(meta) if meta.file_type().is_symlink() => Ok(()),
                Ok(meta) if meta.permissions().mode() & 0o777 != mode => {
                    fs::set_permissions(path, fs::Permissions::from_mode(mode))
                        .map_err(|e| VaultError::io(IoAction::Restrict, path, e))
                }
                Ok(_) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(VaultError::io(IoAction::Read, path, e)),
            }
        };
        set(&layout.dir, 0o700)?;
        let entries = fs::read_dir(&layout.dir)
            .map_err(|e| VaultError::io(IoAction::Read, &layout.dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| VaultError::io(IoAction::Read, &layout.dir, e))?;
            if entry.file_type().is_ok_and(|t| t.is_file()) {
                set(&entry.path(), 0o600)?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = layout;
    Ok(())
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
    anchors: Option<&AnchorDir>,
) -> VaultInfo {
    let anchor = match anchors {
        None => AnchorPresence::NotKept,
        Some(dir) if dir.has_anchor(&header.vault_id) => {
            AnchorPresence::Present(dir.path_for(&header.vault_id))
        }
        Some(_) => AnchorPresence::Absent,
    };
    VaultInfo {
        dir: layout.dir.clone(),
        header_version: FORMAT_VERSION,
        schema_version: schema,
        vault_id: crate::hex(&header.vault_id),
        kdf: header.kdf,
        entry_counts,
        in_use,
        anchor,
        passphrase_change_pending: false,
    }
}
