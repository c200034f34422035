//! Finding entries by key (`Vault::find`, the session's index): it always answers what a
//! filter over the whole kind would, through inserts, updates, deletes and rolled-back
//! transactions; its first use checks the whole kind; kinds without keys refuse lookups.

use proptest::prelude::*;
use tessera_test_support::{PASS, props};
use tessera_vault::{EntryId, EntryKind, ErrorCode, Passphrase, Vault, VaultError};

/// A note's keys are its words that start with `k:`.
fn note_keys(plain: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(plain)
        .split(' ')
        .filter(|w| w.starts_with("k:"))
        .map(str::to_owned)
        .collect()
}

const NOTE: EntryKind = EntryKind::indexed("note", note_keys);
const PLAIN: EntryKind = EntryKind::new("plain");

/// What a filter over the whole kind says the entries with `key` are.
fn by_scan(vault: &Vault, key: &str) -> Vec<(EntryId, Vec<u8>)> {
    vault
        .list_entries(NOTE)
        .unwrap()
        .into_iter()
        .filter(|(_, plain)| note_keys(plain).iter().any(|k| k == key))
        .map(|(id, plain)| (id, plain.to_vec()))
        .collect()
}

fn by_index(vault: &Vault, key: &str) -> Vec<(EntryId, Vec<u8>)> {
    vault
        .find(NOTE, key)
        .unwrap()
        .into_iter()
        .map(|(id, plain)| (id, plain.to_vec()))
        .collect()
}

#[test]
fn find_follows_every_write_and_every_rollback() {
    let (_tmp, mut vault) = tessera_test_support::vault();
    let a = vault.insert_entry(NOTE, b"first k:brand-a k:x").unwrap();
    // The index is built here, from the two entries...
    vault.insert_entry(NOTE, b"second k:brand-b").unwrap();
    assert_eq!(
        by_index(&vault, "k:brand-a"),
        [(a, b"first k:brand-a k:x".to_vec())]
    );
    // ...and kept current by the writes after it.
    let c = vault.insert_entry(NOTE, b"third k:brand-a").unwrap();
    assert_eq!(vault.find_ids(NOTE, "k:brand-a").unwrap(), [a, c]);
    vault.update_entry(a, b"first k:brand-b").unwrap();
    assert_eq!(vault.find_ids(NOTE, "k:brand-a").unwrap(), [c]);
    assert!(vault.find_ids(NOTE, "k:x").unwrap().is_empty());
    vault.delete_entry(c).unwrap();
    assert!(vault.find_ids(NOTE, "k:brand-a").unwrap().is_empty());
    // A transaction that fails leaves the index as the vault is, not as it was inside it.
    let failed: Result<(), VaultError> = vault.atomically(|v| {
        v.insert_entry(NOTE, b"lost k:brand-a")?;
        v.update_entry(a, b"changed k:brand-c")?;
        assert_eq!(v.find_ids(NOTE, "k:brand-a").unwrap().len(), 1);
        Err(VaultError::InvalidInput("give up".into()))
    });
    assert!(failed.is_err());
    assert!(vault.find_ids(NOTE, "k:brand-a").unwrap().is_empty());
    assert!(vault.find_ids(NOTE, "k:brand-c").unwrap().is_empty());
    assert_eq!(by_index(&vault, "k:brand-b"), by_scan(&vault, "k:brand-b"));
    let sorted: Vec<String> = vault
        .keys_with_prefix(NOTE, "k:brand-")
        .unwrap()
        .into_iter()
        .map(|(key, _)| key)
        .collect();
    assert_eq!(sorted, ["k:brand-b"]);
    assert_eq!(vault.count(NOTE), 2);
    assert_eq!(
        vault.entry_ids(NOTE).unwrap(),
        vault
            .list_entries(NOTE)
            .unwrap()
            .into_iter()
            .map(|(id, _)| id)
            .collect::<Vec<_>>()
    );
}

