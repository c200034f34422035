//! Integration tests of the vault against real files.
//!
//! Table of contents:
//! - `canary_*`: nothing a person typed reaches the database, its WAL or SHM in plaintext.
//! - `wrong_passphrase_*`: a wrong passphrase is refused and leaves every file byte-identical.
//! - `header_*`: every single-bit flip of the header, and hostile or weak KDF parameters.
//! - `record_*`: tampered, swapped and rolled-back records fail integrity, others still read.
//! - `passphrase_change_*`: the data key rotates; old passphrase and old header copies open
//!   nothing written afterwards; an interrupted change is completed or undone.
//! - `integrity_*`: deleted, duplicated, reordered, re-kinded or rolled-back rows and settings are
//!   refused as a whole (`vault_tampered`), never read as a different state.
//! - `anchor_*`: an older copy of the database or folder is recognised on a computer that saw
//!   the newer state (`vault_rolled_back`), and a deliberate restore can be accepted.
//! - `modes_*`: the folder is 0700 and every file in it 0600.
//! - `in_use_*`: one process (one open handle) at a time.
//! - `unicode_*`: NFC and NFD forms of a passphrase open the same vault.
//! - `damaged_database_*`: a missing, replaced or emptied database is a typed error.
//! - `crash_leftovers_*`: what a process killed while writing leaves (temporary files, a
//!   restore's staging folder, a database made before its header) is cleared at the next open,
//!   and nothing that could hold the person's data is.
//!
//! The allocation ceiling for hostile KDF parameters is checked in `tests/kdf_ceiling.rs`,
//! which needs its own global allocator.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use tessera_test_support::{PASS, contains_bytes, copy_dir, folder_bytes, put_back};
use tessera_vault::header::Header;
use tessera_vault::{EntryKind, KdfParams, Passphrase, Vault};

const NOTE: EntryKind = EntryKind::new("note");

fn pass(s: &str) -> Passphrase {
    Passphrase::from_str_copy(s)
}

fn new_vault() -> (tempfile::TempDir, PathBuf, Vault) {
    let (tmp, vault) = tessera_test_support::vault();
    let dir = tessera_test_support::vault_dir(&tmp);
    (tmp, dir, vault)
}

#[test]
fn canary_values_never_reach_database_wal_or_shm() {
    let (_tmp, dir, mut vault) = new_vault();
    let canary = "CANARY-7f3a9-personal-value";
    let mut ids = Vec::new();
    for i in 0..50 {
        ids.push(
            vault
                .insert_entry(NOTE, format!("{canary} #{i} label brand note").as_bytes())
                .unwrap(),
        );
    }
    vault
        .update_entry(ids[3], format!("{canary} updated").as_bytes())
        .unwrap();
    vault.delete_entry(ids[4]).unwrap();

    // While open, the WAL holds the recent pages; check every file then and after closing.
    let check = |when: &str| {
        let files = folder_bytes(&dir);
        assert!(
            files.contains_key("vault.db"),
            "{when}: {files:?}",
            files = files.keys()
        );
        for (name, bytes) in &files {
            assert!(
                !contains_bytes(bytes, b"CANARY-7f3a9"),
                "{when}: canary found in {name}"
            );
            assert!(
                !contains_bytes(bytes, PASS.as_bytes()),
                "{when}: passphrase in {name}"
            );
        }
        files
    };
    let open_files = check("while open");
    assert!(
        open_files.contains_key("vault.db-wal"),
        "the WAL should exist while the vault is open"
    );
    vault.lock();
    check("after lock");

    let vault = reopen(&dir);
    let notes = vault.list_entries(NOTE).unwrap();
    assert_eq!(notes.len(), 49);
    assert_eq!(
        &vault.read_entry(ids[3]).unwrap().1[..],
        format!("{canary} updated").as_bytes()
    );
}

#[test]
fn wrong_passphrase_is_refused_and_leaves_files_byte_identical() {
    let (_tmp, dir, mut vault) = new_vault();
    vault.insert_entry(NOTE, b"something").unwrap();
    vault.lock();
    let before = folder_bytes(&dir);
    for wrong in [
        "correct horse battery stapler",
        "",
        "Correct horse battery staple",
    ] {
        let err = Vault::unlock(&dir, &pass(wrong))
            .err()
            .expect("must not open");
        assert_eq!(err.code().as_str(), "wrong_passphrase");
        assert_eq!(
            folder_bytes(&dir),
            before,
            "files changed after trying {wrong:?}"
        );
    }
    reopen(&dir);
}

#[test]
fn header_every_single_bit_flip_never_opens() {
    let (_tmp, dir, vault) = new_vault();
    vault.lock();
    let header_path = dir.join("vault.header");
    let original = fs::read(&header_path).unwrap();
    let mut codes = BTreeMap::<&str, usize>::new();
    for bit in 0..original.len() * 8 {
        let mut flipped = original.clone();
        flipped[bit / 8] ^= 1 << (bit % 8);
        fs::write(&header_path, &flipped).unwrap();
        let err = Vault::unlock(&dir, &pass(PASS))
            .err()
            .unwrap_or_else(|| panic!("bit {bit} of the header was accepted"));
        *codes.entry(err.code().as_str()).or_default() += 1;
    }
    fs::write(&header_path, &original).unwrap();
    reopen(&dir);
    // Flips of the key slot are indistinguishable from a wrong passphrase, by design.
    assert!(codes["wrong_passphrase"] > 500, "{codes:?}");
    for code in codes.keys() {
        assert!(
            [
                "wrong_passphrase",
                "corrupt_vault",
                "unsupported_format",
                "kdf_params_rejected"
            ]
            .contains(code),
            "{codes:?}"
        );
    }
}

