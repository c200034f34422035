//! Integration tests of the vault against real files.
//!
//! Table of contents:
//! - `canary_*`: nothing a person typed reaches the database, its WAL or SHM in plaintext.
//! - `wrong_passphrase_*`: a wrong passphrase is refused and leaves every file byte-identical.
//! - `header_*`: every single-bit flip of the header, and hostile or weak KDF parameters.
//! - `record_*`: tampered, swapped and rolled-back records fail integrity, others still read.
//! - `passphrase_change_*`: rewrap only; old passphrase fails, every record still reads.
//! - `in_use_*`: one process (one open handle) at a time.
//! - `unicode_*`: NFC and NFD forms of a passphrase open the same vault.
//! - `damaged_database_*`: a missing, replaced or emptied database is a typed error.
//!
//! The allocation ceiling for hostile KDF parameters is checked in `tests/kdf_ceiling.rs`,
//! which needs its own global allocator.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use tessera_vault::header::Header;
use tessera_vault::{EntryKind, KdfParams, Passphrase, Vault};

const NOTE: EntryKind = EntryKind::new("note");
const PASS: &str = "correct horse battery staple";

fn pass(s: &str) -> Passphrase {
    Passphrase::from_str_copy(s)
}

fn new_vault() -> (tempfile::TempDir, PathBuf, Vault) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let vault = Vault::create(&dir, &pass(PASS), KdfParams::FLOOR).unwrap();
    (tmp, dir, vault)
}

/// Every file in the directory, by name, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
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
        let files = snapshot(&dir);
        assert!(
            files.contains_key("vault.db"),
            "{when}: {files:?}",
            files = files.keys()
        );
        for (name, bytes) in &files {
            assert!(
                !contains(bytes, b"CANARY-7f3a9"),
                "{when}: canary found in {name}"
            );
            assert!(
                !contains(bytes, PASS.as_bytes()),
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

    let vault = Vault::unlock(&dir, &pass(PASS)).unwrap();
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
    let before = snapshot(&dir);
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
            snapshot(&dir),
            before,
            "files changed after trying {wrong:?}"
        );
    }
    Vault::unlock(&dir, &pass(PASS)).unwrap();
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
    Vault::unlock(&dir, &pass(PASS)).unwrap();
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
        let err = Vault::unlock(&dir, &pass(PASS)).err().unwrap();
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
    let err = Vault::unlock(&dir, &pass(PASS)).err().unwrap();
    assert_eq!(err.code().as_str(), "corrupt_vault", "{err}");
}

fn with_db(dir: &Path, f: impl FnOnce(&rusqlite::Connection)) {
    let conn = rusqlite::Connection::open(dir.join("vault.db")).unwrap();
    f(&conn);
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
        ["corrupt_vault", "corrupt_record"].contains(&err.code().as_str()),
        "{err}"
    );
}

#[test]
fn record_bit_flips_fail_that_record_only() {
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
        let vault = Vault::unlock(&dir, &pass(PASS)).unwrap();
        let err = vault.read_entry(a).expect_err("tampered record must fail");
        assert!(
            ["corrupt_record", "unsupported_format"].contains(&err.code().as_str()),
            "bit {bit}: {err}"
        );
        assert_eq!(&vault.read_entry(b).unwrap().1[..], b"second value");
    }
}

#[test]
fn record_swapped_between_rows_or_rolled_back_is_rejected() {
    let (_tmp, dir, mut vault) = new_vault();
    let a = vault.insert_entry(NOTE, b"alpha").unwrap();
    let b = vault.insert_entry(NOTE, b"beta").unwrap();
    vault.lock();
    with_db(&dir, |c| {
        c.execute_batch(
            "UPDATE entry SET body = (SELECT body FROM entry WHERE id = 2) WHERE id = 1;",
        )
        .unwrap();
    });
    let vault = Vault::unlock(&dir, &pass(PASS)).unwrap();
    assert_eq!(
        vault.read_entry(a).unwrap_err().code().as_str(),
        "corrupt_record"
    );
    assert_eq!(&vault.read_entry(b).unwrap().1[..], b"beta");
    // The error names the record and says nothing about its content.
    let message = vault.read_entry(a).unwrap_err().to_string();
    assert!(
        message.contains("entry#1") && !message.contains("beta"),
        "{message}"
    );
    drop(vault);

    // A body moved under another kind, or its version changed, fails too.
    with_db(&dir, |c| {
        c.execute_batch("UPDATE entry SET kind = 'brand' WHERE id = 2;")
            .unwrap();
    });
    let vault = Vault::unlock(&dir, &pass(PASS)).unwrap();
    assert!(vault.read_entry(b).is_err());
    drop(vault);
    with_db(&dir, |c| {
        c.execute_batch("UPDATE entry SET kind = 'note', version = 5 WHERE id = 2;")
            .unwrap();
    });
    let vault = Vault::unlock(&dir, &pass(PASS)).unwrap();
    assert!(vault.read_entry(b).is_err());
    assert!(
        vault.list_entries(NOTE).is_err(),
        "listing stops at a tampered record"
    );
}

#[test]
fn passphrase_change_keeps_records_and_retires_old_passphrase() {
    let (_tmp, dir, mut vault) = new_vault();
    let ids: Vec<_> = (0..20)
        .map(|i| {
            vault
                .insert_entry(NOTE, format!("value {i}").as_bytes())
                .unwrap()
        })
        .collect();
    vault.lock();
    let db_before = fs::read(dir.join("vault.db")).unwrap();

    let mut vault = Vault::unlock(&dir, &pass(PASS)).unwrap();
    let weak = vault.change_passphrase(&pass("short"), KdfParams::FLOOR);
    assert_eq!(weak.unwrap_err().code().as_str(), "weak_passphrase");
    vault
        .change_passphrase(&pass("a brand new passphrase"), KdfParams::FLOOR)
        .unwrap();
    vault.lock();
    assert_eq!(
        fs::read(dir.join("vault.db")).unwrap(),
        db_before,
        "no data row is rewritten by a passphrase change"
    );
    let leftovers: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let err = Vault::unlock(&dir, &pass(PASS)).err().unwrap();
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
    let err = Vault::unlock(&dir, &pass(PASS)).err().unwrap();
    assert_eq!(err.code().as_str(), "vault_in_use");
    assert!(
        err.to_string()
            .contains("in use by another Tessera process")
    );
    assert!(Vault::inspect(&dir).unwrap().in_use);
    vault.lock();
    assert!(!Vault::inspect(&dir).unwrap().in_use);
    Vault::unlock(&dir, &pass(PASS)).unwrap();
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
    let err = Vault::unlock(&dir, &pass(PASS)).err().unwrap();
    assert_eq!(err.code().as_str(), "corrupt_vault", "{err}");

    // An empty (e.g. truncated to zero) database must not silently become a new empty vault.
    fs::write(&db, b"").unwrap();
    let err = Vault::unlock(&dir, &pass(PASS)).err().unwrap();
    assert_eq!(err.code().as_str(), "corrupt_vault", "{err}");

    fs::write(&db, &saved[..saved.len() / 2]).unwrap();
    assert!(Vault::unlock(&dir, &pass(PASS)).is_err());

    fs::write(&db, &saved).unwrap();
    let vault = Vault::unlock(&dir, &pass(PASS)).unwrap();
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
