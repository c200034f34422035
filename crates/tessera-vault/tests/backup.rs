//! Backups on real vaults: written while the vault is open, restored elsewhere, refused when
//! damaged, foreign, newer or opened with the wrong passphrase.
//!
//! Table of contents:
//! - `round_trip_*`: a restored vault holds exactly what the vault held when it was backed up.
//! - `passphrase_*`: the vault's own passphrase, or a backup passphrase of its own.
//! - `refused_*`: damaged, foreign, newer-format and misplaced restores change nothing.
//! - `property_*`: any vault (entries of any kinds and bodies, some changed or deleted, settings)
//!   backed up and restored is the same vault (`PROPTEST_CASES`, default 24).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use tessera_test_support::{ADA, PASS, contains_bytes, passphrase, set_values, vault_with};
use tessera_vault::backup::{self, BackupKey, Manifest, Passphrases};
use tessera_vault::{EntryKind, ErrorCode, Passphrase, Vault, VaultError};

const NOW: i64 = 1_795_000_000;

fn vault_passphrase() -> Passphrases<'static> {
    static PASSPHRASE: std::sync::OnceLock<Passphrase> = std::sync::OnceLock::new();
    Passphrases {
        backup: PASSPHRASE.get_or_init(passphrase),
        vault: None,
    }
}

/// Every entry of every kind, opened: what "the same vault" means.
fn contents(v: &Vault) -> BTreeMap<String, Vec<Vec<u8>>> {
    v.info()
        .unwrap()
        .entry_counts
        .into_iter()
        .map(|(kind, _)| {
            let name: &'static str = Box::leak(kind.clone().into_boxed_str());
            let bodies = v
                .list_entries(EntryKind::new(name))
                .unwrap()
                .into_iter()
                .map(|(_, body)| body.to_vec())
                .collect();
            (kind, bodies)
        })
        .collect()
}

fn code(e: &VaultError) -> ErrorCode {
    e.code()
}

#[test]
fn round_trip_a_restored_vault_holds_exactly_what_was_backed_up() {
    let (tmp, mut v) = vault_with(ADA);
    v.set_setting("auto_lock_seconds", "120").unwrap();
    let file = tmp.path().join("vault.tessera-backup");
    let manifest = v.write_backup(&file, &BackupKey::Vault, NOW).unwrap();
    assert_eq!(manifest.format, "tessera-backup");
    assert_eq!(manifest.v, 1);
    assert_eq!(manifest.generation, v.generation());
    let expected = contents(&v);
    assert_eq!(
        manifest.entries,
        expected.values().map(|b| b.len() as u64).sum::<u64>()
    );

    // Nothing personal in the file: every value is inside the encrypted payload.
    let bytes = fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n"));
    for (_, value) in ADA {
        assert!(
            !contains_bytes(&bytes, value.as_bytes()),
            "{value} in the backup"
        );
    }

    // Changes after the backup are not in it.
    set_values(&mut v, &[("shoe_size", "EU 40")]);
    let target = tmp.path().join("elsewhere").join("vault");
    let restored = backup::restore(
        &file,
        &vault_passphrase(),
        &target,
        &backup::vault_checks_only,
    )
    .unwrap();
    assert_eq!(restored, manifest);
    let r = Vault::unlock(&target, &passphrase()).unwrap();
    assert_eq!(contents(&r), expected);
    assert_eq!(r.generation(), manifest.generation);
    assert_eq!(
        r.setting("auto_lock_seconds").unwrap().as_deref(),
        Some("120")
    );
    assert_eq!(r.check().unwrap().entries, manifest.entries);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&target), 0o700);
        assert_eq!(mode(&target.join("vault.db")), 0o600);
        assert_eq!(mode(&file), 0o600);
    }
    let leftovers: Vec<_> = fs::read_dir(target.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["vault"], "no staging folder is left behind");
}

#[test]
fn round_trip_a_newer_backup_replaces_an_older_file_whole() {
    let (tmp, mut v) = vault_with(&ADA[..1]);
    let file = tmp.path().join("backup");
    let first = v.write_backup(&file, &BackupKey::Vault, NOW).unwrap();
    set_values(&mut v, &ADA[1..]);
    let second = v.write_backup(&file, &BackupKey::Vault, NOW + 60).unwrap();
    assert!(second.generation > first.generation);
    assert_eq!(
        backup::verify(&file, &vault_passphrase(), &backup::vault_checks_only).unwrap(),
        second
    );
    let names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tessera-"))
        .collect();
    assert!(names.is_empty(), "temporary files left: {names:?}");
}