#[test]
fn header_with_weak_or_hostile_kdf_parameters_is_refused() {
    let (_tmp, dir, vault) = new_vault();
    vault.lock();
    let header_path = dir.join("vault.header");
    let original = Header::parse(&fs::read(&header_path).unwrap()).unwrap();
    for (kdf, expect) in [
        (
            KdfParams {
                memory_kib: 8 * 1024 * 1024,
                ..KdfParams::FLOOR
            },
            "exceeds the maximum",
        ),
        (
            KdfParams {
                iterations: 1_000_000,
                ..KdfParams::FLOOR
            },
            "exceeds the maximum",
        ),
        (
            KdfParams {
                memory_kib: 1024,
                iterations: 1,
                parallelism: 1,
            },
            "weaker than the minimum",
        ),
    ] {
        let hostile = Header {
            kdf,
            ..original.clone()
        };
        fs::write(&header_path, hostile.to_bytes()).unwrap();
        let err = unlock_err(&dir);
        assert_eq!(err.code().as_str(), "kdf_params_rejected");
        assert!(err.to_string().contains(expect), "{err}");
    }
    // Creating a vault below the floor is refused too.
    let err = Vault::create(
        &dir.with_file_name("weak"),
        &pass(PASS),
        KdfParams {
            iterations: 1,
            ..KdfParams::FLOOR
        },
    )
    .err()
    .unwrap();
    assert_eq!(err.code().as_str(), "kdf_params_rejected");
}

#[test]
fn header_from_another_vault_is_refused() {
    let (_tmp, dir, vault) = new_vault();
    vault.lock();
    let (_tmp2, other_dir, other) = new_vault();
    other.lock();
    fs::copy(other_dir.join("vault.header"), dir.join("vault.header")).unwrap();
    let err = unlock_err(&dir);
    assert_eq!(err.code().as_str(), "corrupt_vault", "{err}");
}

fn with_db(dir: &Path, f: impl FnOnce(&rusqlite::Connection)) {
    let conn = rusqlite::Connection::open(dir.join("vault.db")).unwrap();
    f(&conn);
}

/// Runs `sql` on the locked vault's database, as anyone who can write the file could.
fn tamper(dir: &Path, sql: &str) {
    with_db(dir, |c| c.execute_batch(sql).unwrap());
}

/// Deletes the row of `id` from the locked vault's database.
fn delete_row(dir: &Path, id: tessera_vault::EntryId) {
    with_db(dir, |c| {
        c.execute("DELETE FROM entry WHERE id = ?1", [id.0])
            .unwrap();
    });
}

/// Why the vault in `dir` does not unlock with [`PASS`].
fn unlock_err(dir: &Path) -> tessera_vault::VaultError {
    Vault::unlock(dir, &pass(PASS)).err().unwrap()
}

/// The vault in `dir` unlocked with [`PASS`], as the next process would open it.
fn reopen(dir: &Path) -> Vault {
    Vault::unlock(dir, &pass(PASS)).unwrap()
}

/// An entry's version is read from vault.db, which others may write: at its limit it gives a
/// typed error (at unlock or on the next update), never an overflow.
#[test]
fn record_version_at_its_limit_is_a_typed_error_not_an_overflow() {
    let (_tmp, dir, mut vault) = new_vault();
    let a = vault.insert_entry(NOTE, b"value").unwrap();
    vault.lock();
    with_db(&dir, |c| {
        c.execute(
            "UPDATE entry SET version = ?1 WHERE id = ?2",
            rusqlite::params![u32::MAX, a.0],
        )
        .unwrap();
    });
    let err = match Vault::unlock(&dir, &pass(PASS)) {
        Err(e) => e,
        Ok(mut vault) => vault.update_entry(a, b"new value").unwrap_err(),
    };
    assert!(
        ["corrupt_vault", "corrupt_record", "vault_tampered"].contains(&err.code().as_str()),
        "{err}"
    );
}

#[test]
fn record_bit_flips_are_refused_and_never_read() {
    let (_tmp, dir, mut vault) = new_vault();
    let a = vault.insert_entry(NOTE, b"first value").unwrap();
    let b = vault.insert_entry(NOTE, b"second value").unwrap();
    vault.lock();
    let body: Vec<u8> = {
        let conn = rusqlite::Connection::open(dir.join("vault.db")).unwrap();
        conn.query_row("SELECT body FROM entry WHERE id = ?1", [a.0], |r| r.get(0))
            .unwrap()
    };
    for bit in 0..body.len() * 8 {
        let mut flipped = body.clone();
        flipped[bit / 8] ^= 1 << (bit % 8);
        with_db(&dir, |c| {
            c.execute(
                "UPDATE entry SET body = ?1 WHERE id = ?2",
                rusqlite::params![flipped, a.0],
            )
            .unwrap();
        });
        let vault = reopen(&dir);
        let err = vault.read_entry(a).expect_err("tampered record must fail");
        assert!(
            ["corrupt_record", "unsupported_format", "vault_tampered"]
                .contains(&err.code().as_str()),
            "bit {bit}: {err}"
        );
        // Another record of the same kind reads only if the kind as a whole is still the
        // recorded one (a flip in the ciphertext proper is caught by that record's own seal).
        if let Err(e) = vault.read_entry(b) {
            assert_eq!(e.code().as_str(), "vault_tampered", "bit {bit}: {e}");
        }
        assert!(vault.list_entries(NOTE).is_err(), "bit {bit}");
    }
}