#[test]
fn the_first_lookup_of_a_session_checks_the_whole_kind() {
    let (tmp, mut vault) = tessera_test_support::vault();
    let dir = tessera_test_support::vault_dir(&tmp);
    let a = vault.insert_entry(NOTE, b"one k:a").unwrap();
    vault.insert_entry(NOTE, b"two k:b").unwrap();
    vault.lock();
    // Someone who can write the file deletes the entry a lookup of `k:b` would not even open.
    let conn = rusqlite::Connection::open(dir.join("vault.db")).unwrap();
    conn.execute("DELETE FROM entry WHERE id = ?1", [a.0])
        .unwrap();
    drop(conn);
    let vault = Vault::unlock(&dir, &Passphrase::from_str_copy(PASS)).unwrap();
    let err = vault.find(NOTE, "k:b").unwrap_err();
    assert_eq!(err.code(), ErrorCode::VaultTampered, "{err}");
}

#[test]
fn a_kind_without_keys_is_not_looked_up() {
    let (_tmp, mut vault) = tessera_test_support::vault();
    vault.insert_entry(PLAIN, b"k:a").unwrap();
    let err = vault.find(PLAIN, "k:a").unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("plain"), "{err}");
    // Nor are another kind's entries opened as this one's.
    let note = vault.insert_entry(NOTE, b"k:a").unwrap();
    let plain = vault.insert_entry(PLAIN, b"k:b").unwrap();
    assert_eq!(vault.open_entries(NOTE, &[note]).unwrap().len(), 1);
    assert_eq!(
        vault.open_entries(NOTE, &[plain]).unwrap_err().code(),
        ErrorCode::VaultTampered
    );
}

#[derive(Debug, Clone)]
enum Op {
    Insert(u8, u8),
    Update(usize, u8, u8),
    Delete(usize),
    /// Some writes in a transaction that then fails.
    Abandoned(u8),
    Find(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..4u8, 0..4u8).prop_map(|(a, b)| Op::Insert(a, b)),
        (any::<usize>(), 0..4u8, 0..4u8).prop_map(|(i, a, b)| Op::Update(i, a, b)),
        any::<usize>().prop_map(Op::Delete),
        (0..4u8).prop_map(Op::Abandoned),
        (0..4u8).prop_map(Op::Find),
    ]
}

proptest! {
    #![proptest_config(props::config(24))]

    /// Whatever the sequence of writes, a lookup gives exactly the entries a scan of the kind
    /// would.
    #[test]
    fn find_always_agrees_with_a_scan(ops in prop::collection::vec(op(), 1..24)) {
        let (_tmp, mut vault) = tessera_test_support::vault();
        let mut ids: Vec<EntryId> = Vec::new();
        let body = |a: u8, b: u8| format!("k:{a} k:{b} v").into_bytes();
        for op in ops {
            match op {
                Op::Insert(a, b) => ids.push(vault.insert_entry(NOTE, &body(a, b)).unwrap()),
                Op::Update(i, a, b) if !ids.is_empty() => {
                    vault.update_entry(ids[i % ids.len()], &body(a, b)).unwrap();
                }
                Op::Delete(i) if !ids.is_empty() => {
                    vault.delete_entry(ids.remove(i % ids.len())).unwrap();
                }
                Op::Abandoned(a) => {
                    let first = ids.first().copied();
                    let _ = vault.atomically(|v| -> Result<(), VaultError> {
                        v.insert_entry(NOTE, &body(a, a))?;
                        if let Some(id) = first {
                            v.update_entry(id, &body(a, 3 - a))?;
                        }
                        v.find_ids(NOTE, &format!("k:{a}"))?;
                        Err(VaultError::InvalidInput("undo".into()))
                    });
                }
                Op::Find(a) => {
                    let key = format!("k:{a}");
                    prop_assert_eq!(by_index(&vault, &key), by_scan(&vault, &key));
                }
                _ => {}
            }
        }
        for a in 0..4 {
            let key = format!("k:{a}");
            prop_assert_eq!(by_index(&vault, &key), by_scan(&vault, &key));
        }
        let all: Vec<EntryId> = vault.list_entries(NOTE).unwrap().into_iter().map(|(id, _)| id).collect();
        prop_assert_eq!(vault.entry_ids(NOTE).unwrap(), all);
    }
}