#[test]
fn passphrase_of_its_own_opens_the_file_and_the_vault_passphrase_the_vault() {
    let (tmp, v) = vault_with(ADA);
    let own = Passphrase::from_str_copy("a separate backup passphrase");
    let file = tmp.path().join("backup");
    v.write_backup(&file, &BackupKey::Passphrase(&own), NOW)
        .unwrap();
    let bytes = fs::read(&file).unwrap();
    assert!(
        contains_bytes(&bytes, b"-> scrypt "),
        "age's own scrypt stanza"
    );

    let both = Passphrases {
        backup: &own,
        vault: Some(&passphrase()),
    };
    backup::verify(&file, &both, &backup::vault_checks_only).unwrap();
    // The vault's passphrase does not open the file...
    let err = backup::verify(&file, &vault_passphrase(), &backup::vault_checks_only).unwrap_err();
    assert_eq!(code(&err), ErrorCode::WrongPassphrase, "{err}");
    // ...and the backup's does not open the vault inside.
    let only_own = Passphrases {
        backup: &own,
        vault: None,
    };
    let err = backup::verify(&file, &only_own, &backup::vault_checks_only).unwrap_err();
    assert_eq!(code(&err), ErrorCode::WrongPassphrase, "{err}");
    let target = tmp.path().join("restored");
    backup::restore(&file, &both, &target, &backup::vault_checks_only).unwrap();
    Vault::unlock(&target, &passphrase()).unwrap();
}

#[test]
fn passphrase_a_wrong_one_restores_nothing() {
    let (tmp, v) = vault_with(ADA);
    let file = tmp.path().join("backup");
    v.write_backup(&file, &BackupKey::Vault, NOW).unwrap();
    let wrong = Passphrase::from_str_copy("not the passphrase");
    let target = tmp.path().join("restored");
    let err = backup::restore(
        &file,
        &Passphrases {
            backup: &wrong,
            vault: None,
        },
        &target,
        &backup::vault_checks_only,
    )
    .unwrap_err();
    assert_eq!(code(&err), ErrorCode::WrongPassphrase, "{err}");
    assert!(!target.exists());
    assert_only(tmp.path(), &["backup", "vault"]);
    assert_eq!(PASS, "correct horse battery staple");
}

fn assert_only(dir: &Path, names: &[&str]) {
    let mut found: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, names, "nothing else is left in {}", dir.display());
}

#[test]
fn refused_a_damaged_file_at_any_byte_restores_nothing() {
    let (tmp, v) = vault_with(ADA);
    let file = tmp.path().join("backup");
    v.write_backup(&file, &BackupKey::Vault, NOW).unwrap();
    let good = fs::read(&file).unwrap();
    let target = tmp.path().join("restored");
    let damaged = tmp.path().join("damaged");
    // The header line, the stanza (the vault header in it), the MAC, the payload's start,
    // middle and end, and a truncation.
    let len = good.len();
    for at in [5, 40, 80, 200, 260, len / 2, len - 20, len - 1] {
        let mut bytes = good.clone();
        bytes[at] ^= 0x01;
        fs::write(&damaged, &bytes).unwrap();
        let err = backup::restore(
            &damaged,
            &vault_passphrase(),
            &target,
            &backup::vault_checks_only,
        )
        .unwrap_err();
        assert!(
            // A flip in the stanza's version number reads as a key of another version.
            matches!(
                code(&err),
                ErrorCode::BackupDamaged
                    | ErrorCode::WrongPassphrase
                    | ErrorCode::CorruptVault
                    | ErrorCode::UnsupportedFormat
            ),
            "byte {at}: {err}"
        );
        assert!(!target.exists(), "byte {at}: nothing restored");
    }
    fs::write(&damaged, &good[..len - 100]).unwrap();
    let err =
        backup::verify(&damaged, &vault_passphrase(), &backup::vault_checks_only).unwrap_err();
    assert_eq!(code(&err), ErrorCode::BackupDamaged, "{err}");
    assert_only(tmp.path(), &["backup", "damaged", "vault"]);
}