#[test]
fn record_swapped_between_rows_or_rolled_back_is_rejected() {
    let (_tmp, dir, mut vault) = new_vault();
    let a = vault.insert_entry(NOTE, b"alpha").unwrap();
    let b = vault.insert_entry(NOTE, b"beta").unwrap();
    vault.lock();
    tamper(
        &dir,
        "UPDATE entry SET body = (SELECT body FROM entry WHERE id = 2) WHERE id = 1;",
    );
    let vault = reopen(&dir);
    assert_eq!(
        vault.read_entry(a).unwrap_err().code().as_str(),
        "corrupt_record"
    );
    // The error names the record and says nothing about its content.
    let message = vault.read_entry(a).unwrap_err().to_string();
    assert!(
        message.contains("entry#1") && !message.contains("beta"),
        "{message}"
    );
    // b itself is intact, but its kind no longer is: nothing of it is trusted.
    assert_eq!(
        vault.read_entry(b).unwrap_err().code().as_str(),
        "vault_tampered"
    );
    drop(vault);

    // A body moved under another kind, or its version changed, fails too.
    tamper(&dir, "UPDATE entry SET kind = 'brand' WHERE id = 2;");
    let vault = reopen(&dir);
    assert!(vault.read_entry(b).is_err());
    drop(vault);
    tamper(
        &dir,
        "UPDATE entry SET kind = 'note', version = 5 WHERE id = 2;",
    );
    let vault = reopen(&dir);
    assert!(vault.read_entry(b).is_err());
    assert!(
        vault.list_entries(NOTE).is_err(),
        "listing stops at a tampered record"
    );
}

#[test]
fn passphrase_change_keeps_records_and_retires_old_passphrase() {
    let (_tmp, dir, ids) = notes(20);
    let db_before = fs::read(dir.join("vault.db")).unwrap();

    let mut vault = reopen(&dir);
    let weak = vault.change_passphrase(&pass("short"), KdfParams::FLOOR);
    assert_eq!(weak.unwrap_err().code().as_str(), "weak_passphrase");
    vault
        .change_passphrase(&pass("a brand new passphrase"), KdfParams::FLOOR)
        .unwrap();
    vault.lock();
    let db_after = fs::read(dir.join("vault.db")).unwrap();
    assert_ne!(db_after, db_before, "every record is re-sealed");
    assert!(!dir.join("vault.header.new").exists());
    let leftovers: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let err = unlock_err(&dir);
    assert_eq!(err.code().as_str(), "wrong_passphrase");
    let vault = Vault::unlock(&dir, &pass("a brand new passphrase")).unwrap();
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(
            &vault.read_entry(*id).unwrap().1[..],
            format!("value {i}").as_bytes()
        );
    }
}

#[test]
fn in_use_second_open_is_refused_until_locked() {
    let (_tmp, dir, vault) = new_vault();
    let err = unlock_err(&dir);
    assert_eq!(err.code().as_str(), "vault_in_use");
    assert!(
        err.to_string()
            .contains("in use by another Tessera process")
    );
    assert!(Vault::inspect(&dir).unwrap().in_use);
    vault.lock();
    assert!(!Vault::inspect(&dir).unwrap().in_use);
    reopen(&dir);
}

#[test]
fn unicode_nfc_and_nfd_passphrases_open_the_same_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    Vault::create(
        &dir,
        &pass("d\u{e9}j\u{e0} vu \u{e9}t\u{e9}"),
        KdfParams::FLOOR,
    )
    .unwrap()
    .lock();
    Vault::unlock(&dir, &pass("de\u{301}ja\u{300} vu e\u{301}te\u{301}")).unwrap();
}

#[test]
fn create_refuses_existing_vault_and_makes_private_dir() {
    let (_tmp, dir, vault) = new_vault();
    vault.lock();
    let err = Vault::create(&dir, &pass(PASS), KdfParams::FLOOR)
        .err()
        .unwrap();
    assert_eq!(err.code().as_str(), "vault_exists");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
        let header_mode = fs::metadata(dir.join("vault.header"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(header_mode & 0o777, 0o600);
    }
    let info = Vault::inspect(&dir).unwrap();
    assert_eq!(info.kdf, KdfParams::FLOOR);
    assert_eq!(info.header_version, 1);
    assert_eq!(info.vault_id.len(), 32);
}

#[test]
fn damaged_database_missing_replaced_or_emptied_is_a_typed_error() {
    let (_tmp, dir, mut vault) = new_vault();
    vault.insert_entry(NOTE, b"x").unwrap();
    vault.lock();
    let db = dir.join("vault.db");
    let saved = fs::read(&db).unwrap();

    fs::remove_file(&db).unwrap();
    let err = unlock_err(&dir);
    assert_eq!(err.code().as_str(), "corrupt_vault", "{err}");

    // An empty (e.g. truncated to zero) database must not silently become a new empty vault.
    fs::write(&db, b"").unwrap();
    let err = unlock_err(&dir);
    assert_eq!(err.code().as_str(), "corrupt_vault", "{err}");

    fs::write(&db, &saved[..saved.len() / 2]).unwrap();
    assert!(Vault::unlock(&dir, &pass(PASS)).is_err());

    fs::write(&db, &saved).unwrap();
    let vault = reopen(&dir);
    assert_eq!(vault.list_entries(NOTE).unwrap().len(), 1);
}

#[test]
fn missing_vault_is_named_and_nothing_is_created() {
    let tmp = tempfile::tempdir().unwrap();
    let err = Vault::unlock(tmp.path(), &pass(PASS)).err().unwrap();
    assert_eq!(err.code().as_str(), "vault_not_found");
    // The place, not face-specific advice: the CLI adds `tessera init`, the app shows Setup.
    assert!(
        err.to_string().contains(&tmp.path().display().to_string()),
        "{err}"
    );
    assert!(!err.to_string().contains("tessera init"), "{err}");
    assert!(
        fs::read_dir(tmp.path()).unwrap().next().is_none(),
        "nothing created"
    );
}

#[test]
fn atomically_all_writes_land_or_none() {
    let (_tmp, _dir, mut vault) = new_vault();
    let kept = vault.insert_entry(NOTE, b"kept").unwrap();
    let failed: Result<(), tessera_vault::VaultError> = vault.atomically(|v| {
        v.insert_entry(NOTE, b"first")?;
        v.update_entry(kept, b"changed")?;
        v.insert_entry(NOTE, b"second")?;
        Err(tessera_vault::VaultError::InvalidInput(
            "line 7 is malformed".into(),
        ))
    });
    assert!(failed.is_err());
    let notes = vault.list_entries(NOTE).unwrap();
    assert_eq!(notes.len(), 1, "nothing from the failed batch remains");
    assert_eq!(&notes[0].1[..], b"kept");
    vault
        .atomically(|v| {
            v.insert_entry(NOTE, b"a")?;
            v.insert_entry(NOTE, b"b")
        })
        .unwrap();
    assert_eq!(vault.list_entries(NOTE).unwrap().len(), 3);
}

/// A one-row write inside a transaction has no savepoint of its own: one that fails (an entry
/// that is not there) changes nothing, and a caller that carries on commits the rest, with the
/// integrity state and the index matching what is stored.
#[test]
fn a_failed_write_inside_a_transaction_leaves_the_rest_whole() {
    let (_tmp, dir, mut vault) = new_vault();
    let kept = vault.insert_entry(NOTE, b"kept").unwrap();
    vault
        .atomically(|v| {
            v.insert_entry(NOTE, b"first")?;
            let missing = v.update_entry(tessera_vault::EntryId(9_999), b"nowhere");
            assert_eq!(missing.unwrap_err().code().as_str(), "invalid_input");
            assert!(!v.delete_entry(tessera_vault::EntryId(9_998))?);
            v.update_entry(kept, b"changed")?;
            v.insert_entry(NOTE, b"second").map(|_| ())
        })
        .unwrap();
    let notes: Vec<Vec<u8>> = vault
        .list_entries(NOTE)
        .unwrap()
        .into_iter()
        .map(|(_, b)| b.to_vec())
        .collect();
    assert_eq!(
        notes,
        [b"changed".to_vec(), b"first".to_vec(), b"second".to_vec()]
    );
    drop(vault);
    // The whole-vault check on a fresh unlock agrees with what the transaction left.
    let vault = reopen(&dir);
    assert_eq!(vault.list_entries(NOTE).unwrap().len(), 3);
}

// --- whole-vault integrity ---

fn bodies(dir: &Path) -> BTreeMap<i64, (u32, Vec<u8>)> {
    let conn = rusqlite::Connection::open(dir.join("vault.db")).unwrap();
    let mut stmt = conn.prepare("SELECT id, version, body FROM entry").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn assert_tampered(dir: &Path, what: &str) {
    let vault = reopen(dir);
    let err = vault.list_entries(NOTE).expect_err(what);
    assert_eq!(err.code().as_str(), "vault_tampered", "{what}: {err}");
    let message = err.to_string();
    assert!(message.contains("restore"), "{what}: {message}");
    assert!(!message.contains("value"), "no content in: {message}");
}

/// A new vault holding `n` notes, `value 0`, `value 1`..., locked.
fn notes(n: usize) -> (tempfile::TempDir, PathBuf, Vec<tessera_vault::EntryId>) {
    let (tmp, dir, mut vault) = new_vault();
    let ids = (0..n)
        .map(|i| {
            vault
                .insert_entry(NOTE, format!("value {i}").as_bytes())
                .unwrap()
        })
        .collect();
    vault.lock();
    (tmp, dir, ids)
}

#[test]
fn integrity_deleted_row_is_refused() {
    let (_tmp, dir, ids) = notes(3);
    delete_row(&dir, ids[1]);
    assert_tampered(&dir, "a deleted row");
    // The last row too, and every row of the kind.
    let (_tmp, dir, ids) = notes(3);
    delete_row(&dir, ids[2]);
    assert_tampered(&dir, "the last row deleted");
    let (_tmp, dir, _) = notes(3);
    tamper(&dir, "DELETE FROM entry");
    assert_tampered(&dir, "every row deleted");
}

#[test]
fn integrity_older_version_of_a_row_is_refused() {
    let (_tmp, dir, mut vault) = new_vault();
    let a = vault.insert_entry(NOTE, b"value: grant active").unwrap();
    vault.insert_entry(NOTE, b"value: other").unwrap();
    vault.lock();
    let (old_version, old_body) = bodies(&dir)[&a.0].clone();
    let mut vault = reopen(&dir);
    vault.update_entry(a, b"value: grant revoked").unwrap();
    vault.lock();
    with_db(&dir, |c| {
        c.execute(
            "UPDATE entry SET version = ?1, body = ?2 WHERE id = ?3",
            rusqlite::params![old_version, old_body, a.0],
        )
        .unwrap();
    });
    // The old pair still opens on its own (it was sealed for that version)...
    let vault = reopen(&dir);
    assert!(
        vault.read_entry(a).is_err(),
        "but it is not the current version"
    );
    drop(vault);
    assert_tampered(&dir, "an older version put back");
}

#[test]
fn integrity_duplicated_reordered_or_rekinded_rows_are_refused() {
    let cases: &[(&str, &str)] = &[
        (
            "duplicated under a new id",
            "INSERT INTO entry (id, kind, version, body) SELECT 99, kind, version, body FROM entry WHERE id = 1",
        ),
        (
            "two rows swapped",
            "UPDATE entry SET id = 100 WHERE id = 1; UPDATE entry SET id = 1 WHERE id = 2; \
             UPDATE entry SET id = 2 WHERE id = 100",
        ),
        (
            "kind column edited",
            "UPDATE entry SET kind = 'other' WHERE id = 3",
        ),
        (
            "version column edited",
            "UPDATE entry SET version = 2 WHERE id = 3",
        ),
    ];
    for (what, sql) in cases {
        let (_tmp, dir, _) = notes(3);
        tamper(&dir, sql);
        let vault = reopen(&dir);
        let err = vault.list_entries(NOTE).expect_err(what);
        assert!(
            ["vault_tampered", "corrupt_record"].contains(&err.code().as_str()),
            "{what}: {err}"
        );
    }
}

#[test]
fn integrity_settings_are_sealed_and_checked() {
    let (_tmp, dir, mut vault) = new_vault();
    vault.set_setting("auto_lock_seconds", "600").unwrap();
    vault.set_setting("auto_lock_seconds", "900").unwrap();
    assert_eq!(
        vault.setting("auto_lock_seconds").unwrap().as_deref(),
        Some("900")
    );
    vault.lock();
    let db = fs::read(dir.join("vault.db")).unwrap();
    assert!(
        !contains_bytes(&db, b"auto_lock_seconds"),
        "setting names are sealed"
    );
    let tables: Vec<String> = {
        let conn = rusqlite::Connection::open(dir.join("vault.db")).unwrap();
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(!tables.contains(&"setting".to_owned()), "{tables:?}");
    tamper(&dir, "DELETE FROM entry WHERE kind = 'setting'");
    let vault = reopen(&dir);
    let err = vault.setting("auto_lock_seconds").unwrap_err();
    assert_eq!(err.code().as_str(), "vault_tampered", "{err}");
}

#[test]
fn integrity_a_failed_transaction_leaves_the_record_consistent() {
    let (_tmp, dir, mut vault) = new_vault();
    let kept = vault.insert_entry(NOTE, b"kept").unwrap();
    let failed: Result<(), tessera_vault::VaultError> = vault.atomically(|v| {
        v.insert_entry(NOTE, b"first")?;
        v.update_entry(kept, b"changed")?;
        v.delete_entry(kept)?;
        Err(tessera_vault::VaultError::InvalidInput("stop".into()))
    });
    assert!(failed.is_err());
    let generation = vault.generation();
    vault.insert_entry(NOTE, b"after").unwrap();
    assert_eq!(
        vault.generation(),
        generation + 1,
        "one generation per commit"
    );
    vault.lock();
    let vault = reopen(&dir);
    assert_eq!(vault.list_entries(NOTE).unwrap().len(), 2);
}

// --- rollback anchor ---

fn anchored(tmp: &Path) -> tessera_vault::OpenOptions {
    tessera_vault::OpenOptions {
        anchors: Some(tessera_vault::AnchorDir(tmp.join("state").join("anchors"))),
        accept_restore: false,
    }
}

/// A new vault with rollback anchors kept in `<tmp>/state/anchors`.
fn anchored_vault() -> (
    tempfile::TempDir,
    PathBuf,
    tessera_vault::OpenOptions,
    Vault,
) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let opts = anchored(tmp.path());
    let vault = Vault::create_with(&dir, &pass(PASS), KdfParams::FLOOR, &opts).unwrap();
    (tmp, dir, opts, vault)
}

#[test]
fn anchor_whole_folder_rollback_is_recognised_and_can_be_accepted() {
    let (tmp, dir, opts, mut vault) = anchored_vault();
    assert_eq!(
        vault.anchor_report(),
        &tessera_vault::AnchorReport::FirstOpenHere
    );
    vault.insert_entry(NOTE, b"grant active").unwrap();
    vault.lock();
    let older = tmp.path().join("older");
    copy_dir(&dir, &older);
    let older_generation = Vault::unlock(&older, &pass(PASS)).unwrap().generation();

    let mut vault = Vault::unlock_with(&dir, &pass(PASS), &opts).unwrap();
    assert_eq!(vault.anchor_report(), &tessera_vault::AnchorReport::Current);
    vault.insert_entry(NOTE, b"grant revoked").unwrap();
    vault.insert_entry(NOTE, b"ledger: revoked").unwrap();
    let newest = vault.generation();
    vault.lock();

    put_back(&older, &dir);
    let err = Vault::unlock_with(&dir, &pass(PASS), &opts).err().unwrap();
    assert_eq!(err.code().as_str(), "vault_rolled_back", "{err}");
    let message = err.to_string();
    assert!(
        message.contains(&format!("changes {}..{newest}", older_generation + 1)),
        "{message}"
    );
    // Without anchors (another computer) the same copy opens: it is consistent in itself.
    reopen(&dir).lock();
    // Refused again here, until accepted; accepting moves the anchor to this state.
    assert!(Vault::unlock_with(&dir, &pass(PASS), &opts).is_err());
    let accept = tessera_vault::OpenOptions {
        accept_restore: true,
        ..opts.clone()
    };
    let vault = Vault::unlock_with(&dir, &pass(PASS), &accept).unwrap();
    assert_eq!(
        vault.anchor_report(),
        &tessera_vault::AnchorReport::RestoreAccepted {
            missing_from: older_generation + 1,
            missing_to: newest
        }
    );
    assert_eq!(vault.list_entries(NOTE).unwrap().len(), 1);
    vault.lock();
    // Accepting alone moves nothing: the write that records the acceptance does (the API
    // layer appends it to the ledger), so a failure to record it asks again.
    assert!(Vault::unlock_with(&dir, &pass(PASS), &opts).is_err());
    let mut vault = Vault::unlock_with(&dir, &pass(PASS), &accept).unwrap();
    vault
        .insert_entry(NOTE, b"ledger: restore accepted")
        .unwrap();
    vault.lock();
    let vault = Vault::unlock_with(&dir, &pass(PASS), &opts).unwrap();
    assert_eq!(vault.anchor_report(), &tessera_vault::AnchorReport::Current);
}

#[test]
fn anchor_database_only_rollback_and_a_diverged_copy_are_recognised() {
    let (tmp, dir, opts, mut vault) = anchored_vault();
    vault.insert_entry(NOTE, b"one").unwrap();
    vault.lock();
    let old_db = fs::read(dir.join("vault.db")).unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    copy_dir(&dir, &elsewhere);

    let mut vault = Vault::unlock_with(&dir, &pass(PASS), &opts).unwrap();
    vault.insert_entry(NOTE, b"two here").unwrap();
    vault.lock();
    let current_db = fs::read(dir.join("vault.db")).unwrap();
    fs::write(dir.join("vault.db"), &old_db).unwrap();
    let err = Vault::unlock_with(&dir, &pass(PASS), &opts).err().unwrap();
    assert_eq!(err.code().as_str(), "vault_rolled_back", "{err}");
    fs::write(dir.join("vault.db"), &current_db).unwrap();
    Vault::unlock_with(&dir, &pass(PASS), &opts).unwrap().lock();

    // The copy changed on another computer to the same generation, but another state.
    let mut other = Vault::unlock(&elsewhere, &pass(PASS)).unwrap();
    other.insert_entry(NOTE, b"two elsewhere").unwrap();
    other.lock();
    put_back(&elsewhere, &dir);
    let err = Vault::unlock_with(&dir, &pass(PASS), &opts).err().unwrap();
    assert_eq!(err.code().as_str(), "vault_rolled_back", "{err}");
    assert!(err.to_string().contains("not the one"), "{err}");
}

#[test]
fn anchor_survives_a_passphrase_change_and_catches_the_older_folder() {
    let (tmp, dir, opts, mut vault) = anchored_vault();
    vault.insert_entry(NOTE, b"one").unwrap();
    vault.lock();
    let older = tmp.path().join("older");
    copy_dir(&dir, &older);
    let mut vault = Vault::unlock_with(&dir, &pass(PASS), &opts).unwrap();
    vault
        .change_passphrase(&pass("a brand new passphrase"), KdfParams::FLOOR)
        .unwrap();
    vault.lock();
    put_back(&older, &dir);
    let err = Vault::unlock_with(&dir, &pass(PASS), &opts).err().unwrap();
    assert_eq!(err.code().as_str(), "vault_rolled_back", "{err}");
}

#[test]
fn anchor_damaged_is_reported_and_replaced_when_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let opts = anchored(tmp.path());
    Vault::create_with(&dir, &pass(PASS), KdfParams::FLOOR, &opts)
        .unwrap()
        .lock();
    let info = Vault::inspect_with(&dir, opts.anchors.as_ref()).unwrap();
    let tessera_vault::AnchorPresence::Present(path) = info.anchor else {
        panic!("anchor written at creation: {:?}", info.anchor)
    };
    fs::write(&path, "tessera-anchor 1\ngeneration 999\n").unwrap();
    let err = Vault::unlock_with(&dir, &pass(PASS), &opts).err().unwrap();
    assert_eq!(err.code().as_str(), "vault_rolled_back", "{err}");
    let accept = tessera_vault::OpenOptions {
        accept_restore: true,
        ..opts.clone()
    };
    let mut vault = Vault::unlock_with(&dir, &pass(PASS), &accept).unwrap();
    assert_eq!(
        vault.anchor_report(),
        &tessera_vault::AnchorReport::DamagedAnchorReplaced
    );
    vault.insert_entry(NOTE, b"ledger: accepted").unwrap();
    vault.lock();
    Vault::unlock_with(&dir, &pass(PASS), &opts).unwrap();

    let fresh = tessera_vault::AnchorDir(tmp.path().join("new-computer"));
    let info = Vault::inspect_with(&dir, Some(&fresh));
    assert_eq!(info.unwrap().anchor, tessera_vault::AnchorPresence::Absent);
}

// --- passphrase change rotates the data key ---

#[test]
fn passphrase_change_rotates_the_data_key() {
    let (_tmp, dir, mut vault) = new_vault();
    let first = vault.insert_entry(NOTE, b"written before").unwrap();
    let seed_before = *vault.derive_seed(b"brand acme");
    vault.lock();
    let old_header = fs::read(dir.join("vault.header")).unwrap();
    let before = bodies(&dir);

    let mut vault = reopen(&dir);
    vault
        .change_passphrase(&pass("a brand new passphrase"), KdfParams::FLOOR)
        .unwrap();
    assert_eq!(
        *vault.derive_seed(b"brand acme"),
        seed_before,
        "brand keys stay"
    );
    vault.insert_entry(NOTE, b"written after").unwrap();
    vault.lock();
    let after = bodies(&dir);
    assert_ne!(after[&first.0].1, before[&first.0].1, "re-sealed");

    // A copy of the old header and the old passphrase: the old data key no longer opens
    // this database at all.
    let new_header = fs::read(dir.join("vault.header")).unwrap();
    fs::write(dir.join("vault.header"), &old_header).unwrap();
    let err = unlock_err(&dir);
    assert!(
        ["corrupt_vault", "wrong_passphrase"].contains(&err.code().as_str()),
        "{err}"
    );
    fs::write(dir.join("vault.header"), &new_header).unwrap();
    let vault = Vault::unlock(&dir, &pass("a brand new passphrase")).unwrap();
    assert_eq!(vault.list_entries(NOTE).unwrap().len(), 2);
}

#[test]
fn passphrase_change_interrupted_before_or_after_the_commit_is_finished_by_unlock() {
    const NEW: &str = "a brand new passphrase";
    // Before the commit: the new header was written beside the old one, the database is old.
    let (_tmp, dir, mut vault) = new_vault();
    vault.insert_entry(NOTE, b"value").unwrap();
    vault.lock();
    let old_header = fs::read(dir.join("vault.header")).unwrap();
    let old_db = fs::read(dir.join("vault.db")).unwrap();
    let mut vault = reopen(&dir);
    vault
        .change_passphrase(&pass(NEW), KdfParams::FLOOR)
        .unwrap();
    vault.lock();
    let new_header = fs::read(dir.join("vault.header")).unwrap();
    let new_db = fs::read(dir.join("vault.db")).unwrap();

    fs::write(dir.join("vault.header"), &old_header).unwrap();
    fs::write(dir.join("vault.header.new"), &new_header).unwrap();
    fs::write(dir.join("vault.db"), &old_db).unwrap();
    assert!(Vault::inspect(&dir).unwrap().passphrase_change_pending);
    assert_eq!(
        Vault::unlock(&dir, &pass(NEW))
            .err()
            .unwrap()
            .code()
            .as_str(),
        "wrong_passphrase"
    );
    let vault = reopen(&dir);
    assert!(!dir.join("vault.header.new").exists(), "undone");
    assert_eq!(vault.list_entries(NOTE).unwrap().len(), 1);
    vault.lock();

    // After the commit, before the rename: the database is sealed for the new header. Which
    // header is live is decided by the keys, not by the plaintext header hash: editing it
    // changes nothing.
    fs::write(dir.join("vault.header"), &old_header).unwrap();
    fs::write(dir.join("vault.header.new"), &new_header).unwrap();
    fs::write(dir.join("vault.db"), &new_db).unwrap();
    tamper(&dir, "UPDATE vault_meta SET header_hash = zeroblob(32)");
    assert_eq!(
        Vault::unlock(&dir, &pass(PASS))
            .err()
            .unwrap()
            .code()
            .as_str(),
        "wrong_passphrase"
    );
    assert!(
        dir.join("vault.header.new").exists(),
        "kept for the new passphrase"
    );
    let vault = Vault::unlock(&dir, &pass(NEW)).unwrap();
    assert!(!dir.join("vault.header.new").exists(), "completed");
    assert_eq!(vault.list_entries(NOTE).unwrap().len(), 1);
    vault.lock();
    assert_eq!(fs::read(dir.join("vault.header")).unwrap(), new_header);
}

#[test]
fn integrity_odd_values_in_plaintext_columns_are_tampering_not_database_errors() {
    for (what, sql) in [
        (
            "an out-of-range version",
            "UPDATE entry SET version = 99999999999 WHERE id = 1",
        ),
        (
            "a kind no code writes",
            "UPDATE entry SET kind = 'NOTE; x' WHERE id = 1",
        ),
        (
            "a huge kind",
            "UPDATE entry SET kind = printf('%.70000c', 'a') WHERE id = 1",
        ),
    ] {
        let (_tmp, dir, ids) = notes(3);
        tamper(&dir, sql);
        let vault = reopen(&dir);
        let read = vault.read_entry(ids[0]);
        let listed = vault.list_entries(NOTE);
        for result in [read.map(|_| ()), listed.map(|_| ())] {
            let err = result.expect_err(what);
            assert!(
                ["vault_tampered", "corrupt_record"].contains(&err.code().as_str()),
                "{what}: {err}"
            );
        }
        drop(vault);
        let mut vault = reopen(&dir);
        let err = vault
            .change_passphrase(&pass("a brand new passphrase"), KdfParams::FLOOR)
            .unwrap_err();
        assert_eq!(err.code().as_str(), "vault_tampered", "{what}: {err}");
    }
}

#[test]
fn passphrase_change_refuses_to_reseal_a_tampered_vault() {
    let (_tmp, dir, ids) = notes(3);
    delete_row(&dir, ids[0]);
    let mut vault = reopen(&dir);
    let err = vault
        .change_passphrase(&pass("a brand new passphrase"), KdfParams::FLOOR)
        .unwrap_err();
    assert_eq!(err.code().as_str(), "vault_tampered", "{err}");
    vault.lock();
    assert!(!dir.join("vault.header.new").exists());
    reopen(&dir);
}

// --- file modes ---

#[cfg(unix)]
#[test]
fn modes_folder_0700_and_files_0600_even_in_an_existing_open_folder() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    fs::create_dir(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    let mut vault = Vault::create(&dir, &pass(PASS), KdfParams::FLOOR).unwrap();
    vault.insert_entry(NOTE, b"x").unwrap();
    let check = |dir: &Path| {
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(dir), 0o700);
        let mut names = Vec::new();
        for e in fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            names.push(e.file_name().to_string_lossy().into_owned());
            assert_eq!(mode(&e.path()), 0o600, "{:?}", e.file_name());
        }
        assert!(names.iter().any(|n| n == "vault.db-wal"), "{names:?}");
    };
    check(&dir);
    vault.lock();
    // A folder that came back with looser modes is tightened when opened.
    for e in fs::read_dir(&dir).unwrap() {
        fs::set_permissions(e.unwrap().path(), fs::Permissions::from_mode(0o644)).unwrap();
    }
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    let mut vault = reopen(&dir);
    vault.insert_entry(NOTE, b"y").unwrap();
    check(&dir);
}