#[test]
fn refused_a_file_that_is_not_a_backup() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("notes.txt");
    fs::write(&file, "dear diary").unwrap();
    let err = backup::verify(&file, &vault_passphrase(), &backup::vault_checks_only).unwrap_err();
    assert_eq!(code(&err), ErrorCode::BackupDamaged, "{err}");
    assert!(err.to_string().contains("not a Tessera backup"), "{err}");

    let err = backup::verify(
        &tmp.path().join("missing"),
        &vault_passphrase(),
        &backup::vault_checks_only,
    )
    .unwrap_err();
    assert_eq!(code(&err), ErrorCode::Io, "{err}");
}

/// An archive's parts: each name with its bytes.
type Parts<'a> = Vec<(&'a str, &'a [u8])>;

fn crafted(path: &Path, parts: &[(&str, &[u8])]) {
    tessera_test_support::crafted_backup(path, "crafted", parts);
}

fn crafted_passphrases() -> Passphrases<'static> {
    static CRAFTED: std::sync::OnceLock<Passphrase> = std::sync::OnceLock::new();
    static VAULT: std::sync::OnceLock<Passphrase> = std::sync::OnceLock::new();
    Passphrases {
        backup: CRAFTED.get_or_init(|| Passphrase::from_str_copy("crafted")),
        vault: Some(VAULT.get_or_init(passphrase)),
    }
}

/// The parts of a real backup, to tamper with one at a time.
fn real_parts(dir: &Path) -> (Manifest, Vec<u8>, Vec<u8>) {
    let (_tmp, v) = vault_with(ADA);
    let file = dir.join("real");
    let own = Passphrase::from_str_copy("crafted");
    v.write_backup(&file, &BackupKey::Passphrase(&own), NOW)
        .unwrap();
    let into = dir.join("parts");
    fs::create_dir(&into).unwrap();
    let manifest = backup::extract(&file, &own, &into).unwrap();
    (
        manifest,
        fs::read(into.join("vault.header")).unwrap(),
        fs::read(into.join("vault.db")).unwrap(),
    )
}

#[test]
fn refused_a_newer_format_says_to_upgrade() {
    let tmp = tempfile::tempdir().unwrap();
    let (manifest, header, db) = real_parts(tmp.path());
    let mut newer = serde_json::to_value(&manifest).unwrap();
    newer["v"] = 2.into();
    newer["something_new"] = true.into();
    let file = tmp.path().join("newer");
    crafted(
        &file,
        &[
            ("manifest.json", newer.to_string().as_bytes()),
            ("vault.header", &header),
            ("vault.db", &db),
        ],
    );
    let err =
        backup::verify(&file, &crafted_passphrases(), &backup::vault_checks_only).unwrap_err();
    assert_eq!(code(&err), ErrorCode::UnsupportedFormat, "{err}");
    assert!(err.to_string().contains("version 2"), "{err}");
    assert!(err.to_string().contains("upgrade Tessera"), "{err}");
}

#[test]
fn refused_an_archive_with_other_parts_or_a_database_not_its_manifests() {
    let tmp = tempfile::tempdir().unwrap();
    let (manifest, header, db) = real_parts(tmp.path());
    let manifest_json = serde_json::to_vec(&manifest).unwrap();
    let file = tmp.path().join("crafted");
    let mut other_db = db.clone();
    let last = other_db.len() - 1;
    other_db[last] ^= 1;
    let cases: Vec<(&str, Parts<'_>)> = vec![
        (
            "an extra file",
            vec![
                ("manifest.json", &manifest_json),
                ("vault.header", &header),
                ("vault.db", &db),
                ("../../etc/evil", b"x"),
            ],
        ),
        (
            "a path instead of a part",
            vec![
                ("../manifest.json", &manifest_json),
                ("vault.header", &header),
                ("vault.db", &db),
            ],
        ),
        (
            "another database",
            vec![
                ("manifest.json", &manifest_json),
                ("vault.header", &header),
                ("vault.db", &other_db),
            ],
        ),
        (
            "no database",
            vec![("manifest.json", &manifest_json), ("vault.header", &header)],
        ),
        (
            "a manifest that is not JSON",
            vec![
                ("manifest.json", b"{"),
                ("vault.header", &header),
                ("vault.db", &db),
            ],
        ),
    ];
    for (what, parts) in cases {
        crafted(&file, &parts);
        let target = tmp.path().join("target");
        let err = backup::restore(
            &file,
            &crafted_passphrases(),
            &target,
            &backup::vault_checks_only,
        )
        .unwrap_err();
        assert_eq!(code(&err), ErrorCode::BackupDamaged, "{what}: {err}");
        assert!(!target.exists(), "{what}: nothing restored");
    }
    assert!(!tmp.path().join("etc").exists());
    // The parts as they were restore fine: the refusals are about what was changed.
    crafted(
        &file,
        &[
            ("manifest.json", &manifest_json),
            ("vault.header", &header),
            ("vault.db", &db),
        ],
    );
    backup::verify(&file, &crafted_passphrases(), &backup::vault_checks_only).unwrap();
}