#[test]
fn integrity_record_removed_cannot_pass_for_a_vault_still_to_upgrade() {
    let (_tmp, dir, ids) = notes(3);
    delete_row(&dir, ids[0]);
    tamper(
        &dir,
        "UPDATE vault_meta SET integrity = NULL, identity_seed = NULL",
    );
    let err = unlock_err(&dir);
    assert_eq!(err.code().as_str(), "vault_tampered", "{err}");
}

#[test]
fn anchor_that_cannot_be_written_does_not_keep_the_person_out() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    // The state folder cannot be made: a file stands where its parent should be.
    fs::write(tmp.path().join("not-a-folder"), b"x").unwrap();
    let opts = tessera_vault::OpenOptions {
        anchors: Some(tessera_vault::AnchorDir(
            tmp.path().join("not-a-folder").join("anchors"),
        )),
        accept_restore: false,
    };
    let mut vault = Vault::create_with(&dir, &pass(PASS), KdfParams::FLOOR, &opts).unwrap();
    vault.insert_entry(NOTE, b"x").unwrap();
    vault.lock();
    let vault = Vault::unlock_with(&dir, &pass(PASS), &opts).unwrap();
    assert_eq!(vault.list_entries(NOTE).unwrap().len(), 1);
    let info = vault.info().unwrap();
    assert_eq!(info.anchor, tessera_vault::AnchorPresence::Absent);
}