#[test]
fn refused_when_a_further_check_of_the_copy_fails() {
    let (tmp, v) = vault_with(ADA);
    let file = tmp.path().join("backup");
    v.write_backup(&file, &BackupKey::Vault, NOW).unwrap();
    let target = tmp.path().join("restored");
    let refuse = |_: &Vault| -> tessera_vault::Result<()> {
        Err(VaultError::BackupDamaged(
            "its ledger does not verify".into(),
        ))
    };
    let err = backup::restore(&file, &vault_passphrase(), &target, &refuse).unwrap_err();
    assert!(
        err.to_string().contains("its ledger does not verify"),
        "{err}"
    );
    assert!(!target.exists());
}

#[test]
fn refused_a_folder_that_is_not_empty() {
    let (tmp, v) = vault_with(ADA);
    let file = tmp.path().join("backup");
    v.write_backup(&file, &BackupKey::Vault, NOW).unwrap();
    let target = tmp.path().join("occupied");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("keep.txt"), "mine").unwrap();
    let err = backup::restore(
        &file,
        &vault_passphrase(),
        &target,
        &backup::vault_checks_only,
    )
    .unwrap_err();
    assert_eq!(code(&err), ErrorCode::InvalidInput, "{err}");
    assert!(err.to_string().contains("not empty"), "{err}");
    assert_eq!(fs::read_to_string(target.join("keep.txt")).unwrap(), "mine");
    // An empty folder is fine.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    backup::restore(
        &file,
        &vault_passphrase(),
        &empty,
        &backup::vault_checks_only,
    )
    .unwrap();
    Vault::unlock(&empty, &passphrase()).unwrap();
}

#[test]
fn property_any_vault_backed_up_and_restored_is_the_same_vault() {
    use proptest::prelude::*;
    use proptest::test_runner::TestRunner;
    const KINDS: [&str; 3] = ["profile_value", "grant", "ledger"];
    let mut runner = TestRunner::new(tessera_test_support::props::config(24));
    let entry = (
        0..KINDS.len(),
        proptest::collection::vec(any::<u8>(), 0..300),
    );
    let ops = proptest::collection::vec((entry, any::<bool>(), any::<bool>()), 0..20);
    let setting = proptest::option::of("[a-z0-9 ]{0,20}");
    runner
        .run(&(ops, setting), |(ops, setting)| {
            let (tmp, mut v) = tessera_test_support::vault();
            for ((kind, body), change, delete) in &ops {
                let id = v.insert_entry(EntryKind::new(KINDS[*kind]), body).unwrap();
                if *change {
                    v.update_entry(id, b"changed").unwrap();
                }
                if *delete {
                    v.delete_entry(id).unwrap();
                }
            }
            if let Some(value) = &setting {
                v.set_setting("auto_lock_seconds", value).unwrap();
            }
            let file = tmp.path().join("backup");
            let manifest = v.write_backup(&file, &BackupKey::Vault, NOW).unwrap();
            let target = tmp.path().join("restored");
            backup::restore(
                &file,
                &vault_passphrase(),
                &target,
                &backup::vault_checks_only,
            )
            .unwrap();
            let r = Vault::unlock(&target, &passphrase()).unwrap();
            prop_assert_eq!(contents(&r), contents(&v));
            prop_assert_eq!(r.generation(), v.generation());
            prop_assert_eq!(r.generation(), manifest.generation);
            prop_assert_eq!(
                r.setting("auto_lock_seconds").unwrap(),
                v.setting("auto_lock_seconds").unwrap()
            );
            Ok(())
        })
        .unwrap();
}