#[test]
fn anchor_inside_the_vault_folder_is_not_used() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let opts = tessera_vault::OpenOptions {
        anchors: Some(tessera_vault::AnchorDir(dir.join("anchors"))),
        accept_restore: false,
    };
    let vault = Vault::create_with(&dir, &pass(PASS), KdfParams::FLOOR, &opts).unwrap();
    assert_eq!(vault.anchor_report(), &tessera_vault::AnchorReport::NotKept);
    assert!(!dir.join("anchors").exists());
}

#[test]
fn passphrase_change_a_planted_or_partial_next_header_is_ignored() {
    let (_tmp, dir, mut vault) = new_vault();
    vault.insert_entry(NOTE, b"value").unwrap();
    vault.lock();
    for planted in [vec![0x5a; 8 << 20], b"TSVH".to_vec(), Vec::new()] {
        fs::write(dir.join("vault.header.new"), &planted).unwrap();
        let vault = reopen(&dir);
        assert_eq!(vault.list_entries(NOTE).unwrap().len(), 1);
        vault.lock();
    }
}

#[test]
fn crash_leftovers_in_and_beside_the_vault_folder_are_cleared_at_open() {
    let (tmp, dir, vault) = new_vault();
    vault.lock();
    let header_tmp = dir.join(".tessera-Xy12ab.tmp");
    fs::write(&header_tmp, b"a header half written").unwrap();
    let staging = tmp.path().join(".tessera-restore-Q1w2e3");
    fs::create_dir(&staging).unwrap();
    fs::write(staging.join("vault.db"), b"a restore killed midway").unwrap();
    let theirs = tmp.path().join("notes.txt");
    fs::write(&theirs, b"the person's own file").unwrap();
    let vault = reopen(&dir);
    assert!(
        !header_tmp.exists(),
        "temporary file left in the vault folder"
    );
    assert!(!staging.exists(), "staging folder left beside the vault");
    assert!(theirs.exists());
    vault.lock();
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["vault.db", "vault.header", "vault.lock"]);
}

/// Regression: a setup killed after making `vault.db` and before writing `vault.header` left a
/// folder that `create` refused for good ("move the folder aside").
#[test]
fn crash_leftovers_of_an_interrupted_setup_do_not_block_a_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    Vault::create(&dir, &pass(PASS), KdfParams::FLOOR)
        .unwrap()
        .lock();
    // What the kill leaves: the database, committed, and no header yet.
    fs::remove_file(dir.join("vault.header")).unwrap();
    let mut vault = Vault::create(&dir, &pass("another passphrase"), KdfParams::FLOOR).unwrap();
    vault.insert_entry(NOTE, b"kept").unwrap();
    vault.lock();

    // A database that holds entries is not an interrupted setup: it is kept as it is.
    fs::remove_file(dir.join("vault.header")).unwrap();
    let before = fs::read(dir.join("vault.db")).unwrap();
    let Err(err) = Vault::create(&dir, &pass(PASS), KdfParams::FLOOR) else {
        panic!("a database with entries was taken for an interrupted setup");
    };
    assert_eq!(err.code().as_str(), "corrupt_vault", "{err}");
    assert!(err.to_string().contains("without vault.header"), "{err}");
    assert_eq!(fs::read(dir.join("vault.db")).unwrap(), before);
}
